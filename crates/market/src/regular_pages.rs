//! The pages of regular orders: the member's list, the form that makes
//! one from a shop's products, and one regular order with its edit form,
//! its pause, resume, skip and end buttons and what happened in each
//! cycle. Merged into the module's routes.

use askama::Template;
use axum::Router;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::{get, post};
use kernel::auth::CsrfForm;
use kernel::{AppError, AppState};
use web::render::{
    Confirmed, Done, Fields, FormErrors, Irreversible, Page, after_form, confirm_first, html_status,
};
use web::who::{Acting, Who};

use crate::regular::{self, Item, RegularInput, RegularLineInput, RegularOrder};
use crate::shops::{self, Shop};

type Page_ = Result<Response, AppError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/market/regular", get(list_page))
        .route("/market/shops/{id}/regular", get(new_page).post(create))
        .route("/market/regular/{id}", get(regular_page).post(update))
        .route("/market/regular/{id}/pause", post(pause))
        .route("/market/regular/{id}/resume", post(resume))
        .route("/market/regular/{id}/skip", post(skip))
        .route("/market/regular/{id}/end", post(end))
}

// ---------- the member's regular orders ----------

#[derive(Template)]
#[template(path = "market/regulars.html")]
struct ListPage {
    page: Page,
    regulars: Vec<RegularOrder>,
    shops: Vec<Shop>,
}

async fn list_page(who: Who) -> Page_ {
    let db = &who.state.db;
    let view = ListPage {
        page: Page::titled(&who.ctx, "market-regular-title"),
        regulars: regular::of_member(db, &who.member.id).await?,
        shops: shops::shops(db).await?,
    };
    Ok(html_status(axum::http::StatusCode::OK, &view))
}

// ---------- the form, new or one regular order ----------

#[derive(Template)]
#[template(path = "market/regular.html")]
struct RegularPage {
    page: Page,
    shop: Shop,
    /// None: the form makes a new one.
    regular: Option<RegularOrder>,
    catalogue: Vec<Item>,
    places: Vec<String>,
    today: String,
    errors: FormErrors,
}

impl RegularPage {
    fn size(&self, unit: &str, size: &i64) -> String {
        crate::pages::size_label(&self.page.tr, unit, *size)
    }
    /// A product's quantity as the form shows it: what was typed when it
    /// was refused, else what the regular order holds (empty: none).
    fn quantity(&self, variant: &str) -> String {
        let held = self
            .regular
            .as_ref()
            .and_then(|r| r.lines.iter().find(|l| l.variant_id == variant))
            .map_or(String::new(), |l| l.quantity.to_string());
        self.errors.value_or(&format!("q_{variant}"), &held)
    }
    fn place(&self) -> String {
        let shown = match &self.regular {
            Some(r) => r.place.clone(),
            None => self.places.first().cloned().unwrap_or_default(),
        };
        self.errors.value_or("place", &shown)
    }
    fn starts_on(&self) -> String {
        let shown = self
            .regular
            .as_ref()
            .map_or(self.today.clone(), |r| r.starts_on.clone());
        self.errors.value_or("starts_on", &shown)
    }
    fn ends_on(&self) -> String {
        let shown = self
            .regular
            .as_ref()
            .and_then(|r| r.ends_on.clone())
            .unwrap_or_default();
        self.errors.value_or("ends_on", &shown)
    }
    fn action(&self) -> String {
        match &self.regular {
            Some(r) => format!("/market/regular/{}", r.id),
            None => format!("/market/shops/{}/regular", self.shop.id),
        }
    }
    fn editable(&self) -> bool {
        self.regular.as_ref().is_none_or(|r| r.state != "ended")
    }
    fn left_out(&self, names: &[String]) -> String {
        names.join(", ")
    }
}

