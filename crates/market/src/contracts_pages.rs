//! The pages of AMAP contracts: a shop's contracts and the form that
//! offers one; a contract with its products, distributions, volunteers'
//! roster and the subscription form (the subscribers and waiting list for
//! those who run the shop); the member's subscriptions; a subscription's
//! schedule of distributions and of payments, with absences, baskets
//! handed over, the co-holder, edits, pause and end. Merged into the
//! module's routes.

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

use crate::catalogue::Product;
use crate::contracts::{
    self, AbsenceInput, Contract, ContractInput, ContractVariantInput, HandedBasket, LinesInput,
    MemberInput, MoveInput, QuantityInput, RoleInput, RosterRole, SubscribeInput, Subscriber,
    Subscription,
};
use crate::shops::{self, Shop};

type Page_ = Result<Response, AppError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/market/shops/{id}/contracts",
            get(contracts_page).post(create_contract),
        )
        .route("/market/contracts/{id}", get(contract_page))
        .route("/market/contracts/{id}/subscribe", post(subscribe))
        .route("/market/contracts/{id}/roles", post(add_role))
        .route(
            "/market/contracts/{id}/distributions/{distribution}/move",
            post(move_distribution),
        )
        .route(
            "/market/contracts/{id}/distributions/{distribution}/cancel",
            post(cancel_distribution),
        )
        .route(
            "/market/contracts/{id}/roles/{role}/volunteer",
            post(volunteer),
        )
        .route("/market/subscriptions", get(subscriptions_page))
        .route("/market/subscriptions/{id}", get(subscription_page))
        .route("/market/subscriptions/{id}/basket", post(set_basket))
        .route("/market/subscriptions/{id}/co-member", post(set_co_member))
        .route("/market/subscriptions/{id}/pause", post(pause))
        .route("/market/subscriptions/{id}/resume", post(resume))
        .route("/market/subscriptions/{id}/end", post(end))
        .route(
            "/market/subscriptions/{id}/instalments/{number}/pay",
            post(pay_instalment),
        )
        .route(
            "/market/subscriptions/{id}/baskets/{distribution}/absence",
            post(absence),
        )
        .route(
            "/market/subscriptions/{id}/baskets/{distribution}/handed-to",
            post(hand_over),
        )
        .route(
            "/market/subscriptions/{id}/baskets/{distribution}/order",
            post(order),
        )
}

/// The quantities a form posted as `q_{variant}` fields, for the
/// contract's products; what is not a whole number is out of bounds.
fn quantities(f: &Fields, contract: &Contract) -> Vec<QuantityInput> {
    contract
        .variants
        .iter()
        .filter_map(|v| {
            let raw = f.get(&format!("q_{}", v.variant_id)).trim();
            (!raw.is_empty()).then(|| QuantityInput {
                variant_id: v.variant_id.clone(),
                quantity: raw.parse().unwrap_or(-1),
            })
        })
        .collect()
}

fn size_of(page: &Page, unit: &str, size: i64) -> String {
    crate::pages::size_label(&page.tr, unit, size)
}

// ---------- a shop's contracts ----------

#[derive(Template)]
#[template(path = "market/contracts.html")]
struct ContractsPage {
    page: Page,
    shop: Shop,
    contracts: Vec<Contract>,
    runs: bool,
    /// The producers one may offer a contract for, with their products.
    sellers: Vec<(String, String, Vec<Product>)>,
    errors: FormErrors,
}

impl ContractsPage {
    fn size(&self, unit: &str, size: &i64) -> String {
        size_of(&self.page, unit, *size)
    }
    fn variant_checked(&self, variant: &str) -> &'static str {
        if self.errors.value(&format!("v_{variant}")).is_empty() {
            ""
        } else {
            " checked"
        }
    }
    fn max_value(&self, variant: &str) -> String {
        self.errors.value_or(&format!("max_{variant}"), "1")
    }
    fn every(&self) -> &'static [&'static str] {
        contracts::EVERY
    }
    fn plans(&self) -> &'static [&'static str] {
        &["1", "3", "12"]
    }
    fn plan_checked(&self, plan: &str) -> &'static str {
        let name = format!("plan_{plan}");
        if !self.errors.any() && plan == "1" || !self.errors.value(&name).is_empty() {
            " checked"
        } else {
            ""
        }
    }
}

