//! What a cycle offers, as a buyer sees it before ordering: each product
//! with its producer and, per variant, the price including VAT and every
//! fee on one unit, by who takes it (Open Food Network's breakdown).

use kernel::AppError;
use kernel::db::Db;
use serde::Serialize;
use utoipa::ToSchema;

use crate::catalogue::{self, Product, Variant};
use crate::orders;
use crate::sellers;
use crate::shops::{self, Cycle, CycleHub};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfferedProduct {
    pub product: Product,
    pub seller_name: String,
    /// The seller's charter claims.
    pub claims: Vec<String>,
    pub variants: Vec<OfferedVariant>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfferedVariant {
    pub variant: Variant,
    /// The VAT rate it is sold at (0 under the franchise).
    pub vat_rate: i64,
    /// One unit's price and per-item fees, in cents.
    pub price_with_fees: i64,
    pub fees: Vec<UnitFee>,
    pub available: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitFee {
    pub name: String,
    /// packing, transport, admin, sales or fundraising.
    pub kind: String,
    pub amount: i64,
}

/// What the cycle offers at that distributing hub (none: at the
/// coordinating shop), with that hub's fees.
pub async fn offer(
    db: &Db,
    cycle: &Cycle,
    hub: Option<&CycleHub>,
) -> Result<Vec<OfferedProduct>, AppError> {
    let shop = shops::shop(db, &cycle.shop_id).await?;
    let fees = shops::pricing_fees(cycle, &shop, hub);
    let mut conn = db.pool().acquire().await?;
    let offered = orders::offered(&mut conn, &cycle.id).await?;
    let mut out: Vec<OfferedProduct> = Vec::new();
    for o in offered
        .into_iter()
        .filter(|o| cycle.offers(hub, &o.variant.id))
    {
        let unit = pricing::unit_breakdown(&o.line(1), &fees)
            .map_err(|e| AppError::Internal(format!("unit price: {}", e.key())))?;
        let variant = OfferedVariant {
            available: o.variant.available(1),
            vat_rate: i64::from(o.vat.hundredths()),
            price_with_fees: unit.total as i64,
            fees: unit
                .charges
                .iter()
                .map(|c| UnitFee {
                    name: c.name.clone(),
                    kind: serde_json::to_value(c.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    amount: c.amount as i64,
                })
                .collect(),
            variant: o.variant,
        };
        match out.iter_mut().find(|p| p.product.id == o.product_id) {
            Some(p) => p.variants.push(variant),
            None => {
                let mut product = catalogue::get(db, &o.product_id).await?;
                product.variants.clear();
                let seller = sellers::get(db, &o.seller_id).await?;
                out.push(OfferedProduct {
                    product,
                    seller_name: seller.name,
                    claims: seller.claims,
                    variants: vec![variant],
                });
            }
        }
    }
    Ok(out)
}
