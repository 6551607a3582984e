//! The pages of collective decisions: opening one, the ballot form of each
//! method, the receipt, and the result with its charts once closed.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kernel::auth::{Active, CsrfForm, MemberOf, RequestContext, SignedIn};
use kernel::collectives::{self, Collective, College, Role};
use kernel::decisions::discussion;
use kernel::decisions::{
    self, BallotInput, CharterDraft, Decision, DecisionInput, DecisionOption, Effect, Method,
    MethodKind, Receipt, Recipient, Standing, Tally,
};
use kernel::decisions::{
    ApprovalTally, BudgetTally, ConsensusTally, ConsentTally, InstantRunoffTally, JudgmentTally,
    MajorityTally, SchulzeTally, ScoreTally,
};
use kernel::{AppError, AppState, DecisionId, MemberId};
use serde_json::Value;

use crate::charts::{self, Bar};
use crate::render::{Confirmed, Done, Irreversible, after_form, confirm_first};
use crate::render::{
    Fields, FormErrors, Page, amount_field, decimal, html_status, local_input, markdown,
    parse_local,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/collectives/{slug}/decisions/new",
            get(new_page).post(create),
        )
        .route("/decisions/{id}", get(show).post(vote))
        .route("/decisions/{id}/close", axum::routing::post(close_early))
        .route("/decisions/{id}/receipt.txt", get(receipt_file))
        .route(
            "/decisions/{id}/allocation",
            axum::routing::post(decide_allocation),
        )
        .route("/decisions/{id}/comments", axum::routing::post(comment))
        .route(
            "/decisions/comments/{comment}/edit",
            axum::routing::post(edit_comment),
        )
        .route(
            "/decisions/comments/{comment}/hide",
            axum::routing::post(hide_comment),
        )
}

// ---------- words about a decision ----------

/// The method in words, with its parameter: "Majority (2/3)".
fn method_words(page: &Page, m: &Method) -> String {
    let name = page.tl("method", m.kind.code());
    let detail = match m.kind {
        MethodKind::Majority => match m.threshold {
            None | Some((0, _)) => Some(page.t("decision-threshold-simple")),
            Some((1, 2)) => Some(page.t("decision-threshold-absolute")),
            Some((n, d)) => Some(format!("{n}/{d}")),
        },
        MethodKind::Consensus => {
            let (n, d) = m.max_disagree.unwrap_or((1, 4));
            Some(page.tr.t1(
                "decision-max-disagree",
                "share",
                &page.percent(i64::from(n * 100 / d.max(1)) * 100),
            ))
        }
        MethodKind::Score => Some(format!("0–{}", m.scale.unwrap_or(5))),
        MethodKind::Judgment => Some(page.tr.t1(
            "decision-grades",
            "count",
            &judgment_grades(m).to_string(),
        )),
        MethodKind::Schulze if m.full_ranking => Some(page.t("decision-full-ranking")),
        MethodKind::Budget => Some(page.tr.t1(
            "decision-envelope",
            "amount",
            &page.money(&(m.envelope.unwrap_or(0) as i64), "EUR"),
        )),
        _ => None,
    };
    match detail {
        Some(d) => format!("{name} ({d})"),
        None => name,
    }
}

fn judgment_grades(m: &Method) -> u32 {
    m.scale.unwrap_or(6).clamp(2, 10)
}

/// The grades of majority judgment, worst first, named for each number of
/// grades [`judgment_grades`] allows.
fn grade_names(page: &Page, count: u32) -> Vec<String> {
    (0..count)
        .map(|g| page.t(&format!("grade-{count}-{g}")))
        .collect()
}

/// A weight as printed: exact whole numbers.
fn weight(v: &str) -> u128 {
    v.parse().unwrap_or(0)
}

fn option_label(d: &Decision, i: usize) -> Option<String> {
    d.options.get(i).map(|o| o.label.clone())
}

/// The outcome of a closed decision in one sentence, in the page's language.
pub(crate) fn outcome(page: &Page, d: &Decision) -> Option<String> {
    let (key, args) = decisions::outcome(d)?;
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Some(page.tr.format(key, &args))
}

/// What passing does, in words.
fn effect_words(page: &Page, d: &Decision) -> Option<String> {
    match d.effect.as_ref()? {
        Effect::AdoptCharter { .. } => Some(page.t("decision-effect-charter")),
        Effect::Allocate { .. } => Some(page.tr.t1(
            "decision-effect-allocate",
            "amount",
            &page.money(&(d.method.budget.unwrap_or(0) as i64), "EUR"),
        )),
        Effect::Module { message, args, .. } => {
            let args: Vec<(&str, &str)> =
                args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            Some(page.tr.format(message, &args))
        }
    }
}

/// What the effect did, once closed.
fn effect_outcome_words(page: &Page, d: &Decision) -> Option<String> {
    let outcome = d.effect_outcome.as_ref()?;
    if outcome["done"] != true {
        return Some(match outcome["refused"].as_str() {
            Some(code) => page
                .tr
                .t1("decision-effect-refused", "reason", &page.t(code)),
            None => page.t("decision-effect-not-done"),
        });
    }
    Some(match d.effect.as_ref()? {
        Effect::AdoptCharter { .. } => page.tr.t1(
            "decision-effect-charter-done",
            "version",
            &outcome["charter_version"].to_string(),
        ),
        Effect::Allocate { .. } => page.tr.t1(
            "decision-effect-allocate-done",
            "amount",
            &page.money(
                &match &d.result.as_ref()?.tally {
                    Tally::Budget(b) => b.spent as i64,
                    _ => 0,
                },
                "EUR",
            ),
        ),
        Effect::Module { .. } => page.t("decision-effect-module-done"),
    })
}

// ---------- the decision page ----------

/// One option as the ballot form shows it, with what the voter chose.
struct OptionRow {
    index: usize,
    label: String,
    cost: String,
    /// The value chosen (a rank, a score, a grade, an amount), or "".
    value: String,
    /// Chosen (majority) or approved (approval).
    checked: bool,
}

/// A cell of the pairwise table.
struct Cell {
    text: String,
    heat: u8,
    /// The row's option beats the column's head to head.
    wins: bool,
}

