//! The module's JSON API under `/api/v1/market`: everything its pages do.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kernel::auth::{Active, RequestContext, SignedIn};
use kernel::validate::schema;
use kernel::{AppError, AppState};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use web::ApiJson;

use crate::catalogue::{self, Product, ProductInput};
use crate::catalogue_csv::{self, Imported};
use crate::dfc;
use crate::invoices::{self, Invoice};
use crate::offer::{self, OfferedProduct};
use crate::orders::{self, Mode, Order, OrderInput};
use crate::sellers::{self, Seller, SellerInput};
use crate::shops::{
    self, Cycle, CycleInput, DeliveryInput, FeeInput, PickupInput, Shop, ShopInput, SlotsInput,
};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_sellers))
        .routes(routes!(show_seller, set_seller))
        .routes(routes!(seller_products, create_product))
        .routes(routes!(export_catalogue, import_catalogue))
        .routes(routes!(dfc_catalog))
        .routes(routes!(import_dfc_catalogue))
        .routes(routes!(seller_account))
        .routes(routes!(seller_payouts, request_payout))
        .routes(routes!(show_product, update_product, archive_product))
        .routes(routes!(add_seller_photo))
        .routes(routes!(add_product_photo))
        .routes(routes!(delete_photo))
        .routes(routes!(list_shops, create_shop))
        .routes(routes!(show_shop))
        .routes(routes!(shop_cycles, create_cycle))
        .routes(routes!(show_cycle, update_cycle))
        .routes(routes!(add_cycle_seller))
        .routes(routes!(set_offer))
        .routes(routes!(accept_cycle))
        .routes(routes!(add_cycle_hub))
        .routes(routes!(set_hub_offer))
        .routes(routes!(remove_fee))
        .routes(routes!(add_pickup))
        .routes(routes!(set_slots))
        .routes(routes!(set_delivery))
        .routes(routes!(add_fee))
        .routes(routes!(close_cycle))
        .routes(routes!(cycle_offer))
        .routes(routes!(my_cycle_order, add_to_order, replace_order))
        .routes(routes!(my_orders))
        .routes(routes!(show_order))
        .routes(routes!(cancel_order))
        .routes(routes!(order_collected))
        .routes(routes!(transparency))
        .routes(routes!(browse_products))
        .routes(routes!(cycle_preparation))
        .routes(routes!(seller_deliveries))
        .routes(routes!(seller_invoices))
        .routes(routes!(order_invoices))
        .routes(routes!(my_invoices))
        .routes(routes!(show_invoice))
        .routes(routes!(invoice_pdf))
        .routes(routes!(order_missing))
        .routes(routes!(order_replacement))
        .routes(routes!(cycle_distribution))
        .routes(routes!(cycle_donations, donate))
        .routes(routes!(cycle_volunteers, volunteer))
        .routes(routes!(withdraw_volunteer))
        .routes(routes!(shop_report))
        .routes(routes!(seller_report))
        .merge(crate::contracts_api::api())
        .merge(crate::regular_api::api())
}

fn created<T: Serialize>(value: T) -> Response {
    (StatusCode::CREATED, Json(value)).into_response()
}

// ---------- sellers and catalogues ----------

#[utoipa::path(get, path = "/api/v1/market/sellers", operation_id = "list_sellers", tag = "market", security(("bearer" = [])),
    responses((status = 200, body = [Seller])))]
async fn list_sellers(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
) -> Result<Json<Vec<Seller>>, AppError> {
    Ok(Json(sellers::list(&state.db).await?))
}

#[utoipa::path(get, path = "/api/v1/market/sellers/{id}", operation_id = "show_seller", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Seller)))]
async fn show_seller(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Seller>, AppError> {
    Ok(Json(sellers::get(&state.db, &id).await?))
}

#[utoipa::path(put, path = "/api/v1/market/sellers/{id}", operation_id = "set_seller", tag = "market", security(("bearer" = [])), params(("id" = String, Path, description = "The organisation's id")), request_body = SellerInput,
    responses((status = 200, body = Seller), (status = 403, description = "Not an administrator of the organisation", body = web::openapi::ProblemDoc)))]
