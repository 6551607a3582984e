//! Photos of sellers and products, on SQLite and PostgreSQL: a phone's JPEG
//! comes out upright, resized and without its EXIF (GPS included); PNG and
//! WebP are taken, anything else is refused by its content, as are files
//! too heavy or too large in pixels; only the seller's administrators add
//! or delete them (to others they do not exist); they are served to
//! anyone, cached for good, and shown with their product's name.

mod common;

use common::*;
use image::{DynamicImage, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
use serde_json::{Value, json};
use testkit::{Api, TestApp, on_both_databases};

on_both_databases!(
    a_phone_photo_is_turned_upright_resized_and_stripped,
    png_and_webp_are_taken_and_other_files_refused,
    only_the_sellers_admins_add_and_delete_photos,
    photos_are_served_cached_and_shown_with_their_name,
);

const RED: [u8; 3] = [220, 20, 20];
const BLUE: [u8; 3] = [20, 20, 220];

/// An image whose left half is red and right half blue.
fn halves(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, _| {
        Rgb(if x < width / 2 { RED } else { BLUE })
    })
}

fn jpeg(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(img)
        .unwrap();
    out
}

fn png(img: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// An EXIF APP1 segment as a phone writes one, in big-endian TIFF: IFD0
/// with Orientation = 6 (turn 90° clockwise to show) and a pointer to a
/// GPS IFD holding the version, latitude reference N and latitude
/// 45° 45' 0".
fn exif_app1() -> Vec<u8> {
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    let entry = |tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        let mut e = Vec::new();
        e.extend(tag.to_be_bytes());
        e.extend(kind.to_be_bytes());
        e.extend(count.to_be_bytes());
        e.extend(value);
        e
    };
    // IFD0 at 8: two entries, then no next IFD; the GPS IFD at 38.
    tiff.extend(2u16.to_be_bytes());
    tiff.extend(entry(0x0112, 3, 1, [0, 6, 0, 0]));
    tiff.extend(entry(0x8825, 4, 1, 38u32.to_be_bytes()));
    tiff.extend(0u32.to_be_bytes());
    assert_eq!(tiff.len(), 38);
    // The GPS IFD: three entries; the latitude's rationals at 80.
    tiff.extend(3u16.to_be_bytes());
    tiff.extend(entry(0x0000, 1, 4, [2, 3, 0, 0]));
    tiff.extend(entry(0x0001, 2, 2, *b"N\0\0\0"));
    tiff.extend(entry(0x0002, 5, 3, 80u32.to_be_bytes()));
    tiff.extend(0u32.to_be_bytes());
    assert_eq!(tiff.len(), 80);
    for (n, d) in [(45u32, 1u32), (45, 1), (0, 1)] {
        tiff.extend(n.to_be_bytes());
        tiff.extend(d.to_be_bytes());
    }
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(tiff);
    app1
}

/// A JPEG with the EXIF segment right after its start marker.
fn with_exif(jpeg: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend(exif_app1());
    out.extend(&jpeg[2..]);
    out
}

/// A PNG's chunk: length, type, data and CRC-32.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in kind.iter().chain(data) {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend(kind);
    out.extend(data);
    out.extend((!crc).to_be_bytes());
    out
}

/// A decompression bomb's header: a PNG of a few dozen bytes that claims
/// 20,000 × 20,000 pixels (1.2 GB once decoded).
fn png_bomb() -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend(20_000u32.to_be_bytes());
    ihdr.extend(20_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00]));
    out.extend(chunk(b"IEND", &[]));
    out
}

/// The markers of a JPEG's segments before its image data.
fn markers(jpeg: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "a JPEG");
    let (mut at, mut found) = (2, Vec::new());
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        found.push(marker);
        if marker == 0xDA {
            break;
        }
        at += 2 + u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]) as usize;
    }
    found
}

fn near(pixel: &[u8], colour: [u8; 3]) -> bool {
    pixel
        .iter()
        .zip(colour)
        .all(|(p, c)| (i16::from(*p) - i16::from(c)).abs() < 40)
}

