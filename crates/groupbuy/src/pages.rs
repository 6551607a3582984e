//! The pages of group buying: the list of purchases, the form that
//! proposes one, a purchase with its progress and the member's basket
//! form, and the member's baskets across purchases in one form.

use askama::Template;
use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kernel::auth::CsrfForm;
use kernel::{AppError, AppState};
use web::render::{
    Confirmed, Done, Fields, FormErrors, Irreversible, Page, after_form, confirm_first,
    html_status, parse_local,
};
use web::who::{Acting, Who};

use crate::baskets::{self, Basket, BasketInput, BasketsInput, LineInput, PurchaseBasketInput};
use crate::energy::{self, Campaign, CampaignInput, Household, HouseholdInput, OfferInput};
use crate::orders::{self, SupplierOrder};
use crate::purchases::{
    self, PickupInput, ProductInput, Purchase, PurchaseInput, Summary, TierInput, UNITS,
};

type Page_ = Result<Response, AppError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/groupbuy", get(list_page))
        .route("/groupbuy/new", get(new_page).post(create))
        .route("/groupbuy/baskets", get(baskets_page).post(set_baskets))
        .route("/groupbuy/{id}", get(purchase_page))
        .route("/groupbuy/{id}/basket", post(set_basket))
        .route("/groupbuy/{id}/withdraw", post(withdraw))
        .route("/groupbuy/{id}/cancel", post(cancel))
        .route("/groupbuy/energy", get(energy_list).post(create_energy))
        .route("/groupbuy/energy/{id}", get(energy_page))
        .route("/groupbuy/energy/{id}/household", post(energy_register))
        .route("/groupbuy/energy/{id}/offers", post(energy_offer))
        .route("/groupbuy/energy/{id}/winner", post(energy_winner))
        .route("/groupbuy/energy/{id}/decision", post(energy_decision))
        .route(
            "/groupbuy/energy/{id}/subscribers.csv",
            get(energy_subscribers),
        )
        .route("/groupbuy/{id}/order", get(order_page))
        .route("/groupbuy/{id}/order.pdf", get(order_pdf))
        .route("/groupbuy/{id}/order.csv", get(order_csv))
}

/// How many rows of products and pickup points the form shows at most.
const MAX_ROWS: usize = 20;

// ---------- the list ----------

#[derive(Template)]
#[template(path = "groupbuy/list.html")]
struct ListPage {
    page: Page,
    purchases: Vec<Summary>,
    baskets: Vec<Basket>,
}

impl ListPage {
    fn in_basket(&self, id: &str) -> bool {
        self.baskets.iter().any(|b| b.purchase_id == id)
    }
}

async fn list_page(who: Who) -> Page_ {
    let db = &who.state.db;
    let view = ListPage {
        page: Page::titled(&who.ctx, "groupbuy-title"),
        purchases: purchases::list(db).await?,
        baskets: baskets::of_member(db, &who.member.id).await?,
    };
    Ok(html_status(StatusCode::OK, &view))
}

// ---------- proposing ----------

#[derive(Template)]
#[template(path = "groupbuy/new.html")]
struct NewPage {
    page: Page,
    /// The collectives the member coordinates: (id, name).
    collectives: Vec<(String, String)>,
    /// The member sellers: (organisation id, name).
    sellers: Vec<(String, String)>,
    products: usize,
    pickups: usize,
    units: &'static [&'static str],
    errors: FormErrors,
}

impl NewPage {
    fn value(&self, field: &str) -> String {
        self.errors.value_or(field, "")
    }
    fn row_value(&self, label: &str, i: &usize, shown: &str) -> String {
        self.errors.value_or(&format!("{label}{i}"), shown)
    }
    fn unit_selected(&self, i: &usize, unit: &str) -> &'static str {
        self.errors.selected(&format!("unit{i}"), unit, "kg")
    }
    fn vat_selected(&self, i: &usize, vat: &str) -> &'static str {
        self.errors.selected(&format!("vat{i}"), vat, "550")
    }
    fn selected(&self, field: &str, option: &str) -> &'static str {
        self.errors.selected(field, option, "")
    }
}

