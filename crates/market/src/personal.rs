//! What the market holds about a member, for the export and the erasure of
//! the member's data. Orders stay (the producers' accounts and invoices
//! rely on them) but name only the member's id, which erasure leaves
//! pointing at a pseudonym. Invoices stay as issued, the buyer's name in
//! them included: French law has sellers keep them ten years (art. L123-22
//! of the Code de commerce), which the GDPR's art. 17(3)(b) puts before
//! erasure. The export lists the orders with their lines (and delivery
//! address, which erasure removes), the invoices,
//! and the AMAP subscriptions the member holds or shares, with their
//! baskets and instalments, the cycles it was reminded of (erased with
//! it), and the member's regular orders with what happened to them in
//! each cycle, the cycles' distributions and AMAP roster roles it
//! volunteered for (erased with it), and the donations it recorded (its
//! name unlinked from them at erasure). An erased member leaves the
//! waiting lists, shares no one's basket and is handed none.

use kernel::AppError;
use kernel::MemberId;
use kernel::db::{Db, Tx};
use kernel::module::{BoxFuture, PersonalData};

use crate::orders;

pub struct MarketData;

async fn export(db: &Db, member_id: &MemberId) -> Result<serde_json::Value, AppError> {
    let orders = orders::of_member(db, member_id).await?;
    let invoices = crate::invoices::of_buyer(db, member_id).await?;
    let subscriptions = crate::contracts::of_member(db, member_id).await?;
    let handed = crate::contracts::handed_to(db, member_id, crate::contracts::Handed::Ever).await?;
    let reminders = crate::reminders::of_member(db, member_id).await?;
    let regular = crate::regular::of_member(db, member_id).await?;
    let volunteered = crate::distribution::volunteered(db, member_id).await?;
    let roster = crate::contracts::rostered(db, member_id).await?;
    let donations = crate::distribution::donations_recorded(db, member_id).await?;
    Ok(serde_json::json!({
        "orders": orders,
        "invoices": invoices,
        "subscriptions": subscriptions,
        "baskets_handed_to_me": handed,
        "cycle_reminders": reminders,
        "regular_orders": regular,
        "distributions_volunteered": volunteered,
        "roster_roles": roster,
        "donations_recorded": donations,
    }))
}

impl PersonalData for MarketData {
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
        // Orders stay: an order not paid yet, or a subscription's basket,
        // holds money in the wallet, which the kernel's erasure refuses
        // until it is empty; subscriptions and baskets stay for the
        // producer's accounts, naming only the member's id. Regular orders
        // end: no cycle places anything for an erased member.
        Box::pin(async move {
            // A delivery address says where the member lives: it goes,
            // the distance stays (the shop's delivery accounts).
            sqlx::query("UPDATE market_orders SET delivery_address = NULL WHERE buyer_id = $1")
                .bind(member_id)
                .execute(&mut **tx)
                .await?;
            crate::regular::end_all(tx, member_id).await?;
            crate::contracts::forget_member(tx, member_id).await?;
            sqlx::query("UPDATE market_donations SET recorded_by = NULL WHERE recorded_by = $1")
                .bind(member_id)
                .execute(&mut **tx)
                .await?;
            // Who volunteered where: the erased member hands nothing over,
            // and who took a volunteer off is forgotten.
            for sql in [
                "DELETE FROM market_cycle_volunteers WHERE member_id = $1",
                "DELETE FROM market_roster_volunteers WHERE member_id = $1",
                "UPDATE market_cycle_volunteers SET removed_by = NULL WHERE removed_by = $1",
            ] {
                sqlx::query(sql).bind(member_id).execute(&mut **tx).await?;
            }
            // Who was reminded of which cycle's close: of no use any more.
            sqlx::query("DELETE FROM market_cycle_reminders WHERE member_id = $1")
                .bind(member_id)
                .execute(&mut **tx)
                .await?;
            Ok(())
        })
    }
}
