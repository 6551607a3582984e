//! Sellers: kernel organisations (a farm, a SCOP, an independent) with a
//! seller profile: the legal identity an invoice needs, the VAT number or
//! the VAT franchise, and the charter's criteria the seller claims to meet.

use kernel::db::{Db, now_ms};
use kernel::organisations::{self, OrgRole};
use kernel::validate::schema::{self, Rule};
use kernel::{AppError, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};
use utoipa::ToSchema;

/// The charter's criteria a seller may claim (the charter itself says what
/// each means).
pub const CLAIMS: &[&str] = &["pay_equity", "durability", "environment", "usefulness"];

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Seller {
    /// The organisation's id.
    pub id: String,
    /// The organisation's name, as members know it.
    pub name: String,
    pub legal_name: String,
    pub siret: Option<String>,
    /// None: under the VAT franchise (art. 293 B of the CGI).
    pub vat_number: Option<String>,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub description: String,
    /// The charter's criteria it claims to meet.
    pub claims: Vec<String>,
    /// Its profile's photos, the main one first.
    pub photos: Vec<crate::photos::Photo>,
}

impl Seller {
    /// Under the VAT franchise: sells at 0 % and its invoices say why.
    pub fn vat_franchise(&self) -> bool {
        self.vat_number.is_none()
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SellerInput {
    #[schema(schema_with = schema::line::<2, 120>)]
    pub legal_name: String,
    /// Empty or absent: under the VAT franchise.
    #[serde(default)]
    #[schema(schema_with = seller_vat_number)]
    pub vat_number: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schema::text::<5000>)]
    pub description: String,
    #[serde(default)]
    #[schema(schema_with = seller_claims)]
    pub claims: Vec<String>,
}

kernel::described! {
    /// An intra-EU VAT number (FR and 11 characters for France, its key
    /// checked against the SIREN); empty or absent under the franchise.
    fn seller_vat_number = schema::no_nul_len::<0, 20>().or_null();
}

fn seller_claims() -> utoipa::openapi::schema::Schema {
    schema::array_of(schema::codes(CLAIMS), CLAIMS.len())
}

/// A VAT number without its spaces, in capitals, if it is one: two letters
/// then 2 to 13 letters or digits; for France the key of the SIREN.
pub fn vat_number(raw: &str) -> Result<Option<String>, &'static str> {
    let number: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .collect::<String>()
        .to_uppercase();
    if number.is_empty() {
        return Ok(None);
    }
    if !number.is_ascii() {
        return Err("error-vat-number");
    }
    let (country, rest) = number.split_at(number.len().min(2));
    let valid = country.chars().all(|c| c.is_ascii_uppercase())
        && (2..=13).contains(&rest.len())
        && rest.chars().all(|c| c.is_ascii_alphanumeric());
    if !valid {
        return Err("error-vat-number");
    }
    if country == "FR" {
        let (key, siren) = rest.split_at(2.min(rest.len()));
        let siren: u64 = siren.parse().map_err(|_| "error-vat-number")?;
        let expected = (12 + 3 * (siren % 97)) % 97;
        if rest.len() != 11 || key.parse::<u64>().ok() != Some(expected) {
            return Err("error-vat-number");
        }
    }
    Ok(Some(number))
}

const COLUMNS: &str = "o.id, o.name, s.legal_name, o.siret, s.vat_number, o.address, o.latitude, \
     o.longitude, s.description";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Seller, sqlx::Error> {
    Ok(Seller {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        legal_name: r.try_get("legal_name")?,
        siret: r.try_get("siret")?,
        vat_number: r.try_get("vat_number")?,
        address: r.try_get("address")?,
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
        description: r.try_get("description")?,
        claims: Vec::new(),
        photos: Vec::new(),
    })
}

