//! Prices as the economic modules sell: amounts in cents including VAT (a
//! shop shows what the buyer pays), the VAT inside them per rate, the fees
//! the participants of a sale add on top (a producer's packing, a hub's
//! transport, a coordinator's admin…, in Open Food Network's model), and
//! what of a basket goes to whom. Price tiers by total quantity, for group
//! buying, are in [`tiers`]; loans' repayment schedules, and the pro-rata
//! split of a repayment among lenders, in [`loans`].
//!
//! The platform's own technical fee and its solidarity share are not here:
//! the kernel's fee rule quotes them on what is paid (`kernel::fees`), so
//! one rule charges them everywhere.
//!
//! Pure: no I/O. Every amount is a whole number of cents, each fee on each
//! line is rounded once (half up), and a basket's parts add up to its total
//! exactly.

pub mod invoice;
pub mod loans;
pub mod tiers;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An amount in cents.
pub type Cents = u64;

/// Why a price cannot be computed. Each is a message key of the modules'
/// translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("error-vat-rate")]
    VatRate,
    #[error("error-quantity")]
    Quantity,
    #[error("error-fee-percent")]
    Percent,
    #[error("error-amount-too-large")]
    TooLarge,
}

impl PricingError {
    /// The message key.
    pub fn key(self) -> &'static str {
        match self {
            PricingError::VatRate => "error-vat-rate",
            PricingError::Quantity => "error-quantity",
            PricingError::Percent => "error-fee-percent",
            PricingError::TooLarge => "error-amount-too-large",
        }
    }
}

/// `n / d` rounded half up (n ≥ 0, d > 0).
fn div_round(n: u128, d: u128) -> u128 {
    (n + d / 2) / d
}

/// Fits an amount in the ledger's bounds.
fn cents(amount: u128) -> Result<Cents, PricingError> {
    u64::try_from(amount)
        .ok()
        .filter(|a| *a <= ledger::MAX_AMOUNT)
        .ok_or(PricingError::TooLarge)
}

/// A VAT rate in hundredths of a percent: one of France's (0, 2.1, 5.5,
/// 10 and 20 %). A seller under the VAT franchise (art. 293 B of the CGI)
/// sells at 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct VatRate(u16);

impl VatRate {
    /// The rates a price may carry, in hundredths of a percent.
    pub const FRENCH: [u16; 5] = [0, 210, 550, 1000, 2000];
    pub const ZERO: VatRate = VatRate(0);

    pub fn new(hundredths: u16) -> Result<VatRate, PricingError> {
        if VatRate::FRENCH.contains(&hundredths) {
            Ok(VatRate(hundredths))
        } else {
            Err(PricingError::VatRate)
        }
    }

    pub fn hundredths(self) -> u16 {
        self.0
    }

    /// The VAT inside an amount that includes it, rounded half up:
    /// `amount × rate / (1 + rate)`.
    pub fn inside(self, amount: Cents) -> Cents {
        let rate = u128::from(self.0);
        div_round(u128::from(amount) * rate, 10_000 + rate) as Cents
    }
}

impl TryFrom<u16> for VatRate {
    type Error = PricingError;
    fn try_from(hundredths: u16) -> Result<VatRate, PricingError> {
        VatRate::new(hundredths)
    }
}

impl From<VatRate> for u16 {
    fn from(rate: VatRate) -> u16 {
        rate.0
    }
}

/// What a fee pays for, as Open Food Network names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    Packing,
    Transport,
    Admin,
    Sales,
    Fundraising,
}

/// How a fee is worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "amount")]
pub enum Calculator {
    /// The same amount on each order that holds one of the lines it covers.
    PerOrder(Cents),
    /// This amount on each item.
    PerItem(Cents),
    /// This amount per kilogram (lines of unknown weight bear none).
    PerKg(Cents),
    /// This share of the items' price, in hundredths of a percent (at most
    /// 100 %).
    Percent(u32),
}

