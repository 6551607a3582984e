//! What group buying holds about a member, for the export and the erasure
//! of its data: the baskets it committed, the purchases it proposed, and
//! the energy consumption it registered (erased with it).
//! An open basket holds money in the wallet, which the kernel's erasure
//! refuses until it is withdrawn; settled ones stay for the supplier's
//! orders, naming only the member's id (which erasure leaves pointing at a
//! pseudonym). Proposed purchases stay, as collectives' decisions do.

use kernel::AppError;
use kernel::MemberId;
use kernel::db::{Db, Tx};
use kernel::module::{BoxFuture, PersonalData};
use sqlx::Row;

pub struct GroupbuyData;

async fn export(db: &Db, member_id: &MemberId) -> Result<serde_json::Value, AppError> {
    let baskets = crate::baskets::of_member(db, member_id).await?;
    let proposed: Vec<String> = sqlx::query(
        "SELECT id FROM groupbuy_purchases WHERE organiser_id = $1 ORDER BY created_at",
    )
    .bind(member_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| r.try_get("id"))
    .collect::<Result<_, _>>()?;
    Ok(serde_json::json!({
        "baskets": baskets,
        "purchases_proposed": proposed,
        "energy_households": crate::energy::of_member(db, member_id).await?,
    }))
}

impl PersonalData for GroupbuyData {
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
        // Nothing here says more than the member's id, which stays. But an
        // outside supplier's money goes to the organiser's wallet when no
        // collective proposed the purchase: its organiser stays until it is
        // settled or cancelled.
        Box::pin(async move {
            let pays_me = sqlx::query(
                "SELECT id FROM groupbuy_purchases WHERE organiser_id = $1 \
                 AND supplier_org_id IS NULL AND collective_id IS NULL \
                 AND state NOT IN ('settled', 'cancelled') LIMIT 1",
            )
            .bind(member_id)
            .fetch_optional(&mut **tx)
            .await?;
            if pays_me.is_some() {
                return Err(AppError::Conflict("groupbuy-organiser-stays"));
            }
            // A household's consumption and commune are the member's own.
            sqlx::query("DELETE FROM groupbuy_energy_households WHERE member_id = $1")
                .bind(member_id)
                .execute(&mut **tx)
                .await?;
            Ok(())
        })
    }
}
