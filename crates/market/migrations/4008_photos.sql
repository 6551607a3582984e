-- Photos of a seller (its profile) or of one of its products, decoded,
-- oriented, resized and re-encoded as JPEG on upload (so no EXIF, GPS or
-- other metadata is kept). Kept in the database so that a backup of the
-- database is a backup of everything. Sizes in pixels, times in ms.
CREATE TABLE market_photos (
    id           TEXT PRIMARY KEY,
    seller_id    TEXT NOT NULL REFERENCES market_sellers(organisation_id),
    -- NULL: a photo of the seller's profile
    product_id   TEXT REFERENCES market_products(id),
    -- the order they show in; the first is the main one
    position     BIGINT NOT NULL,
    -- the display image's SHA-256 (hex, first 16), in its URLs
    hash         TEXT NOT NULL,
    width        BIGINT NOT NULL,
    height       BIGINT NOT NULL,
    image        BYTEA NOT NULL,
    thumb_width  BIGINT NOT NULL,
    thumb_height BIGINT NOT NULL,
    thumb        BYTEA NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX market_photos_seller ON market_photos(seller_id);
CREATE INDEX market_photos_product ON market_photos(product_id);