/// The collectives the member coordinates, (id, name): what it may
/// propose on behalf of.
async fn coordinated(who: &Who) -> Result<Vec<(String, String)>, AppError> {
    Ok(
        kernel::collectives::memberships_of(&who.state.db, &who.member.id)
            .await?
            .into_iter()
            .filter(|m| {
                m.left_at.is_none()
                    && !m.is_project
                    && m.role == kernel::collectives::Role::Coordinator
            })
            .map(|m| (m.collective_id.to_string(), m.name))
            .collect(),
    )
}

async fn new_view(who: &Who, fields: Option<&Fields>, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let collectives = coordinated(who).await?;
    let sellers = market::sellers::list(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let (products, pickups) = match fields {
        Some(f) => (
            f.rows("name", ("products", "product"), (1, MAX_ROWS)),
            f.rows("commune", ("pickups", "pickup"), (1, MAX_ROWS)),
        ),
        None => (1, 1),
    };
    let view = NewPage {
        page: Page::titled(&who.ctx, "groupbuy-new-title"),
        collectives,
        sellers,
        products,
        pickups,
        units: UNITS,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn new_page(who: Who) -> Page_ {
    new_view(&who, None, FormErrors::none()).await
}

/// A price typed in the page's language, in cents.
fn cents(text: &str, field: &'static str) -> Result<Option<i64>, AppError> {
    let minor = web::render::amount_field(text, field)?;
    Ok((minor > 0).then_some(minor as i64))
}

/// A whole number typed in a field; empty is none, anything else not a
/// whole number is refused with `key`.
fn whole(text: &str, field: &'static str, key: &'static str) -> Result<Option<i64>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| AppError::field(field, key))
}

/// Tiers as the form writes them, one per line: `1-99: 3,20`,
/// `100-499: 2,80`, `500+: 2,50` (the price per unit).
pub fn parse_tiers(text: &str) -> Option<Vec<TierInput>> {
    text.split(['\n', ';'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (range, price) = line.split_once(':')?;
            let unit_price = kernel::wallet::parse_amount(price.trim()).ok()?.minor() as i64;
            let range = range.trim();
            let (from, to) = match range.strip_suffix('+') {
                Some(from) => (from.trim().parse().ok()?, None),
                None => {
                    let (from, to) = range.split_once(['-', '–'])?;
                    (from.trim().parse().ok()?, Some(to.trim().parse().ok()?))
                }
            };
            Some(TierInput {
                from,
                to,
                unit_price,
            })
        })
        .collect()
}

/// The proposal form's fields as an input; rows left empty are skipped.
fn purchase_input(f: &Fields, tz: &str) -> Result<PurchaseInput, AppError> {
    let mut products = Vec::new();
    for i in 0..f.rows("name", ("products", "product"), (1, MAX_ROWS)) {
        let get = |label: &str| f.get(&format!("{label}{i}")).trim().to_owned();
        if get("name").is_empty() && get("tiers").is_empty() {
            continue;
        }
        let line = products.len() as u32 + 1;
        let row_error = |key| {
            AppError::Validation(vec![
                kernel::error::FieldError::new("products", key).at_line(line),
            ])
        };
        products.push(ProductInput {
            name: get("name"),
            unit: get("unit"),
            pack_size: whole(&get("pack"), "products", "error-groupbuy-pack-size")
                .map_err(|_| row_error("error-groupbuy-pack-size"))?
                .unwrap_or(0),
            step: whole(&get("step"), "products", "error-groupbuy-step")
                .map_err(|_| row_error("error-groupbuy-step"))?,
            vat_rate: get("vat").parse().unwrap_or(-1),
            retail_price: cents(&get("retail"), "products")
                .map_err(|_| row_error("error-groupbuy-retail-price"))?,
            tiers: parse_tiers(&get("tiers"))
                .ok_or_else(|| row_error("error-groupbuy-tiers-format"))?,
        });
    }
    let mut pickups = Vec::new();
    for i in 0..f.rows("commune", ("pickups", "pickup"), (1, MAX_ROWS)) {
        let get = |label: &str| f.get(&format!("{label}{i}")).trim().to_owned();
        if get("commune").is_empty() && get("place").is_empty() {
            continue;
        }
        pickups.push(PickupInput {
            commune: get("commune"),
            place: get("place"),
            hours: get("hours"),
        });
    }
    let fill_until = match f.get("fill_until").trim() {
        "" => None,
        text => Some(parse_local(text, tz, "fill_until")?),
    };
    Ok(PurchaseInput {
        title: f.get("title").to_owned(),
        description: f.get("description").to_owned(),
        collective_id: Some(f.get("collective_id").to_owned()),
        supplier_id: Some(f.get("supplier_id").to_owned()),
        supplier_name: Some(f.get("supplier_name").to_owned()),
        supplier_contact: Some(f.get("supplier_contact").to_owned()),
        minimum: web::render::amount_field(f.get("minimum"), "minimum")? as i64,
        maximum: cents(f.get("maximum"), "maximum")?,
        deadline_at: parse_local(f.get("deadline_at"), tz, "deadline_at")?,
        fill_until,
        if_short: f.get("if_short").to_owned(),
        extend_days: whole(
            f.get("extend_days"),
            "extend_days",
            "error-groupbuy-extend-days",
        )?,
        products,
        pickups,
    })
}

async fn create(Acting(who): Acting, CsrfForm(fields): CsrfForm<Vec<(String, String)>>) -> Page_ {
    let f = Fields(fields);
    let tz = who.member.time_zone.clone();
    // "Add a product" or "Add a pickup point": the form again, one row more.
    if !f.get("redisplay").is_empty() {
        return new_view(&who, Some(&f), FormErrors::none()).await;
    }
    let db = &who.state.db;
    let done = match purchase_input(&f, &tz) {
        Ok(input) => purchases::create(db, &who.state.settings.fees, &who.member.id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |p| Done::to(format!("/groupbuy/{}", p.id), "flash-groupbuy-created"),
        |errors| new_view(&who, Some(&f), errors),
    )
    .await
}

// ---------- one purchase ----------

#[derive(Template)]
#[template(path = "groupbuy/purchase.html")]
struct PurchasePage {
    page: Page,
    purchase: Purchase,
    basket: Option<Basket>,
    /// The viewer organises it: its order, and cancelling it while open.
    organises: bool,
    errors: FormErrors,
}

impl PurchasePage {
    fn quantity(&self, product: &str) -> String {
        self.errors
            .value_or(&format!("q_{product}"), &self.held(product).0)
    }
    fn tolerance(&self, product: &str) -> String {
        self.errors
            .value_or(&format!("t_{product}"), &self.held(product).1)
    }
    fn held(&self, product: &str) -> (String, String) {
        self.basket
            .as_ref()
            .and_then(|b| b.lines.iter().find(|l| l.product_id == product))
            .map_or((String::new(), String::new()), |l| {
                (l.quantity.to_string(), l.tolerance.to_string())
            })
    }
    fn pickup_selected(&self, pickup: &str) -> &'static str {
        let shown = self
            .basket
            .as_ref()
            .map_or(String::new(), |b| b.pickup_id.clone());
        self.errors.selected("pickup_id", pickup, &shown)
    }
    /// A tier's range as people read it: "100–499 kg", "500 kg +".
    fn range(&self, tier: &TierInput, unit: &str) -> String {
        let unit = self.page.t(&format!("groupbuy-unit-{unit}"));
        match tier.to {
            Some(to) => format!("{}–{to} {unit}", tier.from),
            None => format!("{} {unit} +", tier.from),
        }
    }
    fn current(&self, tier: &TierInput, quantity: &i64) -> bool {
        tier.from <= (*quantity).max(1) && tier.to.is_none_or(|to| *quantity <= to)
    }
    fn unit(&self, unit: &str) -> String {
        self.page.t(&format!("groupbuy-unit-{unit}"))
    }
}

async fn purchase_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let purchase = purchases::get(db, id).await?;
    let organises =
        orders::reader(db, &purchase, &who.member.id).await.ok() == Some(orders::Reader::Organiser);
    let view = PurchasePage {
        page: Page::new(&who.ctx, purchase.title.clone()),
        basket: baskets::basket(db, &who.member.id, id).await?,
        purchase,
        organises,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn purchase_page(who: Who, Path(id): Path<String>) -> Page_ {
    purchase_view(&who, &id, FormErrors::none()).await
}

/// A basket form's lines: `q_{product}` and `t_{product}` for each of the
/// purchase's products; empty is none, what is not a whole number is off
/// the step.
fn lines_of(f: &Fields, purchase: &Purchase) -> Vec<LineInput> {
    purchase
        .products
        .iter()
        .filter_map(|p| {
            let quantity = f.get(&format!("q_{}", p.id)).trim();
            let tolerance = f.get(&format!("t_{}", p.id)).trim();
            if quantity.is_empty() && tolerance.is_empty() {
                return None;
            }
            Some(LineInput {
                product_id: p.id.clone(),
                quantity: if quantity.is_empty() {
                    0
                } else {
                    quantity.parse().unwrap_or(-1)
                },
                tolerance: if tolerance.is_empty() {
                    0
                } else {
                    tolerance.parse().unwrap_or(-1)
                },
            })
        })
        .collect()
}

async fn set_basket(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let db = &who.state.db;
    let purchase = purchases::get(db, &id).await?;
    let input = BasketInput {
        pickup_id: f.get("pickup_id").to_owned(),
        lines: lines_of(&f, &purchase),
    };
    let done = baskets::set(db, &who.member.id, &id, &input).await;
    after_form(
        &who.ctx,
        done,
        |b| match b {
            Some(_) => Done::to(format!("/groupbuy/{id}"), "flash-groupbuy-committed"),
            None => Done::to(format!("/groupbuy/{id}"), "flash-groupbuy-withdrawn"),
        },
        |errors| purchase_view(&who, &id, errors),
    )
    .await
}

async fn withdraw(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<web::render::Empty>,
) -> Page_ {
    let db = &who.state.db;
    let Some(basket) = baskets::basket(db, &who.member.id, &id).await? else {
        return Err(AppError::NotFound);
    };
    let input = BasketInput {
        pickup_id: basket.pickup_id,
        lines: Vec::new(),
    };
    let done = baskets::set(db, &who.member.id, &id, &input).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/groupbuy/{id}"), "flash-groupbuy-withdrawn"),
        |errors| purchase_view(&who, &id, errors),
    )
    .await
}

/// The organiser cancels the purchase, once it has said what that does.
async fn cancel(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Confirmed>,
) -> Page_ {
    let db = &who.state.db;
    let purchase = purchases::get(db, &id).await?;
    let back = format!("/groupbuy/{id}");
    if let Some(ask) = confirm_first(
        &who.ctx,
        &form,
        Irreversible {
            title: "groupbuy-cancel-title",
            text: who
                .ctx
                .tr
                .t1("groupbuy-cancel-text", "name", &purchase.title),
            confirm: "groupbuy-cancel",
            back: &back,
        },
    ) {
        return Ok(ask);
    }
    let done = crate::settle::cancel(db, &id, &who.member.id).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(back.clone(), "flash-groupbuy-cancelled"),
        |errors| purchase_view(&who, &id, errors),
    )
    .await
}

