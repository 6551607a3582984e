//! The module's pages: the market (open cycles, the member's orders, what
//! the member runs), a cycle's shop front with every price's breakdown and
//! the order form, an order with what goes to whom; a seller's profile and
//! catalogue with the product form; a shop, its cycles and the page that
//! runs a cycle (producers, products, pickup points, fees, close).

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kernel::auth::CsrfForm;
use kernel::organisations::{self, OrgRole};
use kernel::{AppError, AppState};
use web::render::{
    Confirmed, Done, Fields, FormErrors, Irreversible, Page, after_form, amount_field,
    confirm_first, decimal, html_status, local_input, parse_local,
};
use web::who::{Acting, Who};

use crate::catalogue::{self, Product, ProductInput, VariantInput};
use crate::catalogue_csv;
use crate::offer::{self, OfferedProduct};
use crate::orders::{self, Mode, Order, OrderInput, OrderLineInput};
use crate::sellers::{self, Seller, SellerInput};
use crate::shops::{
    self, Cycle, CycleInput, CycleState, DeliveryInput, FeeInput, PickupInput, Shop, ShopInput,
    SlotsInput,
};

type Page_ = Result<Response, AppError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/market", get(market_page))
        .route("/market/transparency", get(transparency_page))
        .route("/market/cycles/{id}", get(cycle_page).post(order))
        .route("/market/orders/{id}", get(order_page))
        .route("/market/orders/{id}/cancel", post(cancel))
        .route("/market/sellers/{id}", get(seller_page))
        .route(
            "/market/sellers/{id}/account",
            get(account_page).post(payout),
        )
        .route(
            "/market/sellers/{id}/catalogue",
            get(export_catalogue).post(import_catalogue),
        )
        .route(
            "/market/sellers/{id}/catalogue.dfc",
            post(import_dfc_catalogue),
        )
        .route(
            "/market/sellers/{id}/profile",
            get(profile_page).post(save_profile),
        )
        .route(
            "/market/sellers/{id}/products",
            get(new_product_page).post(create_product),
        )
        .route(
            "/market/products/{id}",
            get(edit_product_page).post(update_product),
        )
        .route(
            "/market/sellers/{id}/photos",
            post(upload_seller_photo).layer(web::uploads::body_limit()),
        )
        .route(
            "/market/products/{id}/photos",
            post(upload_product_photo).layer(web::uploads::body_limit()),
        )
        .route("/market/photos/{id}/{file}", get(photo_file))
        .route("/market/photos/{id}/delete", post(delete_photo))
        .route("/market/photos/{id}/main", post(main_photo))
        .route("/market/shops", get(new_shop_page).post(create_shop))
        .route("/market/shops/{id}", get(shop_page).post(create_cycle))
        .route("/market/cycles/{id}/manage", get(manage_page))
        .route("/market/cycles/{id}/preparation", get(preparation_page))
        .route("/market/cycles/{id}/preparation.csv", get(preparation_csv))
        .route("/market/cycles/{id}/preparation.pdf", get(preparation_pdf))
        .route("/market/cycles/{id}/distribution", get(distribution_page))
        .route("/market/cycles/{id}/donations", post(donate))
        .route("/market/orders/{id}/collected", post(collected))
        .route("/market/orders/{id}/missing", post(missing))
        .route("/market/orders/{id}/replacement", post(replacement))
        .route("/market/cycles/{id}/volunteers", post(volunteer))
        .route(
            "/market/cycles/{id}/volunteers/{member}/remove",
            post(withdraw_volunteer),
        )
        .route("/market/cycles/{id}/sellers", post(add_seller))
        .route("/market/cycles/{id}/offer", post(set_offer))
        .route("/market/cycles/{id}/accept", post(accept_cycle))
        .route("/market/cycles/{id}/hubs", post(add_hub))
        .route("/market/cycles/{id}/hubs/{shop}", get(hub_page))
        .route("/market/cycles/{id}/hubs/{shop}/offer", post(set_hub_offer))
        .route("/market/cycles/{id}/fees/{fee}/remove", post(remove_fee))
        .route("/market/cycles/{id}/pickups", post(add_pickup))
        .route(
            "/market/cycles/{id}/pickups/{pickup}/slots",
            post(set_slots),
        )
        .route("/market/cycles/{id}/delivery", post(set_delivery))
        .route("/market/cycles/{id}/fees", post(add_fee))
        .route("/market/cycles/{id}/close", post(close))
        .route("/market/cycles/{id}/edit", post(edit_cycle))
        .route("/market/sellers/{id}/invoices", get(invoices_page))
        .route("/market/sellers/{id}/deliveries", get(deliveries_page))
        .route("/market/invoices/{id}/pdf", get(invoice_pdf))
        .route("/market/shops/{id}/reports", get(shop_reports))
        .route("/market/shops/{id}/reports/{file}", get(shop_report_csv))
        .route("/market/sellers/{id}/reports", get(seller_reports))
        .route(
            "/market/sellers/{id}/reports/{file}",
            get(seller_report_csv),
        )
        .merge(crate::contracts_pages::routes())
        .merge(crate::regular_pages::routes())
}

// ---------- how things read ----------

/// A variant's size as people read it: "500 g", "1 kg", "75 cl", "1 l",
/// "6 pièces".
pub fn size_label(tr: &kernel::i18n::Tr, unit: &str, size: i64) -> String {
    match unit {
        "g" if size % 1000 == 0 => format!("{} kg", size / 1000),
        "g" => format!("{size} g"),
        "ml" if size % 1000 == 0 => format!("{} l", size / 1000),
        "ml" if size % 10 == 0 => format!("{} cl", size / 10),
        "ml" => format!("{size} ml"),
        _ => tr.t1("market-pieces", "count", &size.to_string()),
    }
}

/// The organisations the member administers (those it may sell for).
async fn administered(who: &Who) -> Result<Vec<organisations::Organisation>, AppError> {
    Ok(
        organisations::list_for_member(&who.state.db, &who.member.id)
            .await?
            .into_iter()
            .filter(|m| m.role == OrgRole::Admin)
            .map(|m| m.organisation)
            .collect(),
    )
}

// ---------- the market ----------

#[derive(Template)]
#[template(path = "market/market.html")]
struct MarketPage {
    page: Page,
    /// Open and upcoming cycles.
    cycles: Vec<Cycle>,
    /// Their distributing hubs: (cycle id, hub's shop id, name).
    hub_fronts: Vec<(String, String, String)>,
    /// The member's orders, with their cycle's name.
    orders: Vec<(Order, String)>,
    /// Organisations the member administers: (id, name, is a seller).
    mine: Vec<(String, String, bool)>,
    /// Shops the member runs.
    shops: Vec<Shop>,
    /// Cycles inviting a producer the member administers: (cycle id,
    /// cycle, shop, producer).
    invitations: Vec<(String, String, String, String)>,
    /// Cycles inviting a hub the member runs to distribute: (cycle id,
    /// cycle name, coordinating shop, hub's shop id, hub's name).
    hub_invitations: Vec<(String, String, String, String, String)>,
    /// The search asked, and what it found.
    search: Search,
    found: Vec<crate::browse::Found>,
    /// Places to count distances from: (value `lat,lon`, name).
    places: Vec<(String, String)>,
}

/// The market's search form, as typed.
#[derive(serde::Deserialize, Default)]
struct Search {
    #[serde(default)]
    q: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    organic: Option<String>,
    #[serde(default)]
    essential: Option<String>,
    #[serde(default)]
    claim: String,
    /// `lat,lon` of a known place.
    #[serde(default)]
    near: String,
    #[serde(default)]
    km: String,
}

impl Search {
    fn asked(&self) -> bool {
        !self.q.trim().is_empty()
            || !self.category.is_empty()
            || self.organic.is_some()
            || self.essential.is_some()
            || !self.claim.is_empty()
            || !self.near.is_empty()
    }

    fn filter(&self) -> crate::browse::Filter {
        let (lat, lon) = self
            .near
            .split_once(',')
            .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)))
            .map_or((None, None), |(a, b)| (Some(a), Some(b)));
        crate::browse::Filter {
            q: Some(self.q.clone()),
            category: Some(self.category.clone()).filter(|c| !c.is_empty()),
            organic: self.organic.as_ref().map(|_| true),
            essential: self.essential.as_ref().map(|_| true),
            claim: Some(self.claim.clone()).filter(|c| !c.is_empty()),
            lat,
            lon,
            km: self.km.trim().parse().ok(),
        }
    }
}

impl MarketPage {
    fn categories(&self) -> &'static [&'static str] {
        catalogue::CATEGORIES
    }
    fn claims(&self) -> &'static [&'static str] {
        sellers::CLAIMS
    }
    fn km(&self, distance: &Option<f64>) -> String {
        match distance {
            Some(d) if *d < 10.0 => format!("{d:.1} km").replace('.', self.point()),
            Some(d) => format!("{d:.0} km"),
            None => String::new(),
        }
    }
    fn point(&self) -> &'static str {
        if self.page.tr.code() == "fr" {
            ","
        } else {
            "."
        }
    }
}

async fn market_page(
    who: Who,
    axum::extract::Query(search): axum::extract::Query<Search>,
) -> Page_ {
    let db = &who.state.db;
    let found = if search.asked() {
        crate::browse::browse(db, &search.filter()).await?
    } else {
        Vec::new()
    };
    let places = crate::browse::places(db)
        .await?
        .into_iter()
        .map(|(name, lat, lon)| (format!("{lat},{lon}"), name))
        .collect();
    let all = shops::cycles(db, None).await?;
    let name_of = |id: &str| {
        all.iter()
            .find(|c| c.id == id)
            .map(|c| format!("{} · {}", c.shop_name, c.name))
            .unwrap_or_default()
    };
    let orders = orders::of_member(db, &who.member.id)
        .await?
        .into_iter()
        .map(|o| {
            let name = name_of(&o.cycle_id);
            (o, name)
        })
        .collect();
    let sellers = sellers::list(db).await?;
    let mine = administered(&who)
        .await?
        .into_iter()
        .map(|o| {
            let is_seller = sellers.iter().any(|s| s.id == o.id);
            (o.id, o.name, is_seller)
        })
        .collect();
    let mut run = Vec::new();
    for s in shops::shops(db).await? {
        if shops::runs(db, &s, &who.member.id).await? {
            run.push(s);
        }
    }
    let mut cycles: Vec<Cycle> = all
        .into_iter()
        .filter(|c| c.state != CycleState::Closed)
        .collect();
    cycles.sort_by_key(|c| c.closes_at);
    let page = MarketPage {
        page: Page::titled(&who.ctx, "market-title"),
        hub_fronts: shops::hub_fronts(db).await?,
        cycles,
        orders,
        mine,
        shops: run,
        invitations: shops::invitations(db, &who.member.id).await?,
        hub_invitations: shops::hub_invitations(db, &who.member.id).await?,
        search,
        found,
        places,
    };
    Ok(html_status(StatusCode::OK, &page))
}

// ---------- where the money went, for everyone ----------

#[derive(Template)]
#[template(path = "market/transparency.html")]
struct TransparencyPage {
    page: Page,
    report: crate::report::Report,
}

impl TransparencyPage {
    /// A part of what was paid, as a percentage.
    fn share(&self, shares: &crate::report::Shares, part: &i64) -> String {
        self.page.percent(shares.percent_of(*part))
    }
}

