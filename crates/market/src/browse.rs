//! Finding what to buy: the products offered in the cycles open now, by
//! name, category, organic label, essential product or the charter
//! criterion their producer claims, nearest first from a position.

use kernel::AppError;
use kernel::db::{Db, now_ms};
use kernel::validate::schema;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::{IntoParams, ToSchema};

/// The most products a search answers with.
pub const MAX_FOUND: usize = 200;

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct Filter {
    /// Words of the product's name.
    #[serde(default)]
    #[param(value_type = Option<schema::NoNul>, inline)]
    pub q: Option<String>,
    /// A category's code.
    #[serde(default)]
    #[param(value_type = Option<schema::NoNul>, inline)]
    pub category: Option<String>,
    /// Organic products only.
    #[serde(default)]
    pub organic: Option<bool>,
    /// Essential products only.
    #[serde(default)]
    pub essential: Option<bool>,
    /// A charter criterion the producer claims.
    #[serde(default)]
    #[param(value_type = Option<schema::NoNul>, inline)]
    pub claim: Option<String>,
    /// From where distances are counted (degrees), with `lon`.
    #[serde(default)]
    #[param(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
    #[serde(default)]
    #[param(minimum = -180, maximum = 180)]
    pub lon: Option<f64>,
    /// Only shops within this many kilometres of the position.
    #[serde(default)]
    #[param(minimum = 0, maximum = 20000)]
    pub km: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Found {
    pub product_id: String,
    pub name: String,
    pub category: String,
    pub organic_label: Option<String>,
    pub essential: bool,
    pub seller_name: String,
    pub cycle_id: String,
    pub cycle_name: String,
    pub shop_name: String,
    pub closes_at: i64,
    /// Its cheapest variant's price, in cents.
    pub from_price: i64,
    /// From the position asked, to the shop, in kilometres.
    pub distance_km: Option<f64>,
    /// From the position asked, to the producer, in kilometres (where the
    /// producer gave its position).
    pub producer_km: Option<f64>,
}

/// The great-circle distance between two points, in kilometres.
pub fn distance_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().atan2((1.0 - a).sqrt())
}

