//! Files members upload through the pages: an image is taken by its
//! content (JPEG, PNG or WebP magic bytes, whatever its name says), its
//! dimensions are checked before its pixels are decoded (a small file may
//! claim a huge image), it is turned upright by its EXIF orientation,
//! resized for display and for thumbnails, and re-encoded as JPEG from the
//! pixels: nothing of the file but its pixels is kept, so no EXIF, GPS
//! position or camera data. Products' photos and expenses' receipts go
//! through it.

use std::io::Cursor;

use axum::extract::Multipart;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use kernel::AppError;
use sha2::{Digest, Sha256};

use crate::who::Who;

/// The largest file taken, in bytes.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// The largest side of an upload, in pixels, and its most pixels (a
/// 48-megapixel phone photo passes).
const MAX_SIDE: u32 = 12_000;
const MAX_PIXELS: u64 = 50_000_000;
/// The longest side of the displayed photo and of its thumbnail.
pub const DISPLAY_SIDE: u32 = 1600;
pub const THUMB_SIDE: u32 = 400;
const QUALITY: u8 = 85;

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

/// An upload form's body: the file, its CSRF token, multipart's framing.
pub fn body_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(MAX_BYTES + 1024 * 1024)
}

/// The fields of an upload form (multipart, with the CSRF token checked):
/// its text fields, kept to show again if the form is refused, and its
/// file (none when no file or an empty one was sent).
pub struct Upload {
    pub fields: Vec<(String, String)>,
    pub file: Option<axum::body::Bytes>,
}

pub async fn read(who: &Who, form: &mut Multipart) -> Result<Upload, AppError> {
    let malformed = |_| AppError::BadRequest("form-malformed");
    let (mut csrf, mut file, mut fields) = (None, None, Vec::new());
    while let Some(field) = form.next_field().await.map_err(malformed)? {
        match field.name().map(str::to_owned).as_deref() {
            Some("csrf") => csrf = Some(field.text().await.map_err(malformed)?),
            Some("file") => file = Some(field.bytes().await.map_err(|_| AppError::BodyTooLarge)?),
            Some(name) => {
                let name = name.to_owned();
                fields.push((name, field.text().await.map_err(malformed)?));
            }
            None => {}
        }
    }
    who.ctx.check_csrf(csrf.as_deref())?;
    // PostgreSQL cannot store or compare text holding NUL.
    if fields.iter().any(|(_, v)| v.contains('\0')) {
        return Err(AppError::BadRequest("nul-character"));
    }
    // A refused form shows again what was typed, as urlencoded forms do.
    let _ = who.ctx.submitted.set(fields.clone());
    Ok(Upload {
        fields,
        file: file.filter(|f| !f.is_empty()),
    })
}
