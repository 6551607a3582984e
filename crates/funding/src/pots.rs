//! Mutual-aid pots. A coordinator of a collective opens a pot for a
//! purpose: a member in difficulty (its beneficiary), an event. Members give
//! from their wallets into the pot's escrow (a payment between members: the
//! instance's fee for those, nothing by default). A withdrawal is asked by
//! the beneficiary or a coordinator; its money is held at once toward the
//! recipient's wallet, so two withdrawals never promise the same euro. It
//! is paid when another coordinator approves it (never the one who asked,
//! nor the one paid), or when the collective's decision passes; refused or
//! cancelled, its hold is released. Every gift and withdrawal is listed to
//! the contributors, the beneficiary and the collective's members.

use kernel::collectives::Role;
use kernel::db::{Db, Tx, new_id, now_ms};
use kernel::decisions::{self, Decision, DecisionInput, MethodKind};
use kernel::fees::{FeeRule, PaymentKind};
use kernel::money::{self, Amount, Fee, Label, Owner};
use kernel::validate::schema;
use kernel::{AppError, CollectiveId, DecisionId, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::campaigns::MAX_GOAL;

pub const JOB_PAY: &str = "funding.pot_pay";

/// A withdrawal the member asked for, or that pays it, was paid or refused.
pub const DECIDED: kernel::notifications::Kind = kernel::notifications::Kind {
    code: "funding_pot_decided",
    default: kernel::notifications::Delivery::Email,
};

/// A withdrawal from a pot awaits the coordinator's approval.
pub const ASKED: kernel::notifications::Kind = kernel::notifications::Kind {
    code: "funding_pot_asked",
    default: kernel::notifications::Delivery::Email,
};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingPotInput)]
pub struct PotInput {
    /// The collective that runs the pot; the member coordinates it.
    pub collective_id: String,
    #[schema(schema_with = schema::line::<3, 120>)]
    pub title: String,
    /// What the pot is for, as its page says it.
    #[schema(schema_with = schema::body::<4000>)]
    pub purpose: String,
    /// The member the pot helps, a member of the collective; none for a
    /// pot for an event.
    #[serde(default)]
    pub beneficiary_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingPot)]
pub struct Pot {
    pub id: String,
    pub collective_id: String,
    pub collective_name: String,
    pub title: String,
    pub purpose: String,
    pub beneficiary_id: Option<String>,
    pub beneficiary_name: Option<String>,
    /// open (taking gifts) or closed (what is left may still be withdrawn).
    pub state: String,
    /// Given in all, in cents.
    pub given: i64,
    /// Paid out in all.
    pub paid_out: i64,
    /// Held for withdrawals not yet decided.
    pub pending: i64,
    /// What a new withdrawal may take: given, less paid out and pending.
    pub available: i64,
    pub contributors: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingGiftInput)]
pub struct GiftInput {
    /// In cents.
    #[schema(minimum = 1, maximum = 1000000000)]
    pub amount: i64,
    /// Named to the pot's other contributors (true), or shown as anonymous.
    #[serde(default)]
    pub named: bool,
}

/// A gift, as the pot's movements list it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingGift)]
pub struct Gift {
    /// The giver's name, or none when it chose to stay anonymous.
    pub member_name: Option<String>,
    pub amount: i64,
    /// Whether it is the reader's own gift.
    pub mine: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingWithdrawalInput)]
pub struct WithdrawalInput {
    /// In cents, at most what the pot has available.
    #[schema(minimum = 1, maximum = 1000000000)]
    pub amount: i64,
    #[schema(schema_with = schema::line::<3, 200>)]
    pub reason: String,
    /// Whose wallet is paid: the beneficiary's when the pot has one (the
    /// only choice then), otherwise a member of the collective.
    #[serde(default)]
    pub to_member_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingWithdrawal)]
