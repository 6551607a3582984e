//! Photos of a seller's profile and of its products. An upload is taken by
//! its content (JPEG, PNG or WebP magic bytes, whatever its name says), its
//! dimensions are checked before its pixels are decoded (a small file may
//! claim a huge image), it is turned upright by its EXIF orientation,
//! resized for display and for thumbnails, and re-encoded as JPEG from the
//! pixels: nothing of the file but its pixels is kept, so no EXIF, GPS
//! position or camera data. Both sizes are kept in the database (one
//! backup holds everything) and served publicly, as catalogues are, at
//! URLs that carry their content's hash, so they can be cached forever.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use kernel::db::{Db, new_id, now_ms};
use kernel::{AppError, MemberId};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use utoipa::ToSchema;

use crate::sellers;

/// The largest file taken, in bytes.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// The largest side of an upload, in pixels, and its most pixels (a
/// 48-megapixel phone photo passes).
const MAX_SIDE: u32 = 12_000;
const MAX_PIXELS: u64 = 50_000_000;
/// The longest side of the displayed photo and of its thumbnail.
pub const DISPLAY_SIDE: u32 = 1600;
pub const THUMB_SIDE: u32 = 400;
/// Photos per product, and on a seller's profile.
pub const MAX_PER_OWNER: i64 = 8;
const QUALITY: u8 = 85;

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

/// An upload made ready to keep.
#[derive(Debug)]
pub struct Processed {
    pub image: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumb: Vec<u8>,
    pub thumb_width: u32,
    pub thumb_height: u32,
    pub hash: String,
}

fn refused(key: &'static str) -> AppError {
    AppError::field("file", key)
}

/// Decodes, orients, resizes and re-encodes an uploaded image.
pub fn process(bytes: &[u8]) -> Result<Processed, AppError> {
    if bytes.len() > MAX_BYTES {
        return Err(refused("error-photo-too-large"));
    }
    // By the magic bytes only; any other format is refused.
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(refused("error-photo-type")),
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => refused("error-photo-dimensions"),
        _ => refused("error-photo-unreadable"),
    })?;
    // The header's dimensions, before any pixel is decoded.
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err(refused("error-photo-unreadable"));
    }
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(refused("error-photo-dimensions"));
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => refused("error-photo-dimensions"),
        _ => refused("error-photo-unreadable"),
    })?;
    img.apply_orientation(orientation);
    let img = flatten(img);
    let display = fit(&img, DISPLAY_SIDE);
    let thumb = fit(&display, THUMB_SIDE);
    let image = jpeg(&display)?;
    let hash = hex::encode(&Sha256::digest(&image)[..8]);
    Ok(Processed {
        width: display.width(),
        height: display.height(),
        thumb: jpeg(&thumb)?,
        thumb_width: thumb.width(),
        thumb_height: thumb.height(),
        image,
        hash,
    })
}

/// JPEG has no transparency: what is transparent shows on white.
fn flatten(img: DynamicImage) -> DynamicImage {
    if !img.color().has_alpha() {
        return DynamicImage::ImageRgb8(img.into_rgb8());
    }
    let rgba = img.into_rgba8();
    let rgb = image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let on_white =
            |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([on_white(r), on_white(g), on_white(b)])
    });
    DynamicImage::ImageRgb8(rgb)
}

/// The image with its longest side at most `side`, never enlarged.
fn fit(img: &DynamicImage, side: u32) -> DynamicImage {
    if img.width() <= side && img.height() <= side {
        return img.clone();
    }
    img.resize(side, side, image::imageops::FilterType::Lanczos3)
}

fn jpeg(img: &DynamicImage) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY);
    img.write_with_encoder(encoder)
        .map_err(|e| AppError::Internal(format!("photo encoding: {e}")))?;
    Ok(out)
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
    let p = tokio::task::spawn_blocking(move || process(&bytes))
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
