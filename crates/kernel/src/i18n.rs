//! Translation through Fluent. Every user-visible string has a key in
//! `locales/{fr,en}/main.ftl` (the kernel's) or in a module's own file beside
//! it; a test checks that each French file and its English twin hold the
//! same keys.

use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

const FR_FTL: &str = include_str!("../../../locales/fr/main.ftl");
const EN_FTL: &str = include_str!("../../../locales/en/main.ftl");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the best supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let primary = tag.split('-').next().unwrap_or("");
            let Some(lang) = Lang::parse(primary) else {
                continue;
            };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }
}

pub struct I18n {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle<'a>(lang: &str, sources: impl Iterator<Item = &'a str>) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.parse().expect("static language id");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Bidi isolation marks would end up in e-mails and form values.
    bundle.set_use_isolating(false);
    for source in sources {
        let resource = FluentResource::try_new(source.to_owned())
            .unwrap_or_else(|(_, errors)| panic!("invalid {lang} translation file: {errors:?}"));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("duplicate keys in {lang} translations: {errors:?}"));
    }
    bundle
}

impl I18n {
    /// The kernel's messages only.
    pub fn new() -> I18n {
        I18n::with(&[])
    }

    /// The kernel's messages and the modules' (French, English) files.
    pub fn with(modules: &[(&str, &str)]) -> I18n {
        I18n {
            fr: bundle(
                "fr",
                std::iter::once(FR_FTL).chain(modules.iter().map(|m| m.0)),
            ),
            en: bundle(
                "en",
                std::iter::once(EN_FTL).chain(modules.iter().map(|m| m.1)),
            ),
        }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).has_message(key)
    }

    pub fn format(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = lang.code(), "missing translation");
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(*value));
        }
        let mut errors = vec![];
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "translation formatting error");
        }
        text.into_owned()
    }
}

impl Default for I18n {
    fn default() -> Self {
        Self::new()
    }
}

/// A translator bound to one language, handed to templates and mails.
#[derive(Clone)]
pub struct Tr {
    i18n: Arc<I18n>,
    pub lang: Lang,
}

impl Tr {
    pub fn new(i18n: Arc<I18n>, lang: Lang) -> Tr {
        Tr { i18n, lang }
    }

    pub fn t(&self, key: &str) -> String {
        self.i18n.format(self.lang, key, &[])
    }

    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.i18n.format(self.lang, key, &[(name, value)])
    }

    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.i18n.format(self.lang, key, args)
    }

    pub fn has(&self, key: &str) -> bool {
        self.i18n.has(self.lang, key)
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(source: &str) -> std::collections::BTreeSet<String> {
        source
            .lines()
            .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && l.contains(" ="))
            .map(|l| l.split(" =").next().unwrap_or("").trim().to_owned())
            .collect()
    }

    /// Every file of `locales/fr/` and its twin in `locales/en/`, the
    /// modules' included.
    #[test]
    fn french_and_english_have_the_same_keys() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales");
        let mut files = 0;
        for entry in std::fs::read_dir(dir.join("fr")).expect("locales/fr") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "ftl") {
                continue;
            }
            let name = path.file_name().expect("name");
            let fr = keys(&std::fs::read_to_string(&path).expect("French file"));
            let en = keys(
                &std::fs::read_to_string(dir.join("en").join(name))
                    .unwrap_or_else(|e| panic!("no English twin of {name:?}: {e}")),
            );
            let only_fr: Vec<_> = fr.difference(&en).collect();
            let only_en: Vec<_> = en.difference(&fr).collect();
            assert!(only_fr.is_empty(), "{name:?}: only in French: {only_fr:?}");
            assert!(only_en.is_empty(), "{name:?}: only in English: {only_en:?}");
            files += 1;
        }
        assert!(files >= 1);
        I18n::new();
    }

    #[test]
    fn accept_language_prefers_highest_quality() {
        assert_eq!(
            Lang::from_accept_language("de-DE,en;q=0.8,fr;q=0.9"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de,es"), None);
        assert_eq!(Lang::from_accept_language("fr;q=0"), None);
    }

    #[test]
    fn arguments_are_substituted() {
        let tr = Tr::new(Arc::new(I18n::new()), Lang::En);
        assert!(tr.t1("mail-greeting", "name", "Alice").contains("Alice"));
    }
}