async fn upload_api(api: &Api, path: &str, body: Vec<u8>, content_type: &str) -> (u16, Value) {
    let response = api
        .request(reqwest::Method::POST, path)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The seller page's or the product page's upload form.
async fn upload_form(
    app: &TestApp,
    browser: &testkit::Browser,
    path: &str,
    body: Vec<u8>,
    name: &str,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("csrf", browser.csrf())
        .part(
            "file",
            reqwest::multipart::Part::bytes(body).file_name(name.to_owned()),
        );
    browser
        .client
        .post(app.url(path))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn fetch(app: &TestApp, url: &str) -> reqwest::Response {
    reqwest::get(app.url(url)).await.unwrap()
}

async fn a_phone_photo_is_turned_upright_resized_and_stripped(app: &TestApp) {
    let alice = app.people(&["Alice"]).await.remove(0);
    let farm = seller(&alice.api, "Ferme des Lilas", SIRETS[0], None).await;
    let p = product(&alice.api, &farm, tomatoes(10)).await;
    let id = p["id"].as_str().unwrap();
    // Taken sideways: stored 2000 × 1000, to be shown turned clockwise.
    let sent = with_exif(&jpeg(&halves(2000, 1000)));
    assert!(markers(&sent).contains(&0xE1), "the upload carries EXIF");
    let response = upload_form(
        app,
        &alice.browser,
        &format!("/market/products/{id}/photos"),
        sent,
        "IMG_0001.JPG",
    )
    .await;
    assert_eq!(response.status(), 303);
    let (_, p) = alice
        .api
        .get(&format!("/api/v1/market/products/{id}"))
        .await;
    let photo = &p["photos"][0];
    // Upright (width and height swapped), the longest side down to 1600.
    assert_eq!(
        (photo["width"].as_i64(), photo["height"].as_i64()),
        (Some(800), Some(1600))
    );
    assert_eq!(
        (
            photo["thumb_width"].as_i64(),
            photo["thumb_height"].as_i64()
        ),
        (Some(200), Some(400))
    );
    for (url, size) in [
        (&photo["url"], (800, 1600)),
        (&photo["thumb_url"], (200, 400)),
    ] {
        let bytes = fetch(app, url.as_str().unwrap())
            .await
            .bytes()
            .await
            .unwrap();
        let found = markers(&bytes);
        assert!(!found.contains(&0xE1), "no APP1 segment: {found:x?}");
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "no EXIF anywhere in the file"
        );
        let img = image::load_from_memory(&bytes).unwrap().into_rgb8();
        assert_eq!(img.dimensions(), size);
        // The photo's left half, turned clockwise, is its top.
        let (w, h) = size;
        assert!(near(&img.get_pixel(w / 2, h / 8).0, RED), "the top is red");
        assert!(
            near(&img.get_pixel(w / 2, h * 7 / 8).0, BLUE),
            "the bottom is blue"
        );
    }
    // A small photo is not enlarged.
    let (status, small) = upload_api(
        &alice.api,
        &format!("/api/v1/market/products/{id}/photos"),
        jpeg(&halves(300, 200)),
        "image/jpeg",
    )
    .await;
    assert_eq!(status, 201, "{small}");
    assert_eq!(
        (small["width"].as_i64(), small["height"].as_i64()),
        (Some(300), Some(200))
    );
}

async fn png_and_webp_are_taken_and_other_files_refused(app: &TestApp) {
    let alice = app.people(&["Alice"]).await.remove(0);
    let farm = seller(&alice.api, "Ferme des Lilas", SIRETS[0], None).await;
    let p = product(&alice.api, &farm, tomatoes(10)).await;
    let id = p["id"].as_str().unwrap();
    let path = format!("/api/v1/market/products/{id}/photos");
    // A PNG with transparency: what is transparent comes out white.
    let clear = RgbaImage::from_fn(300, 200, |x, _| {
        Rgba(if x < 150 {
            [0, 0, 0, 0]
        } else {
            [20, 20, 220, 255]
        })
    });
    // Sent with a misleading type: the content decides.
    let (status, from_png) = upload_api(
        &alice.api,
        &path,
        png(&DynamicImage::ImageRgba8(clear)),
        "application/octet-stream",
    )
    .await;
    assert_eq!(status, 201, "{from_png}");
    let bytes = fetch(app, from_png["url"].as_str().unwrap())
        .await
        .bytes()
        .await
        .unwrap();
    let img = image::load_from_memory(&bytes).unwrap().into_rgb8();
    assert_eq!(img.dimensions(), (300, 200));
    assert!(near(&img.get_pixel(20, 100).0, [255, 255, 255]), "on white");
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .write_image(
            halves(240, 120).as_raw(),
            240,
            120,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    let (status, from_webp) = upload_api(&alice.api, &path, webp, "image/webp").await;
    assert_eq!(status, 201, "{from_webp}");
    assert_eq!(from_webp["width"], 240);
    // A text file named like a photo, through the form, in the page's words.
    let response = upload_form(
        app,
        &alice.browser,
        &format!("/market/products/{id}/photos"),
        b"Just a note, not a photo.\n".to_vec(),
        "photo.jpg",
    )
    .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("This file is not a JPEG, PNG or WebP image."),
        "{page}"
    );
    // The same through the API, sent as a JPEG.
    let (status, problem) = upload_api(
        &alice.api,
        &path,
        b"GIF89a not even this".to_vec(),
        "image/jpeg",
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "file", "{problem}");
    assert_eq!(
        problem["errors"][0]["code"], "error-photo-type",
        "{problem}"
    );
    // Over 10 MB: the form says so; the API refuses the body.
    let mut heavy = jpeg(&halves(16, 16));
    heavy.resize(10 * 1024 * 1024 + 1, 0);
    let response = upload_form(
        app,
        &alice.browser,
        &format!("/market/products/{id}/photos"),
        heavy.clone(),
        "big.jpg",
    )
    .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("This file is over 10 MB"), "{page}");
    let (status, _) = upload_api(&alice.api, &path, heavy, "image/jpeg").await;
    assert_eq!(status, 413);
    // Too many pixels on a side, found in the header before decoding.
    let wide = png(&DynamicImage::ImageLuma8(image::GrayImage::new(13_000, 4)));
    let (status, problem) = upload_api(&alice.api, &path, wide, "image/png").await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        problem["errors"][0]["code"], "error-photo-dimensions",
        "{problem}"
    );
    let page = upload_form(
        app,
        &alice.browser,
        &format!("/market/sellers/{farm}/photos"),
        png(&DynamicImage::ImageLuma8(image::GrayImage::new(4, 13_000))),
        "tall.png",
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(page.contains("This image is too large"), "{page}");
    // A bomb is refused from its header, before anything is decoded.
    let bomb = png_bomb();
    assert!(bomb.len() < 100);
    let (status, problem) = upload_api(&alice.api, &path, bomb, "image/png").await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        problem["errors"][0]["code"], "error-photo-dimensions",
        "{problem}"
    );
    // A JPEG cut short is not decoded into half a photo.
    let cut = jpeg(&halves(200, 100))[..300].to_vec();
    let (status, problem) = upload_api(&alice.api, &path, cut, "image/jpeg").await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        problem["errors"][0]["code"], "error-photo-unreadable",
        "{problem}"
    );
    // Nothing refused was kept.
    let (_, p) = alice
        .api
        .get(&format!("/api/v1/market/products/{id}"))
        .await;
    assert_eq!(p["photos"].as_array().unwrap().len(), 2, "{p}");
    let (_, s) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{farm}"))
        .await;
    assert_eq!(s["photos"], json!([]));
}