pub struct Withdrawal {
    pub id: String,
    pub amount: i64,
    pub reason: String,
    pub to_member_id: String,
    pub to_name: String,
    pub requested_by: String,
    pub requested_by_name: String,
    /// requested (its money held), paid, refused or cancelled.
    pub state: String,
    /// The coordinator who paid or refused it.
    pub decided_by_name: Option<String>,
    /// The decision it was put to, if any.
    pub decision_id: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

/// Everything that went in and out of a pot, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingPotMovements)]
pub struct Movements {
    pub gifts: Vec<Gift>,
    pub withdrawals: Vec<Withdrawal>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingPotDecisionInput)]
pub struct PotDecisionInput {
    /// The question put to the collective.
    #[schema(schema_with = schema::line::<3, 200>)]
    pub question: String,
    /// consent, consensus or majority (the first option is "for").
    #[schema(schema_with = crate::campaigns::acting_method_schema)]
    pub method: MethodKind,
    /// A majority's options, "for" first.
    #[serde(default)]
    #[schema(max_items = 2)]
    pub options: Vec<String>,
    /// When the decision closes, ms since the epoch: at least the
    /// collective's acting time ahead.
    #[schema(schema_with = schema::timestamp_ms)]
    pub closes_at: i64,
}

impl Pot {
    /// The pot as those outside it see it: who it helps is for its
    /// contributors, its beneficiary and its collective only.
    pub fn as_seen(mut self, rights: &Rights) -> Pot {
        if !rights.sees_movements {
            self.beneficiary_id = None;
            self.beneficiary_name = None;
        }
        self
    }
}

pub fn escrow_of(pot_id: &str) -> String {
    format!("funding:pot:{pot_id}")
}

fn hold_key(withdrawal_id: &str) -> String {
    format!("funding:pot-withdrawal:{withdrawal_id}")
}

/// A gift bears the instance's fee between members (nothing by default).
fn fee(rule: &FeeRule) -> Fee<'_> {
    Fee {
        rule,
        kind: PaymentKind::BetweenMembers,
    }
}

const POT_SELECT: &str = "SELECT p.id, p.collective_id, c.name AS collective_name, p.title, \
    p.purpose, p.beneficiary_id, b.display_name AS beneficiary_name, p.state, p.created_at, \
    CAST((SELECT COALESCE(SUM(g.amount), 0) FROM funding_pot_gifts g WHERE g.pot_id = p.id) AS BIGINT) AS given, \
    CAST((SELECT COUNT(DISTINCT g.member_id) FROM funding_pot_gifts g WHERE g.pot_id = p.id) AS BIGINT) AS contributors, \
    CAST((SELECT COALESCE(SUM(w.amount), 0) FROM funding_pot_withdrawals w \
          WHERE w.pot_id = p.id AND w.state = 'paid') AS BIGINT) AS paid_out, \
    CAST((SELECT COALESCE(SUM(w.amount), 0) FROM funding_pot_withdrawals w \
          WHERE w.pot_id = p.id AND w.state = 'requested') AS BIGINT) AS pending \
    FROM funding_pots p JOIN collectives c ON c.id = p.collective_id \
    LEFT JOIN members b ON b.id = p.beneficiary_id";

fn pot_from(r: &sqlx::any::AnyRow) -> Result<Pot, sqlx::Error> {
    let (given, paid_out, pending): (i64, i64, i64) = (
        r.try_get("given")?,
        r.try_get("paid_out")?,
        r.try_get("pending")?,
    );
    Ok(Pot {
        id: r.try_get("id")?,
        collective_id: r.try_get("collective_id")?,
        collective_name: r.try_get("collective_name")?,
        title: r.try_get("title")?,
        purpose: r.try_get("purpose")?,
        beneficiary_id: r.try_get("beneficiary_id")?,
        beneficiary_name: r.try_get("beneficiary_name")?,
        state: r.try_get("state")?,
        contributors: r.try_get("contributors")?,
        created_at: r.try_get("created_at")?,
        available: given - paid_out - pending,
        given,
        paid_out,
        pending,
    })
}

