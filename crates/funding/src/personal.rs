//! What crowdfunding holds about a member, for the export and the erasure
//! of its data: its pledges, the campaigns it launched, its offers toward
//! their asks and the updates it wrote (which stay with their campaign, as
//! forum posts do, under its pseudonym once erased).
//! A pledge still open holds money in the wallet, which the kernel's
//! erasure refuses until it is withdrawn or settled; settled ones stay for
//! the campaign's accounts, naming only the member's id (which erasure
//! leaves pointing at a pseudonym). An offer's word is the member's own
//! and goes with it. Launched campaigns stay, as collectives' decisions do;
//! one paying its owner's wallet keeps its owner until it is settled, and a
//! lender stays while a loan still owes it. Gifts to pots and withdrawals
//! stay in their pot's movements, which its contributors keep reading.
//! Expenses stay in their collective's accounts, receipts with them (a
//! collective keeps its books); the export lists them without the files.

use kernel::AppError;
use kernel::MemberId;
use kernel::db::{Db, Tx};
use kernel::module::{BoxFuture, PersonalData};
use sqlx::Row;

pub struct FundingData;

async fn export(db: &Db, member_id: &MemberId) -> Result<serde_json::Value, AppError> {
    let launched: Vec<String> =
        sqlx::query("SELECT id FROM funding_campaigns WHERE owner_id = $1 ORDER BY created_at")
            .bind(member_id)
            .fetch_all(db.pool())
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
    let written = sqlx::query(
        "SELECT campaign_id, title, body, created_at FROM funding_updates \
         WHERE author_id = $1 ORDER BY created_at",
    )
    .bind(member_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(serde_json::json!({
            "campaign_id": r.try_get::<String, _>("campaign_id")?,
            "title": r.try_get::<String, _>("title")?,
            "body": r.try_get::<String, _>("body")?,
            "created_at": r.try_get::<i64, _>("created_at")?,
        }))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(serde_json::json!({
        "updates_written": written,
        "pledges": crate::pledges::of_member(db, member_id).await?,
        "campaigns_launched": launched,
        "offers": crate::contributions::of_member(db, member_id).await?,
        "loans_lent": crate::loans::statements(db, member_id).await?,
        "pot_gifts": crate::pots::gifts_of(db, member_id).await?,
        "pot_withdrawals": crate::pots::withdrawals_of(db, member_id).await?,
        "expenses_submitted": crate::expenses::of_member(db, member_id).await?,
    }))
}

impl PersonalData for FundingData {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        member_id: &'a MemberId,
    ) -> BoxFuture<'a, Result<serde_json::Value, AppError>> {
        Box::pin(export(db, member_id))
    }

    fn erase<'a>(
        &'a self,
        tx: &'a mut Tx,
        member_id: &'a MemberId,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(async move {
            let pays_me = sqlx::query(
                "SELECT id FROM funding_campaigns WHERE owner_id = $1 AND collective_id IS NULL \
                 AND state NOT IN ('funded', 'failed') LIMIT 1",
            )
            .bind(member_id)
            .fetch_optional(&mut **tx)
            .await?;
            if pays_me.is_some() {
                return Err(AppError::Conflict("funding-owner-stays"));
            }
            // A loan still owing the member repays its wallet.
            let owed = sqlx::query(
                "SELECT l.id FROM funding_lendings g JOIN funding_loans l ON l.id = g.loan_id \
                 WHERE g.member_id = $1 AND l.state IN ('open', 'repaying') LIMIT 1",
            )
            .bind(member_id)
            .fetch_optional(&mut **tx)
            .await?;
            if owed.is_some() {
                return Err(AppError::Conflict("funding-lender-stays"));
            }
            sqlx::query("DELETE FROM funding_offers WHERE member_id = $1")
                .bind(member_id)
                .execute(&mut **tx)
                .await?;
            Ok(())
        })
    }
}
