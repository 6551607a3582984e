//! Input checks shared by forms and the API. Each returns the cleaned value or
//! the Fluent key of the message to show next to the field.

pub mod schema;

use std::ops::RangeInclusive;

pub type Checked<T> = Result<T, &'static str>;

/// The bidirectional embeddings and overrides (LRE, RLE, PDF, LRO, RLO),
/// which can make a text read in another order than it is written.
pub(crate) const BIDI_EMBEDDINGS: RangeInclusive<char> = '\u{202A}'..='\u{202E}';
/// The bidirectional isolates (LRI, RLI, FSI, PDI).
pub(crate) const BIDI_ISOLATES: RangeInclusive<char> = '\u{2066}'..='\u{2069}';

/// Rejects control characters (except newlines and tabs in multi-line text).
fn has_forbidden_chars(text: &str, multiline: bool) -> bool {
    text.chars().any(|c| {
        c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))
            || BIDI_EMBEDDINGS.contains(&c)
            || BIDI_ISOLATES.contains(&c)
    })
}

/// A client's idempotency key: 1 to 64 letters, digits, `-` or `_`
/// (`schema::idempotency_key` says the same to API clients).
pub fn idempotency_key(key: &str) -> Checked<&str> {
    let valid = !key.is_empty()
        && key.len() <= schema::IDEMPOTENCY_KEY_MAX
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(key)
    } else {
        Err("error-transfer-id")
    }
}

/// A one-line text of `min..=max` characters, trimmed. The maximum holds
/// for the text as sent, as the API's schemas (`maxLength`) say.
pub fn line(text: &str, min: usize, max: usize) -> Checked<String> {
    let too_long = text.chars().count() > max;
    let text = text.trim();
    let count = text.chars().count();
    if count < min {
        return Err(if min == 1 {
            "error-required"
        } else {
            "error-too-short"
        });
    }
    if too_long {
        return Err("error-too-long");
    }
    if has_forbidden_chars(text, false) {
        return Err("error-invalid-characters");
    }
    Ok(text.to_owned())
}

/// A multi-line text of at most `max` characters (as sent), trimmed; may be empty.
pub fn text(text: &str, max: usize) -> Checked<String> {
    if text.chars().count() > max {
        return Err("error-too-long");
    }
    let text = text.trim();
    if has_forbidden_chars(text, true) {
        return Err("error-invalid-characters");
    }
    Ok(text.replace("\r\n", "\n"))
}

/// A multi-line text that must say something: [`text`], not empty.
pub fn non_blank_text(text: &str, max: usize) -> Checked<String> {
    self::text(text, max).and_then(|t| match t.is_empty() {
        true => Err("error-required"),
        false => Ok(t),
    })
}

/// The longest address, in bytes (RFC 5321's path less its brackets).
pub const EMAIL_MAX: usize = 254;

pub fn email(raw: &str) -> Checked<String> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err("error-required");
    }
    if email.len() > EMAIL_MAX
        || !email_address::EmailAddress::is_valid(&email)
        || !email.contains('.')
    {
        return Err("error-email-invalid");
    }
    Ok(email)
}

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 256;

pub fn password(raw: &str) -> Checked<String> {
    let count = raw.chars().count();
    if count < PASSWORD_MIN {
        return Err("error-password-too-short");
    }
    if count > PASSWORD_MAX {
        return Err("error-too-long");
    }
    Ok(raw.to_owned())
}

pub fn display_name(raw: &str) -> Checked<String> {
    line(raw, 1, 80)
}

/// An IANA time zone known to the bundled database.
pub fn time_zone(raw: &str) -> Checked<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("error-required");
    }
    jiff::tz::TimeZone::get(raw)
        .map(|_| raw.to_owned())
        .map_err(|_| "error-time-zone-invalid")
}

/// A SIRET: 14 digits whose Luhn sum is a multiple of 10 — except La Poste's
/// establishments (SIREN 356000000), whose digit sum is a multiple of 5.
pub fn siret(raw: &str) -> Checked<String> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("error-siret-format");
    }
    let valid = if digits.starts_with("356000000") && digits != "35600000000048" {
        digits
            .bytes()
            .map(|b| u32::from(b - b'0'))
            .sum::<u32>()
            .is_multiple_of(5)
    } else {
        luhn_valid(&digits)
    };
    if valid {
        Ok(digits)
    } else {
        Err("error-siret-checksum")
    }
}