/// Which lines a fee covers: a producer's fee covers its own products, a
/// hub's or a coordinator's every line of the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "seller")]
pub enum Covers {
    Seller(String),
    All,
}

/// A fee added by a participant of the sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub id: String,
    /// Who receives it.
    pub payee: String,
    pub name: String,
    pub kind: FeeKind,
    pub calculator: Calculator,
    pub covers: Covers,
    /// The VAT inside the fee; none for the rate of what it is charged on
    /// (in France a fee accessory to a sale, packing or delivery, follows
    /// the goods' rate): a line's, or, for a fee per order on lines at
    /// several rates, shared between them in proportion to their prices.
    pub vat: Option<VatRate>,
}

/// A line of a basket: a quantity of one product's variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub id: String,
    /// The seller, who receives the items' price.
    pub seller: String,
    /// One item's price, VAT included.
    pub unit_price: Cents,
    pub quantity: u32,
    pub vat: VatRate,
    /// One item's weight in grams, when known (for fees per kilogram).
    pub grams: Option<u32>,
}

/// One fee charged on a basket: on one line, or on the whole order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    pub fee: String,
    pub payee: String,
    pub name: String,
    pub kind: FeeKind,
    /// The line it is charged on; none for a fee per order.
    pub line: Option<String>,
    pub amount: Cents,
    pub vat: VatRate,
}

/// An amount including VAT at one rate, and the VAT inside it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatShare {
    pub amount: Cents,
    pub vat: Cents,
}

/// Where a basket's money goes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    /// The items' prices.
    pub items: Cents,
    /// Every fee, per line or per order.
    pub charges: Vec<Charge>,
    pub fees: Cents,
    /// Items and fees: what the buyer pays before the platform's fee.
    pub total: Cents,
    /// To whom: each seller its items, each payee its fees.
    pub to: BTreeMap<String, Cents>,
    /// Per VAT rate, the amount at that rate and the VAT inside it (worked
    /// out on the rate's total, as an invoice does).
    pub vat: BTreeMap<VatRate, VatShare>,
}

impl Fee {
    fn covers(&self, line: &Line) -> bool {
        match &self.covers {
            Covers::All => true,
            Covers::Seller(seller) => *seller == line.seller,
        }
    }

    /// This fee on `line`, or `None` for a fee per order.
    fn on_line(&self, line: &Line) -> Option<u128> {
        let quantity = u128::from(line.quantity);
        match self.calculator {
            Calculator::PerOrder(_) => None,
            Calculator::PerItem(amount) => Some(u128::from(amount) * quantity),
            Calculator::PerKg(per_kg) => Some(div_round(
                u128::from(per_kg) * quantity * u128::from(line.grams.unwrap_or(0)),
                1_000,
            )),
            Calculator::Percent(hundredths) => Some(div_round(
                u128::from(line.unit_price) * quantity * u128::from(hundredths),
                10_000,
            )),
        }
    }
}

/// `amount` shared between the VAT rates of `lines` in proportion to their
/// prices, to the cent (largest remainders first), in order of rate. Lines
/// that cost nothing share it equally.
fn prorated(amount: u128, lines: &[&Line]) -> Vec<(VatRate, u128)> {
    let mut weights: BTreeMap<VatRate, u128> = BTreeMap::new();
    for line in lines {
        *weights.entry(line.vat).or_default() +=
            u128::from(line.unit_price) * u128::from(line.quantity);
    }
    if weights.values().all(|w| *w == 0) {
        weights.values_mut().for_each(|w| *w = 1);
    }
    let whole: u128 = weights.values().sum();
    let mut shares: Vec<(VatRate, u128, u128)> = weights
        .iter()
        .map(|(rate, w)| (*rate, amount * w / whole, amount * w % whole))
        .collect();
    let mut left = amount - shares.iter().map(|s| s.1).sum::<u128>();
    let mut by_remainder: Vec<usize> = (0..shares.len()).collect();
    by_remainder.sort_by(|a, b| shares[*b].2.cmp(&shares[*a].2).then(a.cmp(b)));
    for i in by_remainder {
        if left == 0 {
            break;
        }
        shares[i].1 += 1;
        left -= 1;
    }
    shares
        .into_iter()
        .map(|(rate, share, _)| (rate, share))
        .collect()
}

