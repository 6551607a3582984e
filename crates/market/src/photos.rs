//! Photos of a seller's profile and of its products. An upload is taken by
//! its content (JPEG, PNG or WebP magic bytes, whatever its name says), its
//! dimensions are checked before its pixels are decoded (a small file may
//! claim a huge image), it is turned upright by its EXIF orientation,
//! resized for display and for thumbnails, and re-encoded as JPEG from the
//! pixels: nothing of the file but its pixels is kept, so no EXIF, GPS
//! position or camera data. Both sizes are kept in the database (one
//! backup holds everything) and served publicly, as catalogues are, at
//! URLs that carry their content's hash, so they can be cached forever.

use kernel::db::{Db, new_id, now_ms};
use kernel::{AppError, MemberId};
use serde::Serialize;
use sqlx::Row;
use utoipa::ToSchema;

use crate::sellers;

/// Photos per product, and on a seller's profile.
pub const MAX_PER_OWNER: i64 = 8;
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Photo {
    pub id: String,
    /// The photo for display (JPEG, longest side at most 1600 px).
    pub url: String,
    pub width: i64,
    pub height: i64,
    /// Its thumbnail (JPEG, longest side at most 400 px).
    pub thumb_url: String,
    pub thumb_width: i64,
    pub thumb_height: i64,
}

/// What a photo belongs to.
pub enum Owner<'a> {
    Seller(&'a str),
    Product(&'a str),
}

fn refused(key: &'static str) -> AppError {
    AppError::field("file", key)
}

const COLUMNS: &str = "id, seller_id, product_id, hash, width, height, thumb_width, thumb_height";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Photo, sqlx::Error> {
    let id: String = r.try_get("id")?;
    let hash: String = r.try_get("hash")?;
    Ok(Photo {
        url: format!("/market/photos/{id}/{hash}.jpg"),
        thumb_url: format!("/market/photos/{id}/{hash}-thumb.jpg"),
        width: r.try_get("width")?,
        height: r.try_get("height")?,
        thumb_width: r.try_get("thumb_width")?,
        thumb_height: r.try_get("thumb_height")?,
        id,
    })
}

/// The photos of the products `filter` (on `market_products p`) selects,
/// by product id, in their order.
pub async fn of_products(
    db: &Db,
    filter: &str,
    arg: &str,
) -> Result<Vec<(String, Photo)>, AppError> {
    let sql = format!(
        "SELECT ph.id, ph.seller_id, ph.product_id, ph.hash, ph.width, ph.height, ph.thumb_width, \
         ph.thumb_height FROM market_photos ph JOIN market_products p ON p.id = ph.product_id \
         WHERE p.archived_at IS NULL AND p.{filter} ORDER BY ph.position, ph.id"
    );
    let rows = sqlx::query(&sql).bind(arg).fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("product_id")?, from_row(r)?)))
        .collect()
}

/// The photos of a seller's profile, in their order.
pub async fn of_seller(db: &Db, seller_id: &str) -> Result<Vec<Photo>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM market_photos WHERE seller_id = $1 AND product_id IS NULL \
         ORDER BY position, id"
    );
    let rows = sqlx::query(&sql)
        .bind(seller_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}

