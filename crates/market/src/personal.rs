//! What the market holds about a member, for the export and the erasure of
//! the member's data. Orders stay (the producers' accounts and invoices
//! rely on them) but name only the member's id, which erasure leaves
//! pointing at a pseudonym. The export lists them with their lines, and
//! the AMAP subscriptions the member holds or shares, with their baskets
//! and instalments.

use kernel::AppError;
use kernel::MemberId;
use kernel::db::{Db, Tx};
use kernel::module::{BoxFuture, PersonalData};

use crate::orders;

pub struct MarketData;

async fn export(db: &Db, member_id: &MemberId) -> Result<serde_json::Value, AppError> {
    let orders = orders::of_member(db, member_id).await?;
    let subscriptions = crate::contracts::of_member(db, member_id).await?;
    let handed = crate::contracts::handed_to(db, member_id).await?;
    Ok(serde_json::json!({
        "orders": orders,
        "subscriptions": subscriptions,
        "baskets_handed_to_me": handed,
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
        _tx: &'a mut Tx,
        _member_id: &'a MemberId,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        // Nothing to remove: an order not paid yet, or a subscription's
        // basket, holds money in the wallet, which the kernel's erasure
        // refuses until it is empty; subscriptions and baskets stay for
        // the producer's accounts, naming only the member's id.
        Box::pin(async { Ok(()) })
    }
}