async fn transparency_page(
    axum::extract::State(state): axum::extract::State<AppState>,
    ctx: kernel::auth::RequestContext,
) -> Page_ {
    let page = TransparencyPage {
        page: Page::titled(&ctx, "market-transparency-title"),
        report: crate::report::report(&state.db).await?,
    };
    Ok(html_status(StatusCode::OK, &page))
}

// ---------- a cycle's shop front and the order form ----------

#[derive(Template)]
#[template(path = "market/cycle.html")]
struct CyclePage {
    page: Page,
    cycle: Cycle,
    shop: Shop,
    /// The distributing hub whose front this is; none: the coordinating
    /// shop's.
    hub: Option<shops::CycleHub>,
    products: Vec<OfferedProduct>,
    /// The member's live order in the cycle.
    order: Option<Order>,
    /// What the member's wallet can spend now, in cents.
    available: i64,
    runs: bool,
    /// The organisations the member may have its order invoiced to.
    organisations: Vec<organisations::Organisation>,
    /// Communes a delivery address is placed by: (value `lat,lon`, name).
    places: Vec<(String, String)>,
    /// The key of this checkout's card payment: a second post of the same
    /// form is not charged twice.
    payment_id: String,
    /// The distribution's volunteers, for a member who may volunteer.
    volunteers: Option<Vec<crate::distribution::Volunteer>>,
    /// The member's id.
    me: String,
    errors: FormErrors,
}

impl MarketPage {
    /// The distributing hubs of a cycle: (hub's shop id, name).
    fn hubs_of(&self, cycle_id: &str) -> Vec<(&str, &str)> {
        self.hub_fronts
            .iter()
            .filter(|(c, _, _)| c == cycle_id)
            .map(|(_, id, name)| (id.as_str(), name.as_str()))
            .collect()
    }
}

impl CyclePage {
    fn hub_id(&self) -> Option<&str> {
        self.hub.as_ref().map(|h| h.shop_id.as_str())
    }

    /// This front's pickup points (not home delivery).
    fn pickups(&self) -> Vec<&shops::Pickup> {
        self.cycle
            .pickups_of(self.hub_id())
            .filter(|p| p.delivery.is_none())
            .collect()
    }

    /// Home delivery, which the coordinating shop offers.
    fn delivery(&self) -> Option<&shops::Pickup> {
        self.cycle.delivery().filter(|_| self.hub.is_none())
    }

    /// The other fronts of the cycle: the coordinating shop's, if it has
    /// pickup points, and each accepted hub's: (link, name).
    fn fronts(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.hub.is_some() && self.cycle.pickups_of(None).next().is_some() {
            // `hub=` empty: the coordinating shop's front, even for a
            // member whose order is at a hub.
            out.push((
                format!("/market/cycles/{}?hub=", self.cycle.id),
                self.shop.name.clone(),
            ));
        }
        for h in self.cycle.hubs.iter().filter(|h| h.accepted) {
            if Some(h.shop_id.as_str()) != self.hub_id() {
                out.push((
                    format!("/market/cycles/{}?hub={}", self.cycle.id, h.shop_id),
                    h.name.clone(),
                ));
            }
        }
        out
    }

    /// Whether the member is one of the distribution's volunteers.
    fn volunteering(&self) -> bool {
        self.volunteers
            .iter()
            .flatten()
            .any(|v| v.member_id == self.me)
    }

    /// ` checked` for the way of paying the refused form had chosen (the
    /// wallet at first).
    fn payment_checked(&self, way: &str) -> &'static str {
        if self.errors.value_or("payment", "wallet") == way {
            " checked"
        } else {
            ""
        }
    }

    /// ` selected` for the organisation the order is invoiced to.
    fn bill_to_selected(&self, id: &str) -> &'static str {
        let current = self
            .order
            .as_ref()
            .and_then(|o| o.bill_to.clone())
            .unwrap_or_default();
        self.errors.selected("bill_to", id, &current)
    }

    /// The quantity the form shows for a variant: as typed when refused,
    /// else as ordered.
    fn quantity(&self, variant_id: &str) -> String {
        let ordered = self
            .order
            .as_ref()
            .and_then(|o| o.lines.iter().find(|l| l.variant_id == variant_id))
            .map_or(String::new(), |l| l.quantity.to_string());
        self.errors.value_or(&format!("q_{variant_id}"), &ordered)
    }

    /// Whether the member's order holds this variant (then its field stays
    /// even when sold out: the form replaces the order as sent).
    fn ordered(&self, variant_id: &str) -> bool {
        self.order
            .as_ref()
            .is_some_and(|o| o.lines.iter().any(|l| l.variant_id == variant_id))
    }

    fn pickup_checked(&self, pickup_id: &str) -> bool {
        let current = self
            .order
            .as_ref()
            .map(|o| match &o.delivery_address {
                Some(_) => "delivery".to_owned(),
                None => o.pickup_id.clone(),
            })
            .or_else(|| (self.cycle.pickups.len() == 1).then(|| self.cycle.pickups[0].id.clone()))
            .unwrap_or_default();
        self.errors.value_or("pickup_id", &current) == pickup_id
    }

    fn slot_checked(&self, slot_id: &str) -> bool {
        let current = self
            .order
            .as_ref()
            .and_then(|o| o.slot_id.clone())
            .unwrap_or_default();
        self.errors.value_or("slot_id", &current) == slot_id
    }

    /// A slot as the buyer reads it: its times and the places left.
    fn slot_label(&self, slot: &shops::Slot) -> String {
        let times = slot_times(&self.page, slot);
        match slot.left() {
            Some(0) => format!("{times} · {}", self.page.t("market-slot-full")),
            Some(n) => format!(
                "{times} · {}",
                self.page.tr.t1("market-slot-left", "count", &n.to_string())
            ),
            None => times,
        }
    }

    fn delivery_terms(&self, d: &shops::DeliveryTerms) -> String {
        delivery_terms(&self.page, d)
    }

    fn delivery_address(&self) -> String {
        let current = self
            .order
            .as_ref()
            .and_then(|o| o.delivery_address.clone())
            .unwrap_or_default();
        self.errors.value_or("delivery_address", &current)
    }

    fn near_selected(&self, value: &str) -> &'static str {
        self.errors.selected("delivery_near", value, "")
    }

    fn size(&self, unit: &str, size: &i64) -> String {
        size_label(&self.page.tr, unit, *size)
    }

    /// A VAT rate as people read it.
    fn rate(&self, hundredths: &i64) -> String {
        self.page.percent(*hundredths)
    }

    /// Tenths as people write them: "7,5" or "7.5".
    fn tenths(&self, tenths: &i64) -> String {
        let point = if self.page.tr.code() == "fr" {
            ','
        } else {
            '.'
        };
        match tenths % 10 {
            0 => (tenths / 10).to_string(),
            d => format!("{}{point}{d}", tenths / 10),
        }
    }
}

/// A delivery's terms as people read them.
fn delivery_terms(page: &Page, d: &shops::DeliveryTerms) -> String {
    let fee = page.money(&d.fee, kernel::wallet::CURRENCY);
    let mut text = page.tr.format(
        "market-delivery-terms",
        &[("amount", &fee), ("max", &d.max_km.to_string())],
    );
    if let Some(m) = d.minimum {
        let m = page.money(&m, kernel::wallet::CURRENCY);
        text = format!(
            "{text} · {}",
            page.tr.t1("market-delivery-minimum", "amount", &m)
        );
    }
    text
}

/// A slot's times: "Slot 10:00 – 10:30".
fn slot_times(page: &Page, slot: &shops::Slot) -> String {
    page.tr.format(
        "market-slot-at",
        &[
            ("from", &page.time(&slot.starts_at)),
            ("to", &page.time(&slot.ends_at)),
        ],
    )
}

/// Tenths of a kilometre as people write them.
fn km_tenths(page: &Page, tenths: i64) -> String {
    let point = if page.tr.code() == "fr" { ',' } else { '.' };
    format!("{}{point}{}", tenths / 10, tenths % 10)
}

async fn cycle_view(who: &Who, id: &str, hub: Option<&str>, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let cycle = shops::cycle(db, id).await?;
    let shop = shops::shop(db, &cycle.shop_id).await?;
    let order = orders::mine(db, id, &who.member.id).await?;
    // A member with an order at a hub sees that hub's front, unless it
    // asks for the coordinating shop's (`hub` empty).
    let hub = match hub {
        Some("") => None,
        Some(h) => Some(cycle.hub(h).ok_or(AppError::NotFound)?.clone()),
        None => order
            .as_ref()
            .and_then(|o| cycle.hub_of(&o.pickup_id))
            .cloned(),
    };
    let places = if cycle.delivery().is_some() && hub.is_none() {
        crate::browse::places(db)
            .await?
            .into_iter()
            .map(|(name, lat, lon)| (format!("{lat},{lon}"), name))
            .collect()
    } else {
        Vec::new()
    };
    let page = CyclePage {
        places,
        page: Page::new(
            &who.ctx,
            format!(
                "{} · {}",
                hub.as_ref().map_or(&shop.name, |h| &h.name),
                cycle.name
            ),
        ),
        products: offer::offer(db, &cycle, hub.as_ref()).await?,
        order,
        hub,
        available: kernel::wallet::wallet(db, &who.member.id).await?.available,
        runs: shops::runs(db, &shop, &who.member.id).await?,
        me: who.member.id.to_string(),
        volunteers: if shops::may_volunteer_in(db, &cycle, &who.member.id).await? {
            Some(crate::distribution::listed(db, id).await?)
        } else {
            None
        },
        organisations: organisations::list_for_member(db, &who.member.id)
            .await?
            .into_iter()
            .map(|m| m.organisation)
            .collect(),
        cycle,
        shop,
        payment_id: kernel::db::new_id(),
        errors,
    };
    Ok(html_status(page.errors.status(), &page))
}

#[derive(serde::Deserialize)]
struct AtHub {
    #[serde(default)]
    hub: Option<String>,
}

async fn cycle_page(
    who: Who,
    Path(id): Path<String>,
    axum::extract::Query(at): axum::extract::Query<AtHub>,
) -> Page_ {
    cycle_view(&who, &id, at.hub.as_deref(), FormErrors::none()).await
}

/// The order a submitted shop front describes: `q_<variant>` quantities
/// (empty is none) and the pickup point.
fn order_of(f: &Fields) -> Result<OrderInput, AppError> {
    let mut lines = Vec::new();
    for (name, value) in &f.0 {
        let Some(variant_id) = name.strip_prefix("q_") else {
            continue;
        };
        let quantity = match value.trim() {
            "" => 0,
            n => n
                .parse::<i64>()
                .map_err(|_| AppError::field("lines", "error-quantity"))?,
        };
        lines.push(OrderLineInput {
            variant_id: variant_id.to_owned(),
            quantity,
        });
    }
    // Home delivery: the address, placed by its commune (a known place's
    // `lat,lon`, as the search near me takes it).
    let delivery = match f.get("pickup_id") {
        "delivery" => {
            let (latitude, longitude) = f
                .get("delivery_near")
                .split_once(',')
                .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)))
                .ok_or(AppError::field(
                    "delivery_position",
                    "error-delivery-position",
                ))?;
            Some(orders::DeliveryTo {
                address: f.get("delivery_address").to_owned(),
                latitude,
                longitude,
            })
        }
        _ => None,
    };
    Ok(OrderInput {
        pickup_id: match delivery {
            Some(_) => String::new(),
            None => f.get("pickup_id").to_owned(),
        },
        slot_id: Some(f.get("slot_id").to_owned()).filter(|s| !s.is_empty()),
        delivery,
        lines,
        bill_to: Some(f.get("bill_to").to_owned()),
        card: match f.get("payment") {
            "demo" => Some(orders::CardPayment {
                provider: orders::Provider::Demo,
                id: f.get("payment_id").to_owned(),
            }),
            "" | "wallet" => None,
            _ => return Err(AppError::field("payment", "error-provider-unknown")),
        },
    })
}

