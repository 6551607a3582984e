//! Collective decisions: a question, options, a method, who may vote and
//! when; ballots with receipts; the tally at the close, by a durable job,
//! published in the transparency log; and what a decision does when it
//! passes (adopt a charter version, fund a participatory budget from the
//! treasury, or a module's action such as validating a project). The
//! counting rules are the `vote` crate's.
//!
//! Secret ballots: `decision_voters` says who voted, `decision_ballots`
//! holds what was voted, and nothing stored links the two — secret ballots
//! carry no member, no time and a random id, and their receipts enter the
//! log only at the close, shuffled. A voter changes its secret ballot with
//! the key returned when it voted (only its hash is stored).

use crate::ids::{CollectiveId, DecisionId, MemberId};
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;
use vote::Weight;

use crate::collectives::{self, DecisionOpeners, Role};
use crate::crypto::{random_token, sha256_hex};
use crate::db::{Db, Tx, is_unique_violation, new_id, now_ms};
use crate::error::{AppError, Checks};
use crate::jobs::{self, NewJob};
use crate::money::{self, Amount, Label, Owner};
use crate::notifications::{self, Notice};
use crate::validate::schema::{self, Rule};

pub mod discussion;
mod result;
pub use result::{
    ApprovalTally, BudgetTally, CollegeTally, ConsensusTally, ConsentTally, Count, DecisionResult,
    InstantRunoffTally, JudgmentTally, MajorityTally, RunoffRound, SchulzeTally, ScoreTally, Tally,
};

pub const JOB_CLOSE: &str = "decision.close";
pub const JOB_REMIND: &str = "decision.remind";

/// How long before the close the members who have not voted are reminded
/// (as Loomio does), for decisions open longer than that.
pub const REMIND_BEFORE_MS: i64 = 24 * 3600 * 1000;

/// How long after its close a participatory budget's money stays held if
/// the close could not run (it is released then).
const BUDGET_HOLD_GRACE_MS: i64 = 30 * 24 * 3600 * 1000;

code_enum!(MethodKind {
    Consent => "consent",
    Consensus => "consensus",
    Majority => "majority",
    Approval => "approval",
    Score => "score",
    Judgment => "judgment",
    Schulze => "schulze",
    InstantRunoff => "instant_runoff",
    Budget => "budget",
});

impl MethodKind {
    /// Whether a decision by this method can act when it passes (validate,
    /// adopt): a yes or no is needed, which these methods give.
    pub fn says_yes_or_no(self) -> bool {
        matches!(
            self,
            MethodKind::Consent | MethodKind::Consensus | MethodKind::Majority
        )
    }
}

/// How a decision is taken. Fields not used by the method are ignored.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Method {
    pub kind: MethodKind,
    #[serde(default)]
    #[schema(schema_with = method_threshold)]
    pub threshold: Option<(u32, u32)>,
    #[serde(default)]
    #[schema(schema_with = method_max_disagree)]
    pub max_disagree: Option<(u32, u32)>,
    /// Score: the highest score, 1 to 100 (the lowest is 0; 5 when
    /// absent); majority judgment: the number of grades, 2 to 10 (6 when
    /// absent). Anything else is refused; other methods ignore it.
    #[serde(default)]
    pub scale: Option<u32>,
    /// Schulze: whether every option must be ranked.
    #[serde(default)]
    pub full_ranking: bool,
    /// Participatory budget: what each voter spreads, and what the
    /// collective spends (minor units).
    #[serde(default)]
    pub envelope: Option<u64>,
    #[serde(default)]
    pub budget: Option<u64>,
}

crate::described! {
    /// Majority: the share needed, as a fraction of the votes cast; 0/1 (or
    /// none) is a simple majority (the most votes), 1/2 an absolute one
    /// (more than half), 2/3 a qualified one (at least two thirds).
    fn method_threshold = schema::fraction().or_null();
    /// Consensus: the largest share of "disagree" that still passes.
    fn method_max_disagree = schema::fraction().or_null();
}

/// Who receives a funded proposal's money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Recipient {
    /// A project of the collective: its treasury.
    Project(CollectiveId),
    /// A member of the collective: its wallet.
    Member(MemberId),
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DecisionOption {
    #[schema(schema_with = schema::line::<1, 200>)]
    pub label: String,
    /// For a participatory budget: what the proposal costs (minor units).
    #[serde(default)]
    pub cost: Option<u64>,
    /// For a participatory budget that moves money: who receives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Recipient>,
}

/// A new charter version, adopted if the decision passes.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CharterDraft {
    #[schema(schema_with = schema::non_blank::<{ crate::charter::MAX_TEXT_CHARS }>)]
    pub body_fr: String,
    #[schema(schema_with = schema::non_blank::<{ crate::charter::MAX_TEXT_CHARS }>)]
    pub body_en: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct DecisionInput {
    #[schema(schema_with = schema::line::<3, 200>)]
    pub question: String,
    #[serde(default)]
    #[schema(schema_with = schema::text::<10000>)]
    pub context: String,
    pub method: Method,
    /// For a majority that acts when it passes, the first option is "for".
    /// Every method but consent and consensus needs 2 to 50 options.
    #[schema(max_items = 50)]
    pub options: Vec<DecisionOption>,
    /// Only this college's members vote.
    #[serde(default)]
    #[schema(format = Uuid)]
    pub college_id: Option<String>,
    /// Colleges count with their weights.
    #[serde(default)]
    pub weighted: bool,
    #[serde(default)]
    pub secret: bool,
    /// The share of eligible members who must vote, in percent.
    #[serde(default)]
    #[schema(maximum = 100)]
    pub quorum_percent: u32,
    #[serde(default)]
    #[schema(schema_with = decision_opens_at)]
    pub opens_at: Option<i64>,
    #[schema(schema_with = decision_closes_at)]
    pub closes_at: i64,
    /// Adopts this charter version if the decision passes: only in the
    /// instance's governing collective, opened by one of its coordinators.
    #[serde(default)]
    pub adopt_charter: Option<CharterDraft>,
    /// Participatory budget: the budget is held from the collective's
    /// treasury at once, and at the close the funded proposals' money goes
    /// to their recipients (the rest is released). Treasurers and
    /// coordinators only.
    #[serde(default)]
    pub allocate: bool,
}

impl DecisionInput {
    /// A decision that acts when it passes (a module's effect): by a method
    /// that says yes or no, a majority needing more than half (its first
    /// option is "for"), open to every member of the collective, each
    /// counting once, in the open, with the quorum the collective asks of
    /// acting decisions.
    pub fn acting(
        question: String,
        context: String,
        kind: MethodKind,
        options: &[String],
        quorum_percent: u32,
        closes_at: i64,
    ) -> DecisionInput {
        DecisionInput {
            question,
            context,
            method: Method {
                kind,
                threshold: (kind == MethodKind::Majority).then_some((1, 2)),
                max_disagree: None,
                scale: None,
                full_ranking: false,
                envelope: None,
                budget: None,
            },
            options: options
                .iter()
                .map(|label| DecisionOption {
                    label: label.clone(),
                    cost: None,
                    recipient: None,
                })
                .collect(),
            college_id: None,
            weighted: false,
            secret: false,
            quorum_percent,
            opens_at: None,
            closes_at,
            adopt_charter: None,
            allocate: false,
        }
    }
}

crate::described! {
    /// When voting opens, in ms since the epoch; now when absent.
    fn decision_opens_at = schema::timestamp_ms().or_null();
    /// When voting ends, in ms since the epoch, after `opens_at`. A decision
    /// that acts (moves money, adopts a charter, validates a project) must
    /// stay open at least the collective's `acting_rules.min_hours`. It
    /// closes earlier only once every eligible member voted
    /// (`POST /api/v1/decisions/{id}/close`).
    fn decision_closes_at = schema::timestamp_ms();
}

/// What a decision does when it passes.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Effect {
    AdoptCharter {
        body_fr: String,
        body_en: String,
    },
    /// The budget held from the treasury (a ledger reservation).
    Allocate {
        reservation: String,
    },
    /// A module's durable job, run when the decision passes; `message`
    /// (a Fluent key with `args`) says what it does.
    Module {
        job: String,
        payload: serde_json::Value,
        message: String,
        args: Vec<(String, String)>,
    },
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Decision {
    pub id: DecisionId,
    pub collective_id: CollectiveId,
    pub question: String,
    pub context: String,
    pub method: Method,
    pub options: Vec<DecisionOption>,
    pub college_id: Option<String>,
    pub weighted: bool,
    pub secret: bool,
    pub quorum_percent: u32,
    pub opens_at: i64,
    pub closes_at: i64,
    pub created_at: i64,
    pub created_by: MemberId,
    pub created_by_name: String,
    /// Members who voted so far.
    pub voters: i64,
    /// The count, once closed.
    pub result: Option<DecisionResult>,
    pub result_log_index: Option<i64>,
    pub effect: Option<Effect>,
    /// What the effect did, once closed.
    pub effect_outcome: Option<serde_json::Value>,
    /// For a budget paid from the treasury: whether a second treasurer or
    /// coordinator must approve the payment, and what they said.
    pub allocation_approval: Option<AllocationApproval>,
    /// Who approved or refused it.
    pub allocation_decided_by: Option<String>,
}