/// The seller a photo's owner belongs to, if `actor` administers it; to
/// anyone else the owner does not exist.
async fn administered_seller(
    db: &Db,
    actor: &MemberId,
    owner: &Owner<'_>,
) -> Result<String, AppError> {
    let seller_id = match owner {
        Owner::Seller(id) => sellers::get(db, id).await?.id,
        Owner::Product(id) => sqlx::query(
            "SELECT seller_id FROM market_products WHERE id = $1 AND archived_at IS NULL",
        )
        .bind(*id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?
        .try_get("seller_id")?,
    };
    sellers::require_admin(db, &seller_id, actor)
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok(seller_id)
}

/// An administrator of the seller adds a photo, after the others.
pub async fn add(
    db: &Db,
    actor: &MemberId,
    owner: Owner<'_>,
    bytes: &[u8],
) -> Result<Photo, AppError> {
    let seller_id = administered_seller(db, actor, &owner).await?;
    let bytes = bytes.to_vec();
    let p = tokio::task::spawn_blocking(move || web::uploads::process(&bytes))
        .await
        .map_err(|e| AppError::Internal(format!("photo processing: {e}")))??;
    let product_id = match owner {
        Owner::Seller(_) => None,
        Owner::Product(id) => Some(id.to_owned()),
    };
    let now = now_ms();
    let mut tx = db.begin().await?;
    // The owner's row lock makes concurrent uploads count one at a time.
    let locked = match &product_id {
        Some(id) => sqlx::query("UPDATE market_products SET updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id),
        None => sqlx::query("UPDATE market_sellers SET updated_at = $1 WHERE organisation_id = $2")
            .bind(now)
            .bind(&seller_id),
    };
    locked.execute(&mut *tx).await?;
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, COALESCE(MAX(position), 0) AS last FROM market_photos \
         WHERE seller_id = $1 AND (product_id = $2 OR (product_id IS NULL AND $3 = 0))",
    )
    .bind(&seller_id)
    .bind(product_id.as_deref().unwrap_or(""))
    .bind(i64::from(product_id.is_some()))
    .fetch_one(&mut *tx)
    .await?;
    let (count, last): (i64, i64) = (row.try_get("n")?, row.try_get("last")?);
    if count >= MAX_PER_OWNER {
        return Err(refused("error-photo-limit"));
    }
    let id = new_id();
    sqlx::query(
        "INSERT INTO market_photos (id, seller_id, product_id, position, hash, width, height, image, \
         thumb_width, thumb_height, thumb, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(&seller_id)
    .bind(&product_id)
    .bind(last + 1)
    .bind(&p.hash)
    .bind(i64::from(p.width))
    .bind(i64::from(p.height))
    .bind(p.image)
    .bind(i64::from(p.thumb_width))
    .bind(i64::from(p.thumb_height))
    .bind(p.thumb)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let sql = format!("SELECT {COLUMNS} FROM market_photos WHERE id = $1");
    let row = sqlx::query(&sql).bind(&id).fetch_one(db.pool()).await?;
    Ok(from_row(&row)?)
}

/// Where a photo belongs: its seller, and its product if any.
pub struct Place {
    pub seller_id: String,
    pub product_id: Option<String>,
}

impl Place {
    /// The page that shows the photo to its administrators.
    pub fn page(&self) -> String {
        match &self.product_id {
            Some(p) => format!("/market/products/{p}#photos"),
            None => format!("/market/sellers/{}#photos", self.seller_id),
        }
    }
}

async fn place(db: &Db, actor: &MemberId, id: &str) -> Result<Place, AppError> {
    let row = sqlx::query("SELECT seller_id, product_id FROM market_photos WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let place = Place {
        seller_id: row.try_get("seller_id")?,
        product_id: row.try_get("product_id")?,
    };
    sellers::require_admin(db, &place.seller_id, actor)
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok(place)
}

/// An administrator of the seller deletes a photo.
pub async fn delete(db: &Db, actor: &MemberId, id: &str) -> Result<Place, AppError> {
    let place = place(db, actor, id).await?;
    sqlx::query("DELETE FROM market_photos WHERE id = $1")
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(place)
}

/// An administrator of the seller makes a photo the first, the main one.
pub async fn make_main(db: &Db, actor: &MemberId, id: &str) -> Result<Place, AppError> {
    let place = place(db, actor, id).await?;
    sqlx::query(
        "UPDATE market_photos SET position = (SELECT MIN(o.position) - 1 FROM market_photos o \
         WHERE o.seller_id = $1 AND (o.product_id = $2 OR (o.product_id IS NULL AND $3 = 0))) \
         WHERE id = $4",
    )
    .bind(&place.seller_id)
    .bind(place.product_id.as_deref().unwrap_or(""))
    .bind(i64::from(place.product_id.is_some()))
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(place)
}

/// A photo's JPEG bytes, the display size or the thumbnail, if `hash` is
/// its content's.
pub async fn file(db: &Db, id: &str, hash: &str, thumb: bool) -> Result<Vec<u8>, AppError> {
    let column = if thumb { "thumb" } else { "image" };
    let sql = format!("SELECT {column} AS bytes FROM market_photos WHERE id = $1 AND hash = $2");
    let row = sqlx::query(&sql)
        .bind(id)
        .bind(hash)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(row.try_get("bytes")?)
}