async fn load(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Pot, AppError> {
    let row = sqlx::query(&format!("{POT_SELECT} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(pot_from(&row)?)
}

pub async fn get(db: &Db, id: &str) -> Result<Pot, AppError> {
    load(&mut *db.pool().acquire().await?, id).await
}

/// In the caller's transaction, the pot locked against concurrent gifts
/// and withdrawals (PostgreSQL; SQLite has one writer).
async fn lock(tx: &mut Tx, id: &str) -> Result<Pot, AppError> {
    tx.lock_named(&escrow_of(id), true).await?;
    load(tx, id).await
}

/// The open pots first, newest first, then the closed ones, none naming
/// whom it helps.
pub async fn list(db: &Db) -> Result<Vec<Pot>, AppError> {
    let rows = sqlx::query(&format!(
        "{POT_SELECT} ORDER BY CASE p.state WHEN 'open' THEN 0 ELSE 1 END, p.created_at DESC LIMIT 200"
    ))
    .fetch_all(db.pool())
    .await?;
    // Who each pot helps is on the pot's page, for those who see it.
    let hidden = Rights::default();
    Ok(rows
        .iter()
        .map(|r| pot_from(r).map(|p| p.as_seen(&hidden)))
        .collect::<Result<_, _>>()?)
}

/// A coordinator of the collective opens a pot.
pub async fn create(db: &Db, member: &MemberId, input: &PotInput) -> Result<Pot, AppError> {
    let collective = CollectiveId::from(input.collective_id.clone());
    if kernel::collectives::role_of(db, &collective, member).await? != Some(Role::Coordinator) {
        return Err(AppError::field("collective_id", "error-pot-collective"));
    }
    let mut checks = kernel::error::Checks::new();
    let title = checks.check("title", kernel::validate::line(&input.title, 3, 120));
    let purpose = checks.check(
        "purpose",
        kernel::validate::non_blank_text(&input.purpose, 4000),
    );
    let beneficiary = match input.beneficiary_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => {
            let id = MemberId::from(id.to_owned());
            if kernel::collectives::role_of(db, &collective, &id)
                .await?
                .is_none()
            {
                checks.add("beneficiary_id", "error-pot-beneficiary");
            }
            Some(id)
        }
    };
    checks.finish()?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO funding_pots (id, collective_id, created_by, title, purpose, beneficiary_id, \
         state, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7)",
    )
    .bind(&id)
    .bind(&collective)
    .bind(member)
    .bind(title.unwrap_or_default())
    .bind(purpose.unwrap_or_default())
    .bind(beneficiary)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    get(db, &id).await
}

/// A member gives to an open pot from its wallet, with the fee between
/// members on top; the gift and its payment are one transaction.
pub async fn give(
    db: &Db,
    fees: &FeeRule,
    member: &MemberId,
    pot_id: &str,
    input: &GiftInput,
) -> Result<Pot, AppError> {
    if !(1..=MAX_GOAL).contains(&input.amount) {
        return Err(AppError::field("amount", "error-pot-amount"));
    }
    let mut tx = db.begin().await?;
    let pot = lock(&mut tx, pot_id).await?;
    if pot.state != "open" {
        return Err(AppError::Conflict("funding-pot-closed"));
    }
    let id = new_id();
    let escrow = escrow_of(&pot.id);
    money::pay(
        &mut tx,
        &format!("funding:pot-gift:{id}"),
        Owner::Wallet(member),
        Owner::Escrow(&escrow),
        Amount::new(input.amount as u64)?,
        Some(fee(fees)),
        Label {
            code: "funding.pot_gift",
            reference: &pot.title,
            by: Some(member),
        },
    )
    .await
    .map_err(|e| match e {
        AppError::Conflict("transfer-exceeds-limit") => {
            AppError::Conflict("funding-pot-wallet-short")
        }
        other => other,
    })?;
    sqlx::query(
        "INSERT INTO funding_pot_gifts (id, pot_id, member_id, amount, named, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(&pot.id)
    .bind(member)
    .bind(input.amount)
    .bind(i64::from(input.named))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    get(db, pot_id).await
}

/// What the member may do with the pot.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rights {
    /// Sees every movement: a contributor, the beneficiary, a member of
    /// the collective.
    pub sees_movements: bool,
    /// Asks for a withdrawal: the beneficiary or a coordinator.
    pub asks: bool,
    /// Pays, refuses, puts to a decision, closes: a coordinator.
    pub coordinates: bool,
}

pub async fn rights(db: &Db, member: &MemberId, pot: &Pot) -> Result<Rights, AppError> {
    let collective = CollectiveId::from(pot.collective_id.clone());
    let role = kernel::collectives::role_of(db, &collective, member).await?;
    let beneficiary = pot.beneficiary_id.as_deref() == Some(member.as_str());
    let gave = sqlx::query(
        "SELECT id FROM funding_pot_gifts WHERE pot_id = $1 AND member_id = $2 LIMIT 1",
    )
    .bind(&pot.id)
    .bind(member)
    .fetch_optional(db.pool())
    .await?
    .is_some();
    let coordinates = role == Some(Role::Coordinator);
    Ok(Rights {
        sees_movements: gave || beneficiary || role.is_some(),
        asks: beneficiary || coordinates,
        coordinates,
    })
}

const WITHDRAWAL_SELECT: &str = "SELECT w.id, w.pot_id, w.amount, w.reason, w.to_member_id, t.display_name AS to_name, \
    w.requested_by, r.display_name AS requested_by_name, w.state, d.display_name AS decided_by_name, \
    w.decision_id, w.created_at, w.decided_at \
    FROM funding_pot_withdrawals w JOIN members t ON t.id = w.to_member_id \
    JOIN members r ON r.id = w.requested_by LEFT JOIN members d ON d.id = w.decided_by";

fn withdrawal_from(r: &sqlx::any::AnyRow) -> Result<Withdrawal, sqlx::Error> {
    Ok(Withdrawal {
        id: r.try_get("id")?,
        amount: r.try_get("amount")?,
        reason: r.try_get("reason")?,
        to_member_id: r.try_get("to_member_id")?,
        to_name: r.try_get("to_name")?,
        requested_by: r.try_get("requested_by")?,
        requested_by_name: r.try_get("requested_by_name")?,
        state: r.try_get("state")?,
        decided_by_name: r.try_get("decided_by_name")?,
        decision_id: r.try_get("decision_id")?,
        created_at: r.try_get("created_at")?,
        decided_at: r.try_get("decided_at")?,
    })
}

/// Every gift and withdrawal of the pot, for those who see them; others
/// are refused.
pub async fn movements(db: &Db, member: &MemberId, pot_id: &str) -> Result<Movements, AppError> {
    let pot = get(db, pot_id).await?;
    if !rights(db, member, &pot).await?.sees_movements {
        return Err(AppError::NotAllowed("funding-pot-movements"));
    }
    let gifts = sqlx::query(
        "SELECT g.member_id, m.display_name, g.amount, g.named, g.created_at \
         FROM funding_pot_gifts g JOIN members m ON m.id = g.member_id \
         WHERE g.pot_id = $1 ORDER BY g.created_at DESC, g.id DESC LIMIT 1000",
    )
    .bind(pot_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        let mine = r.try_get::<&str, _>("member_id")? == member.as_str();
        Ok(Gift {
            member_name: (r.try_get::<i64, _>("named")? == 1 || mine)
                .then(|| r.try_get("display_name"))
                .transpose()?,
            amount: r.try_get("amount")?,
            mine,
            created_at: r.try_get("created_at")?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let withdrawals = sqlx::query(&format!(
        "{WITHDRAWAL_SELECT} WHERE w.pot_id = $1 ORDER BY w.created_at DESC, w.id DESC LIMIT 1000"
    ))
    .bind(pot_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(withdrawal_from)
    .collect::<Result<_, _>>()?;
    Ok(Movements { gifts, withdrawals })
}

/// A withdrawal, with its pot's id.
pub async fn withdrawal(db: &Db, id: &str) -> Result<(String, Withdrawal), AppError> {
    let row = sqlx::query(&format!("{WITHDRAWAL_SELECT} WHERE w.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((row.try_get("pot_id")?, withdrawal_from(&row)?))
}

/// The beneficiary or a coordinator asks for a withdrawal; its money is
/// held at once toward the recipient's wallet.
pub async fn request(
    db: &Db,
    member: &MemberId,
    pot_id: &str,
    input: &WithdrawalInput,
) -> Result<Withdrawal, AppError> {
    let pot = get(db, pot_id).await?;
    let rights = rights(db, member, &pot).await?;
    if !rights.asks {
        return Err(AppError::NotAllowed("funding-pot-ask"));
    }
    let mut checks = kernel::error::Checks::new();
    let reason = checks.check("reason", kernel::validate::line(&input.reason, 3, 200));
    if !(1..=MAX_GOAL).contains(&input.amount) {
        checks.add("amount", "error-pot-amount");
    }
    let chosen = input
        .to_member_id
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let to = match (&pot.beneficiary_id, chosen) {
        // A pot for a member pays that member only.
        (Some(b), None) => Some(MemberId::from(b.clone())),
        (Some(b), Some(c)) if c == b => Some(MemberId::from(b.clone())),
        (None, Some(c)) => {
            let c = MemberId::from(c.to_owned());
            let collective = CollectiveId::from(pot.collective_id.clone());
            kernel::collectives::role_of(db, &collective, &c)
                .await?
                .map(|_| c)
        }
        (None, None) => Some(member.clone()),
        _ => None,
    };
    if to.is_none() {
        checks.add("to_member_id", "error-pot-recipient");
    }
    checks.finish()?;
    let to = to.expect("checked above");
    let id = new_id();
    let key = hold_key(&id);
    let mut tx = db.begin().await?;
    let pot = lock(&mut tx, pot_id).await?;
    if input.amount > pot.available {
        return Err(AppError::Conflict("funding-pot-short"));
    }
    let escrow = escrow_of(&pot.id);
    money::hold(
        &mut tx,
        &key,
        Owner::Escrow(&escrow),
        Owner::Wallet(&to),
        Amount::new(input.amount as u64)?,
        None,
        Label {
            code: "funding.pot_withdrawal",
            reference: &pot.title,
            by: Some(member),
        },
    )
    .await
    .map_err(|e| match e {
        AppError::Conflict("transfer-exceeds-limit") => AppError::Conflict("funding-pot-short"),
        other => other,
    })?;
    sqlx::query(
        "INSERT INTO funding_pot_withdrawals (id, pot_id, requested_by, to_member_id, amount, \
         reason, state, hold_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7, $8)",
    )
    .bind(&id)
    .bind(&pot.id)
    .bind(member)
    .bind(&to)
    .bind(input.amount)
    .bind(reason.unwrap_or_default())
    .bind(&key)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    // The coordinators who may pay it are told.
    let collective = CollectiveId::from(pot.collective_id.clone());
    let approvers: Vec<MemberId> = kernel::collectives::members(&mut tx, &collective)
        .await?
        .into_iter()
        .filter(|m| m.role == Role::Coordinator && m.member_id != *member && m.member_id != to)
        .map(|m| m.member_id)
        .collect();
    let notice = kernel::notifications::Notice {
        kind: ASKED,
        args: vec![("name", pot.title.clone())],
        link: format!("/funding/pots/{}#withdrawals", pot.id),
        body: String::new(),
        list: None,
    };
    kernel::notifications::notify_many(&mut tx, &approvers, &notice).await?;
    tx.commit().await?;
    Ok(withdrawal(db, &id).await?.1)
}

/// How a requested withdrawal ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pay,
    Refuse,
    Cancel,
}

/// Claims the withdrawal (still requested) and captures or releases its
/// hold, in the caller's transaction. False when it was already decided.
async fn conclude(
    tx: &mut Tx,
    id: &str,
    verdict: Verdict,
    by: Option<&MemberId>,
    decision: Option<&DecisionId>,
) -> Result<bool, AppError> {
    let state = match verdict {
        Verdict::Pay => "paid",
        Verdict::Refuse => "refused",
        Verdict::Cancel => "cancelled",
    };
    let claimed = sqlx::query(
        "UPDATE funding_pot_withdrawals SET state = $1, decided_by = $2, decided_at = $3 \
         WHERE id = $4 AND state = 'requested'",
    )
    .bind(state)
    .bind(by.filter(|_| verdict != Verdict::Cancel))
    .bind(now_ms())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Ok(false);
    }
    if let Some(d) = decision {
        sqlx::query("UPDATE funding_pot_withdrawals SET decision_id = $1 WHERE id = $2")
            .bind(d.as_str())
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    let key = hold_key(id);
    let label = Label {
        code: "funding.pot_withdrawal",
        reference: "",
        by,
    };
    match verdict {
        Verdict::Pay => {
            money::capture(&mut *tx, &format!("{key}:pay"), &key, &[], None, label).await?;
        }
        Verdict::Refuse | Verdict::Cancel => {
            money::release(&mut *tx, &format!("{key}:void"), &key, label).await?;
        }
    }
    if verdict != Verdict::Cancel {
        // The one who asked and the one paid are told (not who decided).
        let row = sqlx::query(
            "SELECT w.requested_by, w.to_member_id, p.id AS pot_id, p.title \
             FROM funding_pot_withdrawals w JOIN funding_pots p ON p.id = w.pot_id WHERE w.id = $1",
        )
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
        let mut told: Vec<MemberId> = ["requested_by", "to_member_id"]
            .iter()
            .map(|c| row.try_get::<String, _>(*c).map(MemberId::from))
            .collect::<Result<_, _>>()?;
        told.dedup();
        told.retain(|m| Some(m) != by);
        let pot_id: String = row.try_get("pot_id")?;
        let notice = kernel::notifications::Notice {
            kind: DECIDED,
            args: vec![
                ("name", row.try_get("title")?),
                ("outcome", format!("msg:pots-withdrawal-state-{state}")),
            ],
            link: format!("/funding/pots/{pot_id}#withdrawals"),
            body: String::new(),
            list: None,
        };
        kernel::notifications::notify_many(&mut *tx, &told, &notice).await?;
    }
    Ok(true)
}

/// Another coordinator pays or refuses a withdrawal; the one who asked
/// cancels it. Nobody pays what they asked for, nor what pays them.
pub async fn decide(
    db: &Db,
    member: &MemberId,
    withdrawal_id: &str,
    verdict: Verdict,
) -> Result<Withdrawal, AppError> {
    let (pot_id, w) = withdrawal(db, withdrawal_id).await?;
    let pot = get(db, &pot_id).await?;
    match verdict {
        Verdict::Cancel if w.requested_by != member.as_str() => {
            return Err(AppError::NotAllowed("funding-pot-cancel"));
        }
        Verdict::Pay | Verdict::Refuse if !rights(db, member, &pot).await?.coordinates => {
            return Err(AppError::NotAllowed("funding-pot-coordinators"));
        }
        Verdict::Pay if w.requested_by == member.as_str() => {
            return Err(AppError::Conflict("funding-pot-self-approval"));
        }
        Verdict::Pay if w.to_member_id == member.as_str() => {
            return Err(AppError::Conflict("funding-pot-self-payment"));
        }
        _ => {}
    }
    let mut tx = db.begin().await?;
    lock(&mut tx, &pot_id).await?;
    if !conclude(&mut tx, withdrawal_id, verdict, Some(member), None).await? {
        return Err(AppError::Conflict("funding-pot-decided"));
    }
    tx.commit().await?;
    Ok(withdrawal(db, withdrawal_id).await?.1)
}

/// What the decision's job carries (the kernel adds the decision's id).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Payload {
    pub withdrawal_id: String,
    #[serde(default)]
    pub decision_id: Option<DecisionId>,
}

/// A coordinator puts a requested withdrawal to the collective's decision
/// (when no other coordinator may pay it, or the collective wants its say).
pub async fn put_to_decision(
    db: &Db,
    member: &MemberId,
    withdrawal_id: &str,
    input: &PotDecisionInput,
) -> Result<Decision, AppError> {
    let (pot_id, w) = withdrawal(db, withdrawal_id).await?;
    let pot = get(db, &pot_id).await?;
    if !rights(db, member, &pot).await?.coordinates {
        return Err(AppError::NotAllowed("funding-pot-coordinators"));
    }
    if w.state != "requested" {
        return Err(AppError::Conflict("funding-pot-decided"));
    }
    let collective = CollectiveId::from(pot.collective_id.clone());
    let rules = kernel::collectives::get(db, &collective)
        .await?
        .acting_rules;
    let decision = DecisionInput::acting(
        input.question.clone(),
        format!("{}\n\n/funding/pots/{}", w.reason, pot.id),
        input.method,
        &input.options,
        rules.min_quorum,
        input.closes_at,
    );
    let effect = decisions::ModuleEffect {
        job: JOB_PAY,
        payload: serde_json::to_value(Payload {
            withdrawal_id: w.id.clone(),
            decision_id: None,
        })
        .map_err(|e| AppError::Internal(e.to_string()))?,
        message: "effect-funding-pot-pay",
        args: vec![("name".to_owned(), pot.title.clone())],
    };
    let row = crate::acting::Waiting {
        table: "funding_pot_withdrawals",
        id: withdrawal_id,
        waiting: "requested",
        current: w.decision_id.as_deref(),
        busy: "funding-pot-in-decision",
    };
    crate::acting::put(db, member, &collective, row, &decision, effect).await
}

/// The job run when the decision passed: the withdrawal paid, once, if it
/// is still requested and still put to this decision.
pub async fn pay_by_decision(db: &Db, payload: &Payload) -> Result<(), AppError> {
    let decided = payload
        .decision_id
        .clone()
        .ok_or_else(|| AppError::Internal("a pot's withdrawal without its decision".into()))?;
    let (pot_id, w) = withdrawal(db, &payload.withdrawal_id).await?;
    if w.state != "requested" || w.decision_id.as_deref() != Some(decided.as_str()) {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    lock(&mut tx, &pot_id).await?;
    conclude(&mut tx, &w.id, Verdict::Pay, None, Some(&decided)).await?;
    tx.commit().await?;
    Ok(())
}

/// A coordinator closes the pot to gifts; what is left may still be
/// withdrawn.
pub async fn close(db: &Db, member: &MemberId, pot_id: &str) -> Result<Pot, AppError> {
    let pot = get(db, pot_id).await?;
    if !rights(db, member, &pot).await?.coordinates {
        return Err(AppError::NotAllowed("funding-pot-coordinators"));
    }
    let mut tx = db.begin().await?;
    lock(&mut tx, pot_id).await?;
    sqlx::query("UPDATE funding_pots SET state = 'closed' WHERE id = $1")
        .bind(pot_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    get(db, pot_id).await
}

/// The member's gifts, for its export.
pub async fn gifts_of(db: &Db, member: &MemberId) -> Result<Vec<serde_json::Value>, AppError> {
    let rows = sqlx::query(
        "SELECT g.pot_id, p.title, g.amount, g.named, g.created_at FROM funding_pot_gifts g \
         JOIN funding_pots p ON p.id = g.pot_id WHERE g.member_id = $1 ORDER BY g.created_at",
    )
    .bind(member)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(serde_json::json!({
                "pot_id": r.try_get::<String, _>("pot_id")?,
                "pot_title": r.try_get::<String, _>("title")?,
                "amount": r.try_get::<i64, _>("amount")?,
                "named": r.try_get::<i64, _>("named")? == 1,
                "created_at": r.try_get::<i64, _>("created_at")?,
            }))
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The withdrawals the member asked for or received, for its export.
pub async fn withdrawals_of(db: &Db, member: &MemberId) -> Result<Vec<Withdrawal>, AppError> {
    let rows = sqlx::query(&format!(
        "{WITHDRAWAL_SELECT} WHERE w.to_member_id = $1 OR w.requested_by = $1 ORDER BY w.created_at"
    ))
    .bind(member)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.iter().map(withdrawal_from).collect::<Result<_, _>>()?)
}