code_enum!(AllocationApproval {
    Needed => "needed",
    Approved => "approved",
    Refused => "refused",
});

impl Decision {
    pub fn is_closed(&self) -> bool {
        self.result.is_some()
    }
}

// The codes `check_ballot` takes, for the API description.

/// A consent ballot's answer.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
enum ConsentAnswer {
    NoObjection,
    Objection,
}

/// A consensus ballot's stance.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
enum ConsensusStance {
    Agree,
    Abstain,
    Disagree,
    Block,
}

/// What a voter sends; the fields its method reads must be there.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct BallotInput {
    /// Consent: `no_objection` or `objection` (which needs a reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<ConsentAnswer>)]
    pub consent: Option<String>,
    /// Consensus: `agree`, `abstain`, `disagree` or `block`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<ConsensusStance>)]
    pub stance: Option<String>,
    /// Majority: an option's index; absent or null for a blank vote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<usize>,
    /// Approval: the options approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<usize>>,
    /// Score: one score per option; majority judgment: one grade per option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<Vec<u32>>,
    /// Ranked methods: option indices, most preferred first, each at most
    /// once. Instant runoff takes an empty ranking as a blank vote: it counts
    /// towards turnout and quorum, and for no option in any round. Schulze
    /// with `full_ranking` needs every option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranking: Option<Vec<usize>>,
    /// Budget: an amount per proposal (minor units).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation: Option<Vec<u64>>,
}

/// Given to the voter: the receipt is public (in the log), the key is not.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Receipt {
    /// SHA-256 of the decision, the ballot and the key: published with the
    /// ballot at the close, so the voter can find its ballot.
    pub receipt: String,
    /// Keep it: it proves the receipt is yours, and changes a secret ballot.
    pub key: String,
}

fn bad_ballot(e: vote::BallotError) -> AppError {
    use vote::BallotError as E;
    AppError::field(
        "ballot",
        match e {
            E::UnknownOption(_) => "error-ballot-unknown-option",
            E::Duplicate => "error-ballot-duplicate",
            E::IncompleteRanking => "error-ballot-incomplete-ranking",
            E::Tie => "error-ballot-tie",
            E::ScoreOutOfRange { .. } => "error-ballot-score-range",
            E::WrongLength => "error-ballot-length",
            E::OverEnvelope(_) => "error-ballot-over-envelope",
            E::ChoiceCount { .. } => "error-ballot-choice-count",
        },
    )
}

fn missing() -> AppError {
    AppError::field("ballot", "error-ballot-missing")
}

fn ranks(order: &[usize], options: usize) -> Result<vote::ranked::Ranking, AppError> {
    let mut ranks = vec![None; options];
    for (i, &o) in order.iter().enumerate() {
        let slot = ranks
            .get_mut(o)
            .ok_or(bad_ballot(vote::BallotError::UnknownOption(o)))?;
        if slot.is_some() {
            return Err(bad_ballot(vote::BallotError::Duplicate));
        }
        *slot = Some(i as u32 + 1);
    }
    Ok(ranks)
}

/// Checks a ballot against its decision's method and options, and keeps
/// only what the method reads (what is stored and published).
fn check_ballot(method: &Method, options: usize, b: &BallotInput) -> Result<BallotInput, AppError> {
    use MethodKind as K;
    let mut kept = BallotInput::default();
    match method.kind {
        K::Consent => {
            let c = b.consent.clone().ok_or_else(missing)?;
            if c != "no_objection" && c != "objection" {
                return Err(missing());
            }
            kept.consent = Some(c);
        }
        K::Consensus => {
            let s = b.stance.clone().ok_or_else(missing)?;
            if !["agree", "abstain", "disagree", "block"].contains(&s.as_str()) {
                return Err(missing());
            }
            kept.stance = Some(s);
        }
        K::Majority => {
            vote::plurality::check_choice(b.choice, options).map_err(bad_ballot)?;
            kept.choice = b.choice;
        }
        K::Approval => {
            let c = b.choices.clone().ok_or_else(missing)?;
            vote::plurality::check_approval(&c, options, 0, options).map_err(bad_ballot)?;
            kept.choices = Some(c);
        }
        K::Score => {
            let s = b.scores.clone().ok_or_else(missing)?;
            let max = method.scale.unwrap_or(5);
            vote::plurality::check_scores(&s, options, 0, max).map_err(bad_ballot)?;
            kept.scores = Some(s);
        }
        K::Judgment => {
            let s = b.scores.clone().ok_or_else(missing)?;
            let grades: Vec<u8> = s.iter().map(|g| (*g).min(255) as u8).collect();
            vote::judgment::check(&grades, options, grades_of(method)).map_err(bad_ballot)?;
            kept.scores = Some(s);
        }
        K::Schulze | K::InstantRunoff => {
            let order = b.ranking.clone().ok_or_else(missing)?;
            let r = ranks(&order, options)?;
            let full = method.kind == K::Schulze && method.full_ranking;
            vote::ranked::check(&r, options, full, false).map_err(bad_ballot)?;
            kept.ranking = Some(order);
        }
        K::Budget => {
            let a = b.allocation.clone().ok_or_else(missing)?;
            vote::budget::check(&a, options, method.envelope.unwrap_or(0)).map_err(bad_ballot)?;
            kept.allocation = Some(a);
        }
    }
    Ok(kept)
}

fn grades_of(method: &Method) -> u8 {
    method.scale.unwrap_or(6).clamp(2, 10) as u8
}

fn check_input(input: &DecisionInput) -> Result<(), AppError> {
    let mut checks = Checks::new();
    checks.check("question", crate::validate::line(&input.question, 3, 200));
    checks.check("context", crate::validate::text(&input.context, 10_000));
    let needs_options = !matches!(
        input.method.kind,
        MethodKind::Consent | MethodKind::Consensus
    );
    let count = input.options.len();
    if (needs_options && !(2..=50).contains(&count)) || count > 50 {
        checks.add("options", "error-decision-options");
    }
    for option in &input.options {
        if crate::validate::line(&option.label, 1, 200).is_err() {
            checks.add("options", "error-decision-options");
        }
    }
    let opens = input.opens_at.unwrap_or_else(now_ms);
    let valid = |ms: i64| jiff::Timestamp::from_millisecond(ms).is_ok();
    if !valid(opens) || !valid(input.closes_at) {
        checks.add("closes_at", "error-datetime");
    } else if input.closes_at <= opens {
        checks.add("closes_at", "error-decision-close-before-open");
    }
    if input.quorum_percent > 100 {
        checks.add("quorum_percent", "error-decision-quorum");
    }
    let m = &input.method;
    let fraction_ok = |f: Option<(u32, u32)>| f.is_none_or(|(n, d)| d > 0 && n <= d);
    if !fraction_ok(m.threshold) || !fraction_ok(m.max_disagree) {
        checks.add("method", "error-decision-fraction");
    }
    let scale_ok = match m.kind {
        MethodKind::Score => m.scale.is_none_or(|s| (1..=100).contains(&s)),
        MethodKind::Judgment => m.scale.is_none_or(|s| (2..=10).contains(&s)),
        _ => true,
    };
    if !scale_ok {
        checks.add("method", "error-decision-scale");
    }
    if m.kind == MethodKind::Budget
        && (m.envelope.unwrap_or(0) == 0
            || m.budget.unwrap_or(0) == 0
            || input.options.iter().any(|o| o.cost.unwrap_or(0) == 0))
    {
        checks.add("method", "error-decision-budget");
    }
    if let Some(draft) = &input.adopt_charter {
        if !m.kind.says_yes_or_no() {
            checks.add("method", "error-decision-effect-method");
        }
        for body in [&draft.body_fr, &draft.body_en] {
            if body.trim().is_empty() || body.chars().count() > crate::charter::MAX_TEXT_CHARS {
                checks.add("adopt_charter", "error-decision-charter-text");
            }
        }
    }
    if input.allocate
        && (m.kind != MethodKind::Budget || input.options.iter().any(|o| o.recipient.is_none()))
    {
        checks.add("allocate", "error-decision-allocate");
    }
    checks.finish()
}

/// The instance setting naming the collective whose decisions may adopt a
/// new charter (`freeco admin governing-collective`).
pub const GOVERNING_COLLECTIVE: &str = "governing_collective";

/// Opens a decision in a collective or a project's group. Who may open one
/// is the collective's choice (members, or coordinators only); adopting a
/// charter needs a coordinator of the governing collective, moving money a
/// treasurer or coordinator. Every eligible member is notified.
pub async fn create(
    db: &Db,
    member_id: &MemberId,
    collective_id: &CollectiveId,
    input: &DecisionInput,
) -> Result<Decision, AppError> {
    open(db, member_id, collective_id, input, None).await
}

/// A module's action, run as a durable job when a decision passes.
pub struct ModuleEffect {
    pub job: &'static str,
    pub payload: serde_json::Value,
    /// Says what passing does (a Fluent key), with its arguments.
    pub message: &'static str,
    pub args: Vec<(String, String)>,
}