struct MatrixRow {
    label: String,
    cells: Vec<Option<Cell>>,
}

/// One counted tally, drawn.
struct Chart {
    title: String,
    svg: String,
    /// Schulze: the pairwise table.
    matrix: Vec<MatrixRow>,
    /// Schulze and majority judgment: the full order, in words.
    ranking: Option<String>,
    /// Instant-runoff: one line per round.
    rounds: Vec<String>,
}

/// A public ballot as the result page lists it.
struct ShownBallot {
    voter: String,
    said: String,
    reason: String,
}

struct Results {
    /// The viewer's receipt (public ballots) and whether it is among the
    /// published ballots.
    yours: Option<(String, bool)>,
    outcome: String,
    /// Public decisions: every ballot with its voter and reason.
    public: Vec<ShownBallot>,
    effect: Option<String>,
    turnout: String,
    charts: Vec<Chart>,
    /// What the charts leave out, and why.
    notes: Vec<String>,
    timeline: Option<String>,
    log_index: Option<i64>,
    ballots: i64,
}

#[derive(Template)]
#[template(path = "decision.html")]
struct DecisionPage {
    page: Page,
    d: Decision,
    back: String,
    collective_name: String,
    context_html: String,
    method: String,
    voters: String,
    effect: Option<String>,
    open: bool,
    not_yet: bool,
    standing: Standing,
    /// For the ballot form.
    kind: &'static str,
    rows: Vec<OptionRow>,
    choice: String,
    reason: String,
    grades: Vec<(usize, String)>,
    score_max: u32,
    ranks: Vec<usize>,
    /// A budget's envelope, in words.
    envelope: String,
    /// Its opener or a coordinator, who may close it once all have voted.
    may_close: bool,
    /// To them, before then: when they may, or when it closes anyway.
    close_when: Option<String>,
    /// A treasurer or coordinator other than its opener, while paying its
    /// budget waits for one.
    may_approve: bool,
    /// Closed without passing: where to amend it and put it again.
    amend: Option<String>,
    /// Just cast: shown once (the key is not stored).
    fresh: Option<Receipt>,
    results: Option<Results>,
    verify: String,
    /// The discussion beside the decision.
    comments: Vec<CommentView>,
    /// A coordinator of the collective, who hides and shows comments.
    moderator: bool,
    errors: FormErrors,
}

/// A comment as the page shows it.
struct CommentView {
    comment: discussion::Comment,
    html: String,
    mine: bool,
    /// Emptied with its author's data: nothing left to show again.
    erased: bool,
    edit_action: String,
}

async fn view(
    state: &AppState,
    ctx: &RequestContext,
    member_id: &MemberId,
    id: &DecisionId,
    submitted: Option<&Fields>,
    fresh: Option<Receipt>,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let d = decisions::get(&state.db, member_id, id).await?;
    let collective = collectives::get(&state.db, &d.collective_id).await?;
    let colleges = collectives::colleges(&state.db, &d.collective_id).await?;
    let standing = decisions::standing(&state.db, member_id, &d).await?;
    let page = Page::new(ctx, d.question.clone());
    let now = kernel::db::now_ms();
    let voters = match &d.college_id {
        Some(college) => page.tr.t1(
            "decision-voters-college",
            "college",
            &college_name(&colleges, college),
        ),
        None => page.t("decision-voters-all"),
    };
    let voters = if d.weighted {
        format!("{voters} {}", page.t("decision-weighted"))
    } else {
        voters
    };
    let prefill = match submitted {
        Some(fields) => Fields(fields.0.clone()),
        None => fields_of_ballot(&page.tr, &d, standing.ballot.as_ref(), &standing.reason),
    };
    let rows = d
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| OptionRow {
            index: i,
            label: o.label.clone(),
            cost: o
                .cost
                .map(|c| page.money(&(c as i64), "EUR"))
                .unwrap_or_default(),
            value: prefill
                .get(&match d.method.kind {
                    MethodKind::Score => format!("score_{i}"),
                    MethodKind::Judgment => format!("grade_{i}"),
                    MethodKind::Budget => format!("amount_{i}"),
                    _ => format!("rank_{i}"),
                })
                .to_owned(),
            checked: prefill.get("choice") == i.to_string() || prefill.has(&format!("approve_{i}")),
        })
        .collect();
    let choice = match d.method.kind {
        MethodKind::Consent => prefill.get("consent"),
        MethodKind::Consensus => prefill.get("stance"),
        _ => prefill.get("choice"),
    }
    .to_owned();
    let grades = grade_names(&page, judgment_grades(&d.method))
        .into_iter()
        .enumerate()
        .rev()
        .collect();
    let results = if d.is_closed() {
        Some(results(state, &page, &d, &colleges, standing.receipt.as_deref()).await?)
    } else {
        None
    };
    let verify = verify_command(
        state,
        &d.id,
        fresh
            .as_ref()
            .map(|r| r.receipt.as_str())
            .or(standing.receipt.as_deref()),
    );
    let role = collectives::role_of(&state.db, &d.collective_id, member_id).await?;
    let open = !d.is_closed() && now >= d.opens_at && now < d.closes_at;
    let left = if open && decisions::may_close_early(&d, member_id, role) {
        Some(decisions::yet_to_vote(state.db.pool(), &d).await?.len() as i64)
    } else {
        None
    };
    let may_close = left == Some(0);
    let close_when = left.filter(|n| *n > 0).map(|n| {
        page.tr.format(
            "decision-close-early-when",
            &[
                ("eligible", &(d.voters + n).to_string()),
                ("voters", &d.voters.to_string()),
                ("date", &page.time(&d.closes_at)),
            ],
        )
    });
    let may_approve = d.allocation_approval == Some(decisions::AllocationApproval::Needed)
        && d.created_by != *member_id
        && role.is_some_and(Role::moves_money);
    let amend = d
        .result
        .as_ref()
        .filter(|r| role.is_some() && d.effect.is_none() && !decisions::passed(&d.method, r))
        .map(|_| {
            format!(
                "/collectives/{}/decisions/new?from={}",
                collective.slug, d.id
            )
        });
    let moderator = role == Some(Role::Coordinator);
    let comments = discussion::of_decision(&state.db, &d.id, moderator)
        .await?
        .into_iter()
        .map(|c| CommentView {
            html: markdown(&c.body),
            mine: c.author_id == *member_id,
            erased: c.hidden && c.body.is_empty(),
            edit_action: format!("/decisions/comments/{}/edit", c.id),
            comment: c,
        })
        .collect();
    let page = DecisionPage {
        comments,
        moderator,
        may_close,
        close_when,
        may_approve,
        amend,
        back: collective.page_path(),
        collective_name: collective.name,
        context_html: markdown(&d.context),
        method: method_words(&page, &d.method),
        voters,
        effect: effect_words(&page, &d),
        open,
        not_yet: now < d.opens_at,
        kind: d.method.kind.code(),
        rows,
        choice,
        reason: prefill.get("reason").to_owned(),
        grades,
        score_max: d.method.scale.unwrap_or(5),
        ranks: (1..=d.options.len()).collect(),
        envelope: page.money(&(d.method.envelope.unwrap_or(0) as i64), "EUR"),
        standing,
        fresh,
        results,
        verify,
        errors,
        page,
        d,
    };
    Ok(html_status(page.errors.status(), &page))
}