// ---------- the member's baskets, several purchases at once ----------

#[derive(Template)]
#[template(path = "groupbuy/baskets.html")]
struct BasketsPage {
    page: Page,
    /// Each purchase taking commitments, with the member's basket in it.
    open: Vec<(Purchase, Option<Basket>)>,
    /// The member's baskets in closed purchases.
    closed: Vec<Basket>,
    errors: FormErrors,
}

impl BasketsPage {
    fn quantity(&self, basket: &Option<Basket>, product: &str, prefix: &str) -> String {
        let held = basket
            .as_ref()
            .and_then(|b| b.lines.iter().find(|l| l.product_id == product))
            .map_or(String::new(), |l| {
                if prefix == "q_" {
                    l.quantity
                } else {
                    l.tolerance
                }
                .to_string()
            });
        self.errors.value_or(&format!("{prefix}{product}"), &held)
    }
    fn pickup_selected(
        &self,
        purchase: &str,
        basket: &Option<Basket>,
        pickup: &str,
    ) -> &'static str {
        let shown = basket
            .as_ref()
            .map_or(String::new(), |b| b.pickup_id.clone());
        self.errors
            .selected(&format!("pickup_{purchase}"), pickup, &shown)
    }
    fn unit(&self, unit: &str) -> String {
        self.page.t(&format!("groupbuy-unit-{unit}"))
    }
}

