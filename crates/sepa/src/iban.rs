//! IBAN (ISO 13616) and BIC (ISO 9362) checks.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IbanError {
    #[error("an IBAN has only letters and digits")]
    Characters,
    #[error("unknown IBAN country")]
    Country,
    #[error("wrong length for this country")]
    Length,
    #[error("the check digits do not match")]
    Checksum,
    #[error("this country is outside the SEPA area")]
    NotSepa,
}

/// The countries of the IBAN registry, which a BIC's country must be one of.
pub fn countries() -> impl Iterator<Item = &'static str> {
    LENGTHS.iter().map(|(country, _)| *country)
}

/// IBAN lengths by country, from the SWIFT IBAN registry.
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SC", 31),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// Countries reachable by a SEPA credit transfer: the EEA, then
/// Switzerland, the United Kingdom, Gibraltar, the microstates, and the
/// countries admitted in 2024–2025 (Albania, Moldova, Montenegro, North
/// Macedonia, Serbia).
const SEPA: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "CH", "GB",
    "GI", "SM", "VA", "MC", "AD", "AL", "MD", "ME", "MK", "RS",
];

/// A checked IBAN, in its electronic form (no spaces, upper case).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Iban(String);

impl Iban {
    /// Reads an IBAN as people type it: spaces and lower case are fine.
    pub fn parse(text: &str) -> Result<Iban, IbanError> {
        let iban: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !iban.chars().all(|c| c.is_ascii_alphanumeric()) || iban.len() < 5 {
            return Err(IbanError::Characters);
        }
        let country = &iban[..2];
        let expected = LENGTHS
            .iter()
            .find(|(c, _)| *c == country)
            .map(|(_, n)| *n)
            .ok_or(IbanError::Country)?;
        if iban.len() != expected {
            return Err(IbanError::Length);
        }
        if !iban[2..4].chars().all(|c| c.is_ascii_digit()) {
            return Err(IbanError::Checksum);
        }
        let rearranged = format!("{}{}", &iban[4..], &iban[..4]);
        if mod97(&rearranged) != Some(1) {
            return Err(IbanError::Checksum);
        }
        Ok(Iban(iban))
    }

    /// [`Iban::parse`], for an account a SEPA credit transfer can reach.
    pub fn parse_sepa(text: &str) -> Result<Iban, IbanError> {
        let iban = Iban::parse(text)?;
        if SEPA.contains(&iban.country()) {
            Ok(iban)
        } else {
            Err(IbanError::NotSepa)
        }
    }

    /// Builds the IBAN of a country and a national account number (BBAN),
    /// computing the check digits.
    pub fn from_bban(country: &str, bban: &str) -> Result<Iban, IbanError> {
        let body = format!("{bban}{country}00");
        let check = 98 - mod97(&body).ok_or(IbanError::Characters)?;
        Iban::parse(&format!("{country}{check:02}{bban}"))
    }

    pub fn country(&self) -> &str {
        &self.0[..2]
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The printed form, in groups of four.
impl fmt::Display for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let groups: Vec<&str> = self
            .0
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect();
        f.write_str(&groups.join(" "))
    }
}

/// The value of an alphanumeric string modulo 97, letters counting as
/// 10 (A) to 35 (Z), as ISO 7064 MOD 97-10 does; `None` for other characters.
pub(crate) fn mod97(text: &str) -> Option<u32> {
    let mut rest: u32 = 0;
    for c in text.chars() {
        let value = c.to_digit(36)?;
        rest = if value < 10 {
            (rest * 10 + value) % 97
        } else {
            (rest * 100 + value) % 97
        };
    }
    Some(rest)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a BIC has 8 or 11 characters: bank (4 letters), country (2 letters), place, branch")]
pub struct BicError;

/// A checked BIC, upper case, 8 or 11 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Bic(String);

impl Bic {
    /// Checks the shape the pain.001 schema asks for:
    /// `[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?`.
    pub fn parse(text: &str) -> Result<Bic, BicError> {
        let bic: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let b = bic.as_bytes();
        let ok = (b.len() == 8 || b.len() == 11)
            && b[..6].iter().all(u8::is_ascii_uppercase)
            && LENGTHS.iter().any(|(c, _)| c.as_bytes() == &b[4..6])
            && (b[6].is_ascii_uppercase() || (b'2'..=b'9').contains(&b[6]))
            && (b[7].is_ascii_digit() || (b[7].is_ascii_uppercase() && b[7] != b'O'))
            && b[8..]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if ok { Ok(Bic(bic)) } else { Err(BicError) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ibans() {
        for good in [
            "FR76 3000 6000 0112 3456 7890 189",
            "DE89 3704 0044 0532 0130 00",
            "GB29 NWBK 6016 1331 9268 19",
            "be71 0961 2345 6769",
        ] {
            assert!(Iban::parse(good).is_ok(), "{good}");
        }
        assert_eq!(
            Iban::parse("FR76 3000 6000 0112 3456 7890 188"),
            Err(IbanError::Checksum)
        );
        assert_eq!(Iban::parse("FR76 3000 6000"), Err(IbanError::Length));
        assert_eq!(Iban::parse("ZZ76 3000 6000"), Err(IbanError::Country));
        assert_eq!(Iban::parse("FR76-3000"), Err(IbanError::Characters));
        let brazil = Iban::from_bban("BR", "00360305000010009795493C1").unwrap();
        assert_eq!(Iban::parse_sepa(brazil.as_str()), Err(IbanError::NotSepa));
        assert_eq!(
            Iban::parse("fr7630006000011234567890189")
                .unwrap()
                .to_string(),
            "FR76 3000 6000 0112 3456 7890 189"
        );
    }

    #[test]
    fn known_bics() {
        for good in ["BNPAFRPP", "BNPAFRPPXXX", "deutdeff500", "AGRIFRPP882"] {
            assert!(Bic::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "BNPAFRP",
            "BNPA1RPP",
            "BNPAZZPP",
            "BNPAFR1P",
            "BNPAFRPO",
            "BNPAFRPPXX",
        ] {
            assert!(Bic::parse(bad).is_err(), "{bad}");
        }
    }
}
