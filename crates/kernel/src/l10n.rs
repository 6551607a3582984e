//! Dates, amounts and percentages as each language writes them, from
//! CLDR's data through ICU4X (`icu_datetime`, `icu_decimal`). French is
//! CLDR's `fr`; English is `en-GB` on a 12-hour clock
//! (`en-GB-u-hc-h12`): day, month, year, and "1:01 pm".
//!
//! The formatters are built once per language, on first use.
//! Machine formats (form values of `datetime-local` fields, CSV, iCalendar,
//! the API) do not come through here.

use std::sync::OnceLock;

use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{YM, YMD, YMDT};
use icu_datetime::input::{DateTime, Time};
use icu_datetime::options::TimePrecision;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_locale_core::{Locale, locale};

use crate::i18n::Lang;

struct Formats {
    /// CLDR's medium date and short time: "2 déc. 2026, 13:01".
    date_time: FixedCalendarDateTimeFormatter<Gregorian, YMDT>,
    /// CLDR's medium date: "2 déc. 2026".
    date: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    /// CLDR's medium month: "déc. 2026".
    month: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    /// Numbers with the language's separators: "1 234,5".
    number: DecimalFormatter,
    /// Numbers as typed in a form field, ungrouped: "1234,5".
    typed: DecimalFormatter,
}

impl Formats {
    fn new(locale: Locale) -> Formats {
        let ungrouped = {
            let mut options = DecimalFormatterOptions::default();
            options.grouping_strategy = Some(GroupingStrategy::Never);
            options
        };
        Formats {
            date_time: FixedCalendarDateTimeFormatter::try_new(
                (&locale).into(),
                YMDT::medium().with_time_precision(TimePrecision::Minute),
            )
            .expect("compiled date and time data"),
            date: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::medium())
                .expect("compiled date data"),
            month: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YM::medium())
                .expect("compiled date data"),
            number: DecimalFormatter::try_new((&locale).into(), Default::default())
                .expect("compiled number data"),
            typed: DecimalFormatter::try_new((&locale).into(), ungrouped)
                .expect("compiled number data"),
        }
    }
}

fn formats(lang: Lang) -> &'static Formats {
    static FR: OnceLock<Formats> = OnceLock::new();
    static EN: OnceLock<Formats> = OnceLock::new();
    match lang {
        Lang::Fr => FR.get_or_init(|| Formats::new(locale!("fr"))),
        Lang::En => EN.get_or_init(|| Formats::new(locale!("en-GB-u-hc-h12"))),
    }
}

fn gregorian(date: jiff::civil::Date) -> Option<Date<Gregorian>> {
    Date::try_new_gregorian(
        i32::from(date.year()),
        date.month().unsigned_abs(),
        date.day().unsigned_abs(),
    )
    .ok()
}

/// A moment (ms since the epoch) as a date and a time in the zone `tz`:
/// "2 déc. 2026, 13:01", "2 Dec 2026, 1:01 pm". Empty when either is
/// invalid.
pub fn date_time(lang: Lang, ms: i64, tz: &str) -> String {
    let Ok(zone) = jiff::tz::TimeZone::get(tz) else {
        return String::new();
    };
    let Ok(at) = jiff::Timestamp::from_millisecond(ms) else {
        return String::new();
    };
    let local = at.to_zoned(zone).datetime();
    let time = Time::try_new(
        local.hour().unsigned_abs(),
        local.minute().unsigned_abs(),
        0,
        0,
    );
    match (gregorian(local.date()), time) {
        (Some(date), Ok(time)) => formats(lang)
            .date_time
            .format(&DateTime { date, time })
            .to_string(),
        _ => String::new(),
    }
}

/// A calendar date written `2026-12-02` as people read it: "2 déc. 2026",
/// "2 Dec 2026". Anything else is given back as it is.
pub fn date(lang: Lang, iso: &str) -> String {
    iso.parse::<jiff::civil::Date>()
        .ok()
        .and_then(gregorian)
        .map_or_else(
            || iso.to_owned(),
            |d| formats(lang).date.format(&d).to_string(),
        )
}

/// A month written `2026-12` as people read it: "déc. 2026", "Dec 2026".
/// Anything else is given back as it is.
pub fn month(lang: Lang, iso: &str) -> String {
    format!("{iso}-01")
        .parse::<jiff::civil::Date>()
        .ok()
        .and_then(gregorian)
        .map_or_else(
            || iso.to_owned(),
            |d| formats(lang).month.format(&d).to_string(),
        )
}

/// `minor` units of a currency as a decimal with the currency's digits.
fn in_units(minor: u64, currency: &ledger::Currency) -> Decimal {
    let mut value = Decimal::from(minor);
    value.multiply_pow10(-i16::from(currency.exponent));
    value.pad_end(-i16::from(currency.exponent));
    value
}

