//! The checks of [`crate::validate`] (and the few other input rules the API
//! shares) written as JSON Schema, for the API description: a generated
//! client then refuses, before sending, what the server would refuse.
//!
//! A field checked with `validate::line(_, 2, 120)` is described with
//! `#[schema(schema_with = schema::line::<2, 120>)]`, one checked with
//! `validate::text(_, 5000)` with `schema::text::<5000>`, and so on. utoipa
//! drops a field's doc comment when `schema_with` is used: a documented
//! field gets a small function of its own, written with
//! [`described!`](crate::described) right after its struct, that keeps the
//! text as the description. (`schema_with` on a query parameter would drop
//! its `required` too: [`Amount`] is the rule as a type for that case.)
//!
//! The patterns are ECMA-262 source text, as JSON Schema wants. They spell
//! every character set out as `\uXXXX` ranges, because `\s` and `\d` mean
//! different sets in ECMA-262, Python (schemathesis) and Rust. The tests
//! below compile each pattern with the `regex` crate and compare it with the
//! check it describes, character class by character class and on generated
//! strings.

use std::fmt::Write;
use std::ops::RangeInclusive;

use serde_json::Value;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AnyOfBuilder, ArrayBuilder, ArrayItems, KnownFormat, ObjectBuilder, Schema, SchemaFormat,
    SchemaType, Type,
};

use super::{BIDI_EMBEDDINGS, BIDI_ISOLATES, PASSWORD_MAX, PASSWORD_MIN};

/// `char::is_whitespace`: Unicode's White_Space, what `str::trim` strips.
pub const WHITESPACE: &[RangeInclusive<char>] = &[
    '\u{9}'..='\u{d}',
    ' '..=' ',
    '\u{85}'..='\u{85}',
    '\u{a0}'..='\u{a0}',
    '\u{1680}'..='\u{1680}',
    '\u{2000}'..='\u{200a}',
    '\u{2028}'..='\u{2029}',
    '\u{202f}'..='\u{202f}',
    '\u{205f}'..='\u{205f}',
    '\u{3000}'..='\u{3000}',
];

/// What a one-line text may not hold: the controls (`char::is_control`,
/// Unicode's Cc) and the bidirectional controls.
const FORBIDDEN_IN_LINE: &[RangeInclusive<char>] = &[
    '\u{0}'..='\u{1f}',
    '\u{7f}'..='\u{9f}',
    BIDI_EMBEDDINGS,
    BIDI_ISOLATES,
];

/// What a multi-line text may not hold: the same, less tab, CR and LF.
const FORBIDDEN_IN_TEXT: &[RangeInclusive<char>] = &[
    '\u{0}'..='\u{8}',
    '\u{b}'..='\u{c}',
    '\u{e}'..='\u{1f}',
    '\u{7f}'..='\u{9f}',
    BIDI_EMBEDDINGS,
    BIDI_ISOLATES,
];

const NUL: &[RangeInclusive<char>] = &['\u{0}'..='\u{0}'];

/// A character class: `[…]`, or `[^…]` when `negated`, of the union of `sets`.
fn class(negated: bool, sets: &[&[RangeInclusive<char>]]) -> String {
    let escape = |c: char| {
        assert!(
            u32::from(c) <= 0xffff,
            "a \\uXXXX escape holds one UTF-16 unit"
        );
        format!("\\u{:04x}", u32::from(c))
    };
    let mut out = String::from(if negated { "[^" } else { "[" });
    for range in sets.iter().flat_map(|set| set.iter()) {
        out.push_str(&escape(*range.start()));
        if range.end() != range.start() {
            out.push('-');
            out.push_str(&escape(*range.end()));
        }
    }
    out.push(']');
    out
}

/// [`super::line`] with `min`: the text trimmed of whitespace has at least
/// `min` characters and no control or bidirectional control. Whitespace at
/// the edges, which the server trims, is allowed.
pub fn line_pattern(min: usize) -> String {
    let space = class(false, &[WHITESPACE]);
    let any = class(true, &[FORBIDDEN_IN_LINE]);
    let edge = class(true, &[FORBIDDEN_IN_LINE, WHITESPACE]);
    match min {
        0 => format!("^{space}*{any}*{space}*$"),
        1 => format!("^{space}*{edge}{any}*{space}*$"),
        min => format!("^{space}*{edge}{any}{{{},}}{edge}{space}*$", min - 2),
    }
}

