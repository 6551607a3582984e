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
            // A whole number is passed as one, so messages can choose their
            // plural (`{ $count -> [one] … *[other] … }`).
            let number = value
                .parse::<i64>()
                .ok()
                .filter(|n| n.to_string() == *value);
            match number {
                Some(n) => fluent_args.set(*name, FluentValue::from(n)),
                None => fluent_args.set(*name, FluentValue::from(*value)),
            }
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

    /// Where messages live: the kernel's `locales/`, and each module's
    /// `crates/<module>/locales/`, each with a `fr` and an `en` folder.
    fn message_dirs() -> Vec<std::path::PathBuf> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut dirs = vec![root.join("locales")];
        for entry in std::fs::read_dir(root.join("crates"))
            .expect("crates")
            .flatten()
        {
            let dir = entry.path().join("locales");
            if dir.is_dir() {
                dirs.push(dir);
            }
        }
        dirs
    }

    /// Every file of each `locales/fr/` and its twin in `locales/en/`, the
    /// modules' included.
    #[test]
    fn french_and_english_have_the_same_keys() {
        let mut files = 0;
        for dir in message_dirs() {
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
        }
        assert!(files >= 2, "the kernel's messages and a module's");
        I18n::new();
    }

    /// Every message the code and the templates name by a literal key
    /// (`t("…")`, `t1("…", …)`, an error's key, a notification kind's
    /// messages) exists, in French and in English: a missing one would show
    /// its key to members.
    #[test]
    fn every_key_the_code_names_is_translated() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        let mut dirs = vec![root.join("crates")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if path.is_dir() && name != "tests" && name != "target" && name != "examples" {
                    dirs.push(path);
                } else if name.ends_with(".rs") || name.ends_with(".html") {
                    files.push(path);
                }
            }
        }
        // The kernel's messages and every module's, in its own crate.
        let mut modules: Vec<(String, String)> = Vec::new();
        for locales in message_dirs() {
            for name in std::fs::read_dir(locales.join("fr"))
                .expect("locales/fr")
                .flatten()
                .map(|e| e.file_name())
                .filter(|n| n != "main.ftl" && n.to_string_lossy().ends_with(".ftl"))
            {
                let read = |lang: &str| {
                    std::fs::read_to_string(locales.join(lang).join(&name))
                        .expect("module messages")
                };
                modules.push((read("fr"), read("en")));
            }
        }
        let pairs: Vec<(&str, &str)> = modules
            .iter()
            .map(|(fr, en)| (fr.as_str(), en.as_str()))
            .collect();
        let i18n = I18n::with(&pairs);
        let mut missing = std::collections::BTreeSet::new();
        let key_at = |text: &str| -> Option<String> {
            let key: String = text
                .chars()
                .take_while(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_'
                })
                .collect();
            (text[key.len()..].starts_with('"') && key.len() > 2 && key.contains('-'))
                .then_some(key)
        };
        for file in &files {
            let text = std::fs::read_to_string(file).expect("source");
            let mut keys = Vec::new();
            for opener in [
                "t(\"",
                "t1(\"",
                ".format(\"",
                "has(\"",
                "NotAllowed(\"",
                "Conflict(\"",
                "BadRequest(\"",
                "\"error-",
                "\"flash-",
            ] {
                for (at, _) in text.match_indices(opener) {
                    let start = at + opener.len();
                    let prefix = opener.strip_prefix('"').filter(|p| p.ends_with('-'));
                    let prefix = prefix.unwrap_or("");
                    if let Some(key) = key_at(&text[start..]) {
                        keys.push(format!("{prefix}{key}"));
                    }
                }
            }
            // A notification kind: its code followed by its default delivery.
            for (at, _) in text.match_indices("code: \"") {
                let rest = &text[at + 7..];
                let kind: String = rest.chars().take_while(|c| *c != '"').collect();
                if rest.find("default: Delivery").is_some_and(|d| d < 80) {
                    keys.push(format!("notification-{kind}"));
                    keys.push(format!("notification-kind-{kind}"));
                }
            }
            for key in keys {
                for lang in Lang::ALL {
                    if !i18n.has(lang, &key) {
                        missing.insert(format!("{} ({}) in {}", key, lang.code(), file.display()));
                    }
                }
            }
        }
        assert!(files.len() > 20, "{} files", files.len());
        assert!(
            missing.is_empty(),
            "messages named but missing: {missing:#?}"
        );
    }

    /// Variables that count things: a message shows one inside a plural
    /// selector on a count (`{ $count -> [one] … *[other] … }`).
    const COUNTS: &[&str] = &[
        "ballots", "count", "created", "eligible", "hours", "maybe", "no", "updated", "voters",
        "yes",
    ];
    /// Variables that are not counts: words, names, dates, amounts,
    /// percentages, ordinals, figures after a label.
    const NOT_COUNTS: &[&str] = &[
        "amount",
        // A figure after its unit's symbol (g CO₂e), the same for any number.
        "grams",
        "line",
        "number",
        "place",
        "product",
        "rate",
        "seller",
        "done",
        "siret",
        "taxable",
        "time",
        "vat",
        "at",
        "between",
        "email",
        "from",
        "index",
        "method",
        "solidarity",
        "technical",
        "to",
        "until",
        "college",
        "collective",
        "date",
        "distance",
        // A date, said in words.
        "day",
        "new_when",
        "event",
        "inviter",
        "label",
        "max",
        "n",
        "name",
        "option",
        "options",
        "organisation",
        "outcome",
        "percent",
        "project",
        "projects",
        "question",
        "quorum",
        "reason",
        "role",
        "share",
        "skill",
        "state",
        "subject",
        "task",
        "thread",
        "title",
        "value",
        "version",
        "weight",
        "when",
        "who",
    ];
    /// Messages where a language writes its counts the same whatever they
    /// are ("2 unread", "2 wanted", "2 maybe").
    const SAME_FOR_ANY_COUNT: &[(&str, &str)] = &[
        ("en", "agenda-answers"),
        ("en", "market-missing-count"),
        ("en", "nav-notifications-unread"),
        ("en", "project-headcount-wanted"),
        ("fr", "agenda-answers"),
    ];

    /// Gathers the variables of `pattern` in `seen`, and in `bare` the counts
    /// shown outside any selector on a count.
    fn variables<'s>(
        pattern: &fluent_syntax::ast::Pattern<&'s str>,
        under_count: bool,
        seen: &mut std::collections::BTreeSet<&'s str>,
        bare: &mut Vec<&'s str>,
    ) {
        use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
        for element in &pattern.elements {
            let PatternElement::Placeable { expression } = element else {
                continue;
            };
            match expression {
                Expression::Inline(InlineExpression::VariableReference { id }) => {
                    seen.insert(id.name);
                    if COUNTS.contains(&id.name) && !under_count {
                        bare.push(id.name);
                    }
                }
                Expression::Select { selector, variants } => {
                    let on_count = match selector {
                        InlineExpression::VariableReference { id } => {
                            seen.insert(id.name);
                            COUNTS.contains(&id.name)
                        }
                        _ => false,
                    };
                    for variant in variants {
                        variables(&variant.value, under_count || on_count, seen, bare);
                    }
                }
                Expression::Inline(_) => {}
            }
        }
    }

    /// Every message of every file, kernel's and modules', that shows a
    /// count chooses its words by the count's plural ("1 ligne", "2
    /// lignes"; French's "one" is 0 and 1), and formats without error at 0,
    /// 1 and 2. A new variable must be listed as a count or not.
    #[test]
    fn every_count_chooses_its_plural() {
        let mut seen = std::collections::BTreeSet::<String>::new();
        let mut bare = Vec::new();
        let mut checked = 0;
        for dir in message_dirs() {
            for lang in Lang::ALL {
                for entry in std::fs::read_dir(dir.join(lang.code())).expect("locales") {
                    let path = entry.expect("entry").path();
                    if path.extension().is_none_or(|e| e != "ftl") {
                        continue;
                    }
                    let source = std::fs::read_to_string(&path).expect("messages");
                    let resource = fluent_syntax::parser::parse(source.as_str())
                        .unwrap_or_else(|(_, e)| panic!("{}: {e:?}", path.display()));
                    let bundle = bundle(lang.code(), std::iter::once(source.as_str()));
                    for entry in &resource.body {
                        let fluent_syntax::ast::Entry::Message(message) = entry else {
                            continue;
                        };
                        let Some(pattern) = &message.value else {
                            continue;
                        };
                        let id = message.id.name;
                        let mut names = std::collections::BTreeSet::new();
                        let mut shown = Vec::new();
                        variables(pattern, false, &mut names, &mut shown);
                        if !SAME_FOR_ANY_COUNT.contains(&(lang.code(), id)) {
                            bare.extend(shown.iter().map(|v| format!("{} {id} ${v}", lang.code())));
                        }
                        seen.extend(names.iter().map(|n| (*n).to_owned()));
                        if !names.iter().any(|n| COUNTS.contains(n)) {
                            continue;
                        }
                        for n in 0..3i64 {
                            let mut args = FluentArgs::new();
                            for name in &names {
                                if COUNTS.contains(name) {
                                    args.set(*name, FluentValue::from(n));
                                } else {
                                    args.set(*name, FluentValue::from("x"));
                                }
                            }
                            let mut errors = vec![];
                            let message = bundle.get_message(id).and_then(|m| m.value());
                            let text = bundle.format_pattern(
                                message.expect("message"),
                                Some(&args),
                                &mut errors,
                            );
                            assert!(errors.is_empty(), "{id} at {n}: {errors:?} ({text})");
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert!(
            bare.is_empty(),
            "counts shown without a plural selector: {bare:#?}"
        );
        let unknown: Vec<_> = seen
            .iter()
            .filter(|v| !COUNTS.contains(&v.as_str()) && !NOT_COUNTS.contains(&v.as_str()))
            .collect();
        assert!(
            unknown.is_empty(),
            "list these as counts or not: {unknown:?}"
        );
        assert!(checked > 20, "{checked} messages with counts");
    }

    #[test]
    fn french_one_is_zero_and_one() {
        let en = Tr::new(Arc::new(I18n::new()), Lang::En);
        let fr = Tr::new(Arc::new(I18n::new()), Lang::Fr);
        let done = |tr: &Tr, n: &str| tr.t1("bank-import-done", "count", n);
        assert_eq!(done(&fr, "0"), "0 ligne rapprochée.");
        assert_eq!(done(&fr, "1"), "1 ligne rapprochée.");
        assert_eq!(done(&fr, "2"), "2 lignes rapprochées.");
        assert_eq!(done(&en, "0"), "0 lines matched.");
        assert_eq!(done(&en, "1"), "1 line matched.");
        assert_eq!(done(&en, "2"), "2 lines matched.");
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

    #[test]
    fn counts_choose_their_plural_and_print_as_given() {
        let en = Tr::new(Arc::new(I18n::new()), Lang::En);
        let fr = Tr::new(Arc::new(I18n::new()), Lang::Fr);
        assert_eq!(en.t1("collective-member-count", "count", "1"), "1 member");
        assert_eq!(
            en.t1("collective-member-count", "count", "12345"),
            "12345 members"
        );
        assert_eq!(fr.t1("collective-member-count", "count", "0"), "0 membre");
        assert_eq!(en.t1("mail-greeting", "name", "007"), "Hello 007,");
    }
}