async fn with_claims(db: &Db, mut sellers: Vec<Seller>) -> Result<Vec<Seller>, AppError> {
    let rows = sqlx::query(
        "SELECT organisation_id, criterion FROM market_seller_claims ORDER BY criterion",
    )
    .fetch_all(db.pool())
    .await?;
    for r in rows {
        let id: String = r.try_get("organisation_id")?;
        if let Some(s) = sellers.iter_mut().find(|s| s.id == id) {
            s.claims.push(r.try_get("criterion")?);
        }
    }
    Ok(sellers)
}

pub async fn get(db: &Db, id: &str) -> Result<Seller, AppError> {
    let mut seller = get_in(&mut *db.pool().acquire().await?, id).await?;
    seller.photos = crate::photos::of_seller(db, id).await?;
    Ok(with_claims(db, vec![seller]).await?.remove(0))
}

/// A seller's profile, without its claims, read in `conn` (a transaction
/// that copies it into an invoice).
pub async fn get_in(conn: &mut AnyConnection, id: &str) -> Result<Seller, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM market_sellers s JOIN organisations o ON o.id = s.organisation_id \
         WHERE s.organisation_id = $1"
    );
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(from_row(&row)?)
}

pub async fn list(db: &Db) -> Result<Vec<Seller>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM market_sellers s JOIN organisations o ON o.id = s.organisation_id \
         ORDER BY o.name"
    );
    let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
    let sellers = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    with_claims(db, sellers).await
}

/// Only an organisation's administrators speak for it as a seller.
pub async fn require_admin(db: &Db, id: &str, member: &MemberId) -> Result<(), AppError> {
    organisations::get(db, id).await?;
    match organisations::role_of(db, id, member).await? {
        Some(OrgRole::Admin) => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// An administrator of the organisation makes it a seller, or changes its
/// profile.
pub async fn set_profile(
    db: &Db,
    actor: &MemberId,
    id: &str,
    input: &SellerInput,
) -> Result<Seller, AppError> {
    require_admin(db, id, actor).await?;
    let legal_name = kernel::validate::line(&input.legal_name, 2, 120)
        .map_err(|k| AppError::field("legal_name", k))?;
    let vat_number = vat_number(input.vat_number.as_deref().unwrap_or(""))
        .map_err(|k| AppError::field("vat_number", k))?;
    let description = kernel::validate::text(&input.description, 5000)
        .map_err(|k| AppError::field("description", k))?;
    if input.claims.iter().any(|c| !CLAIMS.contains(&c.as_str())) {
        return Err(AppError::field("claims", "error-seller-claim"));
    }
    let now = now_ms();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO market_sellers (organisation_id, legal_name, vat_number, description, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (organisation_id) DO UPDATE SET \
         legal_name = excluded.legal_name, vat_number = excluded.vat_number, \
         description = excluded.description, updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(&legal_name)
    .bind(&vat_number)
    .bind(&description)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM market_seller_claims WHERE organisation_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for claim in CLAIMS
        .iter()
        .filter(|c| input.claims.iter().any(|i| i == *c))
    {
        sqlx::query(
            "INSERT INTO market_seller_claims (organisation_id, criterion) VALUES ($1, $2)",
        )
        .bind(id)
        .bind(claim)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    get(db, id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_french_vat_number_carries_its_sirens_key() {
        // SIREN 404 833 048: key (12 + 3 × (404833048 mod 97)) mod 97 = 83.
        assert_eq!(
            vat_number("FR 83 404 833 048"),
            Ok(Some("FR83404833048".into()))
        );
        assert_eq!(vat_number("FR84404833048"), Err("error-vat-number"));
        assert_eq!(vat_number("FR8340483304"), Err("error-vat-number"));
        assert_eq!(vat_number("DE123456789"), Ok(Some("DE123456789".into())));
        assert_eq!(vat_number("  "), Ok(None));
        assert_eq!(vat_number("12345"), Err("error-vat-number"));
        assert_eq!(vat_number("Aé123"), Err("error-vat-number"));
        assert_eq!(vat_number("€12"), Err("error-vat-number"));
    }
}