/// [`create`] for a decision that runs a module's job when it passes (a
/// project's validation); its method must give a yes or no.
pub async fn create_with_effect(
    db: &Db,
    member_id: &MemberId,
    collective_id: &CollectiveId,
    input: &DecisionInput,
    effect: ModuleEffect,
) -> Result<Decision, AppError> {
    if !input.method.kind.says_yes_or_no() {
        return Err(AppError::field("method", "error-decision-effect-method"));
    }
    let effect = Effect::Module {
        job: effect.job.to_owned(),
        payload: effect.payload,
        message: effect.message.to_owned(),
        args: effect.args,
    };
    open(db, member_id, collective_id, input, Some(effect)).await
}

async fn open(
    db: &Db,
    member_id: &MemberId,
    collective_id: &CollectiveId,
    input: &DecisionInput,
    module_effect: Option<Effect>,
) -> Result<Decision, AppError> {
    let role = collectives::require_member(db, collective_id, member_id).await?;
    let collective = collectives::get(db, collective_id).await?;
    if collective.decision_openers == DecisionOpeners::Coordinators && role != Role::Coordinator {
        return Err(AppError::NotAllowed("decision-coordinators-only"));
    }
    check_input(input)?;
    if let Some(college) = &input.college_id {
        let colleges = collectives::colleges(db, collective_id).await?;
        if !colleges.iter().any(|c| &c.id == college) {
            return Err(AppError::field("college_id", "error-decision-college"));
        }
    }
    // Weighed by college, a secret ballot carries its college's label: no
    // college may be so small that the label narrows down who cast it.
    if input.secret && input.weighted {
        let colleges = collectives::colleges(db, collective_id).await?;
        let min = i64::from(collective.college_results_min);
        if colleges.iter().any(|c| c.member_count < min) {
            return Err(AppError::field(
                "secret",
                "error-decision-secret-small-college",
            ));
        }
    }
    if input.adopt_charter.is_some() {
        let governing = crate::settings::instance_setting(db, GOVERNING_COLLECTIVE).await?;
        if governing.as_deref() != Some(collective_id.as_str()) {
            return Err(AppError::NotAllowed("decision-charter-not-governing"));
        }
        if role != Role::Coordinator {
            return Err(AppError::NotAllowed("decision-charter-coordinators"));
        }
    }
    let id = DecisionId::generate();
    let mut approval = None;
    if input.allocate {
        if !role.moves_money() {
            return Err(AppError::NotAllowed("decision-allocate-treasurers"));
        }
        check_recipients(db, collective_id, &input.options).await?;
        let to_opener = Recipient::Member(member_id.to_owned());
        if input
            .options
            .iter()
            .all(|o| o.recipient.as_ref() == Some(&to_opener))
        {
            return Err(AppError::field("options", "error-decision-allocate-self"));
        }
        // Paid from the treasury as a payout would be: above the threshold,
        // a second person approves.
        let threshold = crate::bank::second_approval_above(db, collective_id).await?;
        let budget = i64::try_from(input.method.budget.unwrap_or(0)).unwrap_or(i64::MAX);
        if budget > threshold {
            approval = Some(AllocationApproval::Needed);
        }
    }
    let acts = input.allocate || input.adopt_charter.is_some() || module_effect.is_some();
    if acts {
        check_acting(&collective.acting_rules, input)?;
    }
    let effect = match (&input.adopt_charter, input.allocate, module_effect) {
        (Some(draft), _, _) => Some(Effect::AdoptCharter {
            body_fr: draft.body_fr.trim().to_owned(),
            body_en: draft.body_en.trim().to_owned(),
        }),
        (None, true, _) => Some(Effect::Allocate {
            reservation: format!("decision:{id}:hold"),
        }),
        (None, false, module) => module,
    };
    let opens_at = input.opens_at.unwrap_or_else(now_ms);
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO decisions (id, collective_id, question, context, method, options, college_id, \
         weighted, secret, quorum_percent, opens_at, closes_at, created_by, created_at, effect, \
         allocation_approval) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(&id)
    .bind(collective_id)
    .bind(input.question.trim())
    .bind(input.context.trim())
    .bind(to_json(&input.method)?)
    .bind(to_json(&input.options)?)
    .bind(&input.college_id)
    .bind(i64::from(input.weighted))
    .bind(i64::from(input.secret))
    .bind(i64::from(input.quorum_percent))
    .bind(opens_at)
    .bind(input.closes_at)
    .bind(member_id)
    .bind(now_ms())
    .bind(effect.as_ref().map(to_json).transpose()?)
    .bind(approval.map(AllocationApproval::code))
    .execute(&mut *tx)
    .await?;
    if let Some(Effect::Allocate { reservation }) = &effect {
        // The budget is held from the treasury into the decision's escrow.
        let budget = Amount::new(input.method.budget.unwrap_or(0))?;
        let label = Label {
            code: "decision.budget.hold",
            reference: input.question.trim(),
            by: Some(member_id),
        };
        let expires = Some(input.closes_at.saturating_add(BUDGET_HOLD_GRACE_MS));
        let (from, into) = (Owner::Treasury(collective_id), Owner::Escrow(id.as_str()));
        money::hold(&mut tx, reservation, from, into, budget, expires, label)
            .await
            .map_err(|e| match e {
                AppError::Conflict(_) | AppError::BadRequest(_) => {
                    AppError::field("allocate", "error-decision-budget-treasury")
                }
                other => other,
            })?;
    }
    let payload = serde_json::json!({"decision_id": id});
    jobs::enqueue(
        &mut tx,
        NewJob {
            run_at: input.closes_at,
            dedupe_key: Some(format!("{JOB_CLOSE}:{id}")),
            ..NewJob::now(JOB_CLOSE, &payload)
        },
    )
    .await?;
    let remind_at = input.closes_at - REMIND_BEFORE_MS;
    if remind_at > opens_at.max(now_ms()) {
        jobs::enqueue(
            &mut tx,
            NewJob {
                run_at: remind_at,
                dedupe_key: Some(format!("{JOB_REMIND}:{id}")),
                ..NewJob::now(JOB_REMIND, &payload)
            },
        )
        .await?;
    }
    let notice = Notice {
        kind: notifications::DECISION_OPENED,
        args: vec![
            ("question", input.question.trim().to_owned()),
            ("collective", collective.name.clone()),
        ],
        link: format!("/decisions/{id}"),
        body: input.context.trim().to_owned(),
        list: None,
    };
    for voter in eligible_members(&mut tx, collective_id, input.college_id.as_deref()).await? {
        if voter != *member_id {
            notifications::notify(&mut tx, &voter, &notice).await?;
        }
    }
    if approval == Some(AllocationApproval::Needed) {
        tell_approvers(&mut tx, &id, input.question.trim(), member_id, &collective).await?;
    }
    tx.commit().await?;
    get(db, member_id, &id).await
}

/// A decision that acts stays open the collective's minimum time, with at
/// least its minimum quorum: one person cannot open, vote and close it
/// before the others could have a say.
fn check_acting(rules: &collectives::ActingRules, input: &DecisionInput) -> Result<(), AppError> {
    let mut checks = Checks::new();
    let opens = input.opens_at.unwrap_or_else(now_ms);
    if input.closes_at.saturating_sub(opens) < i64::from(rules.min_hours) * 3_600_000 {
        checks.add("closes_at", "error-decision-acting-too-short");
    }
    if input.quorum_percent < rules.min_quorum {
        checks.add("quorum_percent", "error-decision-acting-quorum");
    }
    checks.finish()
}

fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.to_string()))
}

/// The options as the public log holds them: a member recipient's id would
/// say who received money, so the log says only that a member does (the
/// transfer's own entry lets that member prove it with its proof key).
fn logged_options(options: &[DecisionOption]) -> Vec<serde_json::Value> {
    options
        .iter()
        .map(|o| {
            let mut logged = serde_json::json!({"label": o.label, "cost": o.cost});
            match &o.recipient {
                Some(Recipient::Project(id)) => {
                    logged["recipient"] = serde_json::json!({"kind": "project", "id": id});
                }
                Some(Recipient::Member(_)) => {
                    logged["recipient"] = serde_json::json!({"kind": "member"});
                }
                None => {}
            }
            logged
        })
        .collect()
}

/// Each recipient of a budget's proposals must be a project of the
/// collective or one of its members.
async fn check_recipients(
    db: &Db,
    collective_id: &CollectiveId,
    options: &[DecisionOption],
) -> Result<(), AppError> {
    for option in options {
        let ok = match &option.recipient {
            Some(Recipient::Project(id)) => collectives::get(db, id)
                .await
                .ok()
                .is_some_and(|c| c.is_project && c.parent_id.as_ref() == Some(collective_id)),
            Some(Recipient::Member(id)) => {
                collectives::role_of(db, collective_id, id).await?.is_some()
            }
            None => false,
        };
        if !ok {
            return Err(AppError::field("options", "error-decision-recipient"));
        }
    }
    Ok(())
}