/// [`super::text`]; with `non_blank`, the trimmed text may not be empty.
pub fn text_pattern(non_blank: bool) -> String {
    let space = class(false, &[WHITESPACE]);
    let any = class(true, &[FORBIDDEN_IN_TEXT]);
    if non_blank {
        let edge = class(true, &[FORBIDDEN_IN_TEXT, WHITESPACE]);
        format!("^{space}*{edge}{any}*{space}*$")
    } else {
        format!("^{space}*{any}*{space}*$")
    }
}

/// No NUL: what the API refuses in any string (`web::api::ApiJson`), since
/// PostgreSQL cannot store it.
pub fn no_nul_pattern() -> String {
    format!("^{}*$", class(true, &[NUL]))
}

/// Not only whitespace, and no NUL.
pub fn non_blank_pattern() -> String {
    let any = class(true, &[NUL]);
    format!("^{any}*{}{any}*$", class(true, &[NUL, WHITESPACE]))
}

/// What `str::trim` leaves empty (whitespace only, or nothing).
pub fn blank_pattern() -> String {
    format!("^{}*$", class(false, &[WHITESPACE]))
}

/// [`crate::wallet::parse_amount`]: a positive decimal in the instance's
/// currency, `.` or `,` before the decimals, at most as many significant
/// decimals as the currency has, group separators (space, no-break spaces)
/// anywhere and whitespace at the edges. Exact but for one thing: the whole
/// part has one digit less than the largest amount has, so that every
/// amount the pattern takes fits.
pub fn amount_pattern() -> String {
    let currency = ledger::Currency::of(crate::wallet::CURRENCY);
    let decimals = usize::from(currency.exponent);
    let whole_digits = (ledger::MAX_AMOUNT / 10u64.pow(u32::from(currency.exponent)))
        .to_string()
        .len()
        - 1;
    let space = class(false, &[WHITESPACE]);
    let separators: Vec<RangeInclusive<char>> =
        ledger::GROUP_SEPARATORS.iter().map(|&c| c..=c).collect();
    let sep = format!("{}*", class(false, &[&separators]));
    let digit = format!("[0-9]{sep}");
    let zero = format!("0{sep}");
    let point = format!("[.,]{sep}");
    // A whole part that is not zero, then optional decimals.
    let mut whole = format!("(?:{zero})*[1-9]{sep}(?:{digit}){{0,{}}}", whole_digits - 1);
    if decimals > 0 {
        write!(whole, "(?:{point}(?:{digit}){{0,{decimals}}}(?:{zero})*)?").unwrap();
    } else {
        write!(whole, "(?:{point}(?:{zero})*)?").unwrap();
    }
    // No whole part (or zero): decimals that are not all zero.
    let fractions: Vec<String> = (0..decimals)
        .map(|zeros| {
            let more = decimals - 1 - zeros;
            let tail = if more > 0 {
                format!("(?:{digit}){{0,{more}}}")
            } else {
                String::new()
            };
            format!("{}[1-9]{sep}{tail}", zero.repeat(zeros))
        })
        .collect();
    let mut branches = vec![whole];
    if !fractions.is_empty() {
        branches.push(format!(
            "(?:{zero})*{point}(?:{})(?:{zero})*",
            fractions.join("|")
        ));
    }
    format!("^{space}*(?:\\+{sep})?(?:{}){space}*$", branches.join("|"))
}

/// [`super::siret`]'s format (not its checksum), after the trimmed-empty
/// "none": 14 digits, whitespace anywhere.
pub fn siret_pattern() -> String {
    let space = class(false, &[WHITESPACE]);
    format!("^{space}*(?:(?:[0-9]{space}*){{14}})?$")
}

/// A BIC as [`sepa::Bic::parse`] takes it, in either case, with whitespace
/// at the edges, or nothing (blank is "none"): 4 letters, a country of the
/// IBAN registry, 2 characters of place and an optional branch. The server
/// also drops whitespace inside a BIC; the pattern does not take it.
pub fn bic_pattern() -> String {
    let space = class(false, &[WHITESPACE]);
    let either_case = |code: &str| -> String {
        code.chars()
            .map(|c| format!("[{}{}]", c, c.to_ascii_lowercase()))
            .collect()
    };
    let countries: Vec<String> = sepa::iban::countries().map(either_case).collect();
    format!(
        "^{space}*(?:[A-Za-z]{{4}}(?:{})[A-Za-z2-9][0-9A-NP-Za-np-z](?:[A-Za-z0-9]{{3}})?{space}*)?$",
        countries.join("|")
    )
}