/// The command that checks a decision's count, and the receipt's presence.
fn verify_command(state: &AppState, id: &DecisionId, receipt: Option<&str>) -> String {
    format!(
        "freeco verify --url {} --decision {id}{}",
        state.settings.link(""),
        receipt
            .map(|r| format!(" --receipt {r}"))
            .unwrap_or_default()
    )
}

#[derive(serde::Deserialize)]
struct ReceiptQuery {
    r: String,
}

/// A receipt as a small text file the voter keeps: the decision, the
/// receipt, and how to check it. Only for a member who may see the
/// decision; the key never travels in an address.
async fn receipt_file(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    Path(id): Path<DecisionId>,
    Query(q): Query<ReceiptQuery>,
) -> Result<Response, AppError> {
    let d = decisions::get(&state.db, &member.id, &id).await?;
    let receipt = q.r.trim();
    if receipt.len() != 64 || !receipt.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let tr = &ctx.tr;
    let line = |label: &str, value: &str| {
        tr.format("label-value", &[("label", &tr.t(label)), ("value", value)])
    };
    let text = format!(
        "{}\n\n{}\n{}\n{}\n\n{}\n{}\n{}\n",
        tr.t("decision-receipt-file"),
        line("field-question", &d.question),
        line("decision-receipt-file-id", d.id.as_str()),
        line("decision-receipt", receipt),
        tr.t("decision-receipt-file-check"),
        verify_command(&state, &d.id, Some(receipt)),
        state.settings.link(&format!("/decisions/{}", d.id)),
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"receipt-{}.txt\"", d.id),
            ),
        ],
        text,
    )
        .into_response())
}

fn college_name(colleges: &[College], id: &str) -> String {
    colleges
        .iter()
        .find(|c| c.id == id)
        .map_or_else(|| id.chars().take(8).collect(), |c| c.name.clone())
}

async fn close_early(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(id): Path<DecisionId>,
    CsrfForm(form): CsrfForm<Confirmed>,
) -> Result<Response, AppError> {
    let d = decisions::get(&state.db, &member.id, &id).await?;
    let back = format!("/decisions/{id}");
    let asking = Irreversible {
        title: "confirm-close-vote-title",
        text: ctx
            .tr
            .t1("confirm-close-vote-text", "question", &d.question),
        confirm: "decision-close-early",
        back: &back,
    };
    if let Some(page) = confirm_first(&ctx, &form, asking) {
        return Ok(page);
    }
    let done = decisions::close_early(&state.db, &member.id, &id).await;
    on_decision_page(&state, &ctx, (&member.id, "flash-vote-closed"), &id, done).await
}

/// The end of a form of a decision's page: back to it saying `key` once
/// done, or the page again with the errors.
async fn on_decision_page<T>(
    state: &AppState,
    ctx: &RequestContext,
    (member_id, key): (&MemberId, &'static str),
    id: &DecisionId,
    done: Result<T, AppError>,
) -> Result<Response, AppError> {
    after_form(
        ctx,
        done,
        |_| Done::to(format!("/decisions/{id}"), key),
        |errors| view(state, ctx, member_id, id, None, None, errors),
    )
    .await
}

/// Adds a comment (or a reply) to the discussion, then shows it.
async fn comment(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(id): Path<DecisionId>,
    CsrfForm(form): CsrfForm<discussion::CommentInput>,
) -> Result<Response, AppError> {
    let done = discussion::comment(&state.db, &member.id, &id, &form).await;
    after_form(
        &ctx,
        done,
        |c| {
            Done::to(
                format!("/decisions/{id}#c-{}", c.id),
                "flash-comment-posted",
            )
        },
        |errors| view(&state, &ctx, &member.id, &id, None, None, errors),
    )
    .await
}

async fn edit_comment(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(comment_id): Path<String>,
    CsrfForm(form): CsrfForm<discussion::CommentEdit>,
) -> Result<Response, AppError> {
    let done = discussion::edit(&state.db, &member.id, &comment_id, &form).await;
    // A refused edit shows its decision's page again, when it has one the
    // member may see.
    let decision = discussion::decision_of(&state.db, &member.id, &comment_id).await?;
    after_form(
        &ctx,
        done,
        |c| {
            Done::to(
                format!("/decisions/{decision}#c-{}", c.id),
                "flash-comment-edited",
            )
        },
        |errors| view(&state, &ctx, &member.id, &decision, None, None, errors),
    )
    .await
}

#[derive(serde::Deserialize)]
struct HideForm {
    hidden: String,
}

async fn hide_comment(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(comment_id): Path<String>,
    CsrfForm(form): CsrfForm<HideForm>,
) -> Result<Response, AppError> {
    let hidden = form.hidden == "yes";
    let decision = discussion::decision_of(&state.db, &member.id, &comment_id).await?;
    let done = discussion::hide(&state.db, &member.id, &comment_id, hidden).await;
    let said = if hidden {
        "flash-comment-hidden"
    } else {
        "flash-comment-shown"
    };
    let back = (&member.id, said);
    on_decision_page(&state, &ctx, back, &decision, done).await
}

#[derive(serde::Deserialize)]
struct AllocationForm {
    approve: String,
}

async fn decide_allocation(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(id): Path<DecisionId>,
    CsrfForm(form): CsrfForm<AllocationForm>,
) -> Result<Response, AppError> {
    let approve = form.approve == "yes";
    let done = decisions::decide_allocation(&state.db, &member.id, &id, approve).await;
    let said = if approve {
        "flash-allocation-approved"
    } else {
        "flash-allocation-refused"
    };
    on_decision_page(&state, &ctx, (&member.id, said), &id, done).await
}

async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    SignedIn(member): SignedIn,
    Path(id): Path<DecisionId>,
) -> Result<Response, AppError> {
    view(
        &state,
        &ctx,
        &member.id,
        &id,
        None,
        None,
        FormErrors::none(),
    )
    .await
}