pub async fn browse(db: &Db, filter: &Filter) -> Result<Vec<Found>, AppError> {
    let position = match (filter.lat, filter.lon) {
        (Some(lat), Some(lon)) => Some((
            kernel::validate::latitude(lat).map_err(|k| AppError::field("lat", k))?,
            kernel::validate::longitude(lon).map_err(|k| AppError::field("lon", k))?,
        )),
        (None, None) => None,
        _ => return Err(AppError::field("lon", "error-position")),
    };
    if filter.km.is_some_and(|km| !(0.0..=20_000.0).contains(&km)) {
        return Err(AppError::field("km", "error-distance"));
    }
    let words = filter
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(|q| format!("%{}%", q.to_lowercase().replace(['%', '_'], "")));
    let rows = sqlx::query(
        "SELECT p.id AS product_id, p.name, p.category, p.organic_label, p.essential, o.name AS seller_name, \
         c.id AS cycle_id, c.name AS cycle_name, c.closes_at, s.name AS shop_name, \
         COALESCE(s.latitude, so.latitude) AS latitude, COALESCE(s.longitude, so.longitude) AS longitude, \
         o.latitude AS producer_latitude, o.longitude AS producer_longitude, MIN(v.price) AS from_price \
         FROM market_cycle_variants cv \
         JOIN market_cycles c ON c.id = cv.cycle_id \
         JOIN market_shops s ON s.id = c.shop_id \
         LEFT JOIN organisations so ON so.id = s.organisation_id \
         JOIN market_variants v ON v.id = cv.variant_id \
         JOIN market_products p ON p.id = v.product_id \
         JOIN organisations o ON o.id = p.seller_id \
         JOIN market_cycle_sellers cs ON cs.cycle_id = c.id AND cs.seller_id = p.seller_id AND cs.accepted_at IS NOT NULL \
         WHERE c.closed_at IS NULL AND c.opens_at <= $1 AND c.closes_at > $1 \
         AND v.archived_at IS NULL AND p.archived_at IS NULL \
         AND ($2 = '' OR LOWER(p.name) LIKE $2) \
         AND ($3 = '' OR p.category = $3) \
         AND ($4 = 0 OR p.organic_label IS NOT NULL) \
         AND ($5 = 0 OR p.essential = 1) \
         AND ($6 = '' OR EXISTS (SELECT 1 FROM market_seller_claims sc WHERE sc.organisation_id = p.seller_id AND sc.criterion = $6)) \
         GROUP BY p.id, p.name, p.category, p.organic_label, p.essential, o.name, c.id, c.name, c.closes_at, s.name, \
         s.latitude, s.longitude, so.latitude, so.longitude, o.latitude, o.longitude \
         ORDER BY p.name, c.closes_at",
    )
    .bind(now_ms())
    .bind(words.unwrap_or_default())
    .bind(filter.category.clone().unwrap_or_default())
    .bind(i64::from(filter.organic.unwrap_or(false)))
    .bind(i64::from(filter.essential.unwrap_or(false)))
    .bind(filter.claim.clone().unwrap_or_default())
    .fetch_all(db.pool())
    .await?;
    let mut found = Vec::new();
    let from = |r: &sqlx::any::AnyRow, lat: &str, lon: &str| -> Result<Option<f64>, sqlx::Error> {
        let place = match (
            r.try_get::<Option<f64>, _>(lat)?,
            r.try_get::<Option<f64>, _>(lon)?,
        ) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            _ => None,
        };
        Ok(position.zip(place).map(|(a, b)| distance_km(a, b)))
    };
    for r in &rows {
        let distance = from(r, "latitude", "longitude")?;
        let too_far = filter.km.is_some_and(|km| distance.is_none_or(|d| d > km));
        if position.is_some() && too_far {
            continue;
        }
        found.push(Found {
            product_id: r.try_get("product_id")?,
            name: r.try_get("name")?,
            category: r.try_get("category")?,
            organic_label: r.try_get("organic_label")?,
            essential: r.try_get::<i64, _>("essential")? != 0,
            seller_name: r.try_get("seller_name")?,
            cycle_id: r.try_get("cycle_id")?,
            cycle_name: r.try_get("cycle_name")?,
            shop_name: r.try_get("shop_name")?,
            closes_at: r.try_get("closes_at")?,
            from_price: r.try_get("from_price")?,
            distance_km: distance,
            producer_km: from(r, "producer_latitude", "producer_longitude")?,
        });
    }
    if position.is_some() {
        found.sort_by(|a, b| {
            a.distance_km
                .unwrap_or(f64::MAX)
                .total_cmp(&b.distance_km.unwrap_or(f64::MAX))
                .then(a.name.cmp(&b.name))
        });
    }
    found.truncate(MAX_FOUND);
    Ok(found)
}

/// Places a member may count distances from: the organisations and shops
/// that say where they are, by name.
pub async fn places(db: &Db) -> Result<Vec<(String, f64, f64)>, AppError> {
    let rows = sqlx::query(
        "SELECT name, latitude, longitude FROM organisations WHERE latitude IS NOT NULL AND longitude IS NOT NULL \
         UNION SELECT name, latitude, longitude FROM market_shops WHERE latitude IS NOT NULL AND longitude IS NOT NULL \
         ORDER BY name",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get("name")?,
                r.try_get("latitude")?,
                r.try_get("longitude")?,
            ))
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_great_circles() {
        // Lyon to Paris, about 392 km as the crow flies.
        let d = distance_km((45.764, 4.8357), (48.8566, 2.3522));
        assert!((390.0..395.0).contains(&d), "{d}");
        assert!(distance_km((45.0, 4.0), (45.0, 4.0)) < 1e-9);
    }
}