async fn open_purchases(who: &Who) -> Result<Vec<(Purchase, Option<Basket>)>, AppError> {
    let db = &who.state.db;
    let mut open = Vec::new();
    for s in purchases::list(db).await? {
        if s.phase == "closed" {
            continue;
        }
        let purchase = purchases::get(db, &s.id).await?;
        let basket = baskets::basket(db, &who.member.id, &s.id).await?;
        open.push((purchase, basket));
    }
    Ok(open)
}

async fn baskets_view(who: &Who, errors: FormErrors) -> Page_ {
    let open = open_purchases(who).await?;
    let closed = baskets::of_member(&who.state.db, &who.member.id)
        .await?
        .into_iter()
        .filter(|b| b.phase == "closed")
        .collect();
    let view = BasketsPage {
        page: Page::titled(&who.ctx, "groupbuy-baskets-title"),
        open,
        closed,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn baskets_page(who: Who) -> Page_ {
    baskets_view(&who, FormErrors::none()).await
}

/// Every open purchase the form showed (its `shown` fields) where it names
/// a quantity, or where the member already has a basket (emptied:
/// withdrawn), set at once. A purchase the form did not show is left alone.
async fn set_baskets(
    Acting(who): Acting,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let mut wanted = Vec::new();
    let shown: Vec<&str> =
        f.0.iter()
            .filter(|(k, _)| k == "shown")
            .map(|(_, v)| v.as_str())
            .collect();
    for (purchase, basket) in open_purchases(&who).await? {
        let lines = lines_of(&f, &purchase);
        if !shown.contains(&purchase.id.as_str()) || (lines.is_empty() && basket.is_none()) {
            continue;
        }
        wanted.push(PurchaseBasketInput {
            basket: BasketInput {
                pickup_id: f.get(&format!("pickup_{}", purchase.id)).to_owned(),
                lines,
            },
            purchase_id: purchase.id,
        });
    }
    let done = if wanted.is_empty() {
        Err(AppError::field("baskets", "error-groupbuy-baskets"))
    } else {
        baskets::set_many(
            &who.state.db,
            &who.member.id,
            &BasketsInput { baskets: wanted },
        )
        .await
    };
    after_form(
        &who.ctx,
        done,
        |_| Done::to("/groupbuy/baskets", "flash-groupbuy-baskets-saved"),
        |errors| baskets_view(&who, errors),
    )
    .await
}

// ---------- a settled purchase's order and pickup lists ----------

#[derive(Template)]
#[template(path = "groupbuy/order.html")]
struct OrderPage {
    page: Page,
    order: SupplierOrder,
}

impl OrderPage {
    fn unit(&self, unit: &str) -> String {
        self.page.t(&format!("groupbuy-unit-{unit}"))
    }
}

/// The order as the signed-in member may read it.
async fn order_of(who: &Who, id: &str) -> Result<SupplierOrder, AppError> {
    let db = &who.state.db;
    let purchase = purchases::get(db, id).await?;
    let reader = orders::reader(db, &purchase, &who.member.id).await?;
    orders::of_purchase(db, &purchase, reader).await
}

async fn order_page(who: Who, Path(id): Path<String>) -> Page_ {
    let order = order_of(&who, &id).await?;
    let view = OrderPage {
        page: Page::new(
            &who.ctx,
            who.ctx.tr.t1("groupbuy-order-title", "name", &order.title),
        ),
        order,
    };
    Ok(html_status(StatusCode::OK, &view))
}

/// A file to download.
fn download(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn order_pdf(who: Who, Path(id): Path<String>) -> Page_ {
    let order = order_of(&who, &id).await?;
    Ok(download(
        orders::pdf(&order, &who.ctx.tr)?,
        "application/pdf",
        "order.pdf",
    ))
}

async fn order_csv(who: Who, Path(id): Path<String>) -> Page_ {
    let order = order_of(&who, &id).await?;
    Ok(download(
        orders::csv(&order, &who.ctx.tr)?,
        "text/csv; charset=utf-8",
        "order.csv",
    ))
}

// ---------- energy group purchases ----------

#[derive(Template)]
#[template(path = "groupbuy/energy_list.html")]
struct EnergyListPage {
    page: Page,
    campaigns: Vec<Campaign>,
    /// The collectives the member coordinates: (id, name).
    collectives: Vec<(String, String)>,
    errors: FormErrors,
}

async fn energy_list_view(who: &Who, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let collectives = coordinated(who).await?;
    let view = EnergyListPage {
        page: Page::titled(&who.ctx, "energy-title"),
        campaigns: energy::list(db, &who.member.id).await?,
        collectives,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn energy_list(who: Who) -> Page_ {
    energy_list_view(&who, FormErrors::none()).await
}

/// A price of a kWh typed in euros ("0,2516"), in ten-thousandths of a
/// euro; a refusal names `field`.
pub fn kwh_price(text: &str, field: &'static str) -> Result<i64, AppError> {
    let bad = || AppError::field(field, "error-energy-kwh-price");
    let text = text.trim().replace(',', ".");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.len() > 4 {
        return Err(bad());
    }
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || whole.len() > 3 {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let fraction: i64 = format!("{fraction:0<4}").parse().map_err(|_| bad())?;
    Ok(whole * 10_000 + fraction)
}

async fn create_energy(
    Acting(who): Acting,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let tz = who.member.time_zone.clone();
    let input = || -> Result<CampaignInput, AppError> {
        Ok(CampaignInput {
            title: f.get("title").to_owned(),
            description: f.get("description").to_owned(),
            collective_id: Some(f.get("collective_id").to_owned()),
            energy: f.get("energy").to_owned(),
            specification: f.get("specification").to_owned(),
            registration_until: parse_local(
                f.get("registration_until"),
                &tz,
                "registration_until",
            )?,
            offers_until: parse_local(f.get("offers_until"), &tz, "offers_until")?,
            reference_name: f.get("reference_name").to_owned(),
            reference_kwh_price: kwh_price(f.get("reference_kwh_price"), "reference_kwh_price")?,
            reference_subscription: web::render::amount_field(
                f.get("reference_subscription"),
                "reference_subscription",
            )? as i64,
        })
    };
    let done = match input() {
        Ok(input) => energy::create(&who.state.db, &who.member.id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |c| Done::to(format!("/groupbuy/energy/{}", c.id), "flash-energy-created"),
        |errors| energy_list_view(&who, errors),
    )
    .await
}

#[derive(Template)]
#[template(path = "groupbuy/energy.html")]
struct EnergyPage {
    page: Page,
    campaign: Campaign,
    household: Option<Household>,
    runs: bool,
    errors: FormErrors,
}

impl EnergyPage {
    /// A price of a kWh in ten-thousandths of a euro, as people read it.
    fn kwh(&self, price: &i64) -> String {
        let euros = format!("{}.{:04}", price / 10_000, price % 10_000);
        match self.page.tr.lang {
            kernel::i18n::Lang::Fr => format!("{} €", euros.replace('.', ",")),
            _ => format!("€{euros}"),
        }
    }
    /// A household field as the form shows it: what was typed if this
    /// form was refused, else what is registered.
    fn household_value(&self, field: &str) -> String {
        let registered = match (&self.household, field) {
            (Some(h), "yearly_kwh") => h.yearly_kwh.to_string(),
            (Some(h), "commune") => h.commune.clone(),
            _ => String::new(),
        };
        self.errors.of("/household").value_or(field, &registered)
    }
    fn meter(&self) -> &str {
        self.household.as_ref().map_or("base", |h| h.meter.as_str())
    }
}

async fn energy_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let campaign = energy::get(db, id, &who.member.id).await?;
    let household = energy::household(db, &campaign, &who.member.id).await?;
    let runs = energy::runs(db, &campaign, &who.member.id).await?;
    let view = EnergyPage {
        page: Page::new(&who.ctx, campaign.title.clone()),
        campaign,
        household,
        runs,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn energy_page(who: Who, Path(id): Path<String>) -> Page_ {
    energy_view(&who, &id, FormErrors::none()).await
}

async fn energy_register(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = HouseholdInput {
        yearly_kwh: f.get("yearly_kwh").trim().parse().unwrap_or(-1),
        meter: f.get("meter").to_owned(),
        commune: f.get("commune").to_owned(),
    };
    let done = energy::register(&who.state.db, &who.member.id, &id, &input).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/groupbuy/energy/{id}"), "flash-energy-registered"),
        |errors| energy_view(&who, &id, errors),
    )
    .await
}

async fn energy_offer(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = || -> Result<OfferInput, AppError> {
        Ok(OfferInput {
            supplier_name: f.get("supplier_name").to_owned(),
            green: f.has("green"),
            kwh_price: kwh_price(f.get("kwh_price"), "kwh_price")?,
            subscription: web::render::amount_field(f.get("subscription"), "subscription")? as i64,
            note: f.get("note").to_owned(),
        })
    };
    let done = match input() {
        Ok(input) => energy::add_offer(&who.state.db, &who.member.id, &id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/groupbuy/energy/{id}"), "flash-energy-offer-added"),
        |errors| energy_view(&who, &id, errors),
    )
    .await
}

#[derive(serde::Deserialize)]
struct WinnerForm {
    offer_id: String,
    #[serde(flatten)]
    confirmed: Confirmed,
}

async fn energy_winner(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<WinnerForm>,
) -> Page_ {
    let db = &who.state.db;
    let campaign = energy::get(db, &id, &who.member.id).await?;
    if !energy::runs(db, &campaign, &who.member.id).await? {
        return Err(AppError::Forbidden);
    }
    let back = format!("/groupbuy/energy/{id}");
    let name = campaign
        .offers
        .iter()
        .find(|o| o.id == form.offer_id)
        .map_or(String::new(), |o| o.supplier_name.clone());
    if let Some(ask) = confirm_first(
        &who.ctx,
        &form.confirmed,
        Irreversible {
            title: "energy-publish-title",
            text: who.ctx.tr.t1("energy-publish-text", "name", &name),
            confirm: "energy-publish",
            back: &back,
        },
    ) {
        return Ok(ask);
    }
    let done = energy::publish(db, &who.member.id, &id, &form.offer_id).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(back.clone(), "flash-energy-published"),
        |errors| energy_view(&who, &id, errors),
    )
    .await
}

#[derive(serde::Deserialize)]
struct DecisionForm {
    subscribe: String,
}

async fn energy_decision(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Page_ {
    let subscribe = form.subscribe == "yes";
    let done = energy::decide(&who.state.db, &who.member.id, &id, subscribe).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/groupbuy/energy/{id}"), "flash-energy-decided"),
        |errors| energy_view(&who, &id, errors),
    )
    .await
}

async fn energy_subscribers(who: Who, Path(id): Path<String>) -> Page_ {
    let csv = energy::subscribers_csv(&who.state.db, &who.member.id, &id).await?;
    Ok(download(csv, "text/csv; charset=utf-8", "subscribers.csv"))
}
