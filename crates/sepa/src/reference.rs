//! Structured creditor references (ISO 11649, "RF…"): what a member writes
//! in the reference field of a bank transfer so that the treasurer, or an
//! import of the bank statement, knows whose wallet to credit.

use crate::iban::mod97;

/// The longest body after `RF` and the two check digits.
const MAX_BODY: usize = 21;

/// The reference made of `body` (letters and digits, at most 21), with its
/// check digits; `None` for a body that cannot be one.
pub fn make(body: &str) -> Option<String> {
    let body = body.to_ascii_uppercase();
    if body.is_empty() || body.len() > MAX_BODY || !body.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    let check = 98 - mod97(&format!("{body}RF00"))?;
    Some(format!("RF{check:02}{body}"))
}

/// Whether `text` (spaces and case ignored) is a well-formed reference.
pub fn is_valid(text: &str) -> bool {
    let r = normalise(text);
    r.len() >= 5
        && r.len() <= 4 + MAX_BODY
        && r.starts_with("RF")
        && r[2..4].chars().all(|c| c.is_ascii_digit())
        && r.chars().all(|c| c.is_ascii_alphanumeric())
        && mod97(&format!("{}{}", &r[4..], &r[..4])) == Some(1)
}

/// Upper case without spaces: the electronic form.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The printed form, in groups of four.
pub fn display(reference: &str) -> String {
    normalise(reference)
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every well-formed reference of `len` characters found in a free text
/// (a bank line's remittance information), however the payer spaced it.
pub fn find_all(text: &str, len: usize) -> Vec<String> {
    if len < 5 {
        return Vec::new();
    }
    let flat: Vec<char> = normalise(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let mut found = Vec::new();
    for start in 0..flat.len().saturating_sub(len - 1) {
        let candidate: String = flat[start..start + len].iter().collect();
        if candidate.starts_with("RF") && is_valid(&candidate) && !found.contains(&candidate) {
            found.push(candidate);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standards_example() {
        // ISO 11649's example: body 539007547034.
        assert_eq!(make("539007547034").as_deref(), Some("RF18539007547034"));
        assert!(is_valid("RF18 5390 0754 7034"));
        assert!(!is_valid("RF18 5390 0754 7035"));
        assert_eq!(display("rf18539007547034"), "RF18 5390 0754 7034");
        assert_eq!(
            find_all("Virement rf18 5390 0754 7034 merci", 16),
            vec!["RF18539007547034".to_owned()]
        );
    }
}