/// A stored ballot as the form's fields, to show what the member voted.
fn fields_of_ballot(
    tr: &kernel::i18n::Tr,
    d: &Decision,
    ballot: Option<&BallotInput>,
    reason: &str,
) -> Fields {
    let mut f = vec![("reason".to_owned(), reason.to_owned())];
    let Some(b) = ballot else {
        return Fields(f);
    };
    if let Some(c) = &b.consent {
        f.push(("consent".into(), c.clone()));
    }
    if let Some(s) = &b.stance {
        f.push(("stance".into(), s.clone()));
    }
    if let Some(c) = b.choice {
        f.push(("choice".into(), c.to_string()));
    }
    for c in b.choices.iter().flatten() {
        f.push((format!("approve_{c}"), "on".into()));
    }
    let prefix = if d.method.kind == MethodKind::Judgment {
        "grade"
    } else {
        "score"
    };
    for (i, s) in b.scores.iter().flatten().enumerate() {
        f.push((format!("{prefix}_{i}"), s.to_string()));
    }
    for (rank, option) in b.ranking.iter().flatten().enumerate() {
        f.push((format!("rank_{option}"), (rank + 1).to_string()));
    }
    for (i, a) in b.allocation.iter().flatten().enumerate() {
        f.push((format!("amount_{i}"), decimal(tr, *a)));
    }
    Fields(f)
}

/// The ballot a submitted form describes, in the decision's method.
fn ballot_of(d: &Decision, f: &Fields) -> Result<BallotInput, AppError> {
    let n = d.options.len();
    let number = |name: String| -> Result<Option<u32>, AppError> {
        match f.get(&name).trim() {
            "" => Ok(None),
            v => v
                .parse()
                .map(Some)
                .map_err(|_| AppError::field("ballot", "error-ballot-missing")),
        }
    };
    let all = |prefix: &str| -> Result<Vec<u32>, AppError> {
        (0..n)
            .map(|i| {
                number(format!("{prefix}_{i}"))?
                    .ok_or(AppError::field("ballot", "error-ballot-length"))
            })
            .collect()
    };
    let mut b = BallotInput::default();
    match d.method.kind {
        MethodKind::Consent => b.consent = Some(f.get("consent").to_owned()),
        MethodKind::Consensus => b.stance = Some(f.get("stance").to_owned()),
        MethodKind::Majority => b.choice = number("choice".into())?.map(|c| c as usize),
        MethodKind::Approval => {
            b.choices = Some((0..n).filter(|i| f.has(&format!("approve_{i}"))).collect())
        }
        MethodKind::Score => b.scores = Some(all("score")?),
        MethodKind::Judgment => b.scores = Some(all("grade")?),
        MethodKind::Schulze | MethodKind::InstantRunoff => {
            let mut ranked: Vec<(u32, usize)> = Vec::new();
            for i in 0..n {
                if let Some(rank) = number(format!("rank_{i}"))? {
                    ranked.push((rank, i));
                }
            }
            ranked.sort_unstable();
            if ranked.windows(2).any(|w| w[0].0 == w[1].0) {
                return Err(AppError::field("ballot", "error-ballot-tie"));
            }
            b.ranking = Some(ranked.into_iter().map(|(_, i)| i).collect());
        }
        MethodKind::Budget => {
            b.allocation = Some(
                (0..n)
                    .map(|i| amount_field(f.get(&format!("amount_{i}")), "ballot"))
                    .collect::<Result<_, _>>()?,
            )
        }
    }
    Ok(b)
}