/// The members who may vote: the collective's ($1) or the college's ($2,
/// '' for none) current members who accepted the charter in force.
/// Whether the membership `cm` may vote: still a member, and holding the
/// current charter (a macro, so that queries can `concat!` it).
macro_rules! may_vote {
    () => {
        "cm.left_at IS NULL AND EXISTS (SELECT 1 FROM charter_acceptances a \
         WHERE a.member_id = cm.member_id AND a.version = (SELECT MAX(version) FROM charter_versions))"
    };
}

/// Who may vote in collective `$1`, in college `$2` ('' for all).
const ELIGIBLE: &str = concat!(
    "SELECT cm.member_id FROM collective_members cm \
     WHERE cm.collective_id = $1 AND ($2 = '' OR cm.college_id = $2) AND ",
    may_vote!()
);

async fn eligible_members(
    tx: &mut Tx,
    collective_id: &CollectiveId,
    college_id: Option<&str>,
) -> Result<Vec<MemberId>, AppError> {
    let rows = sqlx::query(ELIGIBLE)
        .bind(collective_id)
        .bind(college_id.unwrap_or(""))
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get("member_id"))
        .collect::<Result<_, _>>()?)
}

/// The members who may vote on the decision and have not yet.
pub async fn yet_to_vote<'e, E>(executor: E, decision: &Decision) -> Result<Vec<MemberId>, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT e.member_id FROM ({ELIGIBLE}) e WHERE NOT EXISTS \
         (SELECT 1 FROM decision_voters v WHERE v.decision_id = $3 AND v.member_id = e.member_id)"
    );
    let rows = sqlx::query(&sql)
        .bind(&decision.collective_id)
        .bind(decision.college_id.as_deref().unwrap_or(""))
        .bind(&decision.id)
        .fetch_all(executor)
        .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get("member_id"))
        .collect::<Result<_, _>>()?)
}

/// Whether every member who may vote on the decision has voted: then it
/// may close early, nobody losing a vote.
pub async fn everyone_voted<'e, E>(executor: E, decision: &Decision) -> Result<bool, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(yet_to_vote(executor, decision).await?.is_empty())
}

/// An open decision the member may vote on and has not, as its home page
/// lists them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AwaitingVote {
    pub id: DecisionId,
    pub question: String,
    /// UTC milliseconds since the epoch.
    pub closes_at: i64,
    /// The collective or project it belongs to, and where that is shown.
    pub place_name: String,
    pub place_path: String,
}

/// The open decisions waiting for the member's vote, the soonest to close
/// first.
pub async fn awaiting_vote(db: &Db, member_id: &MemberId) -> Result<Vec<AwaitingVote>, AppError> {
    // Asked by every home page: cached (see `cache`), and what closed since
    // it was loaded is left out when served.
    let loaded = db
        .caches()
        .awaiting_vote
        .get_or_load(member_id, || async {
            load_awaiting_vote(db, member_id).await.map(Some)
        })
        .await?;
    let now = now_ms();
    Ok(loaded
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d.closes_at > now)
        .collect())
}