async fn set_seller(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SellerInput>,
) -> Result<Json<Seller>, AppError> {
    Ok(Json(
        sellers::set_profile(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/sellers/{id}/products", operation_id = "seller_products", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Product])))]
async fn seller_products(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<Product>>, AppError> {
    sellers::get(&state.db, &id).await?;
    Ok(Json(catalogue::of_seller(&state.db, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/market/sellers/{id}/products", operation_id = "create_product", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = ProductInput,
    responses((status = 201, body = Product), (status = 403, description = "Not an administrator of the seller", body = web::openapi::ProblemDoc)))]
async fn create_product(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<Response, AppError> {
    Ok(created(
        catalogue::create(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/sellers/{id}/catalogue", operation_id = "export_catalogue", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, content_type = "text/csv", body = String, description = "One line per variant, with a header line")))]
async fn export_catalogue(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    sellers::get(&state.db, &id).await?;
    let products = catalogue::of_seller(&state.db, &id).await?;
    Ok(csv_file(catalogue_csv::export(&products), "catalogue.csv"))
}

/// A CSV file to download.
pub(crate) fn csv_file(text: String, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        text,
    )
        .into_response()
}

/// A CSV file sent as the request's body.
pub struct CsvBody(pub axum::body::Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for CsvBody {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, _: &S) -> Result<Self, Self::Rejection> {
        let is_csv = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim() == "text/csv");
        if !is_csv {
            return Err(AppError::BadRequest("content-type-csv"));
        }
        axum::body::to_bytes(req.into_body(), catalogue_csv::MAX_BYTES)
            .await
            .map(CsvBody)
            .map_err(|_| AppError::BodyTooLarge)
    }
}

#[utoipa::path(post, path = "/api/v1/market/sellers/{id}/catalogue", operation_id = "import_catalogue", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    request_body(content = String, content_type = "text/csv", description = "UTF-8, commas, a header line naming the columns (product, category, vat_rate, unit, size and price at least)"),
    responses((status = 200, body = Imported, description = "Every line imported: products created or updated"),
        (status = 422, description = "The file or some of its lines are wrong (each error with its line); nothing is imported", body = web::openapi::ProblemDoc)))]
async fn import_catalogue(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    CsvBody(bytes): CsvBody,
) -> Result<Json<Imported>, AppError> {
    Ok(Json(
        catalogue_csv::import(&state.db, &member.id, &id, &bytes).await?,
    ))
}

// Public: what a producer sells is meant to be found by other platforms
// (the DFC's purpose, and how Open Food Network serves its producers'
// catalogues); every member already sees it on the seller's page; it holds
// no personal data, only the seller's trade name, its SIRET and VAT
// number (public in the company registers) and its offer.
/// A seller's catalogue for other platforms, in the DFC's format
///
/// Readable without an account, as other food platforms read it.
#[utoipa::path(get, path = "/api/dfc/enterprises/{id}/catalog", operation_id = "dfc_catalog", tag = "market", params(("id" = String, Path, description = "The seller's id")),
    responses((status = 200, content_type = "application/ld+json", body = Object,
        description = "The seller's catalogue in the Data Food Consortium's ontology 1.16 (JSON-LD): its dfc-b:Enterprise, dfc-b:Catalog, and per variant a dfc-b:SuppliedProduct (a variant of its product's), a dfc-b:CatalogItem and a dfc-b:Offer priced in euros VAT included, with its VAT rate in percent"),
        (status = 404, description = "No such seller", body = web::openapi::ProblemDoc)))]
async fn dfc_catalog(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let seller = sellers::get(&state.db, &id).await?;
    let products = catalogue::of_seller(&state.db, &id).await?;
    let document = dfc::export(&state.settings, &seller, &products);
    Ok((
        [(header::CONTENT_TYPE, "application/ld+json")],
        serde_json::to_vec(&document).unwrap_or_default(),
    )
        .into_response())
}

/// A DFC document sent as the request's body (JSON-LD, or JSON).
pub struct DfcBody(pub axum::body::Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for DfcBody {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, _: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| matches!(v.trim(), "application/ld+json" | "application/json"));
        if !is_json {
            return Err(AppError::BadRequest("content-type-dfc"));
        }
        axum::body::to_bytes(req.into_body(), dfc::MAX_BYTES)
            .await
            .map(DfcBody)
            .map_err(|_| AppError::BodyTooLarge)
    }
}

#[utoipa::path(post, path = "/api/v1/market/sellers/{id}/catalogue.dfc", operation_id = "import_dfc_catalogue", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    request_body(content = Object, content_type = "application/ld+json", description = "A catalogue in the Data Food Consortium's ontology 1.16 (JSON-LD, as the DFC connectors and Open Food Network write it): each dfc-b:SuppliedProduct with its dfc-b:hasQuantity (dfc-m:Gram, Kilogram, Millilitre, Centilitre, Litre or Piece) and an Offer (through its CatalogItem, or naming it) whose dfc-b:Price is in dfc-m:Euro, VAT included, with a dfc-b:VATrate in percent. The context is one of the 1.16 context's URLs, never fetched. Variants of one product group (dfc-b:isVariantOf) make one product; so do supplied products of the same name. application/json is taken too."),
    responses((status = 200, body = Imported, description = "Every supplied product imported: products created or updated (same name; variants matched by unit and size)"),
        (status = 400, description = "Not sent as JSON-LD", body = web::openapi::ProblemDoc),
        (status = 403, description = "Not an administrator of the seller", body = web::openapi::ProblemDoc),
        (status = 422, description = "The document does not follow the ontology: each error's `line` is the position of the supplied product it is about (1 for the first); nothing is imported", body = web::openapi::ProblemDoc)))]
async fn import_dfc_catalogue(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    DfcBody(bytes): DfcBody,
) -> Result<Json<Imported>, AppError> {
    Ok(Json(dfc::import(&state.db, &member.id, &id, &bytes).await?))
}

#[utoipa::path(get, path = "/api/v1/market/sellers/{id}/account", operation_id = "seller_account", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = kernel::wallet::TreasuryView, description = "What the seller's sales brought in, and its movements"),
        (status = 403, description = "Not an administrator of the seller", body = web::openapi::ProblemDoc)))]