async fn view(
    who: &Who,
    shop_id: &str,
    regular: Option<RegularOrder>,
    errors: FormErrors,
) -> Page_ {
    let db = &who.state.db;
    let shop = shops::shop(db, shop_id).await?;
    let title = match &regular {
        Some(_) => who
            .ctx
            .tr
            .t1("market-regular-one-title", "name", &shop.name),
        None => who
            .ctx
            .tr
            .t1("market-regular-new-title", "name", &shop.name),
    };
    let member = kernel::members::get(db, &who.member.id).await?;
    let tz = jiff::tz::TimeZone::get(&member.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let view = RegularPage {
        page: Page::new(&who.ctx, title),
        catalogue: regular::catalogue(db, shop_id).await?,
        places: regular::places(db, shop_id).await?,
        today: jiff::Timestamp::now().to_zoned(tz).date().to_string(),
        shop,
        regular,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn new_page(who: Who, Path(id): Path<String>) -> Page_ {
    view(&who, &id, None, FormErrors::none()).await
}

async fn regular_page(who: Who, Path(id): Path<String>) -> Page_ {
    let r = regular::get(&who.state.db, &who.member.id, &id).await?;
    let shop = r.shop_id.clone();
    view(&who, &shop, Some(r), FormErrors::none()).await
}

/// The form's fields as an input: `q_{variant}` for each of the shop's
/// products, empty for none; what is not a whole number is out of bounds.
fn input_of(f: &Fields, catalogue: &[Item]) -> RegularInput {
    RegularInput {
        place: f.get("place").to_owned(),
        starts_on: f.get("starts_on").to_owned(),
        ends_on: Some(f.get("ends_on").to_owned()),
        lines: catalogue
            .iter()
            .filter_map(|i| {
                let raw = f.get(&format!("q_{}", i.variant_id)).trim();
                (!raw.is_empty()).then(|| RegularLineInput {
                    variant_id: i.variant_id.clone(),
                    quantity: raw.parse().unwrap_or(-1),
                })
            })
            .collect(),
    }
}

async fn create(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let db = &who.state.db;
    shops::shop(db, &id).await?;
    let input = input_of(&f, &regular::catalogue(db, &id).await?);
    let done = regular::create(db, &who.state.settings.fees, &who.member.id, &id, &input).await;
    after_form(
        &who.ctx,
        done,
        |r| Done::to(format!("/market/regular/{}", r.id), "flash-regular-created"),
        |errors| view(&who, &id, None, errors),
    )
    .await
}

/// After an action on a regular order: back to it with `flash`, or the
/// page again with why it was refused.
async fn acted(
    who: &Who,
    current: RegularOrder,
    done: Result<RegularOrder, AppError>,
    flash: &'static str,
) -> Page_ {
    let shop = current.shop_id.clone();
    after_form(
        &who.ctx,
        done,
        |r| Done::to(format!("/market/regular/{}", r.id), flash),
        |errors| view(who, &shop, Some(current), errors),
    )
    .await
}

async fn update(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let db = &who.state.db;
    let current = regular::get(db, &who.member.id, &id).await?;
    let input = input_of(&f, &regular::catalogue(db, &current.shop_id).await?);
    let done = regular::update(db, &who.member.id, &id, &input).await;
    acted(&who, current, done, "flash-regular-updated").await
}

async fn pause(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<web::render::Empty>,
) -> Page_ {
    let current = regular::get(&who.state.db, &who.member.id, &id).await?;
    let done = regular::pause(&who.state.db, &who.member.id, &id).await;
    acted(&who, current, done, "flash-regular-paused").await
}

async fn resume(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<web::render::Empty>,
) -> Page_ {
    let current = regular::get(&who.state.db, &who.member.id, &id).await?;
    let done = regular::resume(&who.state.db, &who.member.id, &id).await;
    acted(&who, current, done, "flash-regular-resumed").await
}

async fn skip(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<web::render::Empty>,
) -> Page_ {
    let current = regular::get(&who.state.db, &who.member.id, &id).await?;
    let done = regular::skip(&who.state.db, &who.member.id, &id).await;
    acted(&who, current, done, "flash-regular-skipped").await
}

async fn end(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Confirmed>,
) -> Page_ {
    let current = regular::get(&who.state.db, &who.member.id, &id).await?;
    let back = format!("/market/regular/{id}");
    if let Some(ask) = confirm_first(
        &who.ctx,
        &form,
        Irreversible {
            title: "market-regular-end-title",
            text: who
                .ctx
                .tr
                .t1("market-regular-end-text", "name", &current.shop_name),
            confirm: "market-regular-end",
            back: &back,
        },
    ) {
        return Ok(ask);
    }
    let done = regular::end(&who.state.db, &who.member.id, &id).await;
    acted(&who, current, done, "flash-regular-ended").await
}
