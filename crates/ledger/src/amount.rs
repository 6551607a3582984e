//! Amounts are integers of a currency's minor unit (cents for EUR). Members
//! type decimals; this is where "12,50" becomes 1250, and where anything that
//! is not exactly an amount of that currency is refused.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Currency {
    /// ISO 4217 code, e.g. `EUR`.
    pub code: String,
    /// Digits after the decimal separator (2 for EUR, 0 for JPY).
    pub exponent: u8,
}

impl Currency {
    pub fn eur() -> Currency {
        Currency::of("EUR")
    }

    /// A currency by ISO 4217 code; its minor unit is cents unless ISO says otherwise.
    pub fn of(code: &str) -> Currency {
        let exponent = match code {
            "JPY" | "KRW" | "XOF" | "XAF" | "XPF" | "ISK" | "CLP" | "VND" => 0,
            "BHD" | "KWD" | "OMR" | "TND" | "JOD" | "IQD" | "LYD" => 3,
            _ => 2,
        };
        Currency {
            code: code.to_owned(),
            exponent,
        }
    }
}

/// The largest amount accepted: amounts must fit in an SQL BIGINT.
pub const MAX_AMOUNT: u64 = i64::MAX as u64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("not an amount")]
    NotANumber,
    #[error("the amount is negative")]
    Negative,
    #[error("the amount is zero")]
    Zero,
    #[error("more decimals than the currency has")]
    TooPrecise,
    #[error("the amount is too large")]
    TooLarge,
}

/// The group separators people put between digits ("1 234,56"): a space,
/// a no-break space, a narrow no-break space. They are dropped anywhere.
pub const GROUP_SEPARATORS: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// Parses a positive decimal amount ("12", "12.5", "12,50", "1 234,56") in
/// minor units of `currency`.
pub fn parse_amount(text: &str, currency: &Currency) -> Result<u64, AmountError> {
    let text: String = text
        .trim()
        .chars()
        .filter(|c| !GROUP_SEPARATORS.contains(c))
        .collect();
    if text.starts_with('-') {
        return Err(AmountError::Negative);
    }
    let text = text.strip_prefix('+').unwrap_or(&text);
    let (whole, fraction) = match text.split_once(['.', ',']) {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(AmountError::NotANumber);
    }
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > usize::from(currency.exponent) {
        return Err(AmountError::TooPrecise);
    }
    let scale = 10u64
        .checked_pow(u32::from(currency.exponent))
        .ok_or(AmountError::TooLarge)?;
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| AmountError::TooLarge)?
    };
    let fraction_value: u64 = if fraction.is_empty() {
        0
    } else {
        let digits: u64 = fraction.parse().map_err(|_| AmountError::TooLarge)?;
        digits * 10u64.pow(u32::from(currency.exponent) - fraction.len() as u32)
    };
    let amount = whole
        .checked_mul(scale)
        .and_then(|v| v.checked_add(fraction_value))
        .filter(|v| *v <= MAX_AMOUNT)
        .ok_or(AmountError::TooLarge)?;
    if amount == 0 {
        return Err(AmountError::Zero);
    }
    Ok(amount)
}

/// An amount in minor units, shown as a plain decimal ("1234.50").
pub struct Decimal<'a>(pub u64, pub &'a Currency);

impl fmt::Display for Decimal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let exponent = u32::from(self.1.exponent);
        if exponent == 0 {
            return write!(f, "{}", self.0);
        }
        let scale = 10u64.pow(exponent);
        write!(
            f,
            "{}.{:0width$}",
            self.0 / scale,
            self.0 % scale,
            width = exponent as usize
        )
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn what_members_type() {
        let eur = Currency::eur();
        assert_eq!(parse_amount("12", &eur), Ok(1200));
        assert_eq!(parse_amount("12,5", &eur), Ok(1250));
        assert_eq!(parse_amount("1 234.56", &eur), Ok(123_456));
        assert_eq!(parse_amount("0.01", &eur), Ok(1));
        assert_eq!(parse_amount(".5", &eur), Ok(50));
        assert_eq!(parse_amount("3.10", &eur), Ok(310));
        assert_eq!(parse_amount("-3", &eur), Err(AmountError::Negative));
        assert_eq!(parse_amount("0,00", &eur), Err(AmountError::Zero));
        assert_eq!(parse_amount("1.234", &eur), Err(AmountError::TooPrecise));
        assert_eq!(parse_amount("1e3", &eur), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("", &eur), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("1.2.3", &eur), Err(AmountError::NotANumber));
        assert_eq!(
            parse_amount("92233720368547758.08", &eur),
            Err(AmountError::TooLarge)
        );
        assert_eq!(parse_amount("92233720368547758.07", &eur), Ok(MAX_AMOUNT));
        let yen = Currency {
            code: "JPY".into(),
            exponent: 0,
        };
        assert_eq!(parse_amount("500", &yen), Ok(500));
        assert_eq!(parse_amount("500.5", &yen), Err(AmountError::TooPrecise));
    }

    proptest! {
        #[test]
        fn shown_amounts_parse_back(amount in 1u64..=MAX_AMOUNT, exponent in 0u8..=4) {
            let currency = Currency { code: "XXX".into(), exponent };
            let shown = Decimal(amount, &currency).to_string();
            prop_assert_eq!(parse_amount(&shown, &currency), Ok(amount));
        }
    }
}