/// An amount in minor units: "1 234,50 €", "€1,234.50". CLDR's currency
/// patterns for the two languages: ICU4X's currency formatter is still in
/// `icu_experimental` (see ARCHITECTURE.md).
pub fn money(lang: Lang, minor: i64, currency: &str) -> String {
    let number = formats(lang)
        .number
        .format(&in_units(
            minor.unsigned_abs(),
            &ledger::Currency::of(currency),
        ))
        .to_string();
    let sign = if minor < 0 { "-" } else { "" };
    let symbol = match currency {
        "EUR" => "€",
        code => code,
    };
    match (lang, symbol.len() > 1 && symbol.is_ascii()) {
        // "#,##0.00 ¤", with a no-break space.
        (Lang::Fr, _) => format!("{sign}{number}\u{a0}{symbol}"),
        // "¤#,##0.00"; a currency code is kept apart from the digits.
        (Lang::En, false) => format!("{sign}{symbol}{number}"),
        (Lang::En, true) => format!("{sign}{symbol}\u{a0}{number}"),
    }
}

/// An amount in minor units as a form field shows it, to be typed over:
/// "1234,50", "1234.50" (read back by [`crate::wallet::parse_amount`],
/// which takes either separator).
pub fn amount_input(lang: Lang, minor: u64) -> String {
    formats(lang)
        .typed
        .format(&in_units(minor, &ledger::Currency::eur()))
        .to_string()
}

/// `value` hundredths of a percent, without trailing zeros: "2,5 %",
/// "2.5%" (CLDR's percent patterns, "#,##0 %" with a narrow no-break
/// space in French, "#,##0%" in English).
pub fn percent(lang: Lang, hundredths: i64) -> String {
    let mut value = Decimal::from(hundredths);
    value.multiply_pow10(-2);
    value.trim_end();
    let number = formats(lang).number.format(&value);
    match lang {
        Lang::Fr => format!("{number}\u{202f}%"),
        Lang::En => format!("{number}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-02 12:01 UTC, 13:01 in Paris.
    const DEC_2_13_01_PARIS: i64 = 1_796_212_860_000;

    #[test]
    fn dates_read_as_each_language_writes_them() {
        assert_eq!(
            date_time(Lang::Fr, DEC_2_13_01_PARIS, "Europe/Paris"),
            "2 déc. 2026, 13:01"
        );
        assert_eq!(
            date_time(Lang::En, DEC_2_13_01_PARIS, "Europe/Paris"),
            "2 Dec 2026, 1:01\u{202f}pm"
        );
        assert_eq!(
            date_time(Lang::En, DEC_2_13_01_PARIS, "America/New_York"),
            "2 Dec 2026, 7:01\u{202f}am"
        );
        assert_eq!(date_time(Lang::Fr, DEC_2_13_01_PARIS, "Nowhere/Else"), "");
        assert_eq!(date(Lang::Fr, "2026-12-01"), "1 déc. 2026");
        assert_eq!(date(Lang::En, "2026-12-01"), "1 Dec 2026");
        assert_eq!(date(Lang::En, "soon"), "soon");
        assert_eq!(month(Lang::Fr, "2026-12"), "déc. 2026");
        assert_eq!(month(Lang::En, "2026-12"), "Dec 2026");
    }

    #[test]
    fn amounts_carry_their_symbol_where_each_language_puts_it() {
        assert_eq!(money(Lang::Fr, 1200, "EUR"), "12,00\u{a0}€");
        assert_eq!(money(Lang::En, 1200, "EUR"), "€12.00");
        assert_eq!(money(Lang::Fr, 123_456, "EUR"), "1\u{202f}234,56\u{a0}€");
        assert_eq!(money(Lang::En, 123_456, "EUR"), "€1,234.56");
        assert_eq!(money(Lang::Fr, -550, "EUR"), "-5,50\u{a0}€");
        assert_eq!(money(Lang::En, -550, "EUR"), "-€5.50");
        assert_eq!(money(Lang::En, 1500, "JPY"), "JPY\u{a0}1,500");
        assert_eq!(amount_input(Lang::Fr, 15_000), "150,00");
        assert_eq!(amount_input(Lang::En, 123_456), "1234.56");
        assert_eq!(
            crate::wallet::parse_amount(&amount_input(Lang::Fr, 123_456))
                .map(|a| a.minor())
                .ok(),
            Some(123_456)
        );
    }

    #[test]
    fn percentages_keep_their_digits_and_the_languages_spacing() {
        assert_eq!(percent(Lang::Fr, 2500), "25\u{202f}%");
        assert_eq!(percent(Lang::En, 2500), "25%");
        assert_eq!(percent(Lang::Fr, 250), "2,5\u{202f}%");
        assert_eq!(percent(Lang::En, 25), "0.25%");
        assert_eq!(percent(Lang::En, 0), "0%");
    }
}