/// The client's idempotency key of a money verb
/// (`crate::wallet::transfer_id`).
pub const IDEMPOTENCY_KEY_PATTERN: &str = "^[A-Za-z0-9_-]+$";
pub const IDEMPOTENCY_KEY_MAX: usize = 64;

/// The range of a millisecond timestamp the server reads
/// (`jiff::Timestamp::from_millisecond`: whole seconds of jiff's range).
pub fn timestamp_ms_range() -> (i64, i64) {
    (
        jiff::Timestamp::MIN.as_second() * 1000,
        jiff::Timestamp::MAX.as_second() * 1000,
    )
}

/// A field's schema with its doc comment as description, for a documented
/// field described with `schema_with` (which drops the doc comment). Write
/// it right after the struct, the field's doc comment moved into it:
///
/// ```
/// use kernel::validate::schema::{self, Rule};
/// # #[derive(utoipa::ToSchema)]
/// # struct PaymentInput {
/// #[schema(schema_with = payment_message)]
/// pub message: String,
/// # }
///
/// kernel::described! {
///     /// Shown to both members (at most 140 characters).
///     fn payment_message = schema::line::<0, 140>();
/// }
/// ```
#[macro_export]
macro_rules! described {
    ($($(#[doc = $doc:literal])+ $vis:vis fn $name:ident = $rule:expr;)+) => {$(
        $(#[doc = $doc])+
        $vis fn $name() -> utoipa::openapi::schema::Schema {
            $crate::validate::schema::Rule::describe(
                $rule,
                &$crate::validate::schema::doc_text(&[$($doc),+]),
            )
        }
    )+};
}

/// A doc comment's lines as one description, the way utoipa joins them.
pub fn doc_text(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|line| line.trim())
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// Adds what utoipa's attributes cannot, once a rule is built: the
/// description (which `schema_with` drops), and `null` for an `Option`.
pub trait Rule {
    fn describe(self, description: &str) -> Schema;
    fn or_null(self) -> Schema;
    fn example(self, example: &str) -> Schema;
}

impl Rule for Schema {
    fn describe(mut self, description: &str) -> Schema {
        let text = Some(description.to_owned());
        match &mut self {
            Schema::Object(o) => o.description = text,
            Schema::Array(a) => a.description = text,
            Schema::AnyOf(a) => a.description = text,
            Schema::OneOf(o) => o.description = text,
            Schema::AllOf(a) => a.description = text,
            _ => {}
        }
        self
    }

    fn example(mut self, example: &str) -> Schema {
        if let Schema::Object(o) = &mut self {
            o.examples = vec![example.into()];
        }
        self
    }

    fn or_null(mut self) -> Schema {
        let with_null = |t: &mut SchemaType| {
            *t = match std::mem::replace(t, SchemaType::AnyValue) {
                SchemaType::Type(one) => SchemaType::Array(vec![one, Type::Null]),
                SchemaType::Array(mut many) => {
                    if !many.contains(&Type::Null) {
                        many.push(Type::Null);
                    }
                    SchemaType::Array(many)
                }
                SchemaType::AnyValue => SchemaType::AnyValue,
            }
        };
        match &mut self {
            Schema::Object(o) => {
                with_null(&mut o.schema_type);
                if let Some(values) = &mut o.enum_values {
                    values.push(Value::Null);
                }
            }
            Schema::Array(a) => with_null(&mut a.schema_type),
            Schema::AnyOf(a) => a.items.insert(0, null().into()),
            _ => {}
        }
        self
    }
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn null() -> Schema {
    ObjectBuilder::new().schema_type(Type::Null).build().into()
}

/// [`super::line`] with `MIN` and `MAX`.
pub fn line<const MIN: usize, const MAX: usize>() -> Schema {
    string()
        .min_length((MIN > 0).then_some(MIN))
        .max_length(Some(MAX))
        .pattern(Some(line_pattern(MIN)))
        .build()
        .into()
}

/// [`super::text`] with `MAX`: may be empty.
pub fn text<const MAX: usize>() -> Schema {
    string()
        .max_length(Some(MAX))
        .pattern(Some(text_pattern(false)))
        .build()
        .into()
}

/// [`super::text`] with `MAX` that may not be blank (a post, a message).
pub fn body<const MAX: usize>() -> Schema {
    string()
        .min_length(Some(1))
        .max_length(Some(MAX))
        .pattern(Some(text_pattern(true)))
        .build()
        .into()
}

/// At most `MAX` characters, not only whitespace (checked when given;
/// other characters are checked when the text is used).
pub fn non_blank<const MAX: usize>() -> Schema {
    string()
        .min_length(Some(1))
        .max_length(Some(MAX))
        .pattern(Some(non_blank_pattern()))
        .build()
        .into()
}

/// Any string but one holding NUL.
pub fn no_nul() -> Schema {
    string().pattern(Some(no_nul_pattern())).build().into()
}

/// `MIN` to `MAX` characters, no NUL.
pub fn no_nul_len<const MIN: usize, const MAX: usize>() -> Schema {
    string()
        .min_length((MIN > 0).then_some(MIN))
        .max_length(Some(MAX))
        .pattern(Some(no_nul_pattern()))
        .build()
        .into()
}

/// [`super::password`].
pub fn password() -> Schema {
    string()
        .min_length(Some(PASSWORD_MIN))
        .max_length(Some(PASSWORD_MAX))
        .pattern(Some(no_nul_pattern()))
        .build()
        .into()
}

/// [`super::email`], as far as JSON Schema can say it.
pub fn email() -> Schema {
    string()
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
        .max_length(Some(super::EMAIL_MAX))
        .build()
        .into()
}

/// An e-mail address, or nothing: null or blank.
pub fn optional_email() -> Schema {
    AnyOfBuilder::new()
        .item(null())
        .item(email())
        .item(string().pattern(Some(blank_pattern())).build())
        .build()
        .into()
}

/// A date (`YYYY-MM-DD`), or nothing: null or blank.
pub fn optional_date() -> Schema {
    AnyOfBuilder::new()
        .item(null())
        .item(
            string()
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
                .build(),
        )
        .item(string().pattern(Some(blank_pattern())).build())
        .build()
        .into()
}

/// A date (`YYYY-MM-DD`), or nothing: null or exactly empty (not blank).
pub fn date_or_empty() -> Schema {
    AnyOfBuilder::new()
        .item(null())
        .item(string().max_length(Some(0)).build())
        .item(date())
        .build()
        .into()
}

/// A date (`YYYY-MM-DD`).
pub fn date() -> Schema {
    string()
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .build()
        .into()
}

/// One of `codes`, for a string field that stays a string (so that another
/// value gets its message) but takes only these.
pub fn codes(codes: &[&str]) -> Schema {
    string()
        .enum_values(Some(codes.iter().copied()))
        .build()
        .into()
}

/// One of `values`, for an integer field that takes only these.
pub fn integers(values: &[i64]) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .enum_values(Some(values.iter().copied()))
        .build()
        .into()
}

/// A decimal amount, see [`amount_pattern`].
pub fn amount() -> Schema {
    string().pattern(Some(amount_pattern())).build().into()
}

/// [`amount`] as a type, for a query parameter: `#[param(value_type =
/// schema::Amount, inline)]`. (`schema_with` on a parameter would drop its
/// `required`.)
pub struct Amount;

impl utoipa::PartialSchema for Amount {
    fn schema() -> RefOr<Schema> {
        amount().into()
    }
}

impl utoipa::ToSchema for Amount {}

/// [`no_nul`] as a type, for a text query parameter: `#[param(value_type =
/// Option<schema::NoNul>, inline)]`, or in a path's `params(…)`
/// `("name" = inline(Option<schema::NoNul>), Query)`.
pub struct NoNul;

impl utoipa::PartialSchema for NoNul {
    fn schema() -> RefOr<Schema> {
        no_nul().into()
    }
}

impl utoipa::ToSchema for NoNul {}

/// A SIRET, or blank for none.
pub fn siret() -> Schema {
    string().pattern(Some(siret_pattern())).build().into()
}

/// A BIC, or blank for none.
pub fn bic() -> Schema {
    string()
        .max_length(Some(14))
        .pattern(Some(bic_pattern()))
        .build()
        .into()
}

/// An IBAN: its checksum, country and length are the server's to check.
pub fn iban() -> Schema {
    no_nul_len::<0, 42>()
}

/// A client's idempotency key (`id` of a money verb).
pub fn idempotency_key() -> Schema {
    string()
        .min_length(Some(1))
        .max_length(Some(IDEMPOTENCY_KEY_MAX))
        .pattern(Some(IDEMPOTENCY_KEY_PATTERN))
        .build()
        .into()
}

/// Milliseconds since the epoch, within what the server can read as a time.
pub fn timestamp_ms() -> Schema {
    let (min, max) = timestamp_ms_range();
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(min))
        .maximum(Some(max))
        .build()
        .into()
}

/// A fraction `[numerator, denominator]`, the denominator at least 1.
pub fn fraction() -> Schema {
    let part = |min: u32| {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
            .minimum(Some(min))
            .maximum(Some(u32::MAX))
            .build()
    };
    ArrayBuilder::new()
        .schema_type(Type::Array)
        .prefix_items([part(0), part(1)])
        .items(ArrayItems::False)
        .min_items(Some(2))
        .max_items(Some(2))
        .build()
        .into()
}

/// An array of `items`, at most `max` of them.
pub fn array_of(items: Schema, max: usize) -> Schema {
    ArrayBuilder::new()
        .items(RefOr::T(items))
        .max_items(Some(max))
        .build()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    fn compiled(pattern: &str) -> Regex {
        Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"))
    }

    fn in_sets(sets: &[&[RangeInclusive<char>]], c: char) -> bool {
        sets.iter().any(|set| set.iter().any(|r| r.contains(&c)))
    }

    /// The classes are the very sets the checks use, for every character.
    #[test]
    fn the_classes_are_the_checks_sets() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(in_sets(&[WHITESPACE], c), c.is_whitespace(), "{c:?}");
            let one = c.to_string();
            assert_eq!(
                in_sets(&[FORBIDDEN_IN_LINE], c),
                super::super::has_forbidden_chars(&one, false),
                "{c:?}"
            );
            assert_eq!(
                in_sets(&[FORBIDDEN_IN_TEXT], c),
                super::super::has_forbidden_chars(&one, true),
                "{c:?}"
            );
        }
    }

    /// Characters the checks treat apart: whitespace (trimmed), controls
    /// (refused, some allowed in text), bidi controls, separators of
    /// amounts, digits, letters, and characters outside the BMP.
    fn tricky_char() -> impl Strategy<Value = char> {
        prop_oneof![
            3 => prop::sample::select(vec![
                '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{85}', '\u{a0}', '\u{1680}',
                '\u{2000}', '\u{200a}', '\u{200b}', '\u{2028}', '\u{2029}', '\u{202f}',
                '\u{205f}', '\u{3000}', '\u{feff}',
            ]),
            2 => prop::sample::select(vec![
                '\0', '\u{1}', '\u{8}', '\u{e}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}',
                '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{2065}', '\u{206a}',
                '\u{200e}', '\u{ad}',
            ]),
            4 => prop::sample::select(vec![
                '0', '1', '5', '9', '.', ',', '+', '-', 'a', 'Z', 'é', 'O', 'o', '_', '€',
                '\u{1f331}', '\u{10ffff}',
            ]),
            1 => any::<char>(),
        ]
    }

    fn tricky_string(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(tricky_char(), 0..max).prop_map(|cs| cs.into_iter().collect())
    }

    fn amounts() -> impl Strategy<Value = String> {
        let digits = prop::collection::vec(
            prop::sample::select(vec!['0', '0', '1', '5', '9', ' ', '\u{a0}']),
            0..20,
        );
        (
            tricky_string(3),
            prop::sample::select(vec!["", "+", "-", "+ "]),
            digits.clone(),
            prop::sample::select(vec!["", ".", ",", ".."]),
            digits,
            tricky_string(3),
        )
            .prop_map(|(a, sign, whole, point, fraction, b)| {
                let whole: String = whole.into_iter().collect();
                let fraction: String = fraction.into_iter().take(5).collect();
                format!("{a}{sign}{whole}{point}{fraction}{b}")
            })
    }

    fn bics() -> impl Strategy<Value = String> {
        let letters = prop::collection::vec(
            prop::sample::select(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 "
                    .chars()
                    .collect::<Vec<_>>(),
            ),
            0..13,
        );
        (
            tricky_string(2),
            prop::sample::select(sepa::iban::countries().collect::<Vec<_>>()),
            letters.clone(),
            letters,
            tricky_string(2),
            any::<bool>(),
        )
            .prop_map(|(a, country, bank, rest, b, plain)| {
                let bank: String = bank.into_iter().take(4).collect();
                let rest: String = rest.into_iter().take(5).collect();
                if plain {
                    format!("{bank}{country}{rest}")
                } else {
                    format!("{a}{bank}{country}{rest}{b}")
                }
            })
    }

    fn sirets() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                6 => prop::sample::select("0123456789".chars().collect::<Vec<_>>()),
                1 => tricky_char(),
            ],
            0..20,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    fn keys() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Za-z0-9_-]{0,70}",
            tricky_string(8),
            "[A-Za-z0-9_-]{0,10}[^A-Za-z0-9_-][A-Za-z0-9_-]{0,10}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn line_patterns_are_the_line_check(s in tricky_string(8)) {
            for min in 0..=5 {
                // maxLength stands beside the pattern: the pattern is the rest of the rule.
                let checked = super::super::line(&s, min, usize::MAX).is_ok();
                prop_assert_eq!(compiled(&line_pattern(min)).is_match(&s), checked, "min {}: {:?}", min, s);
            }
        }

        #[test]
        fn text_patterns_are_the_text_check(s in tricky_string(8)) {
            let checked = super::super::text(&s, usize::MAX);
            prop_assert_eq!(compiled(&text_pattern(false)).is_match(&s), checked.is_ok(), "{:?}", s);
            let non_blank = checked.is_ok_and(|t| !t.is_empty());
            prop_assert_eq!(compiled(&text_pattern(true)).is_match(&s), non_blank, "{:?}", s);
        }

        #[test]
        fn nul_and_blank_patterns(s in tricky_string(6)) {
            prop_assert_eq!(compiled(&no_nul_pattern()).is_match(&s), !s.contains('\0'));
            prop_assert_eq!(compiled(&blank_pattern()).is_match(&s), s.trim().is_empty());
            prop_assert_eq!(
                compiled(&non_blank_pattern()).is_match(&s),
                !s.contains('\0') && !s.trim().is_empty()
            );
        }

        #[test]
        fn the_amount_pattern_is_parse_amount(s in amounts()) {
            let parsed = crate::wallet::parse_amount(&s);
            let matched = compiled(&amount_pattern()).is_match(&s);
            // The pattern leaves out the largest whole parts only.
            let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
            if digits < 17 {
                prop_assert_eq!(matched, parsed.is_ok(), "{:?}", s);
            } else {
                prop_assert!(!matched || parsed.is_ok(), "{:?}", s);
            }
        }

        #[test]
        fn the_siret_pattern_is_the_siret_format(s in sirets()) {
            let format_ok = s.trim().is_empty() || super::super::siret(&s) != Err("error-siret-format");
            prop_assert_eq!(compiled(&siret_pattern()).is_match(&s), format_ok, "{:?}", s);
        }

        #[test]
        fn the_bic_pattern_is_bic_parse(s in bics()) {
            let accepted = s.trim().is_empty() || sepa::Bic::parse(s.trim()).is_ok();
            let matched = compiled(&bic_pattern()).is_match(&s);
            // Whitespace inside a BIC, which the server drops, is left out.
            if s.trim().contains(char::is_whitespace) {
                prop_assert!(!matched || accepted, "{:?}", s);
            } else {
                prop_assert_eq!(matched, accepted, "{:?}", s);
            }
        }

        #[test]
        fn the_key_pattern_is_the_key_check(s in keys()) {
            let checked = crate::wallet::transfer_id(&crate::MemberId::from("m"), &s).is_ok();
            let matched = compiled(IDEMPOTENCY_KEY_PATTERN).is_match(&s)
                && s.chars().count() <= IDEMPOTENCY_KEY_MAX;
            prop_assert_eq!(matched, checked, "{:?}", s);
        }
    }

    #[test]
    fn amounts_at_the_edges() {
        let pattern = compiled(&amount_pattern());
        for good in [
            "1",
            "0.01",
            ",5",
            " +1 234,50 ",
            "\u{a0}12.500\t",
            "9999999999999999.99",
        ] {
            assert!(pattern.is_match(good), "{good:?}");
            assert!(crate::wallet::parse_amount(good).is_ok(), "{good:?}");
        }
        for bad in ["", "0", "0.00", "-1", "1.001", ".", "1e3", "1 .5\u{b}x"] {
            assert!(!pattern.is_match(bad), "{bad:?}");
        }
    }

    #[test]
    fn timestamps_at_the_edges() {
        let (min, max) = timestamp_ms_range();
        assert!(jiff::Timestamp::from_millisecond(min).is_ok());
        assert!(jiff::Timestamp::from_millisecond(max).is_ok());
        assert!(jiff::Timestamp::from_millisecond(min - 1).is_err());
        assert!(jiff::Timestamp::from_millisecond(max + 1).is_err());
    }
}