async fn order(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    // Said as a change when there was an order to change.
    let changing = orders::mine(&who.state.db, &id, &who.member.id)
        .await
        .is_ok_and(|o| o.is_some());
    let placed = match order_of(&f) {
        Ok(input) => {
            orders::place(
                &who.state.db,
                &who.state.settings.fees,
                &who.member.id,
                &id,
                &input,
                Mode::Replace,
            )
            .await
        }
        Err(e) => Err(e),
    };
    let tr = who.ctx.tr.clone();
    after_form(
        &who.ctx,
        placed,
        |o| {
            let said = if changing {
                "flash-order-changed"
            } else {
                "flash-order-placed"
            };
            Done::to(format!("/market/orders/{}", o.id), said).with(
                "amount",
                kernel::l10n::money(tr.lang, o.to_pay, kernel::wallet::CURRENCY),
            )
        },
        |errors| cycle_view(&who, &id, Some(f.get("hub")), errors),
    )
    .await
}

// ---------- an order ----------

#[derive(Template)]
#[template(path = "market/order.html")]
struct OrderPage {
    page: Page,
    order: Order,
    cycle: Cycle,
    mine: bool,
    /// The buyer's invoices of it, once its money is taken.
    invoices: Vec<crate::invoices::Invoice>,
}

impl OrderPage {
    fn pickup(&self) -> Option<&shops::Pickup> {
        self.cycle
            .pickups
            .iter()
            .find(|p| p.id == self.order.pickup_id)
    }

    fn slot(&self) -> Option<&shops::Slot> {
        let id = self.order.slot_id.as_deref()?;
        self.cycle.slot(id).map(|(_, s)| s)
    }

    fn slot_times(&self, slot: &shops::Slot) -> String {
        slot_times(&self.page, slot)
    }

    /// How far the delivery goes, as people read it.
    fn distance(&self) -> Option<String> {
        let tenths = self.order.delivery_km_tenths?;
        Some(self.page.tr.t1(
            "market-delivery-distance",
            "distance",
            &km_tenths(&self.page, tenths),
        ))
    }

    fn size(&self, unit: &str, size: &i64) -> String {
        size_label(&self.page.tr, unit, *size)
    }

    fn line_total(&self, line: &orders::OrderLine) -> String {
        self.page
            .money(&(line.unit_price * line.quantity), kernel::wallet::CURRENCY)
    }

    fn product_of(&self, variant_id: &Option<String>) -> String {
        variant_id
            .as_ref()
            .and_then(|v| self.order.lines.iter().find(|l| &l.variant_id == v))
            .map(|l| l.product_name.clone())
            .unwrap_or_else(|| self.page.t("market-on-the-order"))
    }

    /// The platform's fee less its solidarity share, and that share.
    fn platform_parts(&self) -> (i64, i64) {
        let solidarity = self.order.solidarity;
        (self.order.platform_fee - solidarity, solidarity)
    }
}

async fn order_page(who: Who, Path(id): Path<String>) -> Page_ {
    let db = &who.state.db;
    let order = orders::get(db, &who.member.id, &id).await?;
    let page = OrderPage {
        page: Page::new(
            &who.ctx,
            who.ctx.tr.t1("market-order-title", "number", &order.number),
        ),
        cycle: shops::cycle(db, &order.cycle_id).await?,
        mine: order.buyer_id == who.member.id.as_str(),
        invoices: if order.buyer_id == who.member.id.as_str() {
            crate::invoices::of_order(db, &order.id).await?
        } else {
            Vec::new()
        },
        order,
    };
    Ok(html_status(StatusCode::OK, &page))
}

async fn cancel(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<web::render::Empty>,
) -> Page_ {
    let cancelled = orders::cancel(&who.state.db, &who.member.id, &id).await?;
    Ok(axum::response::IntoResponse::into_response(Done::to(
        format!("/market/cycles/{}", cancelled.cycle_id),
        "flash-order-cancelled",
    )))
}

// ---------- invoices ----------

#[derive(Template)]
#[template(path = "market/invoices.html")]
struct InvoicesPage {
    page: Page,
    seller: Seller,
    invoices: Vec<crate::invoices::Invoice>,
}

impl InvoicesPage {
    fn date(&self, ms: &i64) -> String {
        crate::invoice_pdf::issue_dates(self.page.tr.lang, *ms).0
    }
}

async fn invoices_page(who: Who, Path(id): Path<String>) -> Page_ {
    let db = &who.state.db;
    let invoices = crate::invoices::of_seller(db, &who.member.id, &id).await?;
    let seller = sellers::get(db, &id).await?;
    let page = InvoicesPage {
        page: Page::new(
            &who.ctx,
            who.ctx.tr.t1("market-invoices-title", "name", &seller.name),
        ),
        seller,
        invoices,
    };
    Ok(html_status(StatusCode::OK, &page))
}

async fn invoice_pdf(who: Who, Path(id): Path<String>) -> Page_ {
    Ok(crate::invoices::pdf_response(
        crate::invoices::pdf(&who.state.db, &who.member.id, &id, &who.ctx.tr).await?,
    ))
}

// ---------- a seller: its page, its profile, its products ----------

#[derive(Template)]
#[template(path = "market/seller.html")]
struct SellerPage {
    page: Page,
    seller: Seller,
    products: Vec<Product>,
    admin: bool,
    errors: FormErrors,
}

impl SellerPage {
    fn size(&self, unit: &str, size: &i64) -> String {
        size_label(&self.page.tr, unit, *size)
    }

    /// The VAT a product sells at: none under the franchise.
    fn rate(&self, hundredths: &i64) -> String {
        match self.seller.vat_number {
            Some(_) => self.page.percent(*hundredths),
            None => self.page.percent(0),
        }
    }
}

async fn seller_page(who: Who, Path(id): Path<String>) -> Page_ {
    seller_view(&who, &id, FormErrors::none()).await
}

async fn seller_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let (db, id) = (&who.state.db, id.to_owned());
    let seller = match sellers::get(db, &id).await {
        Ok(s) => s,
        // An administrator of an organisation that does not sell yet is
        // asked for its profile.
        Err(AppError::NotFound)
            if sellers::require_admin(db, &id, &who.member.id)
                .await
                .is_ok() =>
        {
            return Ok(web::render::see_other(&format!(
                "/market/sellers/{id}/profile"
            )));
        }
        Err(e) => return Err(e),
    };
    let page = SellerPage {
        page: Page::new(&who.ctx, seller.name.clone()),
        products: catalogue::of_seller(db, &id).await?,
        admin: sellers::require_admin(db, &id, &who.member.id)
            .await
            .is_ok(),
        seller,
        errors,
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn export_catalogue(who: Who, Path(id): Path<String>) -> Page_ {
    sellers::get(&who.state.db, &id).await?;
    let products = catalogue::of_seller(&who.state.db, &id).await?;
    Ok(crate::api::csv_file(
        catalogue_csv::export(&products),
        "catalogue.csv",
    ))
}

/// The file of an upload form; none when no file or an empty one was sent.
async fn uploaded(who: &Who, form: &mut Multipart) -> Result<Option<axum::body::Bytes>, AppError> {
    Ok(web::uploads::read(who, form).await?.file)
}

/// The catalogue file comes as multipart form data, with the CSRF token.
async fn import_catalogue(
    Acting(who): Acting,
    Path(id): Path<String>,
    mut form: Multipart,
) -> Page_ {
    let imported = match uploaded(&who, &mut form).await? {
        Some(bytes) => catalogue_csv::import(&who.state.db, &who.member.id, &id, &bytes).await,
        None => Err(AppError::field("file", "error-required")),
    };
    after_form(
        &who.ctx,
        imported,
        |done| {
            Done::to(format!("/market/sellers/{id}"), "flash-catalogue-imported")
                .with("created", done.created.to_string())
                .with("updated", done.updated.to_string())
        },
        |errors| seller_view(&who, &id, errors),
    )
    .await
}

/// A DFC catalogue (JSON-LD) comes as multipart form data, with the CSRF
/// token; its errors name each supplied product by its place in the file.
async fn import_dfc_catalogue(
    Acting(who): Acting,
    Path(id): Path<String>,
    mut form: Multipart,
) -> Page_ {
    let imported = match uploaded(&who, &mut form).await? {
        Some(bytes) => crate::dfc::import(&who.state.db, &who.member.id, &id, &bytes).await,
        None => Err(AppError::field("file", "error-required")),
    };
    after_form(
        &who.ctx,
        imported,
        |done| {
            Done::to(format!("/market/sellers/{id}"), "flash-catalogue-imported")
                .with("created", done.created.to_string())
                .with("updated", done.updated.to_string())
        },
        |mut errors| {
            errors.general = Some(who.ctx.tr.t("market-dfc-refused"));
            seller_view(&who, &id, errors)
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "market/profile.html")]
struct ProfilePage {
    page: Page,
    id: String,
    name: String,
    f: Fields,
    claims: &'static [&'static str],
    errors: FormErrors,
}

async fn profile_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    sellers::require_admin(db, id, &who.member.id).await?;
    let organisation = organisations::get(db, id).await?;
    let f = match sellers::get(db, id).await {
        Ok(s) => {
            let mut f = vec![
                ("legal_name".to_owned(), s.legal_name),
                ("vat_number".to_owned(), s.vat_number.unwrap_or_default()),
                ("description".to_owned(), s.description),
            ];
            f.extend(
                s.claims
                    .into_iter()
                    .map(|c| (format!("claim_{c}"), "on".into())),
            );
            f
        }
        Err(_) => vec![("legal_name".to_owned(), organisation.name.clone())],
    };
    let page = ProfilePage {
        page: Page::titled(&who.ctx, "market-profile-title"),
        id: id.to_owned(),
        name: organisation.name,
        f: Fields(f),
        claims: sellers::CLAIMS,
        errors,
    };
    Ok(html_status(page.errors.status(), &page))
}

impl ProfilePage {
    fn claimed(&self, claim: &&str) -> bool {
        let field = format!("claim_{claim}");
        if self.errors.any() {
            !self.errors.value(&field).is_empty()
        } else {
            self.f.has(&field)
        }
    }
}

async fn profile_page(who: Who, Path(id): Path<String>) -> Page_ {
    profile_view(&who, &id, FormErrors::none()).await
}

async fn save_profile(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = SellerInput {
        legal_name: f.get("legal_name").to_owned(),
        vat_number: Some(f.get("vat_number").to_owned()),
        description: f.get("description").to_owned(),
        claims: sellers::CLAIMS
            .iter()
            .filter(|c| f.has(&format!("claim_{c}")))
            .map(|c| (*c).to_owned())
            .collect(),
    };
    let saved = sellers::set_profile(&who.state.db, &who.member.id, &id, &input).await;
    after_form(
        &who.ctx,
        saved,
        |s| Done::to(format!("/market/sellers/{}", s.id), "flash-seller-saved"),
        |errors| profile_view(&who, &id, errors),
    )
    .await
}