async fn vote(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    Path(id): Path<DecisionId>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(fields);
    let d = decisions::get(&state.db, &member.id, &id).await?;
    let cast = match ballot_of(&d, &fields) {
        Ok(ballot) => {
            let replaces = Some(fields.get("replaces").trim()).filter(|k| !k.is_empty());
            decisions::cast(
                &state.db,
                &member.id,
                &id,
                &ballot,
                fields.get("reason"),
                replaces,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match cast {
        Ok(receipt) => {
            view(
                &state,
                &ctx,
                &member.id,
                &id,
                None,
                Some(receipt),
                FormErrors::none(),
            )
            .await
        }
        Err(err) => {
            let errors = FormErrors::from_error(&ctx, err)?;
            view(&state, &ctx, &member.id, &id, Some(&fields), None, errors).await
        }
    }
}

// ---------- results ----------

async fn results(
    state: &AppState,
    page: &Page,
    d: &Decision,
    colleges: &[College],
    mine: Option<&str>,
) -> Result<Results, AppError> {
    let result = d.result.as_ref().ok_or(AppError::NotFound)?;
    let (eligible, voted) = (result.eligible, result.voters);
    let percent = page.percent((voted * 100).checked_div(eligible).unwrap_or(0) * 100);
    let quorum_percent = page.percent(i64::from(d.quorum_percent) * 100);
    let quorum = if d.quorum_percent == 0 {
        String::new()
    } else if result.quorum_met {
        page.tr.t1("decision-quorum-met", "quorum", &quorum_percent)
    } else {
        page.tr
            .t1("decision-quorum-missed", "quorum", &quorum_percent)
    };
    let turnout = format!(
        "{} {quorum}",
        page.tr.format(
            "decision-turnout",
            &[
                ("voters", &voted.to_string()),
                ("eligible", &eligible.to_string()),
                ("percent", &percent)
            ]
        )
    );
    let mut charts = Vec::new();
    let mut notes = Vec::new();
    if d.weighted {
        charts.push(chart(
            page,
            d,
            &result.tally,
            true,
            page.t("decision-result-weighted"),
        ));
        if let Some(raw) = &result.raw {
            charts.push(chart(page, d, raw, false, page.t("decision-result-raw")));
        }
        if let Some(min) = result.college_results_min {
            notes.push(
                page.tr
                    .t1("decision-college-results-min", "count", &min.to_string()),
            );
        }
        for college in result.colleges.iter().flatten() {
            let name = college_name(colleges, &college.college);
            let title = page.tr.format(
                "decision-result-college",
                &[
                    ("college", &name),
                    ("ballots", &college.ballots.to_string()),
                ],
            );
            charts.push(chart(page, d, &college.tally, false, title));
        }
    } else {
        charts.push(chart(
            page,
            d,
            &result.tally,
            false,
            page.t("decision-result"),
        ));
    }
    let times = decisions::vote_times(&state.db, d).await?;
    let timeline = (!times.is_empty()).then(|| {
        charts::turnout(
            &page.t("decision-turnout-chart"),
            &times,
            d.opens_at,
            d.closes_at.max(*times.last().unwrap_or(&d.closes_at)),
            eligible,
            |ms| page.time(&ms),
        )
    });
    let published = decisions::published(&state.db, &page_member(page)?, &d.id).await?;
    let yours = mine.map(|r| (r.to_owned(), published.iter().any(|b| b.receipt == r)));
    let public = if d.secret {
        Vec::new()
    } else {
        published
            .into_iter()
            .map(|b| ShownBallot {
                voter: b.voter_name.unwrap_or_default(),
                said: ballot_words(page, d, &b.ballot),
                reason: b.reason,
            })
            .collect()
    };
    Ok(Results {
        yours,
        public,
        outcome: outcome(page, d).unwrap_or_default(),
        effect: effect_outcome_words(page, d),
        turnout,
        charts,
        notes,
        timeline,
        log_index: d.result_log_index,
        ballots: voted,
    })
}

fn page_member(page: &Page) -> Result<MemberId, AppError> {
    page.member
        .as_ref()
        .map(|m| m.id.clone())
        .ok_or(AppError::Unauthorized)
}

/// A ballot in words: "No objection", "Avril", "1. Alpha, 2. Charlie"…
fn ballot_words(page: &Page, d: &Decision, ballot: &Value) -> String {
    let b: BallotInput = serde_json::from_value(ballot.clone()).unwrap_or_default();
    let label = |i: &usize| d.options.get(*i).map_or("?", |o| o.label.as_str());
    match d.method.kind {
        MethodKind::Consent => page.t(if b.consent.as_deref() == Some("objection") {
            "ballot-objection"
        } else {
            "ballot-no-objection"
        }),
        MethodKind::Consensus => page.tl("stance", b.stance.as_deref().unwrap_or("abstain")),
        MethodKind::Majority => b
            .choice
            .map_or_else(|| page.t("ballot-blank"), |c| label(&c).to_owned()),
        MethodKind::Approval => {
            let chosen: Vec<&str> = b.choices.iter().flatten().map(label).collect();
            if chosen.is_empty() {
                page.t("ballot-blank")
            } else {
                chosen.join(", ")
            }
        }
        MethodKind::Score => b
            .scores
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, s)| format!("{} {s}", label(&i)))
            .collect::<Vec<_>>()
            .join(", "),
        MethodKind::Judgment => {
            let grades = grade_names(page, judgment_grades(&d.method));
            b.scores
                .iter()
                .flatten()
                .enumerate()
                .map(|(i, g)| {
                    labelled(
                        page,
                        label(&i),
                        grades.get(*g as usize).map_or("?", String::as_str),
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
        MethodKind::Schulze | MethodKind::InstantRunoff => b
            .ranking
            .iter()
            .flatten()
            .enumerate()
            .map(|(rank, o)| format!("{}. {}", rank + 1, label(o)))
            .collect::<Vec<_>>()
            .join(", "),
        MethodKind::Budget => b
            .allocation
            .iter()
            .flatten()
            .enumerate()
            .filter(|(_, a)| **a > 0)
            .map(|(i, a)| format!("{} {}", label(&i), page.money(&(*a as i64), "EUR")))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A figure as printed: a count, or a share of the total when weighted.
fn figure(page: &Page, value: u128, total: u128, weighted: bool) -> String {
    if weighted {
        let tenths = (value * 1000).checked_div(total).unwrap_or(0);
        page.percent(i64::try_from(tenths * 10).unwrap_or(i64::MAX))
    } else {
        value.to_string()
    }
}

fn share(value: u128, max: u128) -> f64 {
    if max == 0 {
        0.0
    } else {
        value as f64 / max as f64
    }
}

/// Bars for `values` (one per label), the `winners` highlighted.
fn bar_rows(
    page: &Page,
    labels: &[String],
    values: &[u128],
    winners: &[usize],
    weighted: bool,
) -> Vec<Bar> {
    let max = values.iter().copied().max().unwrap_or(0);
    let total: u128 = values.iter().sum();
    labels
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, (label, v))| Bar {
            label: label.clone(),
            share: share(*v, max),
            figure: figure(page, *v, total, weighted),
            highlight: winners.contains(&i),
        })
        .collect()
}

/// A count as the tally writes it: decimal digits (see `DecisionResult`).
fn weights(v: &[String]) -> Vec<u128> {
    v.iter().map(|x| weight(x)).collect()
}

/// The chart of one tally of `d`.
fn chart(page: &Page, d: &Decision, tally: &Tally, weighted: bool, title: String) -> Chart {
    let labels: Vec<String> = d.options.iter().map(|o| o.label.clone()).collect();
    let winner: Vec<usize> = tally.winner().into_iter().collect();
    let mut out = Chart {
        svg: String::new(),
        title: title.clone(),
        matrix: Vec::new(),
        ranking: None,
        rounds: Vec::new(),
    };
    let ranking_words = |groups: &[Vec<usize>]| -> String {
        groups
            .iter()
            .map(|g| {
                g.iter()
                    .filter_map(|i| labels.get(*i).cloned())
                    .collect::<Vec<_>>()
                    .join(" = ")
            })
            .collect::<Vec<_>>()
            .join(" > ")
    };
    match tally {
        Tally::Consent(ConsentTally {
            passed,
            no_objection,
            objections,
        }) => {
            let names = [page.t("ballot-no-objection"), page.t("ballot-objection")];
            let values = [weight(no_objection), weight(objections)];
            let win = if *passed { 0 } else { 1 };
            out.svg = charts::bars(&title, &bar_rows(page, &names, &values, &[win], weighted));
        }
        Tally::Consensus(ConsensusTally {
            passed,
            agree,
            abstain,
            disagree,
            blocks,
        }) => {
            let names = ["agree", "abstain", "disagree", "block"].map(|s| page.tl("stance", s));
            let values = [agree, abstain, disagree, blocks].map(|k| weight(k));
            let win = if *passed { 0 } else { 2 };
            out.svg = charts::bars(&title, &bar_rows(page, &names, &values, &[win], weighted));
        }
        Tally::Majority(MajorityTally { totals, blank, .. }) => {
            let mut names = labels.clone();
            let mut values = weights(totals);
            names.push(page.t("ballot-blank"));
            values.push(weight(blank));
            out.svg = charts::bars(&title, &bar_rows(page, &names, &values, &winner, weighted));
        }
        Tally::Approval(ApprovalTally { totals, .. }) => {
            let rows = bar_rows(page, &labels, &weights(totals), &winner, weighted);
            out.svg = charts::bars(&title, &rows);
        }
        Tally::Score(ScoreTally {
            average_hundredths, ..
        }) => {
            let averages = weights(average_hundredths);
            let max = averages.iter().copied().max().unwrap_or(0);
            let rows = labels
                .iter()
                .zip(&averages)
                .enumerate()
                .map(|(i, (label, a))| Bar {
                    label: label.clone(),
                    share: share(*a, max),
                    figure: format!(
                        "{}.{:02} / {}",
                        a / 100,
                        a % 100,
                        d.method.scale.unwrap_or(5)
                    ),
                    highlight: winner.contains(&i),
                })
                .collect::<Vec<_>>();
            out.svg = charts::bars(&title, &rows);
        }
        Tally::Judgment(JudgmentTally {
            majority_grades,
            profiles,
            ranking,
            ..
        }) => {
            let grades = grade_names(page, judgment_grades(&d.method));
            let profiles: Vec<Vec<f64>> = profiles
                .iter()
                .map(|p| {
                    let w = weights(p);
                    let total: u128 = w.iter().sum();
                    w.iter().map(|x| share(*x, total)).collect()
                })
                .collect();
            out.svg = charts::merit_profiles(&title, &labels, &profiles, &grades);
            let medians: Vec<String> = majority_grades
                .iter()
                .zip(&labels)
                .map(|(g, label)| {
                    let grade = grades.get(usize::from(*g)).cloned().unwrap_or_default();
                    labelled(page, label, &grade)
                })
                .collect();
            out.ranking = Some(format!(
                "{} — {}",
                ranking_words(ranking),
                medians.join(" · ")
            ));
        }
        Tally::Schulze(SchulzeTally {
            ranking, pairwise, ..
        }) => {
            let d_matrix: Vec<Vec<u128>> = pairwise.iter().map(|row| weights(row)).collect();
            let max = d_matrix.iter().flatten().copied().max().unwrap_or(0);
            out.matrix = d_matrix
                .iter()
                .enumerate()
                .map(|(i, row)| MatrixRow {
                    label: labels.get(i).cloned().unwrap_or_default(),
                    cells: row
                        .iter()
                        .enumerate()
                        .map(|(j, v)| {
                            let against = d_matrix.get(j).and_then(|r| r.get(i)).copied();
                            let against = against.unwrap_or(0);
                            (i != j).then(|| Cell {
                                text: figure(page, *v, v + against, weighted),
                                heat: charts::heat(*v, max),
                                wins: *v > against,
                            })
                        })
                        .collect(),
                })
                .collect();
            out.ranking = Some(ranking_words(ranking));
        }
        Tally::InstantRunoff(InstantRunoffTally { rounds, .. }) => {
            for (n, round) in rounds.iter().enumerate() {
                let totals = weights(&round.totals);
                let counted: u128 = totals.iter().sum();
                let parts: Vec<String> = labels
                    .iter()
                    .zip(&totals)
                    .filter(|(_, t)| **t > 0)
                    .map(|(l, t)| format!("{l} {}", figure(page, *t, counted, weighted)))
                    .collect();
                let out_of = round
                    .eliminated
                    .and_then(|i| option_label(d, i))
                    .map(|l| page.tr.t1("decision-round-eliminated", "option", &l))
                    .unwrap_or_default();
                let round = format!("{} {}", page.t("decision-round"), n + 1);
                out.rounds.push(format!(
                    "{}. {out_of}",
                    labelled(page, &round, &parts.join(", "))
                ));
            }
            if let Some(last) = rounds.last() {
                out.svg = charts::bars(
                    &title,
                    &bar_rows(page, &labels, &weights(&last.totals), &winner, weighted),
                );
            }
        }
        Tally::Budget(BudgetTally {
            funded, support, ..
        }) => {
            let support = weights(support);
            let max = support.iter().copied().max().unwrap_or(0);
            let rows = labels
                .iter()
                .zip(&support)
                .enumerate()
                .map(|(i, (label, s))| Bar {
                    label: format!(
                        "{label} ({})",
                        page.money(&(d.options[i].cost.unwrap_or(0) as i64), "EUR")
                    ),
                    share: share(*s, max),
                    figure: if weighted {
                        figure(page, *s, support.iter().sum(), true)
                    } else {
                        page.money(&(*s as i64), "EUR")
                    },
                    highlight: funded.contains(&i),
                })
                .collect::<Vec<_>>();
            out.svg = charts::bars(&title, &rows);
        }
    }
    out
}

// ---------- opening a decision ----------

#[derive(Template)]
#[template(path = "decision_new.html")]
struct NewDecisionPage {
    page: Page,
    collective: Collective,
    back: String,
    f: Fields,
    methods: &'static [MethodKind],
    thresholds: &'static [(&'static str, Option<(u32, u32)>)],
    colleges: Vec<College>,
    /// Projects and members a budget's proposals may pay.
    recipients: Vec<(String, String)>,
    rows: Vec<NewOptionRow>,
    /// The method chosen: the form shows its settings only.
    kind: MethodKind,
    may_allocate: bool,
    /// The governing collective may adopt a new charter.
    may_adopt_charter: bool,
    charter_fr: String,
    charter_en: String,
    /// What a decision that acts needs here, in words.
    acting_hint: String,
    errors: FormErrors,
}

/// Option rows the form shows at first; "add an option" adds one.
const OPTION_ROWS: usize = 3;
/// The most options a decision may have (the kernel's rule).
const MAX_OPTIONS: usize = 50;

/// One row of options in the form, with what was typed.
struct NewOptionRow {
    index: usize,
    title: String,
    label: String,
    cost: String,
    recipient: String,
}

async fn new_view(
    state: &AppState,
    ctx: &RequestContext,
    MemberOf { collective, role }: MemberOf,
    fields: Option<Fields>,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let governing = kernel::settings::instance_setting(&state.db, decisions::GOVERNING_COLLECTIVE)
        .await?
        .is_some_and(|g| g == collective.id);
    let may_adopt_charter = governing && role == Role::Coordinator;
    let charter = kernel::charter::current(&state.db).await?;
    let mut recipients = Vec::new();
    for p in collectives::project_groups_of(&state.db, Some(&collective.id)).await? {
        recipients.push((format!("project:{}", p.id), p.name));
    }
    for m in collectives::members(&state.db, &collective.id).await? {
        recipients.push((format!("member:{}", m.member_id), m.display_name));
    }
    let page = Page::new(
        ctx,
        ctx.tr
            .t1("decision-new-title", "collective", &collective.name),
    );
    let f = fields.unwrap_or_else(|| {
        let closes = kernel::db::now_ms() + 7 * 24 * 3600 * 1000;
        let mut defaults = vec![
            ("method".to_owned(), "consent".to_owned()),
            ("closes_at".to_owned(), local_input(&page, closes)),
        ];
        if may_adopt_charter {
            defaults.push(("charter_fr".into(), charter.body_fr.clone()));
            defaults.push(("charter_en".into(), charter.body_en.clone()));
        }
        Fields(defaults)
    });
    let rules = collective.acting_rules;
    let acting_hint = ctx.tr.format(
        "decision-acting-hint",
        &[
            ("hours", &rules.min_hours.to_string()),
            ("quorum", &page.percent(i64::from(rules.min_quorum) * 100)),
        ],
    );
    let page = NewDecisionPage {
        page,
        back: collective.page_path(),
        colleges: collectives::colleges(&state.db, &collective.id).await?,
        collective,
        methods: MethodKind::ALL,
        thresholds: &THRESHOLDS,
        recipients,
        kind: MethodKind::parse(f.get("method")).unwrap_or(MethodKind::Consent),
        rows: (0..f.rows(
            "option_",
            ("rows", "add_option"),
            (OPTION_ROWS, MAX_OPTIONS),
        ))
            .map(|i| NewOptionRow {
                index: i,
                title: ctx.tr.t1("decision-option-n", "n", &(i + 1).to_string()),
                label: f.get(&format!("option_{i}")).to_owned(),
                cost: f.get(&format!("cost_{i}")).to_owned(),
                recipient: f.get(&format!("recipient_{i}")).to_owned(),
            })
            .collect(),
        acting_hint,
        may_allocate: role.moves_money(),
        may_adopt_charter,
        charter_fr: f.get("charter_fr").to_owned(),
        charter_en: f.get("charter_en").to_owned(),
        f,
        errors,
    };
    Ok(html_status(page.errors.status(), &page))
}

#[derive(serde::Deserialize)]
struct NewQuery {
    /// A decision that did not pass, to amend and put again.
    #[serde(default)]
    from: Option<DecisionId>,
}

async fn new_page(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    place: MemberOf,
    axum::extract::Query(q): axum::extract::Query<NewQuery>,
) -> Result<Response, AppError> {
    let fields = match &q.from {
        Some(id) => {
            let d = decisions::get(&state.db, &member.id, id).await?;
            let page = Page::new(&ctx, String::new());
            Some(fields_of_decision(&page, &d))
        }
        None => None,
    };
    new_view(&state, &ctx, place, fields, FormErrors::none()).await
}

/// The majorities the form offers, by their field value.
const THRESHOLDS: [(&str, Option<(u32, u32)>); 4] = [
    ("simple", None),
    ("absolute", Some((1, 2))),
    ("two_thirds", Some((2, 3))),
    ("three_quarters", Some((3, 4))),
];

/// A decision as the form to open one shows it: to amend it and put it
/// again (a consent's objections send a proposal back for amendment).
fn fields_of_decision(page: &Page, d: &Decision) -> Fields {
    let m = &d.method;
    let mut f = vec![
        ("question".to_owned(), d.question.clone()),
        ("context".into(), d.context.clone()),
        ("method".into(), m.kind.code().into()),
        (
            "closes_at".into(),
            local_input(page, kernel::db::now_ms() + 7 * 24 * 3600 * 1000),
        ),
        ("quorum_percent".into(), d.quorum_percent.to_string()),
        (
            "college_id".into(),
            d.college_id.clone().unwrap_or_default(),
        ),
    ];
    let threshold = THRESHOLDS
        .iter()
        .find(|(_, t)| *t == m.threshold)
        .map_or("simple", |(code, _)| code);
    f.push(("threshold".into(), threshold.into()));
    if let Some((n, den)) = m.max_disagree {
        f.push(("max_disagree".into(), (n * 100 / den.max(1)).to_string()));
    }
    if let Some(scale) = m.scale {
        f.push(("scale".into(), scale.to_string()));
    }
    for (flag, on) in [
        ("full_ranking", m.full_ranking),
        ("weighted", d.weighted),
        ("secret", d.secret),
    ] {
        if on {
            f.push((flag.into(), "on".into()));
        }
    }
    if let Some(e) = m.envelope {
        f.push(("envelope".into(), decimal(&page.tr, e)));
    }
    if let Some(b) = m.budget {
        f.push(("budget".into(), decimal(&page.tr, b)));
    }
    for (i, o) in d.options.iter().enumerate() {
        f.push((format!("option_{i}"), o.label.clone()));
        if let Some(c) = o.cost {
            f.push((format!("cost_{i}"), decimal(&page.tr, c)));
        }
        match &o.recipient {
            Some(Recipient::Project(id)) => {
                f.push((format!("recipient_{i}"), format!("project:{id}")))
            }
            Some(Recipient::Member(id)) => {
                f.push((format!("recipient_{i}"), format!("member:{id}")))
            }
            None => {}
        }
    }
    Fields(f)
}

/// The value of `r`, or `None` with its field errors added to `errors`.
fn gather<T>(errors: &mut Vec<kernel::error::FieldError>, r: Result<T, AppError>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(AppError::Validation(mut e)) => {
            errors.append(&mut e);
            None
        }
        Err(_) => None,
    }
}

/// The decision a submitted form describes; what only the kernel can
/// check (lengths, times in order, rights) is left to it.
pub(crate) fn decision_of(f: &Fields, tz: &str) -> Result<DecisionInput, AppError> {
    let mut errors = Vec::new();
    let kind = MethodKind::parse(f.get("method")).unwrap_or(MethodKind::Consent);
    let mut options = Vec::new();
    for i in 0..MAX_OPTIONS {
        let label = f.get(&format!("option_{i}")).trim();
        if label.is_empty() {
            continue;
        }
        let cost = gather(
            &mut errors,
            amount_field(f.get(&format!("cost_{i}")), "options"),
        )
        .unwrap_or(0);
        let recipient = match f.get(&format!("recipient_{i}")).split_once(':') {
            Some(("project", id)) => Some(Recipient::Project(id.into())),
            Some(("member", id)) => Some(Recipient::Member(id.into())),
            _ => None,
        };
        options.push(DecisionOption {
            label: label.to_owned(),
            cost: (cost > 0).then_some(cost),
            recipient,
        });
    }
    let envelope = gather(&mut errors, amount_field(f.get("envelope"), "method")).unwrap_or(0);
    let budget = gather(&mut errors, amount_field(f.get("budget"), "method")).unwrap_or(0);
    let threshold = THRESHOLDS
        .iter()
        .find(|(code, _)| *code == f.get("threshold"))
        .and_then(|(_, t)| *t);
    let max_disagree = f
        .get("max_disagree")
        .parse::<u32>()
        .ok()
        .map(|p| (p.min(100), 100));
    let scale = f.get("scale").parse::<u32>().ok();
    let quorum_percent = match f.get("quorum_percent").trim() {
        "" => 0,
        q => q.parse().unwrap_or(u32::MAX),
    };
    let closes_at = gather(
        &mut errors,
        parse_local(f.get("closes_at"), tz, "closes_at"),
    );
    let opens_at = match f.get("opens_at").trim() {
        "" => None,
        t => gather(&mut errors, parse_local(t, tz, "opens_at")),
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let adopt_charter = f.has("adopt_charter").then(|| CharterDraft {
        body_fr: f.get("charter_fr").to_owned(),
        body_en: f.get("charter_en").to_owned(),
    });
    Ok(DecisionInput {
        question: f.get("question").to_owned(),
        context: f.get("context").to_owned(),
        method: Method {
            kind,
            threshold,
            max_disagree,
            scale,
            full_ranking: f.has("full_ranking"),
            envelope: (envelope > 0).then_some(envelope),
            budget: (budget > 0).then_some(budget),
        },
        options,
        college_id: Some(f.get("college_id").to_owned()).filter(|c| !c.is_empty()),
        weighted: f.has("weighted"),
        secret: f.has("secret"),
        quorum_percent,
        opens_at,
        closes_at: closes_at.unwrap_or(0),
        adopt_charter,
        allocate: f.has("allocate"),
    })
}

async fn create(
    State(state): State<AppState>,
    ctx: RequestContext,
    Active(member): Active,
    place: MemberOf,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(fields);
    // "Show this method's settings" or "add an option": the form again,
    // as typed, with what was asked for.
    if fields.has("redisplay") {
        return new_view(&state, &ctx, place, Some(fields), FormErrors::none()).await;
    }
    let created = match decision_of(&fields, &member.time_zone) {
        Ok(input) => decisions::create(&state.db, &member.id, &place.collective.id, &input).await,
        Err(e) => Err(e),
    };
    after_form(
        &ctx,
        created,
        |d| Done::to(format!("/decisions/{}", d.id), "flash-decision-opened"),
        |errors| new_view(&state, &ctx, place, Some(fields), errors),
    )
    .await
}

/// "label: value", punctuated as the page's language does ("label : value" in French).
fn labelled(page: &Page, label: &str, value: &str) -> String {
    page.tr
        .format("label-value", &[("label", label), ("value", value)])
}

#[cfg(test)]
mod tests {
    use kernel::i18n::{I18n, Lang};

    /// Whatever number of grades a decision asks for (one beyond each end
    /// of what the count allows included), each grade shown has a name.
    #[test]
    fn every_scale_of_grades_is_named() {
        let i18n = I18n::new();
        for scale in 1..=11 {
            let method = serde_json::json!({"kind": "judgment", "scale": scale});
            let grades = super::judgment_grades(&serde_json::from_value(method).expect("a method"));
            for lang in [Lang::Fr, Lang::En] {
                for g in 0..grades {
                    let key = format!("grade-{grades}-{g}");
                    assert!(i18n.has(lang, &key), "{key} in {lang:?}");
                }
            }
        }
    }
}
