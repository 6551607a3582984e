//! The modules the `freeco` binary runs, in one list that the binary and
//! the integration tests share.

use kernel::module::Module;

pub const MODULES: &[Module] = &[
    projects::MODULE,
    market::MODULE,
    groupbuy::MODULE,
    funding::MODULE,
];

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

    /// The server refuses a query holding NUL (400): every text query
    /// parameter says so in its schema (a pattern, a list of codes or a
    /// format), or a client that keeps to the description is refused.
    #[test]
    fn every_text_query_parameter_refuses_nul_in_its_schema() {
        let document = serde_json::to_value(web::openapi::document(super::MODULES)).unwrap();
        let mut bare = Vec::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                for p in op["parameters"].as_array().into_iter().flatten() {
                    if p["in"] == "query" && unbounded_text(&p["schema"]) {
                        bare.push(format!("{method} {path} ?{}", p["name"]));
                    }
                }
            }
        }
        assert!(bare.is_empty(), "{bare:#?}");
    }

    /// A text schema (or one of its alternatives) taking any string.
    fn unbounded_text(schema: &Value) -> bool {
        let text = match &schema["type"] {
            Value::String(t) => t == "string",
            Value::Array(ts) => ts.iter().any(|t| t == "string"),
            _ => false,
        };
        let bounded = ["pattern", "enum", "format"]
            .iter()
            .any(|k| schema.get(*k).is_some())
            || schema["maxLength"] == 0;
        (text && !bounded)
            || ["oneOf", "anyOf"].iter().any(|k| {
                schema[*k]
                    .as_array()
                    .is_some_and(|alternatives| alternatives.iter().any(unbounded_text))
            })
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
