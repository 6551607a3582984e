//! The modules the `freeco` binary runs, in one list that the binary and
//! the integration tests share.

use kernel::module::Module;

pub const MODULES: &[Module] = &[projects::MODULE, market::MODULE, groupbuy::MODULE];

#[cfg(test)]
mod tests {
    use kernel::validate::schema;
    use serde_json::Value;

    /// Every `pattern` of the served API description (the modules' included)
    /// is one that a builder of `kernel::validate::schema` makes, and
    /// `schema`'s tests compare each of those with the check it stands for:
    /// a pattern written into an attribute would escape them.
    #[test]
    fn every_pattern_of_the_api_description_is_a_checked_rule() {
        let known: Vec<String> = (0..=5)
            .map(schema::line_pattern)
            .chain([
                schema::text_pattern(false),
                schema::text_pattern(true),
                schema::no_nul_pattern(),
                schema::non_blank_pattern(),
                schema::blank_pattern(),
                schema::amount_pattern(),
                schema::siret_pattern(),
                schema::bic_pattern(),
                schema::IDEMPOTENCY_KEY_PATTERN.to_owned(),
            ])
            .collect();
        let document = serde_json::to_value(web::openapi::document(super::MODULES)).unwrap();
        let mut found = Vec::new();
        patterns(&document, "#", &mut found);
        for (at, pattern) in &found {
            assert!(known.contains(pattern), "{at}: {pattern}");
        }
        assert!(found.len() > 100, "{} patterns", found.len());
        // The rules across fields found their components (by name).
        let schemas = &document["components"]["schemas"];
        for name in [
            "OrganisationInput",
            "TaskChange",
            "TreasuryPayoutInput",
            "Resource",
            "ValidationRequest",
            "DecisionInput",
        ] {
            let rules = &schemas[name];
            assert!(
                rules.get("anyOf").or(rules.get("allOf")).is_some(),
                "{name}"
            );
        }
    }

    fn patterns(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("pattern", Value::String(pattern)) => {
                            found.push((at.to_owned(), pattern.clone()))
                        }
                        _ => patterns(value, &format!("{at}/{key}"), found),
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    patterns(item, &format!("{at}/{i}"), found);
                }
            }
            _ => {}
        }
    }
}