async fn only_the_sellers_admins_add_and_delete_photos(app: &TestApp) {
    let people = app.people(&["Alice", "Bruno"]).await;
    let (alice, bruno) = (&people[0], &people[1]);
    let farm = seller(&alice.api, "Ferme des Lilas", SIRETS[0], None).await;
    let hens = seller(&bruno.api, "Poulailler", SIRETS[1], None).await;
    let p = product(&alice.api, &farm, tomatoes(10)).await;
    let id = p["id"].as_str().unwrap();
    let small = || png(&DynamicImage::ImageRgb8(halves(40, 30)));
    let (status, photo) = upload_api(
        &alice.api,
        &format!("/api/v1/market/sellers/{farm}/photos"),
        small(),
        "image/png",
    )
    .await;
    assert_eq!(status, 201, "{photo}");
    let photo_id = photo["id"].as_str().unwrap();
    // Bruno administers another seller: Alice's farm and its photos are
    // nothing he can reach.
    for path in [
        format!("/api/v1/market/sellers/{farm}/photos"),
        format!("/api/v1/market/products/{id}/photos"),
    ] {
        let (status, _) = upload_api(&bruno.api, &path, small(), "image/png").await;
        assert_eq!(status, 404, "{path}");
    }
    let response = upload_form(
        app,
        &bruno.browser,
        &format!("/market/products/{id}/photos"),
        small(),
        "a.png",
    )
    .await;
    assert_eq!(response.status(), 404);
    let (status, _) = bruno
        .api
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/market/photos/{photo_id}"),
            None,
        )
        .await;
    assert_eq!(status, 404);
    let response = bruno
        .browser
        .post_form(&format!("/market/photos/{photo_id}/delete"), &[])
        .await;
    assert_eq!(response.status(), 404);
    // His own seller's profile takes his photos.
    let (status, _) = upload_api(
        &bruno.api,
        &format!("/api/v1/market/sellers/{hens}/photos"),
        small(),
        "image/png",
    )
    .await;
    assert_eq!(status, 201);
    let (_, s) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{farm}"))
        .await;
    assert_eq!(s["photos"].as_array().unwrap().len(), 1, "{s}");
    // Eight photos a product at most.
    for n in 0..8 {
        let response = upload_form(
            app,
            &alice.browser,
            &format!("/market/products/{id}/photos"),
            small(),
            "p.png",
        )
        .await;
        assert_eq!(response.status(), 303, "photo {n}");
    }
    let response = upload_form(
        app,
        &alice.browser,
        &format!("/market/products/{id}/photos"),
        small(),
        "p.png",
    )
    .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("There are already 8 photos"), "{page}");
    // The last becomes the main one, then is deleted by Alice.
    let (_, p) = alice
        .api
        .get(&format!("/api/v1/market/products/{id}"))
        .await;
    let last = p["photos"][7]["id"].as_str().unwrap().to_owned();
    let response = alice
        .browser
        .post_form(&format!("/market/photos/{last}/main"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let (_, p) = alice
        .api
        .get(&format!("/api/v1/market/products/{id}"))
        .await;
    assert_eq!(p["photos"][0]["id"], last.as_str(), "{p}");
    let url = p["photos"][0]["url"].as_str().unwrap().to_owned();
    let response = alice
        .browser
        .post_form(&format!("/market/photos/{last}/delete"), &[])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(fetch(app, &url).await.status(), 404);
    let (status, _) = alice
        .api
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/market/photos/{photo_id}"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let (_, s) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{farm}"))
        .await;
    assert_eq!(s["photos"], json!([]));
    let (_, p) = alice
        .api
        .get(&format!("/api/v1/market/products/{id}"))
        .await;
    assert_eq!(p["photos"].as_array().unwrap().len(), 7);
}