/// The price of a basket with its fees: what the buyer pays, and to whom
/// each cent goes. A per-order fee is charged once if the basket holds a
/// line it covers; every other fee on each line it covers, rounded once.
pub fn basket(lines: &[Line], fees: &[Fee]) -> Result<Breakdown, PricingError> {
    let mut out = Breakdown::default();
    let mut vat: BTreeMap<VatRate, u128> = BTreeMap::new();
    let mut to: BTreeMap<String, u128> = BTreeMap::new();
    let mut items: u128 = 0;
    let mut charged: u128 = 0;
    for fee in fees {
        if matches!(fee.calculator, Calculator::Percent(p) if p > 10_000) {
            return Err(PricingError::Percent);
        }
    }
    for line in lines {
        if line.quantity == 0 {
            return Err(PricingError::Quantity);
        }
        let price = u128::from(line.unit_price) * u128::from(line.quantity);
        items += price;
        *vat.entry(line.vat).or_default() += price;
        *to.entry(line.seller.clone()).or_default() += price;
    }
    let mut charge =
        |fee: &Fee, line: Option<&Line>, amount: u128, rate: VatRate| -> Result<(), PricingError> {
            if amount == 0 {
                return Ok(());
            }
            charged += amount;
            *vat.entry(rate).or_default() += amount;
            *to.entry(fee.payee.clone()).or_default() += amount;
            out.charges.push(Charge {
                fee: fee.id.clone(),
                payee: fee.payee.clone(),
                name: fee.name.clone(),
                kind: fee.kind,
                line: line.map(|l| l.id.clone()),
                amount: cents(amount)?,
                vat: rate,
            });
            Ok(())
        };
    for fee in fees {
        let covered: Vec<&Line> = lines.iter().filter(|l| fee.covers(l)).collect();
        match (fee.calculator, fee.vat) {
            (Calculator::PerOrder(_), _) if covered.is_empty() => {}
            (Calculator::PerOrder(amount), Some(rate)) => {
                charge(fee, None, u128::from(amount), rate)?
            }
            (Calculator::PerOrder(amount), None) => {
                for (rate, share) in prorated(u128::from(amount), &covered) {
                    charge(fee, None, share, rate)?;
                }
            }
            _ => {
                for line in covered {
                    if let Some(amount) = fee.on_line(line) {
                        charge(fee, Some(line), amount, fee.vat.unwrap_or(line.vat))?;
                    }
                }
            }
        }
    }
    out.items = cents(items)?;
    out.fees = cents(charged)?;
    out.total = cents(items + charged)?;
    out.to = to
        .into_iter()
        .map(|(who, amount)| Ok((who, cents(amount)?)))
        .collect::<Result<_, PricingError>>()?;
    out.vat = vat
        .into_iter()
        .map(|(rate, amount)| {
            let amount = cents(amount)?;
            Ok((
                rate,
                VatShare {
                    amount,
                    vat: rate.inside(amount),
                },
            ))
        })
        .collect::<Result<_, PricingError>>()?;
    Ok(out)
}