pub fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

pub fn latitude(value: f64) -> Checked<f64> {
    if value.is_finite() && (-90.0..=90.0).contains(&value) {
        Ok(value)
    } else {
        Err("error-latitude-range")
    }
}

pub fn longitude(value: f64) -> Checked<f64> {
    if value.is_finite() && (-180.0..=180.0).contains(&value) {
        Ok(value)
    } else {
        Err("error-longitude-range")
    }
}

/// A URL-friendly name: lowercase ASCII letters, digits and single dashes.
/// A path on this site to return to after a form or a mail link (`/x?y`),
/// never another host: anything else is dropped.
pub fn local_path(next: Option<&str>) -> Option<String> {
    next.filter(|p| {
        p.starts_with('/')
            && !p.starts_with("//")
            && !p.contains('\\')
            && p.len() <= 512
            && !p.chars().any(char::is_control)
    })
    .map(str::to_owned)
}

/// Percent-encodes a query-string value.
pub fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        let folded = match c {
            'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'î' | 'ï' | 'í' | 'Î' | 'Ï' => 'i',
            'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' => 'o',
            'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ÿ' => 'y',
            'œ' | 'Œ' => 'o',
            other => other.to_ascii_lowercase(),
        };
        if folded.is_ascii_alphanumeric() {
            slug.push(folded);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        "collective".to_owned()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn with_luhn_digit(prefix: &str) -> String {
        (0..10)
            .map(|d| format!("{prefix}{d}"))
            .find(|candidate| luhn_valid(candidate))
            .unwrap()
    }

    #[test]
    fn known_sirets() {
        // Real establishments: INSEE's head office and a La Poste office.
        assert_eq!(siret("120 027 016 00019"), Ok("12002701600019".into()));
        assert_eq!(siret("35600000049837"), Ok("35600000049837".into()));
        assert_eq!(siret("12002701600018"), Err("error-siret-checksum"));
        assert_eq!(siret("1200270160001"), Err("error-siret-format"));
        assert_eq!(siret("1200270160001a"), Err("error-siret-format"));
    }

    proptest! {
        #[test]
        fn a_completed_number_is_accepted_and_any_single_digit_change_refused(
            prefix in "[1-9][0-9]{12}", position in 0usize..14, delta in 1u8..10
        ) {
            prop_assume!(!prefix.starts_with("356000000"));
            let good = with_luhn_digit(&prefix);
            prop_assert!(siret(&good).is_ok());
            let mut bytes = good.into_bytes();
            bytes[position] = b'0' + (bytes[position] - b'0' + delta) % 10;
            let bad = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(siret(&bad), Err("error-siret-checksum"));
        }

        #[test]
        fn slugs_are_url_safe(name in "\\PC{0,100}") {
            let slug = slugify(&name);
            prop_assert!(!slug.is_empty() && slug.len() <= 60);
            prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        }

        #[test]
        fn line_never_accepts_control_characters(s in "\\PC*\\p{Cc}\\PC*") {
            prop_assert!(line(&s, 0, 10_000).is_err() || s.trim() != s);
        }
    }

    #[test]
    fn lines_and_emails() {
        assert_eq!(line("  Alice  ", 1, 80), Ok("Alice".into()));
        // The maximum is the schema's maxLength: it counts what was sent.
        let sent = format!("\t{}", "a".repeat(80));
        assert_eq!(line(&sent, 1, 80), Err("error-too-long"));
        assert_eq!(text(&sent, 80), Err("error-too-long"));
        assert_eq!(line("   ", 1, 80), Err("error-required"));
        assert_eq!(line(&"x".repeat(81), 1, 80), Err("error-too-long"));
        assert_eq!(line("a\u{202E}b", 1, 80), Err("error-invalid-characters"));
        assert_eq!(email(" Alice@Example.org "), Ok("alice@example.org".into()));
        assert_eq!(email("not-an-email"), Err("error-email-invalid"));
        assert_eq!(time_zone("Europe/Paris"), Ok("Europe/Paris".into()));
        assert_eq!(time_zone("Mars/Olympus"), Err("error-time-zone-invalid"));
        assert_eq!(slugify("AMAP des Pâquerettes !"), "amap-des-paquerettes");
    }
}