async fn load_awaiting_vote(db: &Db, member_id: &MemberId) -> Result<Vec<AwaitingVote>, AppError> {
    let rows = sqlx::query(concat!(
        "SELECT d.id, d.question, d.closes_at, c.name, c.slug, c.is_project, c.id AS place_id \
         FROM decisions d JOIN collectives c ON c.id = d.collective_id \
         JOIN collective_members cm ON cm.collective_id = d.collective_id AND cm.member_id = $1 \
         WHERE (d.college_id IS NULL OR cm.college_id = d.college_id) \
         AND d.result IS NULL AND d.opens_at <= $2 AND d.closes_at > $2 \
         AND NOT EXISTS (SELECT 1 FROM decision_voters v WHERE v.decision_id = d.id AND v.member_id = $1) AND ",
        may_vote!(),
        " ORDER BY d.closes_at LIMIT 50"
    ))
    .bind(member_id)
    .bind(now_ms())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(AwaitingVote {
                id: r.try_get("id")?,
                question: r.try_get("question")?,
                closes_at: r.try_get("closes_at")?,
                place_name: r.try_get("name")?,
                place_path: collectives::page_path(
                    r.try_get::<i64, _>("is_project")? != 0,
                    &r.try_get::<CollectiveId, _>("place_id")?,
                    r.try_get("slug")?,
                ),
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// A day before the close: a word to each member who may vote and has not.
/// Nothing once the decision is closed (early, say).
async fn remind(db: &Db, decision_id: &DecisionId) -> Result<(), AppError> {
    let decision = load(db, decision_id).await?;
    if decision.is_closed() || decision.closes_at <= now_ms() {
        return Ok(());
    }
    let collective = collectives::get(db, &decision.collective_id).await?;
    let notice = Notice {
        kind: notifications::DECISION_CLOSING,
        args: vec![
            ("question", decision.question.clone()),
            ("collective", collective.name),
        ],
        link: format!("/decisions/{decision_id}"),
        body: String::new(),
        list: None,
    };
    let mut tx = db.begin().await?;
    for member in yet_to_vote(&mut *tx, &decision).await? {
        notifications::notify(&mut tx, &member, &notice).await?;
    }
    tx.commit().await?;
    Ok(())
}

const COLUMNS: &str = "d.id, d.collective_id, d.question, d.context, d.method, d.options, \
    d.college_id, d.weighted, d.secret, d.quorum_percent, d.opens_at, d.closes_at, d.created_at, \
    d.created_by, d.result, d.result_log_index, d.effect, d.effect_outcome, \
    d.allocation_approval, \
    (SELECT display_name FROM members m WHERE m.id = d.allocation_decided_by) AS allocation_decided_by, \
    (SELECT display_name FROM members m WHERE m.id = d.created_by) AS created_by_name, \
    (SELECT COUNT(*) FROM decision_voters v WHERE v.decision_id = d.id) AS voters";

fn parsed<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|e| AppError::Internal(format!("stored decision: {e}")))
}

fn parsed_column<T: serde::de::DeserializeOwned>(
    r: &sqlx::any::AnyRow,
    column: &str,
) -> Result<Option<T>, AppError> {
    r.try_get::<Option<&str>, _>(column)?
        .map(parsed)
        .transpose()
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<Decision, AppError> {
    Ok(Decision {
        id: r.try_get("id")?,
        collective_id: r.try_get("collective_id")?,
        question: r.try_get("question")?,
        context: r.try_get("context")?,
        method: parsed(r.try_get("method")?)?,
        options: parsed(r.try_get("options")?)?,
        college_id: r.try_get("college_id")?,
        weighted: r.try_get::<i64, _>("weighted")? != 0,
        secret: r.try_get::<i64, _>("secret")? != 0,
        quorum_percent: r.try_get::<i64, _>("quorum_percent")? as u32,
        opens_at: r.try_get("opens_at")?,
        closes_at: r.try_get("closes_at")?,
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
        created_by_name: r.try_get("created_by_name")?,
        voters: r.try_get("voters")?,
        result: parsed_column(r, "result")?,
        result_log_index: r.try_get("result_log_index")?,
        effect: parsed_column(r, "effect")?,
        effect_outcome: parsed_column(r, "effect_outcome")?,
        allocation_approval: r
            .try_get::<Option<&str>, _>("allocation_approval")?
            .and_then(AllocationApproval::parse),
        allocation_decided_by: r.try_get("allocation_decided_by")?,
    })
}

async fn load(db: &Db, id: &DecisionId) -> Result<Decision, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM decisions d WHERE d.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(db.pool()).await?;
    from_row(&row.ok_or(AppError::NotFound)?)
}

/// A decision, for the members of its collective.
pub async fn get(db: &Db, member_id: &MemberId, id: &DecisionId) -> Result<Decision, AppError> {
    let decision = load(db, id).await?;
    collectives::require_member(db, &decision.collective_id, member_id).await?;
    Ok(decision)
}

pub async fn list(
    db: &Db,
    member_id: &MemberId,
    collective_id: &CollectiveId,
) -> Result<Vec<Decision>, AppError> {
    collectives::require_member(db, collective_id, member_id).await?;
    let sql = format!(
        "SELECT {COLUMNS} FROM decisions d WHERE d.collective_id = $1 ORDER BY d.created_at DESC LIMIT 200"
    );
    let rows = sqlx::query(&sql)
        .bind(collective_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// The member's college in the collective, if it may vote on `decision`.
async fn eligibility(
    db: &Db,
    decision: &Decision,
    member_id: &MemberId,
) -> Result<Option<String>, AppError> {
    let row = sqlx::query(
        "SELECT college_id FROM collective_members WHERE collective_id = $1 AND member_id = $2 AND left_at IS NULL",
    )
    .bind(&decision.collective_id)
    .bind(member_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::Forbidden)?;
    let college: Option<String> = row.try_get("college_id")?;
    if decision.college_id.is_some() && decision.college_id != college {
        return Err(AppError::Conflict("decision-not-eligible"));
    }
    Ok(college)
}

/// Where a member stands on a decision: may it vote, did it, and (for a
/// public ballot) what it voted and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Standing {
    pub eligible: bool,
    pub voted: bool,
    /// The member's public ballot (a secret one is linked to nobody).
    pub ballot: Option<BallotInput>,
    pub reason: String,
    pub receipt: Option<String>,
}

pub async fn standing(
    db: &Db,
    member_id: &MemberId,
    decision: &Decision,
) -> Result<Standing, AppError> {
    let eligible = match eligibility(db, decision, member_id).await {
        Ok(_) => true,
        Err(AppError::Conflict(_)) => false,
        Err(e) => return Err(e),
    };
    let voted = sqlx::query(
        "SELECT 1 AS one FROM decision_voters WHERE decision_id = $1 AND member_id = $2",
    )
    .bind(&decision.id)
    .bind(member_id)
    .fetch_optional(db.pool())
    .await?
    .is_some();
    let mine = sqlx::query(
        "SELECT ballot, reason, receipt FROM decision_ballots WHERE decision_id = $1 AND member_id = $2",
    )
    .bind(&decision.id)
    .bind(member_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(Standing {
        eligible,
        voted,
        ballot: mine
            .as_ref()
            .map(|r| r.try_get::<&str, _>("ballot"))
            .transpose()?
            .and_then(|b| serde_json::from_str(b).ok()),
        reason: mine
            .as_ref()
            .map(|r| r.try_get("reason"))
            .transpose()?
            .unwrap_or_default(),
        receipt: mine.as_ref().map(|r| r.try_get("receipt")).transpose()?,
    })
}

const HOUR_MS: i64 = 3_600_000;

/// When each vote was first cast, for the turnout over time. A secret
/// decision keeps no voter's time (it could name the voter); it counts
/// votes by the hour instead, and each vote is placed at the end of its
/// hour (or now, or the close, when sooner).
pub async fn vote_times(db: &Db, decision: &Decision) -> Result<Vec<i64>, AppError> {
    if !decision.secret {
        let rows = sqlx::query(
            "SELECT voted_at FROM decision_voters WHERE decision_id = $1 ORDER BY voted_at",
        )
        .bind(&decision.id)
        .fetch_all(db.pool())
        .await?;
        return Ok(rows
            .iter()
            .map(|r| r.try_get("voted_at"))
            .collect::<Result<_, _>>()?);
    }
    let rows = sqlx::query(
        "SELECT hour, votes FROM decision_turnout WHERE decision_id = $1 ORDER BY hour",
    )
    .bind(&decision.id)
    .fetch_all(db.pool())
    .await?;
    let latest = now_ms().min(decision.closes_at);
    let mut times = Vec::new();
    for r in rows {
        let (hour, votes): (i64, i64) = (r.try_get("hour")?, r.try_get("votes")?);
        let at = hour.saturating_add(1).saturating_mul(HOUR_MS).min(latest);
        times.extend(std::iter::repeat_n(at, usize::try_from(votes).unwrap_or(0)));
    }
    Ok(times)
}

fn receipt_of(decision_id: &DecisionId, ballot: &str, key: &str) -> String {
    sha256_hex(format!("{decision_id}\n{ballot}\n{key}").as_bytes())
}
/// Casts (or, while open, replaces) the member's ballot. A public ballot
/// replaces the member's previous one; a secret one replaces the ballot
/// whose key is given in `replaces`.
pub async fn cast(
    db: &Db,
    member_id: &MemberId,
    decision_id: &DecisionId,
    ballot: &BallotInput,
    reason: &str,
    replaces: Option<&str>,
) -> Result<Receipt, AppError> {
    let decision = get(db, member_id, decision_id).await?;
    let now = now_ms();
    if decision.result.is_some() || now >= decision.closes_at {
        return Err(AppError::Conflict("decision-closed"));
    }
    if now < decision.opens_at {
        return Err(AppError::Conflict("decision-not-open"));
    }
    // A ballot is labelled with its college only when colleges weigh (the
    // count needs it): otherwise a small college's label would narrow down
    // who cast a secret ballot.
    let college = eligibility(db, &decision, member_id)
        .await?
        .filter(|_| decision.weighted);
    let kept = check_ballot(&decision.method, decision.options.len(), ballot)?;
    let reason = crate::validate::text(reason, 2000).map_err(|k| AppError::field("reason", k))?;
    if kept.consent.as_deref() == Some("objection") && reason.is_empty() {
        return Err(AppError::field("reason", "error-objection-needs-reason"));
    }
    // A secret ballot keeps no reason: it could name its author.
    let reason = if decision.secret {
        String::new()
    } else {
        reason
    };
    let body = tlog::to_canonical(
        &serde_json::to_value(&kept).map_err(|e| AppError::Internal(e.to_string()))?,
    )
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let key = random_token();
    let receipt = receipt_of(decision_id, &body, &key);
    let mut tx = db.begin().await?;
    // Hold the decision's row while recording: the close waits for this
    // vote, or this vote finds the decision closed.
    let open = sqlx::query(
        "UPDATE decisions SET closed_at = closed_at WHERE id = $1 AND closed_at IS NULL AND closes_at > $2",
    )
    .bind(decision_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    if open.rows_affected() != 1 {
        return Err(AppError::Conflict("decision-closed"));
    }
    let first = sqlx::query(
        "INSERT INTO decision_voters (decision_id, member_id, voted_at) VALUES ($1, $2, $3) \
         ON CONFLICT (decision_id, member_id) DO NOTHING",
    )
    .bind(decision_id)
    .bind(member_id)
    .bind(if decision.secret { 0 } else { now })
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if decision.secret {
        if first {
            sqlx::query(
                "INSERT INTO decision_turnout (decision_id, hour, votes) VALUES ($1, $2, 1) \
                 ON CONFLICT (decision_id, hour) DO UPDATE SET votes = decision_turnout.votes + 1",
            )
            .bind(decision_id)
            .bind(now / HOUR_MS)
            .execute(&mut *tx)
            .await?;
        } else {
            let old = replaces.ok_or(AppError::Conflict("decision-already-voted"))?;
            let removed = sqlx::query(
                "DELETE FROM decision_ballots WHERE decision_id = $1 AND key_hash = $2",
            )
            .bind(decision_id)
            .bind(sha256_hex(old.as_bytes()))
            .execute(&mut *tx)
            .await?;
            if removed.rows_affected() != 1 {
                return Err(AppError::Conflict("decision-wrong-key"));
            }
        }
        // No member, no time, a random id: nothing to join on.
        sqlx::query(
            "INSERT INTO decision_ballots (id, decision_id, member_id, key_hash, college_id, ballot, \
             reason, receipt, cast_at) VALUES ($1, $2, NULL, $3, $4, $5, '', $6, 0)",
        )
        .bind(random_token())
        .bind(decision_id)
        .bind(sha256_hex(key.as_bytes()))
        .bind(&college)
        .bind(&body)
        .bind(&receipt)
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query("DELETE FROM decision_ballots WHERE decision_id = $1 AND member_id = $2")
            .bind(decision_id)
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        let inserted = sqlx::query(
            "INSERT INTO decision_ballots (id, decision_id, member_id, key_hash, college_id, ballot, \
             reason, receipt, cast_at) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8)",
        )
        .bind(new_id())
        .bind(decision_id)
        .bind(member_id)
        .bind(&college)
        .bind(&body)
        .bind(&reason)
        .bind(&receipt)
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => return Err(AppError::Conflict("decision-busy")),
            other => {
                other?;
            }
        }
        // A public receipt is logged at once.
        crate::log::append(
            &mut tx,
            &serde_json::json!({"type": "decision.receipt", "decision": decision_id, "receipt": receipt}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Receipt { receipt, key })
}

/// A stored ballot as the tally and the log see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublishedBallot {
    pub receipt: String,
    pub ballot: serde_json::Value,
    /// The voter's college, for weighted results.
    pub college_id: Option<String>,
    /// The voter, for public ballots.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_id: Option<String>,
    /// The voter's name, for public ballots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voter_name: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

async fn ballots<'e, E>(
    executor: E,
    decision_id: &DecisionId,
) -> Result<Vec<PublishedBallot>, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT b.receipt, b.ballot, b.college_id, b.member_id, b.reason, m.display_name \
         FROM decision_ballots b LEFT JOIN members m ON m.id = b.member_id \
         WHERE b.decision_id = $1 ORDER BY b.receipt",
    )
    .bind(decision_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PublishedBallot {
                receipt: r.try_get("receipt")?,
                ballot: serde_json::from_str(r.try_get::<&str, _>("ballot")?)
                    .map_err(|e| AppError::Internal(e.to_string()))?,
                college_id: r.try_get("college_id")?,
                member_id: r.try_get("member_id")?,
                voter_name: r.try_get("display_name")?,
                reason: r.try_get("reason")?,
            })
        })
        .collect()
}