/// One item's price with the fees it bears, as a shop shows it before the
/// item goes in the basket. Fees per order are not one item's: the shop
/// lists them apart, once.
pub fn unit_breakdown(line: &Line, fees: &[Fee]) -> Result<Breakdown, PricingError> {
    let per_item: Vec<Fee> = fees
        .iter()
        .filter(|f| !matches!(f.calculator, Calculator::PerOrder(_)))
        .cloned()
        .collect();
    basket(
        &[Line {
            quantity: 1,
            ..line.clone()
        }],
        &per_item,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rate(h: u16) -> VatRate {
        VatRate::new(h).unwrap()
    }

    fn line(id: &str, seller: &str, unit_price: Cents, quantity: u32, grams: Option<u32>) -> Line {
        Line {
            id: id.into(),
            seller: seller.into(),
            unit_price,
            quantity,
            vat: rate(550),
            grams,
        }
    }

    fn fee(id: &str, payee: &str, calculator: Calculator, covers: Covers) -> Fee {
        Fee {
            id: id.into(),
            payee: payee.into(),
            name: id.into(),
            kind: FeeKind::Transport,
            calculator,
            covers,
            vat: Some(rate(2000)),
        }
    }

    #[test]
    fn only_french_rates_are_rates() {
        for h in VatRate::FRENCH {
            assert_eq!(VatRate::new(h).unwrap().hundredths(), h);
        }
        assert_eq!(VatRate::new(1960), Err(PricingError::VatRate));
        // 12.00 € at 20 % holds 2.00 €; 1.00 € at 5.5 % holds 0.052… → 0.05 €.
        assert_eq!(rate(2000).inside(1200), 200);
        assert_eq!(rate(550).inside(100), 5);
        assert_eq!(VatRate::ZERO.inside(1234), 0);
    }

    /// A hub's basket: tomatoes and eggs from two farms, the tomato farm's
    /// packing per item, the hub's transport per kilogram and its 10 %
    /// admin, the coordinator's 1.50 € per order.
    #[test]
    fn a_basket_says_what_goes_to_whom() {
        let lines = [
            line("tomatoes", "farm-a", 420, 3, Some(1000)),
            line("eggs", "farm-b", 390, 2, None),
        ];
        let fees = [
            fee(
                "packing",
                "farm-a",
                Calculator::PerItem(15),
                Covers::Seller("farm-a".into()),
            ),
            fee("transport", "hub", Calculator::PerKg(20), Covers::All),
            fee("admin", "hub", Calculator::Percent(1000), Covers::All),
            fee("order", "coop", Calculator::PerOrder(150), Covers::All),
            fee(
                "unused",
                "farm-c",
                Calculator::PerOrder(999),
                Covers::Seller("farm-c".into()),
            ),
        ];
        let b = basket(&lines, &fees).unwrap();
        assert_eq!(b.items, 1260 + 780);
        // packing 3 × 0.15; transport 3 kg × 0.20 (the eggs' weight is
        // unknown); admin 10 % of each line; 1.50 once.
        let amounts: Vec<(&str, Option<&str>, Cents)> = b
            .charges
            .iter()
            .map(|c| (c.fee.as_str(), c.line.as_deref(), c.amount))
            .collect();
        assert_eq!(
            amounts,
            [
                ("packing", Some("tomatoes"), 45),
                ("transport", Some("tomatoes"), 60),
                ("admin", Some("tomatoes"), 126),
                ("admin", Some("eggs"), 78),
                ("order", None, 150),
            ]
        );
        assert_eq!(b.fees, 459);
        assert_eq!(b.total, 2040 + 459);
        assert_eq!(b.to["farm-a"], 1260 + 45);
        assert_eq!(b.to["farm-b"], 780);
        assert_eq!(b.to["hub"], 60 + 126 + 78);
        assert_eq!(b.to["coop"], 150);
        assert!(!b.to.contains_key("farm-c"));
        assert_eq!(b.vat[&rate(550)].amount, 2040);
        assert_eq!(b.vat[&rate(550)].vat, 106);
        assert_eq!(b.vat[&rate(2000)].amount, 459);
        assert_eq!(b.vat[&rate(2000)].vat, 77);
    }

    /// A fee with no rate of its own takes its lines' rates: per line, or,
    /// per order, shared in proportion to the lines' prices.
    #[test]
    fn accessory_fees_follow_the_goods_rate() {
        let lines = [
            Line {
                vat: rate(550),
                ..line("bread", "bakery", 1000, 1, None)
            },
            Line {
                vat: rate(2000),
                ..line("basket", "bakery", 1500, 2, None)
            },
        ];
        let fees = [
            Fee {
                vat: None,
                ..fee("packing", "hub", Calculator::PerItem(10), Covers::All)
            },
            Fee {
                vat: None,
                ..fee("delivery", "hub", Calculator::PerOrder(401), Covers::All)
            },
        ];
        let b = basket(&lines, &fees).unwrap();
        let rates: Vec<(&str, Option<&str>, u16, Cents)> = b
            .charges
            .iter()
            .map(|c| {
                (
                    c.fee.as_str(),
                    c.line.as_deref(),
                    c.vat.hundredths(),
                    c.amount,
                )
            })
            .collect();
        // 4.01 € over 10 € at 5.5 % and 30 € at 20 %: 1.0025 and 3.0075,
        // so 1.00 and 3.01.
        assert_eq!(
            rates,
            [
                ("packing", Some("bread"), 550, 10),
                ("packing", Some("basket"), 2000, 20),
                ("delivery", None, 550, 100),
                ("delivery", None, 2000, 301),
            ]
        );
        assert_eq!(b.vat[&rate(550)].amount, 1000 + 10 + 100);
        assert_eq!(b.vat[&rate(2000)].amount, 3000 + 20 + 301);
    }

    #[test]
    fn one_item_shows_its_fees_before_the_basket() {
        let tomatoes = line("tomatoes", "farm-a", 420, 7, Some(1000));
        let fees = [
            fee("admin", "hub", Calculator::Percent(1000), Covers::All),
            fee("order", "coop", Calculator::PerOrder(150), Covers::All),
        ];
        let one = unit_breakdown(&tomatoes, &fees).unwrap();
        assert_eq!((one.items, one.fees, one.total), (420, 42, 462));
        assert!(one.charges.iter().all(|c| c.fee == "admin"), "{one:?}");
    }

    #[test]
    fn bad_input_is_refused() {
        let fees = [fee("x", "hub", Calculator::Percent(10_001), Covers::All)];
        assert_eq!(
            basket(&[line("a", "s", 1, 1, None)], &fees),
            Err(PricingError::Percent)
        );
        assert_eq!(
            basket(&[line("a", "s", 1, 0, None)], &[]),
            Err(PricingError::Quantity)
        );
        let huge = line("a", "s", ledger::MAX_AMOUNT, u32::MAX, None);
        assert_eq!(basket(&[huge], &[]), Err(PricingError::TooLarge));
        assert_eq!(PricingError::TooLarge.key(), "error-amount-too-large");
    }

    fn any_line() -> impl Strategy<Value = Line> {
        (
            0usize..4,
            0u64..100_000,
            1u32..50,
            prop::sample::select(VatRate::FRENCH.to_vec()),
            prop::option::of(1u32..30_000),
        )
            .prop_map(|(seller, unit_price, quantity, vat, grams)| Line {
                id: String::new(),
                seller: format!("seller-{seller}"),
                unit_price,
                quantity,
                vat: VatRate(vat),
                grams,
            })
    }

    fn any_fee() -> impl Strategy<Value = Fee> {
        let calculator = prop_oneof![
            (0u64..5_000).prop_map(Calculator::PerOrder),
            (0u64..500).prop_map(Calculator::PerItem),
            (0u64..500).prop_map(Calculator::PerKg),
            (0u32..=10_000).prop_map(Calculator::Percent),
        ];
        (
            calculator,
            prop::option::of(0usize..4),
            0usize..3,
            prop::option::of(prop::sample::select(VatRate::FRENCH.to_vec())),
        )
            .prop_map(|(calculator, seller, payee, vat)| Fee {
                id: String::new(),
                payee: format!("payee-{payee}"),
                name: String::new(),
                kind: FeeKind::Admin,
                calculator,
                covers: seller.map_or(Covers::All, |s| Covers::Seller(format!("seller-{s}"))),
                vat: vat.map(VatRate),
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256)
        ))]

        /// Every cent of the total goes to someone, and is counted in one
        /// VAT rate; the VAT is never more than the amount.
        #[test]
        fn every_cent_goes_somewhere(
            mut lines in prop::collection::vec(any_line(), 0..8),
            fees in prop::collection::vec(any_fee(), 0..6),
        ) {
            for (i, l) in lines.iter_mut().enumerate() {
                l.id = format!("line-{i}");
            }
            let b = basket(&lines, &fees).unwrap();
            prop_assert_eq!(b.total, b.items + b.fees);
            prop_assert_eq!(b.to.values().sum::<Cents>(), b.total);
            prop_assert_eq!(b.vat.values().map(|v| v.amount).sum::<Cents>(), b.total);
            prop_assert_eq!(b.charges.iter().map(|c| c.amount).sum::<Cents>(), b.fees);
            for share in b.vat.values() {
                prop_assert!(share.vat <= share.amount);
            }
            // The items' price goes to their sellers whole.
            for seller in lines.iter().map(|l| &l.seller) {
                let own: Cents = lines.iter().filter(|l| l.seller == *seller)
                    .map(|l| l.unit_price * Cents::from(l.quantity)).sum();
                prop_assert_eq!(b.to[seller], own);
            }
        }

        /// A percentage fee is within half a cent per line of the exact
        /// share, and never more than the items it covers.
        #[test]
        fn a_percentage_is_the_share_rounded_once_per_line(
            lines in prop::collection::vec(any_line(), 1..8),
            hundredths in 0u32..=10_000,
        ) {
            let fees = [Fee {
                id: "p".into(), payee: "hub".into(), name: String::new(), kind: FeeKind::Sales,
                calculator: Calculator::Percent(hundredths), covers: Covers::All, vat: Some(VatRate::ZERO),
            }];
            let b = basket(&lines, &fees).unwrap();
            let exact = b.items as f64 * f64::from(hundredths) / 10_000.0;
            prop_assert!((b.fees as f64 - exact).abs() <= 0.5 * lines.len() as f64 + 1e-6);
            prop_assert!(b.fees <= b.items);
        }

        /// Splitting a line in two never changes what fees per item and per
        /// order come to.
        #[test]
        fn per_item_fees_do_not_depend_on_how_lines_are_split(
            l in any_line(),
            cut in 0u32..50,
            per_item in 0u64..500,
            per_order in 0u64..5_000,
        ) {
            let l = Line { quantity: l.quantity.max(2), ..l };
            let at = 1 + cut % (l.quantity - 1);
            let fees = [
                Fee { id: "i".into(), payee: "hub".into(), name: String::new(), kind: FeeKind::Packing,
                      calculator: Calculator::PerItem(per_item), covers: Covers::All, vat: None },
                Fee { id: "o".into(), payee: "hub".into(), name: String::new(), kind: FeeKind::Admin,
                      calculator: Calculator::PerOrder(per_order), covers: Covers::All, vat: None },
            ];
            let whole = basket(std::slice::from_ref(&l), &fees).unwrap();
            let split = basket(&[Line { quantity: at, ..l.clone() }, Line { quantity: l.quantity - at, ..l.clone() }], &fees).unwrap();
            prop_assert_eq!(whole.total, split.total);
        }

        /// The VAT inside an amount is the amount less its price before VAT,
        /// rounded to the nearest cent.
        #[test]
        fn vat_inside_is_the_nearest_cent(
            amount in prop_oneof![0u64..10_000_000, 0u64..=ledger::MAX_AMOUNT],
            h in prop::sample::select(VatRate::FRENCH.to_vec()),
        ) {
            // |vat − amount × h / (10000 + h)| ≤ ½, in integers.
            let vat = u128::from(VatRate(h).inside(amount));
            let (amount, h) = (u128::from(amount), u128::from(h));
            let scaled = vat * (10_000 + h);
            prop_assert!(scaled.abs_diff(amount * h) * 2 <= 10_000 + h);
        }
    }
}