async fn seller_account(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<kernel::wallet::TreasuryView>, AppError> {
    Ok(Json(
        kernel::wallet::organisation_account(&state.db, &id, &member.id).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/sellers/{id}/payouts", operation_id = "seller_payouts", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [kernel::bank::Payout]), (status = 403, description = "Not an administrator of the seller", body = web::openapi::ProblemDoc)))]
async fn seller_payouts(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<kernel::bank::Payout>>, AppError> {
    Ok(Json(
        kernel::bank::payouts_of_organisation(&state.db, &id, &member.id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/sellers/{id}/payouts", operation_id = "request_seller_payout", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = web::WithdrawalInput,
    responses((status = 201, body = kernel::bank::Payout, description = "It leaves with the next SEPA batch"),
        (status = 409, description = "Not enough money, or no bank account on this instance", body = web::openapi::ProblemDoc)))]
async fn request_payout(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<web::WithdrawalInput>,
) -> Result<Response, AppError> {
    let request = input.request()?;
    let bank = state.settings.bank.as_ref();
    Ok(created(
        kernel::bank::request_organisation_payout(&state.db, bank, &member.id, &id, &request)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/products/{id}", operation_id = "show_product", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Product)))]
async fn show_product(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Product>, AppError> {
    Ok(Json(catalogue::get(&state.db, &id).await?))
}

#[utoipa::path(patch, path = "/api/v1/market/products/{id}", operation_id = "update_product", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = ProductInput,
    responses((status = 200, body = Product)))]
async fn update_product(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<Json<Product>, AppError> {
    Ok(Json(
        catalogue::update(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/market/products/{id}", operation_id = "archive_product", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204, description = "Out of the catalogue; placed orders keep it")))]
async fn archive_product(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    catalogue::archive(&state.db, &member.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------- photos ----------

/// An image sent as the request's body; its format is read from its
/// content, whatever its Content-Type says.
pub struct PhotoBody(pub axum::body::Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for PhotoBody {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, _: &S) -> Result<Self, Self::Rejection> {
        axum::body::to_bytes(req.into_body(), web::uploads::MAX_BYTES)
            .await
            .map(PhotoBody)
            .map_err(|_| AppError::BodyTooLarge)
    }
}

#[utoipa::path(post, path = "/api/v1/market/sellers/{id}/photos", operation_id = "add_seller_photo", tag = "market", security(("bearer" = [])), params(("id" = String, Path, description = "The seller's id")),
    request_body(content(("image/jpeg"), ("image/png"), ("image/webp")), description = "The photo's file (JPEG, PNG or WebP, recognised by its content), up to 10 MB and 50 million pixels. It is turned upright by its EXIF orientation, resized (longest side 1600 px, thumbnail 400 px) and re-encoded as JPEG: no metadata is kept."),
    responses((status = 201, body = crate::photos::Photo, description = "Added after the profile's other photos"),
        (status = 404, description = "No such seller, or not one of its administrators", body = web::openapi::ProblemDoc),
        (status = 413, description = "Over 10 MB", body = web::openapi::ProblemDoc),
        (status = 422, description = "Not a JPEG, PNG or WebP image, an unreadable one, one too large in pixels, or the profile has 8 photos already", body = web::openapi::ProblemDoc)))]
async fn add_seller_photo(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    PhotoBody(bytes): PhotoBody,
) -> Result<Response, AppError> {
    let owner = crate::photos::Owner::Seller(&id);
    Ok(created(
        crate::photos::add(&state.db, &member.id, owner, &bytes).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/products/{id}/photos", operation_id = "add_product_photo", tag = "market", security(("bearer" = [])), params(("id" = String, Path, description = "The product's id")),
    request_body(content(("image/jpeg"), ("image/png"), ("image/webp")), description = "The photo's file (JPEG, PNG or WebP, recognised by its content), up to 10 MB and 50 million pixels. It is turned upright by its EXIF orientation, resized (longest side 1600 px, thumbnail 400 px) and re-encoded as JPEG: no metadata is kept."),
    responses((status = 201, body = crate::photos::Photo, description = "Added after the product's other photos (the first is its main one)"),
        (status = 404, description = "No such product, or not an administrator of its seller", body = web::openapi::ProblemDoc),
        (status = 413, description = "Over 10 MB", body = web::openapi::ProblemDoc),
        (status = 422, description = "Not a JPEG, PNG or WebP image, an unreadable one, one too large in pixels, or the product has 8 photos already", body = web::openapi::ProblemDoc)))]
async fn add_product_photo(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    PhotoBody(bytes): PhotoBody,
) -> Result<Response, AppError> {
    let owner = crate::photos::Owner::Product(&id);
    Ok(created(
        crate::photos::add(&state.db, &member.id, owner, &bytes).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/market/photos/{id}", operation_id = "delete_photo", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204, description = "Deleted"),
        (status = 404, description = "No such photo, or not an administrator of its seller", body = web::openapi::ProblemDoc)))]
async fn delete_photo(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    crate::photos::delete(&state.db, &member.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------- shops and cycles ----------

#[utoipa::path(get, path = "/api/v1/market/shops", operation_id = "list_shops", tag = "market", security(("bearer" = [])),
    responses((status = 200, body = [Shop])))]
async fn list_shops(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
) -> Result<Json<Vec<Shop>>, AppError> {
    Ok(Json(shops::shops(&state.db).await?))
}

#[utoipa::path(post, path = "/api/v1/market/shops", operation_id = "create_shop", tag = "market", security(("bearer" = [])), request_body = ShopInput,
    responses((status = 201, body = Shop), (status = 404, description = "No such collective or organisation", body = web::openapi::ProblemDoc),
        (status = 409, description = "That collective or seller has its shop already", body = web::openapi::ProblemDoc)))]
async fn create_shop(
    State(state): State<AppState>,
    Active(member): Active,
    ApiJson(input): ApiJson<ShopInput>,
) -> Result<Response, AppError> {
    Ok(created(
        shops::create_shop(&state.db, &member.id, &input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/shops/{id}", operation_id = "show_shop", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Shop)))]
async fn show_shop(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Shop>, AppError> {
    Ok(Json(shops::shop(&state.db, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/market/shops/{id}/cycles", operation_id = "shop_cycles", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Cycle])))]
async fn shop_cycles(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<Cycle>>, AppError> {
    shops::shop(&state.db, &id).await?;
    Ok(Json(shops::cycles(&state.db, Some(&id)).await?))
}

#[utoipa::path(post, path = "/api/v1/market/shops/{id}/cycles", operation_id = "create_cycle", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = CycleInput,
    responses((status = 201, body = Cycle),
        (status = 422, description = "Times out of order, a cap that is 0, negative or absurd, a reminder out of bounds, or a variant cap in a cycle that offers nothing yet", body = web::openapi::ProblemDoc)))]
async fn create_cycle(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CycleInput>,
) -> Result<Response, AppError> {
    Ok(created(
        shops::create_cycle(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/cycles/{id}", operation_id = "show_cycle", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Cycle)))]
async fn show_cycle(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(shops::cycle(&state.db, &id).await?))
}

#[utoipa::path(patch, path = "/api/v1/market/cycles/{id}", operation_id = "update_cycle", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = CycleInput,
    responses((status = 200, body = Cycle, description = "A changed close or reminder schedules its jobs anew"),
        (status = 409, description = "The cycle is closed", body = web::openapi::ProblemDoc),
        (status = 422, description = "Times out of order, a cap that is 0, negative or absurd, a reminder out of bounds, or a variant cap on a variant the cycle does not offer", body = web::openapi::ProblemDoc)))]
async fn update_cycle(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CycleInput>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(
        shops::update_cycle(&state.db, &member.id, &id, &input).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct SellerRef {
    #[schema(schema_with = schema::no_nul)]
    pub seller_id: String,
}

#[utoipa::path(post, path = "/api/v1/market/cycles/{id}/sellers", operation_id = "add_cycle_seller", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = SellerRef,
    responses((status = 200, body = Cycle), (status = 409, description = "The cycle is closed", body = web::openapi::ProblemDoc)))]
async fn add_cycle_seller(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SellerRef>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(
        shops::add_seller(&state.db, &member.id, &id, &input.seller_id).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct OfferInput {
    /// The seller's variants it brings to the cycle (all of them: the
    /// others are taken out).
    #[schema(max_items = 500)]
    pub variant_ids: Vec<String>,
}

#[utoipa::path(put, path = "/api/v1/market/cycles/{id}/sellers/{seller_id}/offer", operation_id = "set_cycle_offer", tag = "market", security(("bearer" = [])), params(("id" = String, Path), ("seller_id" = String, Path)), request_body = OfferInput,
    responses((status = 200, body = Cycle), (status = 409, description = "The cycle is closed", body = web::openapi::ProblemDoc)))]
async fn set_offer(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, seller_id)): Path<(String, String)>,
    ApiJson(input): ApiJson<OfferInput>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(
        shops::set_offer(&state.db, &member.id, &id, &seller_id, &input.variant_ids).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/cycles/{id}/hubs", operation_id = "add_cycle_hub", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = shops::HubInput,
    responses((status = 200, body = Cycle, description = "The hub is invited to distribute the cycle (it distributes at once when the one inviting runs it too)"),
        (status = 403, description = "Not one who runs the coordinating shop", body = web::openapi::ProblemDoc),
        (status = 409, description = "The cycle is closed", body = web::openapi::ProblemDoc)))]
async fn add_cycle_hub(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<shops::HubInput>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(
        shops::add_hub(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/market/cycles/{id}/hubs/{shop_id}/offer", operation_id = "set_hub_offer", tag = "market", security(("bearer" = [])), params(("id" = String, Path), ("shop_id" = String, Path)), request_body = OfferInput,
    responses((status = 200, body = Cycle, description = "What the hub offers among the cycle's variants; one who runs the hub accepts the invitation so"),
        (status = 403, description = "Not one who runs the hub or the coordinating shop", body = web::openapi::ProblemDoc),
        (status = 404, description = "The hub is not invited to this cycle", body = web::openapi::ProblemDoc),
        (status = 409, description = "The cycle is closed", body = web::openapi::ProblemDoc)))]
async fn set_hub_offer(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, shop_id)): Path<(String, String)>,
    ApiJson(input): ApiJson<OfferInput>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(
        shops::set_hub_offer(&state.db, &member.id, &id, &shop_id, &input.variant_ids).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AtHub {
    /// A distributing hub's shop: what it offers, with its fees; absent:
    /// the coordinating shop's offer.
    #[serde(default)]
    #[param(value_type = Option<schema::NoNul>, inline)]
    pub hub: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/market/cycles/{id}/sellers/{seller_id}/accept", operation_id = "accept_cycle", tag = "market", security(("bearer" = [])), params(("id" = String, Path), ("seller_id" = String, Path)),
    responses((status = 200, body = Cycle, description = "The producer takes part in the cycle"),
        (status = 403, description = "Not an administrator of the producer", body = web::openapi::ProblemDoc),
        (status = 409, description = "The cycle is closed", body = web::openapi::ProblemDoc)))]
async fn accept_cycle(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, seller_id)): Path<(String, String)>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(
        shops::accept(&state.db, &member.id, &id, &seller_id).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/market/cycles/{id}/fees/{fee_id}", operation_id = "remove_cycle_fee", tag = "market", security(("bearer" = [])), params(("id" = String, Path), ("fee_id" = String, Path)),
    responses((status = 200, body = Cycle, description = "Placed orders keep the fees they were placed with"),
        (status = 409, description = "The cycle is closed", body = web::openapi::ProblemDoc)))]
async fn remove_fee(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, fee_id)): Path<(String, String)>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(
        shops::remove_fee(&state.db, &member.id, &id, &fee_id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/cycles/{id}/pickups", operation_id = "add_pickup", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = PickupInput,
    responses((status = 200, body = Cycle), (status = 409, description = "The cycle is closed", body = web::openapi::ProblemDoc)))]
async fn add_pickup(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PickupInput>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(
        shops::add_pickup(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/market/cycles/{id}/pickups/{pickup}/slots", operation_id = "set_pickup_slots", tag = "market", security(("bearer" = [])),
    params(("id" = String, Path), ("pickup" = String, Path)), request_body = SlotsInput,
    responses((status = 200, body = Cycle, description = "The pickup's window split into slots of this length, or no slots (0)"),
        (status = 404, description = "No such cycle or pickup, or not one the member runs", body = web::openapi::ProblemDoc),
        (status = 409, description = "The cycle is closed", body = web::openapi::ProblemDoc),
        (status = 422, description = "A length or capacity out of range, or orders already in its slots", body = web::openapi::ProblemDoc)))]
async fn set_slots(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, pickup)): Path<(String, String)>,
    ApiJson(input): ApiJson<SlotsInput>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(
        shops::set_slots(&state.db, &member.id, &id, &pickup, &input).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/market/cycles/{id}/delivery", operation_id = "set_cycle_delivery", tag = "market", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = DeliveryInput,
    responses((status = 200, body = Cycle, description = "The cycle offers home delivery on these terms"),
        (status = 404, description = "No such cycle, or not one the member runs", body = web::openapi::ProblemDoc),
        (status = 409, description = "The cycle is closed", body = web::openapi::ProblemDoc),
        (status = 422, description = "Terms out of range, or a shop without a position", body = web::openapi::ProblemDoc)))]
async fn set_delivery(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DeliveryInput>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(
        shops::set_delivery(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/cycles/{id}/fees", operation_id = "add_cycle_fee", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = FeeInput,
    responses((status = 200, body = Cycle), (status = 409, description = "The cycle is closed", body = web::openapi::ProblemDoc)))]
async fn add_fee(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<FeeInput>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(
        shops::add_fee(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/cycles/{id}/close", operation_id = "close_cycle", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Cycle, description = "Closed; where the shop takes the money at the close, it is taken")))]
async fn close_cycle(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Cycle>, AppError> {
    Ok(Json(orders::close_now(&state.db, &member.id, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/market/cycles/{id}/offer", operation_id = "cycle_offer", tag = "market", security(("bearer" = [])), params(("id" = String, Path), AtHub),
    responses((status = 200, body = [OfferedProduct], description = "Each product with its price breakdown per unit"),
        (status = 404, description = "No such cycle, or no such hub distributing it", body = web::openapi::ProblemDoc)))]
async fn cycle_offer(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
    axum::extract::Query(at): axum::extract::Query<AtHub>,
) -> Result<Json<Vec<OfferedProduct>>, AppError> {
    let cycle = shops::cycle(&state.db, &id).await?;
    let hub = match at.hub.as_deref().filter(|h| !h.is_empty()) {
        Some(h) => Some(cycle.hub(h).ok_or(AppError::NotFound)?),
        None => None,
    };
    Ok(Json(offer::offer(&state.db, &cycle, hub).await?))
}

// ---------- orders ----------

#[utoipa::path(get, path = "/api/v1/market/cycles/{id}/order", operation_id = "my_cycle_order", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Order), (status = 404, description = "No live order in this cycle", body = web::openapi::ProblemDoc)))]
async fn my_cycle_order(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Order>, AppError> {
    orders::mine(&state.db, &id, &member.id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

#[utoipa::path(post, path = "/api/v1/market/cycles/{id}/order", operation_id = "add_to_order", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = OrderInput,
    responses((status = 200, body = Order, description = "The member's one order in the cycle, with these quantities added; its money held"),
        (status = 409, description = "The cycle is not open, the payment provider refused the card, or its key was used for another amount", body = web::openapi::ProblemDoc),
        (status = 422, description = "Out of stock, a full pickup point or time slot, an address outside the delivery zone, a short wallet, beyond a cap of the cycle…", body = web::openapi::ProblemDoc)))]
async fn add_to_order(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OrderInput>,
) -> Result<Json<Order>, AppError> {
    Ok(Json(
        orders::place(
            &state.db,
            &state.settings.fees,
            &member.id,
            &id,
            &input,
            Mode::Add,
        )
        .await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/market/cycles/{id}/order", operation_id = "replace_order", tag = "market", security(("bearer" = [])), params(("id" = String, Path)), request_body = OrderInput,
    responses((status = 200, body = Order, description = "The member's one order in the cycle, now exactly these quantities"),
        (status = 409, description = "The cycle is not open, the payment provider refused the card, or its key was used for another amount", body = web::openapi::ProblemDoc),
        (status = 422, description = "Out of stock, a full pickup point, a short wallet, beyond a cap of the cycle (a smaller order is always allowed)…", body = web::openapi::ProblemDoc)))]
async fn replace_order(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OrderInput>,
) -> Result<Json<Order>, AppError> {
    Ok(Json(
        orders::place(
            &state.db,
            &state.settings.fees,
            &member.id,
            &id,
            &input,
            Mode::Replace,
        )
        .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/me/market/orders", operation_id = "my_market_orders", tag = "market", security(("bearer" = [])),
    responses((status = 200, body = [Order])))]
async fn my_orders(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<Order>>, AppError> {
    Ok(Json(orders::of_member(&state.db, &member.id).await?))
}

#[utoipa::path(get, path = "/api/v1/market/orders/{id}", operation_id = "show_order", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Order)))]
async fn show_order(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Order>, AppError> {
    Ok(Json(orders::get(&state.db, &member.id, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/market/orders/{id}/cancel", operation_id = "cancel_order", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Order, description = "Cancelled: its stock and money given back"),
        (status = 409, description = "The cycle is closed", body = web::openapi::ProblemDoc)))]
async fn cancel_order(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Order>, AppError> {
    Ok(Json(orders::cancel(&state.db, &member.id, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/market/orders/{id}/collected", operation_id = "order_collected", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Order), (status = 409, description = "Not placed, or the cycle is still open", body = web::openapi::ProblemDoc)))]
async fn order_collected(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Order>, AppError> {
    Ok(Json(orders::collected(&state.db, &member.id, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/market/transparency", operation_id = "market_transparency", tag = "market",
    responses((status = 200, body = crate::report::Report, description = "Per closed cycle (of 5 paid orders or more) and in all: what buyers paid and the shares of producers, shops, the platform's fee and solidarity")))]
async fn transparency(
    State(state): State<AppState>,
) -> Result<Json<crate::report::Report>, AppError> {
    Ok(Json(crate::report::report(&state.db).await?))
}

#[utoipa::path(get, path = "/api/v1/market/products", operation_id = "browse_products", tag = "market", security(("bearer" = [])), params(crate::browse::Filter),
    responses((status = 200, body = [crate::browse::Found], description = "Products offered in the cycles open now, nearest first from the position given")))]
async fn browse_products(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    axum::extract::Query(filter): axum::extract::Query<crate::browse::Filter>,
) -> Result<Json<Vec<crate::browse::Found>>, AppError> {
    Ok(Json(crate::browse::browse(&state.db, &filter).await?))
}

#[utoipa::path(get, path = "/api/v1/market/cycles/{id}/preparation", operation_id = "cycle_preparation", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = crate::preparation::Preparation, description = "Quantities to prepare in all and per pickup point, and each order's label"),
        (status = 403, description = "Neither running the shop nor a producer of the cycle", body = web::openapi::ProblemDoc)))]
async fn cycle_preparation(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<crate::preparation::Preparation>, AppError> {
    Ok(Json(
        crate::preparation::preparation(&state.db, &member.id, &id).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/sellers/{id}/deliveries", operation_id = "seller_deliveries", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = crate::preparation::Deliveries, description = "What the producer brings to each pickup point of every hub's cycle not over yet, and in all"),
        (status = 403, description = "Not an administrator of the seller", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such seller", body = web::openapi::ProblemDoc)))]
async fn seller_deliveries(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<crate::preparation::Deliveries>, AppError> {
    Ok(Json(
        crate::preparation::deliveries(&state.db, &member.id, &id).await?,
    ))
}

// ---------- invoices ----------

#[utoipa::path(get, path = "/api/v1/market/sellers/{id}/invoices", operation_id = "seller_invoices", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Invoice], description = "The seller's series, latest first, without their lines"),
        (status = 403, description = "Not an administrator of the seller", body = web::openapi::ProblemDoc)))]
async fn seller_invoices(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<Invoice>>, AppError> {
    Ok(Json(invoices::of_seller(&state.db, &member.id, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/market/orders/{id}/invoices", operation_id = "order_invoices", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Invoice], description = "Each seller's invoice (and credit notes) for the buyer's order, without their lines"),
        (status = 404, description = "No such order of the member's", body = web::openapi::ProblemDoc)))]
async fn order_invoices(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<Invoice>>, AppError> {
    Ok(Json(
        invoices::of_order_for(&state.db, &member.id, &id).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/invoices", operation_id = "my_invoices", tag = "market", security(("bearer" = [])),
    responses((status = 200, body = [Invoice], description = "Every invoice and credit note the member received, for its orders and its AMAP baskets, with their lines")))]
async fn my_invoices(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
) -> Result<Json<Vec<Invoice>>, AppError> {
    Ok(Json(invoices::of_buyer(&state.db, &member.id).await?))
}

#[utoipa::path(get, path = "/api/v1/market/invoices/{id}", operation_id = "show_invoice", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Invoice, description = "For its buyer and its seller's administrators"),
        (status = 404, description = "No such invoice the member may read", body = web::openapi::ProblemDoc)))]
async fn show_invoice(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Invoice>, AppError> {
    Ok(Json(invoices::get(&state.db, &member.id, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/market/invoices/{id}/pdf", operation_id = "invoice_pdf", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", body = String, description = "Factur-X: a PDF/A-3 with the EN 16931 XML embedded"),
        (status = 404, description = "No such invoice the member may read", body = web::openapi::ProblemDoc)))]
async fn invoice_pdf(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    Ok(invoices::pdf_response(
        invoices::pdf(&state.db, &member.id, &id, &ctx.tr).await?,
    ))
}

// ---------- distribution ----------

#[utoipa::path(post, path = "/api/v1/market/orders/{id}/missing", operation_id = "order_missing", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    request_body = crate::distribution::MissingInput,
    responses((status = 200, body = Order, description = "Refunded at once, with a credit note from each seller concerned"),
        (status = 403, description = "Neither running the shop nor one of the cycle's volunteers (who never settle their own order)", body = web::openapi::ProblemDoc),
        (status = 409, description = "The cycle is still open, or the order cancelled", body = web::openapi::ProblemDoc),
        (status = 422, description = "More missing than ordered, or a variant not in the order", body = web::openapi::ProblemDoc)))]
async fn order_missing(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<crate::distribution::MissingInput>,
) -> Result<Json<Order>, AppError> {
    Ok(Json(
        crate::distribution::record_missing(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/orders/{id}/replacement", operation_id = "order_replacement", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    request_body = crate::distribution::ReplacementInput,
    responses((status = 200, body = Order, description = "Recorded; what the replacement is worth less is refunded at once, with the producer's credit note"),
        (status = 403, description = "Neither running the shop nor one of the cycle's volunteers (who never settle their own order)", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such order", body = web::openapi::ProblemDoc),
        (status = 409, description = "The cycle is still open, the order cancelled, or its line already replaced otherwise", body = web::openapi::ProblemDoc),
        (status = 422, description = "More replaced than is left of the line, a variant not in the order, or a replacement not of the same producer and VAT rate, or beyond its stock", body = web::openapi::ProblemDoc)))]
async fn order_replacement(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<crate::distribution::ReplacementInput>,
) -> Result<Json<Order>, AppError> {
    Ok(Json(
        crate::distribution::record_replacement(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/cycles/{id}/distribution", operation_id = "cycle_distribution", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [crate::distribution::HandOver], description = "The orders to hand over, with their buyers and what was missing"),
        (status = 403, description = "Neither running the shop nor one of the cycle's volunteers (who never settle their own order)", body = web::openapi::ProblemDoc)))]
async fn cycle_distribution(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<crate::distribution::HandOver>>, AppError> {
    Ok(Json(
        crate::distribution::sheet(&state.db, &member.id, &id).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/cycles/{id}/donations", operation_id = "cycle_donations", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [crate::distribution::Donation], description = "What the cycle gave to the solidarity stock")))]
async fn cycle_donations(
    State(state): State<AppState>,
    SignedIn(_member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<crate::distribution::Donation>>, AppError> {
    shops::cycle(&state.db, &id).await?;
    Ok(Json(crate::distribution::donations(&state.db, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/market/cycles/{id}/donations", operation_id = "donate", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    request_body = crate::distribution::DonationInput,
    responses((status = 201, body = crate::distribution::Donation),
        (status = 409, description = "The cycle is still open, or the key was used for another donation", body = web::openapi::ProblemDoc),
        (status = 422, description = "A product not of the cycle, a quantity out of bounds or beyond what is left in stock, a malformed key", body = web::openapi::ProblemDoc)))]
async fn donate(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<crate::distribution::DonationInput>,
) -> Result<Response, AppError> {
    Ok(created(
        crate::distribution::donate(&state.db, &member.id, &id, &input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/cycles/{id}/volunteers", operation_id = "cycle_volunteers", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [crate::distribution::Volunteer], description = "Who hands the cycle's orders over at its distribution, besides those who run the shop"),
        (status = 403, description = "Neither a member of the hub (or of the organisation selling alone) nor running the shop", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such cycle", body = web::openapi::ProblemDoc)))]
async fn cycle_volunteers(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<crate::distribution::Volunteer>>, AppError> {
    Ok(Json(
        crate::distribution::volunteers(&state.db, &member.id, &id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/market/cycles/{id}/volunteers", operation_id = "volunteer", tag = "market", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [crate::distribution::Volunteer], description = "Signed up (again: nothing changes): the member now sees the distribution sheet and hands orders over"),
        (status = 403, description = "Neither a member of the hub (or of the organisation selling alone) nor running the shop", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such cycle", body = web::openapi::ProblemDoc),
        (status = 409, description = "Taken off by those who run the shop", body = web::openapi::ProblemDoc)))]
async fn volunteer(
    State(state): State<AppState>,
    Active(member): Active,
    Path(id): Path<String>,
) -> Result<Json<Vec<crate::distribution::Volunteer>>, AppError> {
    Ok(Json(
        crate::distribution::volunteer(&state.db, &member.id, &id).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/market/cycles/{id}/volunteers/{member_id}", operation_id = "withdraw_volunteer", tag = "market", security(("bearer" = [])), params(("id" = String, Path), ("member_id" = String, Path)),
    responses((status = 200, body = [crate::distribution::Volunteer], description = "The volunteer withdrew (and may sign up again), or was taken off by one who runs the shop (and may not)"),
        (status = 403, description = "Another member, and not running the shop", body = web::openapi::ProblemDoc),
        (status = 404, description = "No such cycle", body = web::openapi::ProblemDoc)))]
async fn withdraw_volunteer(
    State(state): State<AppState>,
    Active(member): Active,
    Path((id, volunteer)): Path<(String, String)>,
) -> Result<Json<Vec<crate::distribution::Volunteer>>, AppError> {
    Ok(Json(
        crate::distribution::withdraw(&state.db, &member.id, &id, &volunteer).await?,
    ))
}

// ---------- sales reports ----------

#[utoipa::path(get, path = "/api/v1/market/shops/{id}/report", operation_id = "shop_report", tag = "market", security(("bearer" = [])), params(("id" = String, Path), crate::reports::ReportQuery),
    responses((status = 200, body = crate::reports::SalesReport, description = "The shop's paid orders of the period: per cycle, producer, product, pickup point and fee, with the platform's fee and solidarity share, and what each member paid"),
        (status = 403, description = "Not running the shop", body = web::openapi::ProblemDoc),
        (status = 422, description = "A date that is not one, `from` after `to`, or a cycle that is not one of the shop's closed cycles", body = web::openapi::ProblemDoc)))]
async fn shop_report(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<crate::reports::ReportQuery>,
) -> Result<Json<crate::reports::SalesReport>, AppError> {
    let scope = crate::reports::Scope::Shop(&id);
    Ok(Json(
        crate::reports::report(&state.db, &member.id, scope, &q, &member.time_zone).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/market/sellers/{id}/report", operation_id = "seller_report", tag = "market", security(("bearer" = [])), params(("id" = String, Path), crate::reports::ReportQuery),
    responses((status = 200, body = crate::reports::SalesReport, description = "The seller's own paid lines and fees of the period, in every shop: per cycle, product, pickup point and fee; no buyer named"),
        (status = 403, description = "Not an administrator of the seller", body = web::openapi::ProblemDoc),
        (status = 422, description = "A date that is not one, `from` after `to`, or a cycle the seller took no part in", body = web::openapi::ProblemDoc)))]
async fn seller_report(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<crate::reports::ReportQuery>,
) -> Result<Json<crate::reports::SalesReport>, AppError> {
    let scope = crate::reports::Scope::Seller(&id);
    Ok(Json(
        crate::reports::report(&state.db, &member.id, scope, &q, &member.time_zone).await?,
    ))
}