/// Counts `ballots` for `decision`, with the colleges' weights when asked.
/// Pure: `freeco verify --decision` will run it on the published ballots.
pub fn tally(
    method: &Method,
    options: &[DecisionOption],
    ballots: &[PublishedBallot],
    college_weights: &[(String, u32)],
) -> Tally {
    use vote::deliberation::{Consent, Stance};
    let n = options.len();
    // Per-ballot weights: 1 each, or by college when weighted.
    let weights: Vec<Weight> = if college_weights.is_empty() {
        vec![1; ballots.len()]
    } else {
        let sizes: Vec<(u32, u64)> = college_weights
            .iter()
            .map(|(id, w)| {
                let voters = ballots
                    .iter()
                    .filter(|b| b.college_id.as_deref() == Some(id))
                    .count();
                (*w, voters as u64)
            })
            .collect();
        let per = vote::college_weights(&sizes).unwrap_or_else(|| vec![1; sizes.len()]);
        ballots
            .iter()
            .map(|b| {
                college_weights
                    .iter()
                    .position(|(id, _)| b.college_id.as_deref() == Some(id))
                    .map_or(0, |i| per[i])
            })
            .collect()
    };
    let parsed: Vec<(BallotInput, Weight)> = ballots
        .iter()
        .zip(&weights)
        .filter_map(|(b, w)| {
            serde_json::from_value(b.ballot.clone())
                .ok()
                .map(|p| (p, *w))
        })
        .collect();
    let s = |x: Weight| x.to_string();
    let list = |v: &[Weight]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    match method.kind {
        MethodKind::Consent => {
            let b: Vec<(Consent, Weight)> = parsed
                .iter()
                .map(|(p, w)| {
                    let c = if p.consent.as_deref() == Some("objection") {
                        Consent::Objection
                    } else {
                        Consent::NoObjection
                    };
                    (c, *w)
                })
                .collect();
            let r = vote::deliberation::consent(&b);
            Tally::Consent(ConsentTally {
                passed: r.passed,
                no_objection: s(r.no_objection),
                objections: s(r.objections),
            })
        }
        MethodKind::Consensus => {
            let b: Vec<(Stance, Weight)> = parsed
                .iter()
                .map(|(p, w)| {
                    let st = match p.stance.as_deref() {
                        Some("agree") => Stance::Agree,
                        Some("disagree") => Stance::Disagree,
                        Some("block") => Stance::Block,
                        _ => Stance::Abstain,
                    };
                    (st, *w)
                })
                .collect();
            let r = vote::deliberation::consensus(&b, method.max_disagree.unwrap_or((1, 4)));
            Tally::Consensus(ConsensusTally {
                passed: r.passed,
                agree: s(r.agree),
                abstain: s(r.abstain),
                disagree: s(r.disagree),
                blocks: s(r.blocks),
            })
        }
        MethodKind::Majority => {
            let rule = match method.threshold {
                None | Some((0, _)) => vote::plurality::Majority::Simple,
                Some((1, 2)) => vote::plurality::Majority::Absolute,
                Some((num, den)) => vote::plurality::Majority::Qualified { num, den },
            };
            let b: Vec<(Option<usize>, Weight)> =
                parsed.iter().map(|(p, w)| (p.choice, *w)).collect();
            let r = vote::plurality::majority(&b, n, rule);
            Tally::Majority(MajorityTally {
                winner: r.winner,
                totals: list(&r.totals),
                blank: s(r.blank),
                leaders: r.leaders,
            })
        }
        MethodKind::Approval => {
            let b: Vec<(Vec<usize>, Weight)> = parsed
                .iter()
                .map(|(p, w)| (p.choices.clone().unwrap_or_default(), *w))
                .collect();
            let r = vote::plurality::approval(&b, n);
            Tally::Approval(ApprovalTally {
                winner: r.winner,
                totals: list(&r.totals),
                leaders: r.leaders,
            })
        }
        MethodKind::Score => {
            let b: Vec<(Vec<u32>, Weight)> = parsed
                .iter()
                .map(|(p, w)| (p.scores.clone().unwrap_or_default(), *w))
                .collect();
            let r = vote::plurality::score(&b, n);
            let averages: Vec<String> = (0..n)
                .map(|i| r.average_hundredths(i).to_string())
                .collect();
            Tally::Score(ScoreTally {
                winner: r.winner,
                totals: list(&r.totals),
                average_hundredths: averages,
                leaders: r.leaders,
            })
        }
        MethodKind::Judgment => {
            let b: Vec<(Vec<u8>, Weight)> = parsed
                .iter()
                .map(|(p, w)| {
                    (
                        p.scores
                            .clone()
                            .unwrap_or_default()
                            .iter()
                            .map(|g| (*g).min(255) as u8)
                            .collect(),
                        *w,
                    )
                })
                .collect();
            let r = vote::judgment::tally(&b, n, grades_of(method));
            let profiles: Vec<Vec<String>> = r.profiles.iter().map(|p| list(p)).collect();
            Tally::Judgment(JudgmentTally {
                winner: r.winner(),
                majority_grades: r.majority_grades,
                profiles,
                ranking: r.ranking,
            })
        }
        MethodKind::Schulze => {
            let rankings = rankings(&parsed, n);
            let pairwise = vote::ranked::Pairwise::count(rankings.iter().map(|(r, w)| (r, *w)), n);
            let r = vote::ranked::schulze(pairwise);
            let matrix: Vec<Vec<String>> = r.pairwise.0.iter().map(|row| list(row)).collect();
            let strongest: Vec<Vec<String>> = r.strongest.iter().map(|row| list(row)).collect();
            Tally::Schulze(SchulzeTally {
                winner: r.winner(),
                ranking: r.ranking,
                pairwise: matrix,
                strongest,
            })
        }
        MethodKind::InstantRunoff => {
            let rankings = rankings(&parsed, n);
            let r = vote::ranked::instant_runoff(&rankings, n);
            let rounds = r
                .rounds
                .iter()
                .map(|round| RunoffRound {
                    totals: list(&round.totals),
                    exhausted: s(round.exhausted),
                    eliminated: round.eliminated,
                })
                .collect();
            Tally::InstantRunoff(InstantRunoffTally {
                winner: r.winner,
                rounds,
            })
        }
        MethodKind::Budget => {
            let costs: Vec<u64> = options.iter().map(|o| o.cost.unwrap_or(0)).collect();
            let b: Vec<(Vec<u64>, Weight)> = parsed
                .iter()
                .map(|(p, w)| (p.allocation.clone().unwrap_or_default(), *w))
                .collect();
            let r = vote::budget::tally(&b, &costs, method.budget.unwrap_or(0));
            Tally::Budget(BudgetTally {
                funded: r.funded,
                spent: r.spent,
                support: list(&r.support),
            })
        }
    }
}

/// The ranked ballots among `parsed`, as ranks.
fn rankings(parsed: &[(BallotInput, Weight)], n: usize) -> Vec<(vote::ranked::Ranking, Weight)> {
    parsed
        .iter()
        .filter_map(|(p, w)| {
            ranks(p.ranking.as_deref().unwrap_or(&[]), n)
                .ok()
                .map(|r| (r, *w))
        })
        .collect()
}

/// The whole count of a decision: the `tally` that decides (weighted by
/// colleges when `college_weights` is given) and, then, the `raw` tally of
/// one person one vote and each college's own tally, so members see both.
/// Pure, like [`tally`]: `freeco verify --decision` recomputes it.
///
/// `college_results_min`, for a secret decision, leaves out the own result
/// of each college with fewer voters: what a handful voted would tell who.
pub fn count(
    method: &Method,
    options: &[DecisionOption],
    ballots: &[PublishedBallot],
    college_weights: &[(String, u32)],
    college_results_min: Option<u32>,
) -> Count {
    let decisive = tally(method, options, ballots, college_weights);
    if college_weights.is_empty() {
        return Count {
            tally: decisive,
            raw: None,
            colleges: None,
        };
    }
    let by_college = college_weights
        .iter()
        .filter_map(|(college, _)| {
            let own: Vec<PublishedBallot> = ballots
                .iter()
                .filter(|b| b.college_id.as_deref() == Some(college))
                .cloned()
                .collect();
            let shown = college_results_min.is_none_or(|min| own.len() >= min as usize);
            shown.then(|| CollegeTally {
                college: college.clone(),
                ballots: own.len(),
                tally: tally(method, options, &own, &[]),
            })
        })
        .collect();
    Count {
        tally: decisive,
        raw: Some(tally(method, options, ballots, &[])),
        colleges: Some(by_college),
    }
}

