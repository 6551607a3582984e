//! A message shown once, on the page a form redirects to: "Your top-up of
//! 20,00 € is on your wallet." The form's response carries it in a cookie;
//! the next page shows it and the cookie is cleared.
//!
//! The cookie names a message of the translation files (its key starts with
//! `flash-`) and its arguments, never free text: a cookie planted by someone
//! else can only pick one of our own sentences, and whatever it carries is
//! escaped on display. Over https the cookie has the `__Host-` prefix, so a
//! sibling subdomain cannot plant it at all.

use crate::i18n::Tr;

pub const COOKIE: &str = "freeco_flash";
/// Longest cookie value read: a message key and a few short arguments.
const MAX_COOKIE_CHARS: usize = 1024;
/// Longest argument shown (a name, an amount, a title).
const MAX_ARG_CHARS: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flash {
    key: String,
    args: Vec<(String, String)>,
}

impl Flash {
    /// The message `key` of the translation files; it must start with `flash-`.
    pub fn new(key: &'static str) -> Flash {
        debug_assert!(key.starts_with("flash-"), "{key}");
        Flash {
            key: key.to_owned(),
            args: Vec::new(),
        }
    }

    /// An argument of the message (`{ $amount }`).
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Flash {
        self.args.push((name.to_owned(), value.into()));
        self
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// The cookie's value: the key and arguments, URL-encoded.
    pub fn encode(&self) -> String {
        let pairs = std::iter::once(("m", self.key.as_str()))
            .chain(self.args.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        serde_urlencoded::to_string(pairs.collect::<Vec<_>>()).unwrap_or_default()
    }

    /// A cookie's value read back; anything malformed or not a flash
    /// message's key is nothing.
    pub fn decode(value: &str) -> Option<Flash> {
        if value.len() > MAX_COOKIE_CHARS {
            return None;
        }
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(value).ok()?;
        let mut pairs = pairs.into_iter();
        let (m, key) = pairs.next()?;
        let valid_key = key.len() <= 64
            && key.starts_with("flash-")
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if m != "m" || !valid_key {
            return None;
        }
        let args = pairs
            .map(|(k, v)| (k, v.chars().take(MAX_ARG_CHARS).collect()))
            .collect();
        Some(Flash { key, args })
    }

    /// The message in `tr`'s language; nothing when no such message exists.
    pub fn text(&self, tr: &Tr) -> Option<String> {
        if !tr.has(&self.key) {
            return None;
        }
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        Some(tr.format(&self.key, &args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flash_survives_its_cookie_and_nothing_else_passes_for_one() {
        let flash = Flash::new("flash-topped-up").with("amount", "20,00 € & co; x=1");
        let value = flash.encode();
        assert!(!value.contains([';', ' ', ',', '"']), "{value}");
        assert_eq!(Flash::decode(&value), Some(flash));
        for planted in [
            "m=hello+world",
            "m=error-x",
            "x=flash-saved",
            "",
            "m=flash-%3Cscript%3E",
            &format!("m=flash-saved&a={}", "x".repeat(2000)),
        ] {
            assert_eq!(Flash::decode(planted), None, "{planted}");
        }
        let long = Flash::decode(&format!("m=flash-saved&a={}", "x".repeat(500))).unwrap();
        assert_eq!(long.args[0].1.len(), MAX_ARG_CHARS);
    }
}