/// One variant row of the product form.
struct VariantRow {
    index: usize,
    id: String,
    unit: String,
    size: String,
    weight: String,
    price: String,
    stock_mode: String,
    stock: String,
    /// The stock the form was shown with (a change applies the difference).
    stock_was: String,
    sku: String,
}

#[derive(Template)]
#[template(path = "market/product_form.html")]
struct ProductForm {
    page: Page,
    action: String,
    seller: Seller,
    f: Fields,
    rows: Vec<VariantRow>,
    editing: bool,
    /// The product's photos, when editing one.
    photos: Vec<crate::photos::Photo>,
    product_id: String,
    errors: FormErrors,
}

impl ProductForm {
    fn categories(&self) -> &'static [&'static str] {
        catalogue::CATEGORIES
    }
    fn labels(&self) -> &'static [&'static str] {
        catalogue::ORGANIC_LABELS
    }
    fn allergens(&self) -> &'static [&'static str] {
        catalogue::ALLERGENS
    }
    fn units(&self) -> &'static [&'static str] {
        catalogue::UNITS
    }
    fn stock_modes(&self) -> &'static [&'static str] {
        catalogue::STOCK_MODES
    }
    fn vat_rates(&self) -> Vec<(u16, String)> {
        pricing::VatRate::FRENCH
            .iter()
            .map(|r| (*r, self.page.percent(i64::from(*r))))
            .collect()
    }
    fn has(&self, field: &str) -> bool {
        self.f.has(field)
    }
    fn is(&self, field: &str, value: &str) -> bool {
        self.f.get(field) == value
    }
    fn allergen(&self, code: &str) -> bool {
        self.f.has(&format!("allergen_{code}"))
    }
    fn any_allergen(&self) -> bool {
        catalogue::ALLERGENS.iter().any(|a| self.allergen(a))
    }
}

const VARIANT_ROWS: usize = 1;

async fn product_view(
    who: &Who,
    seller_id: &str,
    action: String,
    f: Fields,
    product: Option<&Product>,
    errors: FormErrors,
) -> Page_ {
    let db = &who.state.db;
    sellers::require_admin(db, seller_id, &who.member.id).await?;
    let editing = product.is_some();
    let seller = sellers::get(db, seller_id).await?;
    let rows = (0..f.rows(
        "v_size_",
        ("variant_rows", "add_variant"),
        (VARIANT_ROWS, catalogue::MAX_VARIANTS),
    ))
        .map(|i| {
            let get = |name: &str| f.get(&format!("v_{name}_{i}")).to_owned();
            VariantRow {
                index: i,
                id: get("id"),
                unit: get("unit"),
                size: get("size"),
                weight: get("weight"),
                price: get("price"),
                stock_mode: get("stock_mode"),
                stock: get("stock"),
                stock_was: get("stock_was"),
                sku: get("sku"),
            }
        })
        .collect();
    let title = if editing {
        "market-product-edit-title"
    } else {
        "market-product-new-title"
    };
    let page = ProductForm {
        page: Page::titled(&who.ctx, title),
        action,
        seller,
        f,
        rows,
        editing,
        photos: product.map(|p| p.photos.clone()).unwrap_or_default(),
        product_id: product.map(|p| p.id.clone()).unwrap_or_default(),
        errors,
    };
    Ok(html_status(page.errors.status(), &page))
}

/// A whole number typed in a form; empty is none.
fn number(text: &str, field: &'static str, key: &'static str) -> Result<Option<i64>, AppError> {
    match text.trim() {
        "" => Ok(None),
        n => n.parse().map(Some).map_err(|_| AppError::field(field, key)),
    }
}

/// The product a submitted form describes.
fn product_of(f: &Fields) -> Result<ProductInput, AppError> {
    let mut variants = Vec::new();
    for i in 0..catalogue::MAX_VARIANTS {
        let get = |name: &str| f.get(&format!("v_{name}_{i}"));
        if get("size").trim().is_empty() && get("price").trim().is_empty() {
            continue;
        }
        let price = amount_field(get("price"), "variants")
            .map_err(|_| AppError::field("variants", "error-variant-price"))?;
        variants.push(VariantInput {
            id: Some(get("id").to_owned()).filter(|v| !v.is_empty()),
            unit: get("unit").to_owned(),
            size: number(get("size"), "variants", "error-variant-size")?.unwrap_or(0),
            weight_g: number(get("weight"), "variants", "error-variant-weight")?,
            price: price as i64,
            stock_mode: get("stock_mode").to_owned(),
            stock: number(get("stock"), "variants", "error-variant-stock")?,
            stock_was: number(get("stock_was"), "variants", "error-variant-stock")?,
            sku: get("sku").to_owned(),
        });
    }
    // The repairability index is typed as people read it (7.5 of 10).
    let repairability = match f.get("repairability").trim().replace(',', ".") {
        t if t.is_empty() => None,
        t => Some(
            t.parse::<f64>()
                .ok()
                .filter(|r| (0.0..=10.0).contains(r))
                .map(|r| (r * 10.0).round() as i64)
                .ok_or(AppError::field(
                    "repairability",
                    "error-product-repairability",
                ))?,
        ),
    };
    Ok(ProductInput {
        name: f.get("name").to_owned(),
        description: f.get("description").to_owned(),
        category: f.get("category").to_owned(),
        vat_rate: f
            .get("vat_rate")
            .parse()
            .map_err(|_| AppError::field("vat_rate", "error-vat-rate"))?,
        organic_label: Some(f.get("organic_label").to_owned()).filter(|l| !l.is_empty()),
        origin: f.get("origin").to_owned(),
        carbon_g: number(f.get("carbon_g"), "carbon_g", "error-product-carbon")?,
        repairability,
        essential: f.has("essential"),
        allergens: catalogue::ALLERGENS
            .iter()
            .filter(|a| f.has(&format!("allergen_{a}")))
            .map(|a| (*a).to_owned())
            .collect(),
        variants,
    })
}

/// A product as its form shows it.
fn product_fields(tr: &kernel::i18n::Tr, p: &Product) -> Fields {
    let mut f = vec![
        ("name".to_owned(), p.name.clone()),
        ("description".to_owned(), p.description.clone()),
        ("category".to_owned(), p.category.clone()),
        ("vat_rate".to_owned(), p.vat_rate.to_string()),
        (
            "organic_label".to_owned(),
            p.organic_label.clone().unwrap_or_default(),
        ),
        ("origin".to_owned(), p.origin.clone()),
        (
            "carbon_g".to_owned(),
            p.carbon_g.map(|c| c.to_string()).unwrap_or_default(),
        ),
        (
            "repairability".to_owned(),
            p.repairability
                .map(|r| format!("{}", r as f64 / 10.0))
                .unwrap_or_default(),
        ),
    ];
    if p.essential {
        f.push(("essential".into(), "on".into()));
    }
    for a in &p.allergens {
        f.push((format!("allergen_{a}"), "on".into()));
    }
    for (i, v) in p.variants.iter().enumerate() {
        let mut put = |name: &str, value: String| f.push((format!("v_{name}_{i}"), value));
        put("id", v.id.clone());
        put("unit", v.unit.clone());
        put("size", v.size.to_string());
        put(
            "weight",
            v.weight_g.map(|w| w.to_string()).unwrap_or_default(),
        );
        put("price", decimal(tr, v.price as u64));
        put("stock_mode", v.stock_mode.clone());
        put("stock", v.stock.map(|s| s.to_string()).unwrap_or_default());
        put(
            "stock_was",
            v.stock.map(|s| s.to_string()).unwrap_or_default(),
        );
        put("sku", v.sku.clone());
    }
    f.push(("variant_rows".into(), p.variants.len().to_string()));
    Fields(f)
}

async fn new_product_page(who: Who, Path(id): Path<String>) -> Page_ {
    let f = Fields(vec![
        ("vat_rate".into(), "550".into()),
        ("v_unit_0".into(), "g".into()),
        ("v_stock_mode_0".into(), "count".into()),
    ]);
    let action = format!("/market/sellers/{id}/products");
    product_view(&who, &id, action, f, None, FormErrors::none()).await
}