/// A closed decision's outcome in one sentence, as one of our messages and
/// its arguments (options' labels), for a page or a mail to say in its
/// reader's language: not passed for want of quorum, passed or not, the
/// winner, the options tied for first, what was funded.
pub fn outcome(decision: &Decision) -> Option<(&'static str, Vec<(&'static str, String)>)> {
    let result = decision.result.as_ref()?;
    let labels = |indices: &[usize]| {
        indices
            .iter()
            .filter_map(|&i| decision.options.get(i))
            .map(|o| o.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let tally = &result.tally;
    Some(if !result.quorum_met {
        ("decision-quorum-not-met", vec![])
    } else if let Some(passed) = tally.passed() {
        let key = if passed {
            "decision-passed"
        } else {
            "decision-not-passed"
        };
        (key, vec![])
    } else if decision.method.kind == MethodKind::Budget {
        match tally.funded() {
            [] => ("decision-nothing-funded", vec![]),
            funded => ("decision-funded", vec![("projects", labels(funded))]),
        }
    } else if let Some(winner) = tally.winner() {
        ("decision-winner", vec![("option", labels(&[winner]))])
    } else if !tally.tied().is_empty() {
        ("decision-tie", vec![("options", labels(tally.tied()))])
    } else {
        ("decision-no-winner", vec![])
    })
}

/// Whether a closed decision's result says yes: the quorum was met and,
/// for consent and consensus, the proposal passed; for a majority, the
/// first option ("for") won; for a budget, something was funded; for the
/// other methods, one option won.
pub fn passed(method: &Method, result: &DecisionResult) -> bool {
    if !result.quorum_met {
        return false;
    }
    let tally = &result.tally;
    match method.kind {
        MethodKind::Consent | MethodKind::Consensus => tally.passed() == Some(true),
        MethodKind::Majority => tally.winner() == Some(0),
        MethodKind::Budget => !tally.funded().is_empty(),
        _ => tally.winner().is_some(),
    }
}

/// Does what a closed decision does, inside its close; returns what came of it.
async fn act(
    tx: &mut Tx,
    decision: &Decision,
    effect: &Effect,
    yes: bool,
    tally: &Tally,
) -> Result<serde_json::Value, AppError> {
    use serde_json::json;
    match effect {
        Effect::AdoptCharter { body_fr, body_en } => {
            if !yes {
                return Ok(json!({"done": false}));
            }
            let adopted = crate::charter::adopt_in(tx, body_fr, body_en).await?;
            Ok(json!({"done": true, "charter_version": adopted.version, "sha256": adopted.sha256}))
        }
        Effect::Module { job, payload, .. } => {
            if yes {
                let mut payload = payload.clone();
                payload["decision_id"] = json!(decision.id);
                jobs::enqueue(
                    &mut *tx,
                    NewJob {
                        dedupe_key: Some(format!("{job}:{}", decision.id)),
                        ..NewJob::now(job, &payload)
                    },
                )
                .await?;
            }
            Ok(json!({"done": yes}))
        }
        Effect::Allocate { reservation } => {
            let funded: Vec<usize> = tally.funded().to_vec();
            // Funds that would all go to the opener need a second person,
            // whatever their amount.
            let opener = Recipient::Member(decision.created_by.clone());
            let to_opener_only = !funded.is_empty()
                && funded.iter().all(|&i| {
                    decision.options.get(i).and_then(|o| o.recipient.as_ref()) == Some(&opener)
                });
            let approval = match decision.allocation_approval {
                None if yes && to_opener_only => {
                    sqlx::query(
                        "UPDATE decisions SET allocation_approval = 'needed' WHERE id = $1",
                    )
                    .bind(&decision.id)
                    .execute(&mut **tx)
                    .await?;
                    let collective = collectives::get(&mut *tx, &decision.collective_id).await?;
                    tell_approvers(
                        tx,
                        &decision.id,
                        &decision.question,
                        &decision.created_by,
                        &collective,
                    )
                    .await?;
                    Some(AllocationApproval::Needed)
                }
                other => other,
            };
            match (yes, approval) {
                // Held until a second treasurer or coordinator says yes
                // (or no), at the latest until the hold expires.
                (true, Some(AllocationApproval::Needed)) => Ok(json!({
                    "done": false,
                    "awaiting_approval": true,
                    "funded": funded,
                })),
                (true, None | Some(AllocationApproval::Approved)) => {
                    settle_allocation(tx, decision, reservation, Some(&funded)).await
                }
                _ => settle_allocation(tx, decision, reservation, None).await,
            }
        }
    }
}

/// Tells the collective's treasurers and coordinators (its opener aside)
/// that paying a budget waits for one of them.
async fn tell_approvers(
    tx: &mut Tx,
    decision_id: &DecisionId,
    question: &str,
    created_by: &MemberId,
    collective: &collectives::Collective,
) -> Result<(), AppError> {
    let notice = Notice {
        kind: notifications::DECISION_ALLOCATION,
        args: vec![
            ("question", question.to_owned()),
            ("collective", collective.name.clone()),
        ],
        link: format!("/decisions/{decision_id}"),
        body: String::new(),
        list: None,
    };
    for m in collectives::members(&mut *tx, &collective.id).await? {
        if m.member_id != *created_by && m.role.moves_money() {
            notifications::notify(&mut *tx, &m.member_id, &notice).await?;
        }
    }
    Ok(())
}

/// Pays a budget's `funded` proposals out of its escrow in one capture
/// (what it does not spend goes back to the treasury), or releases the
/// whole budget (`None`). A refusal by the ledger is the outcome, not an
/// error: the decision still closes.
async fn settle_allocation(
    tx: &mut Tx,
    decision: &Decision,
    reservation: &str,
    funded: Option<&[usize]>,
) -> Result<serde_json::Value, AppError> {
    use serde_json::json;
    let id = &decision.id;
    let label = Label {
        code: "decision.budget.fund",
        reference: &decision.question,
        by: None,
    };
    let moved = match funded {
        Some(funded) => {
            let mut splits = Vec::new();
            for &i in funded {
                let Some(option) = decision.options.get(i) else {
                    continue;
                };
                let to = match &option.recipient {
                    Some(Recipient::Project(p)) => Owner::Treasury(p),
                    Some(Recipient::Member(m)) => Owner::Wallet(m),
                    None => continue,
                };
                splits.push(money::Split {
                    to,
                    amount: Amount::new(option.cost.unwrap_or(0))?,
                    reference: &option.label,
                });
            }
            let key = format!("decision:{id}:fund");
            money::capture(&mut *tx, &key, reservation, &splits, None, label)
                .await
                .map(|c| c.transfers)
        }
        None => {
            let key = format!("decision:{id}:release");
            money::release(&mut *tx, &key, reservation, label)
                .await
                .map(|()| vec![key])
        }
    };
    match moved {
        Ok(transfers) => Ok(json!({
            "done": funded.is_some(),
            "funded": funded.unwrap_or_default(),
            "transfers": transfers,
        })),
        // The transaction is spoilt: the close runs again later.
        Err(e @ AppError::Conflict("transfer-id-race")) => Err(e),
        Err(AppError::Internal(e)) => Err(AppError::Internal(e)),
        Err(refused) => Ok(json!({"done": false, "refused": refused.code()})),
    }
}

/// A second treasurer or coordinator of the collective (not the opener)
/// approves, or refuses, paying a budget that needs it: before the close,
/// the close then pays (or releases); after it, this pays (or releases) now.
pub async fn decide_allocation(
    db: &Db,
    actor: &MemberId,
    decision_id: &DecisionId,
    approve: bool,
) -> Result<Decision, AppError> {
    let decision = get(db, actor, decision_id).await?;
    let Some(Effect::Allocate { reservation }) = &decision.effect else {
        return Err(AppError::Conflict("decision-allocation-none"));
    };
    let role = collectives::role_of(db, &decision.collective_id, actor).await?;
    if !role.is_some_and(Role::moves_money) {
        return Err(AppError::NotAllowed("decision-allocation-approvers"));
    }
    if decision.created_by == *actor {
        return Err(AppError::Conflict("decision-allocation-self-approval"));
    }
    let mut tx = db.begin().await?;
    let decided = if approve {
        AllocationApproval::Approved
    } else {
        AllocationApproval::Refused
    };
    // Claims the approval (and the decision's row, so that a close running
    // now either sees it or runs after this commits).
    let claimed = sqlx::query(
        "UPDATE decisions SET allocation_approval = $1, allocation_decided_by = $2 \
         WHERE id = $3 AND allocation_approval = 'needed'",
    )
    .bind(decided.code())
    .bind(actor)
    .bind(decision_id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(AppError::Conflict("decision-allocation-decided"));
    }
    let closed = sqlx::query("SELECT effect_outcome FROM decisions WHERE id = $1")
        .bind(decision_id)
        .fetch_one(&mut *tx)
        .await?;
    let outcome: Option<serde_json::Value> = parsed_column(&closed, "effect_outcome")?;
    // Closed and passed, it was waiting for this: pay or release now.
    if let Some(waiting) = outcome.filter(|o| o["awaiting_approval"] == true) {
        let funded: Vec<usize> =
            serde_json::from_value(waiting["funded"].clone()).unwrap_or_default();
        let settled = if approve {
            settle_allocation(&mut tx, &decision, reservation, Some(&funded)).await?
        } else {
            settle_allocation(&mut tx, &decision, reservation, None).await?
        };
        sqlx::query("UPDATE decisions SET effect_outcome = $1 WHERE id = $2")
            .bind(settled.to_string())
            .bind(decision_id)
            .execute(&mut *tx)
            .await?;
        crate::log::append(
            &mut tx,
            &serde_json::json!({
                "type": "decision.allocation",
                "decision": decision_id,
                "approved": approve,
                "effect_outcome": settled,
            }),
        )
        .await?;
    }
    tx.commit().await?;
    get(db, actor, decision_id).await
}

/// Closes a decision: counts, checks the quorum, stores and logs the
/// ballots and the result, does what the decision does if it passed, and
/// tells its voters. Runs once (the job may run twice: the second finds it
/// closed).
pub async fn close(db: &Db, decision_id: &DecisionId) -> Result<(), AppError> {
    let decision = load(db, decision_id).await?;
    if decision.is_closed() {
        return Ok(());
    }
    let colleges: Vec<(String, u32)> = if decision.weighted {
        collectives::colleges(db, &decision.collective_id)
            .await?
            .into_iter()
            .map(|c| (c.id, c.weight as u32))
            .collect()
    } else {
        Vec::new()
    };
    // Claim the close first: a vote being recorded holds the decision's row
    // (see `cast`), so once this goes through no ballot can still arrive,
    // and every ballot committed before is read below.
    let mut tx = db.begin().await?;
    let claimed =
        sqlx::query("UPDATE decisions SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
            .bind(now_ms())
            .bind(decision_id)
            .execute(&mut *tx)
            .await?;
    if claimed.rows_affected() != 1 {
        return Ok(());
    }
    // An approval given while this close was starting counts: read under
    // the claim.
    let mut decision = decision;
    decision.allocation_approval =
        sqlx::query("SELECT allocation_approval FROM decisions WHERE id = $1")
            .bind(decision_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get::<Option<&str>, _>("allocation_approval")?
            .and_then(AllocationApproval::parse);
    let eligible = eligible_members(
        &mut tx,
        &decision.collective_id,
        decision.college_id.as_deref(),
    )
    .await?
    .len() as i64;
    let mut published = ballots(&mut *tx, decision_id).await?;
    let voters: Vec<MemberId> =
        sqlx::query("SELECT member_id FROM decision_voters WHERE decision_id = $1")
            .bind(decision_id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| r.try_get("member_id"))
            .collect::<Result<_, _>>()?;
    let turnout = voters.len() as i64;
    let quorum_met = turnout * 100 >= eligible * i64::from(decision.quorum_percent);
    // A secret decision shows each college's own result only for colleges
    // with enough voters; the log says from how many, for recounts.
    let college_results_min = if decision.secret && decision.weighted {
        Some(
            collectives::get(&mut tx, &decision.collective_id)
                .await?
                .college_results_min,
        )
    } else {
        None
    };
    let counted = count(
        &decision.method,
        &decision.options,
        &published,
        &colleges,
        college_results_min,
    );
    let result = DecisionResult {
        eligible,
        voters: turnout,
        quorum_met,
        weighted: decision.weighted,
        tally: counted.tally,
        raw: counted.raw,
        colleges: counted.colleges,
        college_results_min,
    };
    let yes = passed(&decision.method, &result);
    let outcome = match &decision.effect {
        Some(effect) => Some(act(&mut tx, &decision, effect, yes, &result.tally).await?),
        None => None,
    };
    if decision.secret {
        // Receipts enter the log now, in random order: their order and time
        // say nothing about who voted when.
        published.shuffle(&mut rand::thread_rng());
        for b in &published {
            crate::log::append(
                &mut tx,
                &serde_json::json!({"type": "decision.receipt", "decision": decision_id, "receipt": b.receipt}),
            )
            .await?;
        }
    }
    let entries: Vec<serde_json::Value> = published
        .iter()
        .map(|b| serde_json::json!({"receipt": b.receipt, "ballot": b.ballot, "college": b.college_id}))
        .collect();
    let index = crate::log::append(
        &mut tx,
        &serde_json::json!({
            "type": "decision.result",
            "decision": decision_id,
            "method": decision.method,
            "options": logged_options(&decision.options),
            "colleges": colleges,
            "college_results_min": college_results_min,
            "ballots": entries,
            "result": result,
            "effect_outcome": outcome,
        }),
    )
    .await?;
    sqlx::query(
        "UPDATE decisions SET result = $1, effect_outcome = $2, result_log_index = $3 WHERE id = $4",
    )
    .bind(serde_json::to_string(&result).map_err(|e| AppError::Internal(e.to_string()))?)
    .bind(outcome.as_ref().map(|o| o.to_string()))
    .bind(index as i64)
    .bind(decision_id)
    .execute(&mut *tx)
    .await?;
    decision.result = Some(result);
    let mut args = vec![("question", decision.question.clone())];
    if let Some((key, words)) = self::outcome(&decision) {
        args.push(("outcome", format!("msg:{key}")));
        args.extend(words);
    }
    let notice = Notice {
        kind: notifications::DECISION_CLOSED,
        args,
        link: format!("/decisions/{decision_id}"),
        body: String::new(),
        list: None,
    };
    for voter in &voters {
        notifications::notify(&mut tx, voter, &notice).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Who may close a decision early: its opener or a coordinator of its
/// collective (`role` is the actor's there).
pub fn may_close_early(decision: &Decision, actor: &MemberId, role: Option<Role>) -> bool {
    decision.created_by == *actor || role == Some(Role::Coordinator)
}

/// Closes a decision before its time, once every eligible member has
/// voted (nobody loses a vote): its opener or a coordinator of its
/// collective may. The close is the usual one; the job then finds it done.
pub async fn close_early(
    db: &Db,
    actor: &MemberId,
    decision_id: &DecisionId,
) -> Result<(), AppError> {
    let decision = get(db, actor, decision_id).await?;
    if decision.is_closed() {
        return Err(AppError::Conflict("decision-closed"));
    }
    let role = collectives::role_of(db, &decision.collective_id, actor).await?;
    if !may_close_early(&decision, actor, role) {
        return Err(AppError::NotAllowed("decision-close-early-who"));
    }
    let mut tx = db.begin().await?;
    if !everyone_voted(&mut *tx, &decision).await? {
        return Err(AppError::Conflict("decision-close-early-not-everyone"));
    }
    sqlx::query("UPDATE decisions SET closes_at = $1 WHERE id = $2 AND closed_at IS NULL")
        .bind(now_ms())
        .bind(decision_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    close(db, decision_id).await
}

/// The published ballots of a closed decision (none before the close).
pub async fn published(
    db: &Db,
    member_id: &MemberId,
    decision_id: &DecisionId,
) -> Result<Vec<PublishedBallot>, AppError> {
    let decision = get(db, member_id, decision_id).await?;
    if decision.result.is_none() {
        return Err(AppError::Conflict("decision-open"));
    }
    let mut all = ballots(db.pool(), decision_id).await?;
    if decision.secret {
        for b in &mut all {
            b.member_id = None;
            b.voter_name = None;
        }
    }
    Ok(all)
}

/// The decisions' part of a member's data: exported below. Erasure keeps
/// the ballots: a secret one is linked to nobody, and a public one is part
/// of a result others rely on, shown under the member's pseudonym.
pub(crate) const PERSONAL_DATA: crate::module::Part = crate::module::Part {
    export: |db, member_id| Box::pin(export(db, member_id)),
    erase: |_, _| Box::pin(async { Ok(()) }),
};

/// The member's part in decisions, for the personal-data export: the
/// decisions it voted on and its public ballots (a secret ballot is linked
/// to nobody, so it cannot be exported).
pub async fn export(db: &Db, member_id: &MemberId) -> Result<serde_json::Value, AppError> {
    let rows = sqlx::query(
        "SELECT d.id, d.question, d.secret, b.ballot, b.reason, b.receipt, b.cast_at \
         FROM decision_voters v JOIN decisions d ON d.id = v.decision_id \
         LEFT JOIN decision_ballots b ON b.decision_id = d.id AND b.member_id = v.member_id \
         WHERE v.member_id = $1 ORDER BY d.created_at",
    )
    .bind(member_id)
    .fetch_all(db.pool())
    .await?;
    let voted: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let ballot: Option<serde_json::Value> = r
                .try_get::<Option<&str>, _>("ballot")?
                .and_then(|b| serde_json::from_str(b).ok());
            Ok(serde_json::json!({
                "decision": r.try_get::<String, _>("id")?,
                "question": r.try_get::<String, _>("question")?,
                "secret": r.try_get::<i64, _>("secret")? != 0,
                "ballot": ballot,
                "reason": r.try_get::<Option<String>, _>("reason")?,
                "receipt": r.try_get::<Option<String>, _>("receipt")?,
                "cast_at": r.try_get::<Option<i64>, _>("cast_at")?,
            }))
        })
        .collect::<Result<_, sqlx::Error>>()?;

    Ok(serde_json::json!(voted))
}

#[derive(Deserialize)]
struct DecisionPayload {
    decision_id: DecisionId,
}

pub fn register(handlers: &mut jobs::Handlers, db: Db) {
    let closing = db.clone();
    handlers.register(JOB_CLOSE, move |payload| {
        let db = closing.clone();
        async move {
            let p: DecisionPayload = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            close(&db, &p.decision_id).await.map_err(|e| e.to_string())
        }
    });
    handlers.register(JOB_REMIND, move |payload| {
        let db = db.clone();
        async move {
            let p: DecisionPayload = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
            remind(&db, &p.decision_id).await.map_err(|e| e.to_string())
        }
    });
}