async fn photos_are_served_cached_and_shown_with_their_name(app: &TestApp) {
    let hub = app
        .collective("AMAP des Lilas", "amap")
        .people(&["Chloé", "Alice"])
        .build()
        .await;
    let (chloe, alice) = (&hub.people[0], &hub.people[1]);
    let farm = seller(&alice.api, "Ferme des Lilas", SIRETS[0], None).await;
    let p = product(&alice.api, &farm, tomatoes(10)).await;
    let id = p["id"].as_str().unwrap();
    let variant = p["variants"][0]["id"].as_str().unwrap();
    let (status, photo) = upload_api(
        &alice.api,
        &format!("/api/v1/market/products/{id}/photos"),
        jpeg(&halves(600, 400)),
        "image/jpeg",
    )
    .await;
    assert_eq!(status, 201, "{photo}");
    let response = upload_form(
        app,
        &alice.browser,
        &format!("/market/sellers/{farm}/photos"),
        jpeg(&halves(500, 500)),
        "farm.jpg",
    )
    .await;
    assert_eq!(response.status(), 303);
    // Served to anyone, as the catalogue is, and cached for good.
    let url = photo["url"].as_str().unwrap();
    let response = fetch(app, url).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "image/jpeg");
    let cache = headers["cache-control"].to_str().unwrap();
    assert!(
        cache.contains("immutable") && cache.contains("max-age=31536000"),
        "{cache}"
    );
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let bytes = response.bytes().await.unwrap();
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 600);
    let again = reqwest::Client::new()
        .get(app.url(url))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let thumb = fetch(app, photo["thumb_url"].as_str().unwrap()).await;
    assert_eq!(thumb.status(), 200);
    assert_eq!(thumb.headers()["content-type"], "image/jpeg");
    // Another hash, another id, another name: none is a photo.
    let photo_id = photo["id"].as_str().unwrap();
    for wrong in [
        format!("/market/photos/{photo_id}/0000000000000000.jpg"),
        format!(
            "/market/photos/0190c0de-0000-7000-8000-000000000000/{}",
            url.rsplit('/').next().unwrap()
        ),
        format!("/market/photos/{photo_id}/photo.png"),
    ] {
        assert_eq!(fetch(app, &wrong).await.status(), 404, "{wrong}");
    }
    // The seller's page shows its photo and the product's thumbnail.
    let (_, s) = alice
        .api
        .get(&format!("/api/v1/market/sellers/{farm}"))
        .await;
    let farm_thumb = s["photos"][0]["thumb_url"].as_str().unwrap();
    let page = chloe.browser.text(&format!("/market/sellers/{farm}")).await;
    assert!(
        page.contains(&format!(
            r#"<img src="{farm_thumb}" width="400" height="400" alt="Ferme des Lilas" loading="lazy">"#
        )),
        "{page}"
    );
    let product_thumb = format!(
        r#"src="{}" width="400" height="267" alt="Tomates rondes" loading="lazy""#,
        photo["thumb_url"].as_str().unwrap()
    );
    assert!(page.contains(&product_thumb), "{page}");
    // The shop front shows it beside the product and its price breakdown.
    let (_, cycle, _) = hub_cycle(&chloe.api, &hub.id, None).await;
    join_cycle(&chloe.api, &cycle, &farm, &alice.api, &[variant]).await;
    let front = chloe.browser.text(&format!("/market/cycles/{cycle}")).await;
    let card = front.split(&format!(r#"id="p-{id}""#)).nth(1).unwrap();
    assert!(card.contains(&product_thumb), "{front}");
    assert!(card.contains(&format!(r#"<a href="{url}">"#)), "{front}");
    // Other platforms find it in the DFC catalogue, at its absolute URL.
    let dfc = app
        .anonymous_api()
        .request(
            reqwest::Method::GET,
            &format!("/api/dfc/enterprises/{farm}/catalog"),
        )
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let variant_node = dfc["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| {
            n["@id"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/supplied_products/{variant}"))
        })
        .unwrap();
    assert_eq!(variant_node["dfc-b:image"], json!([app.url(url)]), "{dfc}");
    // The product's form lists its photos to its seller.
    let form = alice.browser.text(&format!("/market/products/{id}")).await;
    assert!(
        form.contains(&format!("/market/photos/{photo_id}/delete")),
        "{form}"
    );
}