async fn contracts_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let shop = shops::shop(db, id).await?;
    let runs = shops::runs(db, &shop, &who.member.id).await?;
    let mut sellers = Vec::new();
    if runs {
        for s in crate::sellers::list(db).await? {
            if shop.organisation_id.as_ref().is_some_and(|o| o != &s.id) {
                continue;
            }
            let products = crate::catalogue::of_seller(db, &s.id).await?;
            if !products.is_empty() {
                sellers.push((s.id.clone(), s.name.clone(), products));
            }
        }
    }
    let view = ContractsPage {
        page: Page::new(
            &who.ctx,
            who.ctx.tr.t1("market-contracts-title", "name", &shop.name),
        ),
        contracts: contracts::of_shop(db, id).await?,
        shop,
        runs,
        sellers,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn contracts_page(who: Who, Path(id): Path<String>) -> Page_ {
    contracts_view(&who, &id, FormErrors::none()).await
}

async fn create_contract(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let number = |name: &str| -> i64 { f.get(name).trim().parse().unwrap_or(-1) };
    let variants =
        f.0.iter()
            .filter_map(|(k, v)| {
                let variant = k.strip_prefix("v_")?;
                (!v.is_empty()).then(|| ContractVariantInput {
                    variant_id: variant.to_owned(),
                    max_quantity: number(&format!("max_{variant}")),
                })
            })
            .collect();
    let input = ContractInput {
        name: f.get("name").to_owned(),
        description: f.get("description").to_owned(),
        seller_id: f.get("seller_id").to_owned(),
        kind: f.get("kind").to_owned(),
        starts_on: f.get("starts_on").to_owned(),
        ends_on: f.get("ends_on").to_owned(),
        every: f.get("every").to_owned(),
        place: f.get("place").to_owned(),
        starts_time: f.get("starts_time").to_owned(),
        ends_time: f.get("ends_time").to_owned(),
        capacity: match f.get("capacity").trim() {
            "" => None,
            _ => Some(number("capacity")),
        },
        absences_max: number("absences_max"),
        deadline_days: number("deadline_days"),
        plans: ["1", "3", "12"]
            .iter()
            .filter(|p| f.has(&format!("plan_{p}")))
            .filter_map(|p| p.parse().ok())
            .collect(),
        variants,
    };
    let done = contracts::create(&who.state.db, &who.member.id, &id, &input).await;
    after_form(
        &who.ctx,
        done,
        |c| {
            Done::to(
                format!("/market/contracts/{}", c.id),
                "flash-contract-created",
            )
        },
        |errors| contracts_view(&who, &id, errors),
    )
    .await
}

// ---------- a contract ----------

#[derive(Template)]
#[template(path = "market/contract.html")]
struct ContractPage {
    page: Page,
    contract: Contract,
    runs: bool,
    mine: Option<Subscription>,
    roster: Vec<RosterRole>,
    subscribers: Vec<Subscriber>,
    people: Vec<(String, String)>,
    available: i64,
    now: i64,
    /// A subscriber, co-holder or runner: may volunteer, sees who does.
    volunteers: bool,
    errors: FormErrors,
}

impl ContractPage {
    fn size(&self, unit: &str, size: &i64) -> String {
        size_of(&self.page, unit, *size)
    }
    fn roles_of(&self, distribution: &str) -> Vec<&RosterRole> {
        self.roster
            .iter()
            .filter(|r| r.distribution_id == distribution)
            .collect()
    }
    fn signed(&self, role: &RosterRole) -> bool {
        role.volunteers
            .iter()
            .any(|v| v.member_id == self.page.member.as_ref().map_or("", |m| m.id.as_str()))
    }
    fn may_volunteer(&self) -> bool {
        self.volunteers
    }
    fn typed(&self, variant: &str) -> String {
        self.errors.value_or(&format!("q_{variant}"), "0")
    }
    fn plan_checked(&self, plan: &i64) -> bool {
        let first = self.contract.plans.first().map(i64::to_string);
        self.errors
            .value_or("plan", first.as_deref().unwrap_or("1"))
            == plan.to_string()
    }
    fn season_total(&self) -> i64 {
        self.contract
            .distributions
            .iter()
            .filter(|d| d.deadline_at > self.now)
            .count() as i64
    }
    fn open_distributions(&self) -> Vec<&contracts::Distribution> {
        self.contract
            .distributions
            .iter()
            .filter(|d| d.ends_at > self.now && !d.cancelled)
            .collect()
    }
    /// Whether the organisers may still move or cancel it.
    fn changeable(&self, d: &contracts::Distribution) -> bool {
        self.runs && !d.delivered && !d.cancelled && d.ends_at > self.now
    }
    /// Whether the move refused was this distribution's (its form shows
    /// what was typed and the errors).
    fn moving(&self, d: &str) -> bool {
        self.errors.value("distribution_id") == d
    }
    /// A distribution's day as the move form shows it: what was typed when
    /// refused, else its own.
    fn move_value(&self, d: &contracts::Distribution, field: &str) -> String {
        if self.moving(&d.id) {
            return self.errors.value(field).to_string();
        }
        match field {
            "day" => d.day.clone(),
            "starts_time" => self.contract.starts_time.clone(),
            _ => self.contract.ends_time.clone(),
        }
    }
}

async fn contract_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let contract = contracts::get(db, id).await?;
    let runs = contracts::runs(db, &contract, &who.member.id).await?;
    let view = ContractPage {
        page: Page::new(&who.ctx, contract.name.clone()),
        runs,
        mine: contracts::mine(db, &who.member.id, id).await?,
        roster: contracts::roster_for(db, &contract, &who.member.id).await?,
        subscribers: if runs {
            contracts::subscribers(db, &who.member.id, id).await?
        } else {
            Vec::new()
        },
        people: contracts::people(db, &contract, &who.member.id).await?,
        available: kernel::wallet::wallet(db, &who.member.id).await?.available,
        now: kernel::db::now_ms(),
        volunteers: contracts::may_volunteer(db, &contract, &who.member.id).await?,
        contract,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn contract_page(who: Who, Path(id): Path<String>) -> Page_ {
    contract_view(&who, &id, FormErrors::none()).await
}

async fn subscribe(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let contract = contracts::get(&who.state.db, &id).await?;
    let input = SubscribeInput {
        plan: Some(f.get("plan").trim().parse().unwrap_or(0)),
        lines: quantities(&f, &contract),
        co_member_id: Some(f.get("co_member_id").to_owned()),
    };
    let done = contracts::subscribe(
        &who.state.db,
        &who.state.settings.fees,
        &who.member.id,
        &id,
        &input,
    )
    .await;
    after_form(
        &who.ctx,
        done,
        |s| {
            let key = if s.state == "waiting" {
                "flash-contract-waiting"
            } else {
                "flash-contract-subscribed"
            };
            Done::to(format!("/market/subscriptions/{}", s.id), key)
        },
        |errors| contract_view(&who, &id, errors),
    )
    .await
}

async fn add_role(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = RoleInput {
        name: f.get("name").to_owned(),
        needed: f.get("needed").trim().parse().unwrap_or(0),
        every_distribution: f.has("every_distribution"),
    };
    let done = contracts::add_role(
        &who.state.db,
        &who.member.id,
        &id,
        f.get("distribution_id"),
        &input,
    )
    .await;
    after_form(
        &who.ctx,
        done,
        |_| {
            Done::to(
                format!("/market/contracts/{id}#roster"),
                "flash-roster-role-added",
            )
        },
        |errors| contract_view(&who, &id, errors),
    )
    .await
}

async fn volunteer(
    Acting(who): Acting,
    Path((id, role)): Path<(String, String)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let signed = f.get("signed") == "yes";
    let done = contracts::volunteer(&who.state.db, &who.member.id, &id, &role, signed).await;
    after_form(
        &who.ctx,
        done,
        |_| {
            Done::to(
                format!("/market/contracts/{id}#roster"),
                if signed {
                    "flash-roster-signed"
                } else {
                    "flash-roster-withdrawn"
                },
            )
        },
        |errors| contract_view(&who, &id, errors),
    )
    .await
}

async fn move_distribution(
    Acting(who): Acting,
    Path((id, distribution)): Path<(String, String)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = MoveInput {
        day: f.get("day").to_owned(),
        starts_time: f.get("starts_time").to_owned(),
        ends_time: f.get("ends_time").to_owned(),
    };
    let done =
        contracts::move_distribution(&who.state.db, &who.member.id, &id, &distribution, &input)
            .await;
    after_form(
        &who.ctx,
        done,
        |_| {
            Done::to(
                format!("/market/contracts/{id}#roster"),
                "flash-distribution-moved",
            )
        },
        |errors| contract_view(&who, &id, errors),
    )
    .await
}

async fn cancel_distribution(
    Acting(who): Acting,
    Path((id, distribution)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<Confirmed>,
) -> Page_ {
    let contract = contracts::get(&who.state.db, &id).await?;
    let d = contract
        .distributions
        .iter()
        .find(|d| d.id == distribution)
        .ok_or(AppError::NotFound)?;
    let back = format!("/market/contracts/{id}#roster");
    if let Some(ask) = confirm_first(
        &who.ctx,
        &form,
        Irreversible {
            title: "market-distribution-cancel-title",
            text: who.ctx.tr.format(
                "market-distribution-cancel-text",
                &[
                    ("name", contract.name.as_str()),
                    ("day", &kernel::l10n::date(who.ctx.tr.lang, &d.day)),
                ],
            ),
            confirm: "market-distribution-cancel",
            back: &back,
        },
    ) {
        return Ok(ask);
    }
    let done =
        contracts::cancel_distribution(&who.state.db, &who.member.id, &id, &distribution).await;
    after_form(
        &who.ctx,
        done,
        |_| Done::to(back.clone(), "flash-distribution-cancelled"),
        |errors| contract_view(&who, &id, errors),
    )
    .await
}

// ---------- the member's subscriptions ----------

#[derive(Template)]
#[template(path = "market/subscriptions.html")]
struct SubscriptionsPage {
    page: Page,
    subscriptions: Vec<Subscription>,
    handed: Vec<HandedBasket>,
    /// Contracts still taking subscribers, in every shop.
    open: Vec<Contract>,
    me: String,
}

async fn subscriptions_page(who: Who) -> Page_ {
    let db = &who.state.db;
    let view = SubscriptionsPage {
        page: Page::titled(&who.ctx, "market-subscriptions-title"),
        subscriptions: contracts::of_member(db, &who.member.id).await?,
        handed: contracts::handed_to(db, &who.member.id, contracts::Handed::ToCome).await?,
        open: contracts::open(db).await?,
        me: who.member.id.to_string(),
    };
    Ok(html_status(axum::http::StatusCode::OK, &view))
}

// ---------- a subscription ----------

#[derive(Template)]
#[template(path = "market/subscription.html")]
struct SubscriptionPage {
    page: Page,
    sub: Subscription,
    contract: Contract,
    /// Whether the member is the subscriber (who acts on it).
    mine: bool,
    people: Vec<(String, String)>,
    available: i64,
    errors: FormErrors,
}

impl SubscriptionPage {
    fn size(&self, unit: &str, size: &i64) -> String {
        size_of(&self.page, unit, *size)
    }
    /// The quantity of a product a form shows: what was typed when it was
    /// refused, else `shown`.
    fn typed(&self, variant: &str, shown: &i64) -> String {
        self.errors
            .value_or(&format!("q_{variant}"), &shown.to_string())
    }
    fn quantity(&self, variant: &str) -> &i64 {
        self.sub
            .quantities
            .iter()
            .find(|q| q.variant_id == variant)
            .map_or(&0, |q| &q.quantity)
    }
    fn in_basket(&self, b: &contracts::Basket, variant: &str) -> i64 {
        b.lines
            .iter()
            .find(|l| l.variant_id == variant)
            .map_or(0, |l| l.quantity)
    }
    fn contents(&self, b: &contracts::Basket) -> String {
        b.lines
            .iter()
            .map(|l| format!("{} × {}", l.quantity, l.product_name))
            .collect::<Vec<_>>()
            .join(", ")
    }
    fn running(&self) -> bool {
        self.sub.state == "active" || self.sub.state == "paused"
    }
    fn total_paid(&self) -> i64 {
        self.sub
            .baskets
            .iter()
            .filter(|b| b.paid)
            .map(|b| b.to_pay)
            .sum()
    }
    fn total_held(&self) -> i64 {
        self.sub
            .baskets
            .iter()
            .filter(|b| b.held)
            .map(|b| b.to_pay)
            .sum()
    }
}

async fn subscription_view(who: &Who, id: &str, errors: FormErrors) -> Page_ {
    let db = &who.state.db;
    let sub = contracts::get_subscription(db, &who.member.id, id).await?;
    let contract = contracts::get(db, &sub.contract_id).await?;
    let view = SubscriptionPage {
        page: Page::new(
            &who.ctx,
            who.ctx
                .tr
                .t1("market-subscription-title", "name", &contract.name),
        ),
        mine: sub.member_id == who.member.id.as_str(),
        people: contracts::people(db, &contract, &who.member.id).await?,
        available: kernel::wallet::wallet(db, &who.member.id).await?.available,
        sub,
        contract,
        errors,
    };
    Ok(html_status(view.errors.status(), &view))
}

async fn subscription_page(who: Who, Path(id): Path<String>) -> Page_ {
    subscription_view(&who, &id, FormErrors::none()).await
}

/// After an action on a subscription: back to it with `flash`, or the page
/// again with why it was refused.
async fn acted(
    who: &Who,
    id: &str,
    done: Result<Subscription, AppError>,
    flash: &'static str,
) -> Page_ {
    after_form(
        &who.ctx,
        done,
        |s| Done::to(format!("/market/subscriptions/{}", s.id), flash),
        |errors| subscription_view(who, id, errors),
    )
    .await
}

async fn set_basket(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let sub = contracts::get_subscription(&who.state.db, &who.member.id, &id).await?;
    let contract = contracts::get(&who.state.db, &sub.contract_id).await?;
    let input = LinesInput {
        lines: quantities(&f, &contract),
    };
    let done = contracts::set_quantities(&who.state.db, &who.member.id, &id, &input).await;
    acted(&who, &id, done, "flash-subscription-basket").await
}

async fn order(
    Acting(who): Acting,
    Path((id, distribution)): Path<(String, String)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let sub = contracts::get_subscription(&who.state.db, &who.member.id, &id).await?;
    let contract = contracts::get(&who.state.db, &sub.contract_id).await?;
    let input = LinesInput {
        lines: quantities(&f, &contract),
    };
    let done = contracts::order(&who.state.db, &who.member.id, &id, &distribution, &input).await;
    acted(&who, &id, done, "flash-subscription-ordered").await
}

async fn set_co_member(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = MemberInput {
        member_id: Some(f.get("member_id").to_owned()),
    };
    let done = contracts::set_co_member(&who.state.db, &who.member.id, &id, &input).await;
    acted(&who, &id, done, "flash-subscription-co-member").await
}

async fn pause(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<web::render::Empty>,
) -> Page_ {
    let done = contracts::pause(&who.state.db, &who.member.id, &id).await;
    acted(&who, &id, done, "flash-subscription-paused").await
}

async fn resume(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<web::render::Empty>,
) -> Page_ {
    let done = contracts::resume(&who.state.db, &who.member.id, &id).await;
    acted(&who, &id, done, "flash-subscription-resumed").await
}

async fn end(
    Acting(who): Acting,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Confirmed>,
) -> Page_ {
    let sub = contracts::get_subscription(&who.state.db, &who.member.id, &id).await?;
    let back = format!("/market/subscriptions/{id}");
    if let Some(ask) = confirm_first(
        &who.ctx,
        &form,
        Irreversible {
            title: "market-subscription-end-title",
            text: who
                .ctx
                .tr
                .t1("market-subscription-end-text", "name", &sub.contract_name),
            confirm: "market-subscription-end",
            back: &back,
        },
    ) {
        return Ok(ask);
    }
    let done = contracts::end(&who.state.db, &who.member.id, &id).await;
    acted(&who, &id, done, "flash-subscription-ended").await
}

async fn pay_instalment(
    Acting(who): Acting,
    Path((id, number)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<web::render::Empty>,
) -> Page_ {
    let number: i64 = number.parse().map_err(|_| AppError::NotFound)?;
    let done = contracts::pay_instalment(&who.state.db, &who.member.id, &id, number).await;
    acted(&who, &id, done, "flash-instalment-paid").await
}

async fn absence(
    Acting(who): Acting,
    Path((id, distribution)): Path<(String, String)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = AbsenceInput {
        absent: f.get("absent") == "yes",
    };
    let done = contracts::set_absence(
        &who.state.db,
        &who.member.id,
        &id,
        &distribution,
        input.absent,
    )
    .await;
    let flash = if input.absent {
        "flash-absence-declared"
    } else {
        "flash-absence-withdrawn"
    };
    acted(&who, &id, done, flash).await
}

async fn hand_over(
    Acting(who): Acting,
    Path((id, distribution)): Path<(String, String)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Page_ {
    let f = Fields(fields);
    let input = MemberInput {
        member_id: Some(f.get("member_id").to_owned()),
    };
    let done =
        contracts::hand_over(&who.state.db, &who.member.id, &id, &distribution, &input).await;
    acted(&who, &id, done, "flash-basket-handed").await
}