async fn create_product(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let action = format!("/market/sellers/{id}/products");
    if f.has("redisplay") {
        return product_view(&who, &id, action, f, None, FormErrors::none()).await;
    }
    let created = match product_of(&f) {
        Ok(input) => catalogue::create(&who.state.db, &who.member.id, &id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        created,
        |p| {
            Done::to(
                format!("/market/sellers/{}#p-{}", p.seller_id, p.id),
                "flash-product-saved",
            )
        },
        |errors| product_view(&who, &id, action.clone(), f, None, errors),
    )
    .await
}

async fn edit_product_page(who: Who, Path(id): Path<String>) -> Page_ {
    let product = catalogue::get(&who.state.db, &id).await?;
    let f = product_fields(&who.ctx.tr, &product);
    let action = format!("/market/products/{id}");
    product_view(
        &who,
        &product.seller_id,
        action,
        f,
        Some(&product),
        FormErrors::none(),
    )
    .await
}

async fn update_product(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let product = catalogue::get(&who.state.db, &id).await?;
    let action = format!("/market/products/{id}");
    if f.has("redisplay") {
        return product_view(
            &who,
            &product.seller_id,
            action,
            f,
            Some(&product),
            FormErrors::none(),
        )
        .await;
    }
    let updated = match product_of(&f) {
        Ok(input) => catalogue::update(&who.state.db, &who.member.id, &id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        updated,
        |p| {
            Done::to(
                format!("/market/sellers/{}#p-{}", p.seller_id, p.id),
                "flash-product-saved",
            )
        },
        |errors| {
            product_view(
                &who,
                &product.seller_id,
                action.clone(),
                f,
                Some(&product),
                errors,
            )
        },
    )
    .await
}

// ---------- photos of a seller's profile and of its products ----------

/// The photo comes as multipart form data, with the CSRF token.
async fn upload_seller_photo(
    Acting(who): Acting,
    Path(id): Path<String>,
    mut form: Multipart,
) -> Page_ {
    let db = &who.state.db;
    let added = match uploaded(&who, &mut form).await? {
        Some(bytes) => {
            let owner = crate::photos::Owner::Seller(&id);
            crate::photos::add(db, &who.member.id, owner, &bytes).await
        }
        None => Err(AppError::field("file", "error-required")),
    };
    after_form(
        &who.ctx,
        added,
        |_| Done::to(format!("/market/sellers/{id}#photos"), "flash-photo-added"),
        |errors| seller_view(&who, &id, errors),
    )
    .await
}

async fn upload_product_photo(
    Acting(who): Acting,
    Path(id): Path<String>,
    mut form: Multipart,
) -> Page_ {
    let db = &who.state.db;
    let added = match uploaded(&who, &mut form).await? {
        Some(bytes) => {
            let owner = crate::photos::Owner::Product(&id);
            crate::photos::add(db, &who.member.id, owner, &bytes).await
        }
        None => Err(AppError::field("file", "error-required")),
    };
    after_form(
        &who.ctx,
        added,
        |_| Done::to(format!("/market/products/{id}#photos"), "flash-photo-added"),
        |errors| async {
            let product = catalogue::get(db, &id).await?;
            let f = product_fields(&who.ctx.tr, &product);
            let action = format!("/market/products/{id}");
            product_view(&who, &product.seller_id, action, f, Some(&product), errors).await
        },
    )
    .await
}

async fn delete_photo(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let place = crate::photos::delete(&who.state.db, &who.member.id, &id).await?;
    Ok(axum::response::IntoResponse::into_response(Done::to(
        place.page(),
        "flash-photo-deleted",
    )))
}

async fn main_photo(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let place = crate::photos::make_main(&who.state.db, &who.member.id, &id).await?;
    Ok(axum::response::IntoResponse::into_response(Done::to(
        place.page(),
        "flash-photo-main",
    )))
}

/// A photo's file, public as the catalogues that show it. Its URL names
/// its content's hash, so it never changes: cached for a year.
async fn photo_file(
    axum::extract::State(state): axum::extract::State<AppState>,
    Path((id, file)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> Page_ {
    use axum::http::header;
    use axum::response::IntoResponse;
    let name = file.strip_suffix(".jpg").ok_or(AppError::NotFound)?;
    let (hash, thumb) = match name.strip_suffix("-thumb") {
        Some(hash) => (hash, true),
        None => (name, false),
    };
    let etag = format!("\"{name}\"");
    let bytes = crate::photos::file(&state.db, &id, hash, thumb).await?;
    let cache = [
        (
            header::CACHE_CONTROL,
            "public, max-age=31536000, immutable".to_owned(),
        ),
        (header::ETAG, etag.clone()),
    ];
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((
        cache,
        [(header::CONTENT_TYPE, "image/jpeg".to_owned())],
        bytes,
    )
        .into_response())
}

// ---------- a seller's account: what its sales brought in ----------

#[derive(Template)]
#[template(path = "market/account.html")]
struct AccountPage {
    page: Page,
    seller: Seller,
    account: kernel::wallet::TreasuryView,
    payouts: Vec<kernel::bank::Payout>,
    /// The payout form's idempotency key.
    form_id: String,
    errors: FormErrors,
}

async fn account_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let account = kernel::wallet::organisation_account(db, id, &who.member.id).await?;
    let seller = sellers::get(db, id).await?;
    let page = AccountPage {
        page: Page::new(
            &who.ctx,
            who.ctx.tr.t1("market-account-title", "name", &seller.name),
        ),
        payouts: kernel::bank::payouts_of_organisation(db, id, &who.member.id).await?,
        form_id: kernel::db::new_id(),
        seller,
        account,
        errors,
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn account_page(who: Who, Path(id): Path<String>) -> Page_ {
    account_view(&who, &id, FormErrors::none()).await
}

async fn payout(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let bank = who.state.settings.bank.as_ref();
    let done = match kernel::wallet::parse_amount(f.get("amount")) {
        Ok(amount) => {
            let request = kernel::bank::PayoutRequest {
                client_id: f.get("id"),
                destination: kernel::bank::Destination::Bank {
                    name: f.get("name"),
                    iban: f.get("iban"),
                    bic: f.get("bic"),
                },
                amount,
                reason: f.get("reason"),
            };
            kernel::bank::request_organisation_payout(
                &who.state.db,
                bank,
                &who.member.id,
                &id,
                &request,
            )
            .await
        }
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        done,
        |_| {
            Done::to(
                format!("/market/sellers/{id}/account"),
                "flash-withdrawal-requested",
            )
        },
        |errors| account_view(&who, &id, errors),
    )
    .await
}

// ---------- shops ----------

#[derive(Template)]
#[template(path = "market/shop_new.html")]
struct NewShopPage {
    page: Page,
    /// Who may run it: (`c:<collective>` or `o:<organisation>`, name).
    owners: Vec<(String, String)>,
    errors: FormErrors,
}

async fn new_shop_view(who: &Who, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let mut owners = Vec::new();
    for m in kernel::collectives::memberships_of(db, &who.member.id).await? {
        if m.left_at.is_none() && !m.is_project && m.role == kernel::collectives::Role::Coordinator
        {
            owners.push((format!("c:{}", m.collective_id), m.name));
        }
    }
    let sellers = sellers::list(db).await?;
    for o in administered(who).await? {
        if sellers.iter().any(|s| s.id == o.id) {
            owners.push((format!("o:{}", o.id), o.name));
        }
    }
    let page = NewShopPage {
        page: Page::titled(&who.ctx, "market-shop-new-title"),
        owners,
        errors,
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn new_shop_page(who: Who) -> Page_ {
    new_shop_view(&who, FormErrors::none()).await
}

async fn create_shop(
    Acting(who): Acting,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let owner = f.get("owner");
    let input = ShopInput {
        name: f.get("name").to_owned(),
        description: f.get("description").to_owned(),
        collective_id: owner.strip_prefix("c:").map(str::to_owned),
        organisation_id: owner.strip_prefix("o:").map(str::to_owned),
        address: f.get("address").to_owned(),
        latitude: None,
        longitude: None,
    };
    let created = shops::create_shop(&who.state.db, &who.member.id, &input)
        .await
        .map_err(|e| match e {
            AppError::Validation(_) if owner.is_empty() => {
                AppError::field("owner", "error-shop-owner")
            }
            other => other,
        });
    after_form(
        &who.ctx,
        created,
        |s| Done::to(format!("/market/shops/{}", s.id), "flash-shop-created"),
        |errors| new_shop_view(&who, errors),
    )
    .await
}

#[derive(Template)]
#[template(path = "market/shop.html")]
struct ShopPage {
    page: Page,
    shop: Shop,
    cycles: Vec<Cycle>,
    /// The cycles it distributes for another shop.
    distributed: Vec<Cycle>,
    runs: bool,
    /// The new cycle form's first values.
    opens: String,
    closes: String,
    errors: FormErrors,
}

async fn shop_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let shop = shops::shop(db, id).await?;
    let page = Page::new(&who.ctx, shop.name.clone());
    let now = kernel::db::now_ms();
    let day = 24 * 3600 * 1000;
    let view = ShopPage {
        // Open from now (to the minute) for a week, unless changed.
        opens: local_input(&page, now - now % 60_000),
        closes: local_input(&page, now - now % (3600 * 1000) + 7 * day),
        page,
        cycles: shops::cycles(db, Some(id)).await?,
        distributed: shops::distributed(db, id).await?,
        runs: shops::runs(db, &shop, &who.member.id).await?,
        shop,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn shop_page(who: Who, Path(id): Path<String>) -> Page_ {
    shop_view(&who, &id, FormErrors::none()).await
}

async fn create_cycle(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = cycle_of(&f, &who.member.time_zone, &[]);
    let created = match input {
        Ok(input) => shops::create_cycle(&who.state.db, &who.member.id, &id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &who.ctx,
        created,
        |c| {
            Done::to(
                format!("/market/cycles/{}/manage", c.id),
                "flash-cycle-created",
            )
        },
        |errors| shop_view(&who, &id, errors),
    )
    .await
}

/// The cycle a submitted form describes: its times in the member's zone,
/// its turnover cap in euros, and the cap of each of `variant_ids` (the
/// form of a cycle that offers them) in `cap_<variant>`, empty for none.
fn cycle_of(f: &Fields, tz: &str, variant_ids: &[String]) -> Result<CycleInput, AppError> {
    let max_turnover = match f.get("max_turnover").trim() {
        "" => None,
        t => Some(
            amount_field(t, "max_turnover")
                .map_err(|_| AppError::field("max_turnover", "error-cap-max-turnover"))?
                as i64,
        ),
    };
    let mut variant_caps = Vec::new();
    for v in variant_ids {
        if let Some(max_quantity) = number(
            f.get(&format!("cap_{v}")),
            "variant_caps",
            "error-cap-max-quantity",
        )? {
            variant_caps.push(shops::VariantCapInput {
                variant_id: v.clone(),
                max_quantity,
            });
        }
    }
    Ok(CycleInput {
        name: f.get("name").to_owned(),
        opens_at: parse_local(f.get("opens_at"), tz, "opens_at")?,
        closes_at: parse_local(f.get("closes_at"), tz, "closes_at")?,
        capture: Some(f.get("capture").to_owned()).filter(|c| !c.is_empty()),
        max_orders: number(f.get("max_orders"), "max_orders", "error-cap-max-orders")?,
        max_turnover,
        remind_hours: number(
            f.get("remind_hours"),
            "remind_hours",
            "error-cycle-remind-hours",
        )?,
        variant_caps: Some(variant_caps),
    })
}

/// Those who run the shop change the cycle: its name, times, caps and
/// reminder.
async fn edit_cycle(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let db = &who.state.db;
    let done = match shops::cycle(db, &id).await {
        Ok(c) => match cycle_of(&f, &who.member.time_zone, &c.variant_ids) {
            Ok(input) => shops::update_cycle(db, &who.member.id, &id, &input).await,
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    managed(&who, &id, done, "flash-cycle-saved").await
}

// ---------- what to prepare ----------

#[derive(Template)]
#[template(path = "market/preparation.html")]
struct PreparationPage {
    page: Page,
    cycle: Cycle,
    preparation: crate::preparation::Preparation,
}

impl PreparationPage {
    fn size(&self, unit: &str, size: &i64) -> String {
        size_label(&self.page.tr, unit, *size)
    }
    fn slot(&self, from: &i64, to: &i64) -> String {
        self.page.tr.format(
            "market-slot-at",
            &[("from", &self.page.time(from)), ("to", &self.page.time(to))],
        )
    }
}

#[derive(Template)]
#[template(path = "market/deliveries.html")]
struct DeliveriesPage {
    page: Page,
    seller: Seller,
    deliveries: crate::preparation::Deliveries,
}

impl DeliveriesPage {
    fn size(&self, unit: &str, size: &i64) -> String {
        size_label(&self.page.tr, unit, *size)
    }
}

/// A producer's deliveries to come, across every hub it sells through.
async fn deliveries_page(who: Who, Path(id): Path<String>) -> Page_ {
    let db = &who.state.db;
    let deliveries = crate::preparation::deliveries(db, &who.member.id, &id).await?;
    let seller = sellers::get(db, &id).await?;
    let page = DeliveriesPage {
        page: Page::new(
            &who.ctx,
            who.ctx
                .tr
                .t1("market-deliveries-title", "name", &seller.name),
        ),
        seller,
        deliveries,
    };
    Ok(html_status(StatusCode::OK, &page))
}

async fn preparation_page(who: Who, Path(id): Path<String>) -> Page_ {
    let db = &who.state.db;
    let preparation = crate::preparation::preparation(db, &who.member.id, &id).await?;
    let cycle = shops::cycle(db, &id).await?;
    let page = PreparationPage {
        page: Page::new(
            &who.ctx,
            who.ctx
                .tr
                .t1("market-preparation-title", "name", &cycle.name),
        ),
        cycle,
        preparation,
    };
    Ok(html_status(StatusCode::OK, &page))
}

async fn preparation_pdf(who: Who, Path(id): Path<String>) -> Page_ {
    let db = &who.state.db;
    let preparation = crate::preparation::preparation(db, &who.member.id, &id).await?;
    let cycle = shops::cycle(db, &id).await?;
    let title = who.ctx.tr.t1(
        "market-preparation-title",
        "name",
        &format!("{} · {}", cycle.shop_name, cycle.name),
    );
    let file = crate::preparation::pdf(&preparation, &title, &who.ctx.tr, &who.member.time_zone)?;
    Ok(crate::invoices::pdf_response((
        file,
        "preparation.pdf".to_owned(),
    )))
}

async fn preparation_csv(who: Who, Path(id): Path<String>) -> Page_ {
    let preparation = crate::preparation::preparation(&who.state.db, &who.member.id, &id).await?;
    Ok(crate::api::csv_file(
        crate::preparation::csv(&preparation, &who.member.time_zone),
        "preparation.csv",
    ))
}

// ---------- running a cycle ----------

/// A producer of the cycle as the page that runs it shows it: its live
/// variants, each with whether the cycle offers it.
struct Contribution {
    seller_id: String,
    name: String,
    variants: Vec<(String, String, bool)>,
    /// Whether the producer accepted to take part.
    accepted: bool,
    /// Whether the viewer administers the producer (and may accept).
    admin: bool,
    /// Whether the viewer may set what it brings.
    editable: bool,
}

#[derive(Template)]
#[template(path = "market/manage.html")]
struct ManagePage {
    page: Page,
    cycle: Cycle,
    shop: Shop,
    runs: bool,
    /// Sellers not in the cycle yet: (id, name).
    others: Vec<(String, String)>,
    /// Collectives' shops not distributing the cycle yet: (id, name).
    other_hubs: Vec<(String, String)>,
    contributions: Vec<Contribution>,
    /// The producers whose fees the viewer may add: (id, name).
    fee_sellers: Vec<(String, String)>,
    orders: i64,
    sales: i64,
    pickup_start: String,
    pickup_end: String,
    /// The home delivery's form's first values: its terms as they are.
    delivery: [String; 6],
    /// The cycle's form's first values: its times, its turnover cap.
    opens: String,
    closes: String,
    max_turnover: String,
    /// The variants offered, for their caps: (id, label, cap).
    caps: Vec<(String, String, String)>,
    errors: FormErrors,
}

/// A fee's amount as people read it: a percentage or a sum.
fn fee_amount(page: &Page, f: &shops::CycleFee) -> String {
    match f.calculator.as_str() {
        "percent" => page.percent(f.amount),
        _ => page.money(&f.amount, kernel::wallet::CURRENCY),
    }
}

/// France's VAT rates, as a fee's form offers them: (value, label).
fn vat_rates(page: &Page) -> Vec<(u16, String)> {
    pricing::VatRate::FRENCH
        .iter()
        .map(|r| (*r, page.percent(i64::from(*r))))
        .collect()
}

impl ManagePage {
    fn fee_amount(&self, f: &shops::CycleFee) -> String {
        fee_amount(&self.page, f)
    }
    fn fee_payee(&self, f: &shops::CycleFee) -> String {
        if let Some(hub) = f.hub_id.as_ref().and_then(|h| self.cycle.hub(h)) {
            return hub.name.clone();
        }
        f.seller_id
            .as_ref()
            .and_then(|s| self.cycle.sellers.iter().find(|x| &x.id == s))
            .map_or(self.shop.name.clone(), |s| s.name.clone())
    }
    /// How many of the cycle's variants a distributing hub offers.
    fn hub_offers(&self, h: &shops::CycleHub) -> usize {
        h.variant_ids
            .iter()
            .filter(|v| self.cycle.variant_ids.contains(v))
            .count()
    }
    /// A pickup point's hub, when a distributing hub's.
    fn pickup_hub(&self, p: &shops::Pickup) -> Option<&str> {
        p.hub_id
            .as_ref()
            .and_then(|h| self.cycle.hubs.iter().find(|x| &x.shop_id == h))
            .map(|h| h.name.as_str())
    }
    fn max_orders(&self) -> String {
        self.cycle
            .max_orders
            .map(|m| m.to_string())
            .unwrap_or_default()
    }
    fn kinds(&self) -> &'static [&'static str] {
        shops::FEE_KINDS
    }
    fn delivery_terms(&self, d: &shops::DeliveryTerms) -> String {
        delivery_terms(&self.page, d)
    }
    fn slot_label(&self, slot: &shops::Slot) -> String {
        let times = slot_times(&self.page, slot);
        match slot.capacity {
            Some(c) => format!(
                "{times} · {}",
                self.page
                    .tr
                    .t1("market-pickup-capacity", "count", &c.to_string())
            ),
            None => times,
        }
    }
    /// The delivery's name as set, else the usual one.
    fn delivery_name(&self) -> String {
        self.cycle.delivery().map_or_else(
            || self.page.t("market-delivery-default-name"),
            |d| d.place.clone(),
        )
    }
    /// Whether the fee is one of a producer the viewer administers.
    fn owns_fee(&self, f: &shops::CycleFee) -> bool {
        f.seller_id.as_ref().is_some_and(|s| {
            self.contributions
                .iter()
                .any(|c| &c.seller_id == s && c.admin)
        })
    }
    fn calculators(&self) -> &'static [&'static str] {
        shops::CALCULATORS
    }
    fn vat_rates(&self) -> Vec<(u16, String)> {
        vat_rates(&self.page)
    }
}

async fn manage_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let me = &who.member.id;
    let cycle = shops::cycle(db, id).await?;
    let shop = shops::shop(db, &cycle.shop_id).await?;
    let runs = shops::runs(db, &shop, me).await?;
    let mut contributions = Vec::new();
    for s in &cycle.sellers {
        let admin = sellers::require_admin(db, &s.id, me).await.is_ok();
        if !(runs || admin) {
            continue;
        }
        let mut variants = Vec::new();
        for p in catalogue::of_seller(db, &s.id).await? {
            for v in &p.variants {
                let label = format!(
                    "{} · {} · {}",
                    p.name,
                    size_label(&who.ctx.tr, &v.unit, v.size),
                    kernel::l10n::money(who.ctx.tr.lang, v.price, kernel::wallet::CURRENCY)
                );
                variants.push((v.id.clone(), label, cycle.variant_ids.contains(&v.id)));
            }
        }
        contributions.push(Contribution {
            seller_id: s.id.clone(),
            name: s.name.clone(),
            variants,
            accepted: s.accepted,
            admin,
            editable: admin || s.accepted,
        });
    }
    if !runs && contributions.is_empty() {
        return Err(AppError::Forbidden);
    }
    // A producer adds its own fees, once taking part.
    let fee_sellers = contributions
        .iter()
        .filter(|c| c.admin && c.accepted)
        .map(|c| (c.seller_id.clone(), c.name.clone()))
        .collect();
    let others = if runs {
        sellers::list(db)
            .await?
            .into_iter()
            .filter(|s| !cycle.sellers.iter().any(|x| x.id == s.id))
            .map(|s| (s.id, s.name))
            .collect()
    } else {
        Vec::new()
    };
    // The other collectives' shops it may invite to distribute.
    let other_hubs = if runs {
        shops::shops(db)
            .await?
            .into_iter()
            .filter(|s| {
                s.collective_id.is_some()
                    && s.id != cycle.shop_id
                    && !cycle.hubs.iter().any(|h| h.shop_id == s.id)
            })
            .map(|s| (s.id, s.name))
            .collect()
    } else {
        Vec::new()
    };
    let (orders, sales) = orders::count(db, id).await?;
    let page = Page::new(
        &who.ctx,
        who.ctx.tr.t1("market-manage-title", "name", &cycle.name),
    );
    let caps = contributions
        .iter()
        .flat_map(|c| c.variants.iter().filter(|(_, _, on)| *on))
        .map(|(id, label, _)| {
            let cap = cycle
                .variant_cap(id)
                .map(|c| c.max_quantity.to_string())
                .unwrap_or_default();
            (id.clone(), label.clone(), cap)
        })
        .collect();
    let pickup_start = local_input(&page, cycle.closes_at + 24 * 3600 * 1000);
    let pickup_end = local_input(&page, cycle.closes_at + 26 * 3600 * 1000);
    let amount = |cents: i64| kernel::l10n::amount_input(who.ctx.tr.lang, cents as u64);
    // Starts, ends, fee, km, minimum, capacity.
    let delivery = match cycle.delivery() {
        Some(d) => {
            let terms = d.delivery.as_ref();
            [
                local_input(&page, d.starts_at),
                local_input(&page, d.ends_at),
                terms.map(|t| amount(t.fee)).unwrap_or_default(),
                terms.map(|t| t.max_km.to_string()).unwrap_or_default(),
                terms
                    .and_then(|t| t.minimum)
                    .map(amount)
                    .unwrap_or_default(),
                d.capacity.map(|c| c.to_string()).unwrap_or_default(),
            ]
        }
        None => [
            pickup_start.clone(),
            pickup_end.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ],
    };
    let view = ManagePage {
        pickup_start,
        pickup_end,
        delivery,
        opens: local_input(&page, cycle.opens_at),
        closes: local_input(&page, cycle.closes_at),
        max_turnover: cycle
            .max_turnover
            .map(|t| kernel::l10n::amount_input(who.ctx.tr.lang, t as u64))
            .unwrap_or_default(),
        caps,
        page,
        runs,
        others,
        other_hubs,
        contributions,
        fee_sellers,
        orders,
        sales,
        cycle,
        shop,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn manage_page(who: Who, Path(id): Path<String>) -> Page_ {
    manage_view(&who, &id, FormErrors::none()).await
}

/// The end of each form of the page that runs a cycle.
async fn managed<T>(who: &Who, id: &str, done: Result<T, AppError>, key: &'static str) -> Page_ {
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/market/cycles/{id}/manage"), key),
        |errors| manage_view(who, id, errors),
    )
    .await
}

/// The end of a form that a distributing hub's page shares with the page
/// that runs the cycle (`hub` empty): back to the page it came from.
async fn managed_at<T>(
    who: &Who,
    id: &str,
    hub: &str,
    done: Result<T, AppError>,
    key: &'static str,
) -> Page_ {
    if hub.is_empty() {
        return managed(who, id, done, key).await;
    }
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/market/cycles/{id}/hubs/{hub}"), key),
        |errors| hub_view(who, id, hub, errors),
    )
    .await
}

// ---------- a distributing hub ----------

#[derive(Template)]
#[template(path = "market/hub.html")]
struct HubPage {
    page: Page,
    cycle: Cycle,
    hub: shops::CycleHub,
    /// Whether the member runs the coordinating shop.
    runs_cycle: bool,
    /// The cycle's variants: (id, label, offered by the hub).
    variants: Vec<(String, String, bool)>,
    pickup_start: String,
    pickup_end: String,
    errors: FormErrors,
}

impl HubPage {
    fn pickups(&self) -> Vec<&shops::Pickup> {
        self.cycle.pickups_of(Some(&self.hub.shop_id)).collect()
    }
    fn fees(&self) -> Vec<&shops::CycleFee> {
        self.cycle
            .fees
            .iter()
            .filter(|f| f.hub_id.as_deref() == Some(self.hub.shop_id.as_str()))
            .collect()
    }
    fn fee_amount(&self, f: &shops::CycleFee) -> String {
        fee_amount(&self.page, f)
    }
    fn kinds(&self) -> &'static [&'static str] {
        shops::FEE_KINDS
    }
    fn calculators(&self) -> &'static [&'static str] {
        shops::CALCULATORS
    }
    fn vat_rates(&self) -> Vec<(u16, String)> {
        vat_rates(&self.page)
    }
}

/// The page where those who run a hub invited to distribute a cycle choose
/// what it offers, and add its pickup points and fees.
async fn hub_view(who: &Who, id: &str, hub_id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let me = &who.member.id;
    let cycle = shops::cycle(db, id).await?;
    let Some(hub) = cycle.hubs.iter().find(|h| h.shop_id == hub_id).cloned() else {
        return Err(AppError::NotFound);
    };
    let runs_cycle = shops::runs(db, &shops::shop(db, &cycle.shop_id).await?, me).await?;
    if !runs_cycle && !shops::runs(db, &shops::shop(db, hub_id).await?, me).await? {
        return Err(AppError::Forbidden);
    }
    let mut variants = Vec::new();
    for p in offer::offer(db, &cycle, None).await? {
        for v in &p.variants {
            let label = format!(
                "{} · {} · {} · {}",
                p.product.name,
                p.seller_name,
                size_label(&who.ctx.tr, &v.variant.unit, v.variant.size),
                kernel::l10n::money(who.ctx.tr.lang, v.variant.price, kernel::wallet::CURRENCY)
            );
            let on = hub.variant_ids.contains(&v.variant.id);
            variants.push((v.variant.id.clone(), label, on));
        }
    }
    let page = Page::new(
        &who.ctx,
        who.ctx.tr.format(
            "market-hub-title",
            &[("collective", &hub.name), ("name", &cycle.name)],
        ),
    );
    let view = HubPage {
        pickup_start: local_input(&page, cycle.closes_at + 24 * 3600 * 1000),
        pickup_end: local_input(&page, cycle.closes_at + 26 * 3600 * 1000),
        page,
        runs_cycle,
        variants,
        hub,
        cycle,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn hub_page(who: Who, Path((id, hub)): Path<(String, String)>) -> Page_ {
    hub_view(&who, &id, &hub, FormErrors::none()).await
}

async fn add_hub(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = shops::HubInput {
        shop_id: f.get("shop_id").to_owned(),
    };
    let done = shops::add_hub(&who.state.db, &who.member.id, &id, &input).await;
    managed(&who, &id, done, "flash-hub-invited").await
}

/// The variants an offer form checks (`v_<variant>` boxes).
fn checked_variants(f: &Fields) -> Vec<String> {
    f.0.iter()
        .filter_map(|(k, v)| k.strip_prefix("v_").filter(|_| !v.is_empty()))
        .map(str::to_owned)
        .collect()
}

async fn set_hub_offer(
    Acting(who): Acting,
    Path((id, hub)): Path<(String, String)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let variants = checked_variants(&f);
    let done = shops::set_hub_offer(&who.state.db, &who.member.id, &id, &hub, &variants).await;
    managed_at(&who, &id, &hub, done, "flash-hub-offer-saved").await
}

async fn add_seller(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let done = shops::add_seller(&who.state.db, &who.member.id, &id, f.get("seller_id")).await;
    managed(&who, &id, done, "flash-cycle-seller-added").await
}

async fn set_offer(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let variants = checked_variants(&f);
    let done = shops::set_offer(
        &who.state.db,
        &who.member.id,
        &id,
        f.get("seller_id"),
        &variants,
    )
    .await;
    managed(&who, &id, done, "flash-cycle-offer-saved").await
}

async fn accept_cycle(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let done = shops::accept(&who.state.db, &who.member.id, &id, f.get("seller_id")).await;
    managed(&who, &id, done, "flash-cycle-accepted").await
}

async fn remove_fee(
    Acting(who): Acting,
    Path((id, fee)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<web::render::Empty>,
) -> Page_ {
    // Back to the page of the shop whose fee it was.
    let hub = shops::cycle(&who.state.db, &id)
        .await?
        .fees
        .iter()
        .find(|f| f.id == fee)
        .and_then(|f| f.hub_id.clone())
        .unwrap_or_default();
    let done = shops::remove_fee(&who.state.db, &who.member.id, &id, &fee).await;
    managed_at(&who, &id, &hub, done, "flash-cycle-fee-removed").await
}

async fn add_pickup(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let tz = who.member.time_zone.clone();
    let input = (|| -> Result<PickupInput, AppError> {
        Ok(PickupInput {
            place: f.get("place").to_owned(),
            address: f.get("address").to_owned(),
            starts_at: parse_local(f.get("starts_at"), &tz, "starts_at")?,
            ends_at: parse_local(f.get("ends_at"), &tz, "ends_at")?,
            capacity: number(f.get("capacity"), "capacity", "error-pickup-capacity")?,
            hub_id: Some(f.get("hub_id").to_owned()).filter(|h| !h.is_empty()),
        })
    })();
    let done = match input {
        Ok(input) => shops::add_pickup(&who.state.db, &who.member.id, &id, &input).await,
        Err(e) => Err(e),
    };
    managed_at(&who, &id, f.get("hub_id"), done, "flash-cycle-pickup-added").await
}

async fn set_slots(
    Acting(who): Acting,
    Path((id, pickup)): Path<(String, String)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = (|| -> Result<SlotsInput, AppError> {
        Ok(SlotsInput {
            minutes: number(f.get("minutes"), "minutes", "error-slot-minutes")?.unwrap_or(0),
            capacity: number(f.get("capacity"), "capacity", "error-pickup-capacity")?,
        })
    })();
    let done = match input {
        Ok(input) => shops::set_slots(&who.state.db, &who.member.id, &id, &pickup, &input).await,
        Err(e) => Err(e),
    };
    // Back to the page of the shop whose pickup point it is.
    let hub = shops::cycle(&who.state.db, &id)
        .await?
        .pickups
        .iter()
        .find(|p| p.id == pickup)
        .and_then(|p| p.hub_id.clone())
        .unwrap_or_default();
    managed_at(&who, &id, &hub, done, "flash-cycle-slots-set").await
}

async fn set_delivery(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let tz = who.member.time_zone.clone();
    let input = (|| -> Result<DeliveryInput, AppError> {
        let cents = |name: &'static str, key: &'static str| -> Result<Option<i64>, AppError> {
            match f.get(name).trim() {
                "" => Ok(None),
                text => amount_field(text, name)
                    .map(|a| Some(a as i64))
                    .map_err(|_| AppError::field(name, key)),
            }
        };
        Ok(DeliveryInput {
            name: f.get("name").to_owned(),
            starts_at: parse_local(f.get("starts_at"), &tz, "starts_at")?,
            ends_at: parse_local(f.get("ends_at"), &tz, "ends_at")?,
            fee: cents("fee", "error-delivery-fee")?.unwrap_or(0),
            max_km: number(f.get("max_km"), "max_km", "error-delivery-km")?
                .ok_or(AppError::field("max_km", "error-delivery-km"))?,
            minimum: cents("minimum", "error-delivery-minimum")?,
            capacity: number(f.get("capacity"), "capacity", "error-pickup-capacity")?,
        })
    })();
    let done = match input {
        Ok(input) => shops::set_delivery(&who.state.db, &who.member.id, &id, &input).await,
        Err(e) => Err(e),
    };
    managed(&who, &id, done, "flash-cycle-delivery-set").await
}

async fn add_fee(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let calculator = f.get("calculator").to_owned();
    let amount = if calculator == "percent" {
        kernel::fees::parse_percent(f.get("amount"))
            .map(i64::from)
            .ok_or(AppError::field("amount", "error-fee-amount"))
    } else {
        amount_field(f.get("amount"), "amount")
            .map(|a| a as i64)
            .map_err(|_| AppError::field("amount", "error-fee-amount"))
    };
    let done = match amount {
        Ok(amount) => {
            let input = FeeInput {
                seller_id: Some(f.get("seller_id").to_owned()).filter(|s| !s.is_empty()),
                hub_id: Some(f.get("hub_id").to_owned()).filter(|h| !h.is_empty()),
                name: f.get("name").to_owned(),
                kind: f.get("kind").to_owned(),
                calculator,
                amount,
                vat_rate: f.get("vat_rate").parse().ok(),
            };
            shops::add_fee(&who.state.db, &who.member.id, &id, &input).await
        }
        Err(e) => Err(e),
    };
    managed_at(&who, &id, f.get("hub_id"), done, "flash-cycle-fee-added").await
}

async fn close(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Confirmed>,
) -> Page_ {
    let cycle = shops::cycle(&who.state.db, &id).await?;
    let shop = shops::shop(&who.state.db, &cycle.shop_id).await?;
    shops::require_runs(&who.state.db, &shop, &who.member.id).await?;
    let back = format!("/market/cycles/{id}/manage");
    if let Some(ask) = confirm_first(
        &who.ctx,
        &form,
        Irreversible {
            title: "market-close-title",
            text: who.ctx.tr.t1("market-close-text", "name", &cycle.name),
            confirm: "market-close-confirm",
            back: &back,
        },
    ) {
        return Ok(ask);
    }
    let done = orders::close_now(&who.state.db, &who.member.id, &id).await;
    managed(&who, &id, done, "flash-cycle-closed").await
}

// ---------- the distribution ----------

#[derive(Template)]
#[template(path = "market/distribution.html")]
struct DistributionPage {
    page: Page,
    cycle: Cycle,
    orders: Vec<crate::distribution::HandOver>,
    products: Vec<OfferedProduct>,
    donations: Vec<crate::distribution::Donation>,
    /// The key of the donation form: a second tap records nothing more.
    donation_id: String,
    /// Whether the member runs the shop (or only volunteers).
    runs: bool,
    /// The pickup points whose orders the member hands over.
    pickups: Vec<shops::Pickup>,
    /// Whether the member settles its own orders too: it runs the shop,
    /// or the distributing hub they are at.
    settles_own: bool,
    errors: FormErrors,
}

impl DistributionPage {
    fn at(&self, pickup: &str) -> Vec<&crate::distribution::HandOver> {
        self.orders
            .iter()
            .filter(|o| o.pickup_id == pickup)
            .collect()
    }

    fn size(&self, unit: &str, size: &i64) -> String {
        size_label(&self.page.tr, unit, *size)
    }

    fn left(&self, line: &crate::distribution::HandOverLine) -> i64 {
        line.quantity - line.missing - line.replaced
    }

    /// The order's lines that may still be replaced: not replaced yet, and
    /// not all missing.
    fn replaceable<'a>(
        &self,
        o: &'a crate::distribution::HandOver,
    ) -> Vec<&'a crate::distribution::HandOverLine> {
        o.lines
            .iter()
            .filter(|l| l.replacement.is_none() && l.quantity > l.missing)
            .collect()
    }

    /// A slot's heading before the first of its orders (they come sorted
    /// by slot).
    fn slot_heading(&self, o: &crate::distribution::HandOver) -> Option<String> {
        let (Some(from), Some(to)) = (o.slot_starts_at, o.slot_ends_at) else {
            return None;
        };
        let first = self
            .orders
            .iter()
            .find(|x| x.pickup_id == o.pickup_id && x.slot_id == o.slot_id)?;
        (first.order_id == o.order_id).then(|| {
            self.page.tr.format(
                "market-slot-at",
                &[
                    ("from", &self.page.time(&from)),
                    ("to", &self.page.time(&to)),
                ],
            )
        })
    }

    /// How many orders are collected, of how many.
    fn collected(&self) -> String {
        let done = self
            .orders
            .iter()
            .filter(|o| o.state == "collected")
            .count();
        self.page.tr.format(
            "market-distribution-progress",
            &[
                ("done", &done.to_string()),
                ("count", &self.orders.len().to_string()),
            ],
        )
    }
}

async fn distribution_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let me = &who.member.id;
    let orders = crate::distribution::sheet(db, me, id).await?;
    let cycle = shops::cycle(db, id).await?;
    let runs = shops::runs(db, &shops::shop(db, &cycle.shop_id).await?, me).await?;
    // A distributing hub's volunteers see its pickup points and offer.
    let handed = shops::hands_over_in(db, &cycle, me).await?;
    let hub = match &handed {
        shops::HandsOver::Hubs(hubs) => hubs.first().and_then(|h| cycle.hub(h)),
        _ => None,
    };
    let mut runs_hub = false;
    if let shops::HandsOver::Hubs(hubs) = &handed {
        for h in hubs {
            runs_hub |= shops::runs(db, &shops::shop(db, h).await?, me).await?;
        }
    }
    let page = DistributionPage {
        page: Page::new(
            &who.ctx,
            who.ctx
                .tr
                .t1("market-distribution-title", "name", &cycle.name),
        ),
        products: offer::offer(db, &cycle, hub).await?,
        donations: crate::distribution::donations(db, id).await?,
        donation_id: kernel::db::new_id(),
        pickups: cycle
            .pickups
            .iter()
            .filter(|p| handed.covers(&cycle, &p.id))
            .cloned()
            .collect(),
        settles_own: runs || runs_hub,
        runs,
        cycle,
        orders,
        errors,
    };
    Ok(html_status(page.errors.status(), &page))
}

async fn distribution_page(who: Who, Path(id): Path<String>) -> Page_ {
    distribution_view(&who, &id, FormErrors::none()).await
}

/// After a form of the distribution page: back to the order's card, or
/// the page with what was refused.
async fn handed(
    who: &Who,
    cycle: &str,
    anchor: &str,
    done: Result<impl Sized, AppError>,
    key: &'static str,
) -> Page_ {
    after_form(
        &who.ctx,
        done,
        |_| Done::to(format!("/market/cycles/{cycle}/distribution{anchor}"), key),
        |errors| distribution_view(who, cycle, errors),
    )
    .await
}

async fn collected(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<web::render::Empty>,
) -> Page_ {
    let order = orders::get(&who.state.db, &who.member.id, &id).await?;
    let done = orders::collected(&who.state.db, &who.member.id, &id).await;
    handed(
        &who,
        &order.cycle_id,
        &format!("#o-{id}"),
        done,
        "flash-order-collected",
    )
    .await
}

async fn missing(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let order = orders::get(&who.state.db, &who.member.id, &id).await?;
    let f = Fields(fields);
    let lines = (|| -> Result<Vec<OrderLineInput>, AppError> {
        let mut lines = Vec::new();
        for (name, value) in &f.0 {
            if let Some(variant_id) = name.strip_prefix("m_")
                && let Some(quantity) = number(value, "lines", "error-missing-quantity")?
            {
                lines.push(OrderLineInput {
                    variant_id: variant_id.to_owned(),
                    quantity,
                });
            }
        }
        Ok(lines)
    })();
    let done = match lines {
        Ok(lines) => {
            crate::distribution::record_missing(
                &who.state.db,
                &who.member.id,
                &id,
                &crate::distribution::MissingInput { lines },
            )
            .await
        }
        Err(e) => Err(e),
    };
    handed(
        &who,
        &order.cycle_id,
        &format!("#o-{id}"),
        done,
        "flash-order-missing",
    )
    .await
}

async fn replacement(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let order = orders::get(&who.state.db, &who.member.id, &id).await?;
    let f = Fields(fields);
    let quantities =
        number(f.get("quantity"), "quantity", "error-replaced-quantity").and_then(|quantity| {
            Ok((
                quantity,
                number(f.get("by_quantity"), "by_quantity", "error-quantity")?,
            ))
        });
    let done = match quantities {
        Ok((quantity, by_quantity)) => {
            crate::distribution::record_replacement(
                &who.state.db,
                &who.member.id,
                &id,
                &crate::distribution::ReplacementInput {
                    variant_id: f.get("variant_id").to_owned(),
                    quantity: quantity.unwrap_or(0),
                    by_variant_id: f.get("by_variant_id").to_owned(),
                    by_quantity: by_quantity.unwrap_or(0),
                },
            )
            .await
        }
        Err(e) => Err(e),
    };
    handed(
        &who,
        &order.cycle_id,
        &format!("#o-{id}"),
        done,
        "flash-order-replaced",
    )
    .await
}

async fn volunteer(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<web::render::Empty>,
) -> Page_ {
    crate::distribution::volunteer(&who.state.db, &who.member.id, &id).await?;
    Ok(axum::response::IntoResponse::into_response(Done::to(
        format!("/market/cycles/{id}#volunteers"),
        "flash-volunteered",
    )))
}

async fn withdraw_volunteer(
    Acting(who): Acting,
    Path((id, member)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<web::render::Empty>,
) -> Page_ {
    crate::distribution::withdraw(&who.state.db, &who.member.id, &id, &member).await?;
    Ok(axum::response::IntoResponse::into_response(Done::to(
        format!("/market/cycles/{id}#volunteers"),
        "flash-volunteer-withdrawn",
    )))
}

async fn donate(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let done = match number(f.get("quantity"), "quantity", "error-quantity") {
        Ok(quantity) => {
            crate::distribution::donate(
                &who.state.db,
                &who.member.id,
                &id,
                &crate::distribution::DonationInput {
                    variant_id: f.get("variant_id").to_owned(),
                    quantity: quantity.unwrap_or(0),
                    id: Some(f.get("donation_id").to_owned()),
                },
            )
            .await
        }
        Err(e) => Err(e),
    };
    handed(&who, &id, "#leftovers", done, "flash-donated").await
}

// ---------- sales reports ----------

#[derive(Template)]
#[template(path = "market/reports.html")]
struct ReportsPage {
    page: Page,
    /// The shop's or the seller's page: `/market/shops/{id}`.
    base: String,
    name: String,
    /// None when the period asked is refused.
    report: Option<crate::reports::SalesReport>,
    closed_cycles: Vec<crate::reports::CycleChoice>,
    /// The period as typed.
    from: String,
    to: String,
    cycle: String,
    csv_query: String,
    chart: String,
    errors: FormErrors,
}

impl ReportsPage {
    fn size(&self, unit: &str, size: &i64) -> String {
        size_label(&self.page.tr, unit, *size)
    }
    fn eur(&self, cents: &i64) -> String {
        self.page.money(cents, kernel::wallet::CURRENCY)
    }
    /// A CSV link's text, naming its table.
    fn csv_label(&self, table: &str) -> String {
        self.page
            .tr
            .t1("market-report-csv", "name", &self.page.t(table))
    }
    fn chart_cut(&self) -> bool {
        self.report
            .as_ref()
            .is_some_and(|r| r.cycles.len() > crate::reports::CHART_CYCLES)
    }
    fn chart_cycles(&self) -> String {
        crate::reports::CHART_CYCLES.to_string()
    }
    /// A fee's kind, or the platform's fee and the solidarity share.
    fn fee_name(&self, fee: &crate::reports::FeeCollected) -> String {
        match fee.kind.as_str() {
            "platform" => self.page.t("market-report-platform"),
            "solidarity" => self.page.t("market-solidarity"),
            _ => fee.name.clone(),
        }
    }
    fn fee_to(&self, fee: &crate::reports::FeeCollected) -> String {
        match (fee.kind.as_str(), &fee.seller_name) {
            ("platform" | "solidarity", _) => self.page.t("market-report-to-platform"),
            (_, Some(name)) => name.clone(),
            (_, None) => self.name.clone(),
        }
    }
    fn fee_kind(&self, fee: &crate::reports::FeeCollected) -> String {
        match fee.kind.as_str() {
            "platform" | "solidarity" => String::new(),
            kind => self.page.tl("market-fee-kind", kind),
        }
    }
}

async fn reports_view(
    who: &Who,
    scope: crate::reports::Scope<'_>,
    q: crate::reports::ReportQuery,
) -> Page_ {
    use crate::reports::Scope;
    let db = &who.state.db;
    let tz = who.member.time_zone.clone();
    let (report, errors) = match crate::reports::report(db, &who.member.id, scope, &q, &tz).await {
        Ok(r) => (Some(r), FormErrors::none()),
        Err(e) => (None, FormErrors::from_error(&who.ctx, e)?),
    };
    let (name, base) = match scope {
        Scope::Shop(id) => (
            shops::shop(db, id).await?.name,
            format!("/market/shops/{id}"),
        ),
        Scope::Seller(id) => (
            sellers::get(db, id).await?.name,
            format!("/market/sellers/{id}"),
        ),
    };
    let page = Page::new(
        &who.ctx,
        who.ctx.tr.t1("market-report-title", "name", &name),
    );
    let closed_cycles = match &report {
        Some(r) => r.closed_cycles.clone(),
        // Refused: the caller may see the report (else it would be 403).
        None => crate::reports::closed_cycles(db, scope).await?,
    };
    let chart = match &report {
        Some(r) if !r.cycles.is_empty() => crate::reports::chart(
            r,
            who.ctx.tr.lang,
            &tz,
            &who.ctx.tr.t("market-report-chart"),
        ),
        _ => String::new(),
    };
    let view = ReportsPage {
        page,
        base,
        name,
        report,
        closed_cycles,
        from: q.from.clone().unwrap_or_default(),
        to: q.to.clone().unwrap_or_default(),
        cycle: q.cycle.clone().unwrap_or_default(),
        csv_query: q.query_string(),
        chart,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn report_csv(
    who: &Who,
    scope: crate::reports::Scope<'_>,
    file: &str,
    q: crate::reports::ReportQuery,
) -> Page_ {
    let table = file.strip_suffix(".csv").ok_or(AppError::NotFound)?;
    if !crate::reports::TABLES.contains(&table) {
        return Err(AppError::NotFound);
    }
    let tz = &who.member.time_zone;
    let report = crate::reports::report(&who.state.db, &who.member.id, scope, &q, tz).await?;
    let text = crate::reports::csv(&report, table, tz).ok_or(AppError::NotFound)?;
    Ok(crate::api::csv_file(text, &format!("sales-{table}.csv")))
}

async fn shop_reports(
    who: Who,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<crate::reports::ReportQuery>,
) -> Page_ {
    reports_view(&who, crate::reports::Scope::Shop(&id), q).await
}

async fn seller_reports(
    who: Who,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<crate::reports::ReportQuery>,
) -> Page_ {
    reports_view(&who, crate::reports::Scope::Seller(&id), q).await
}

async fn shop_report_csv(
    who: Who,
    Path((id, file)): Path<(String, String)>,
    axum::extract::Query(q): axum::extract::Query<crate::reports::ReportQuery>,
) -> Page_ {
    report_csv(&who, crate::reports::Scope::Shop(&id), &file, q).await
}

async fn seller_report_csv(
    who: Who,
    Path((id, file)): Path<(String, String)>,
    axum::extract::Query(q): axum::extract::Query<crate::reports::ReportQuery>,
) -> Page_ {
    report_csv(&who, crate::reports::Scope::Seller(&id), &file, q).await
}
