//! A seller's catalogue in the Data Food Consortium's format (DFC ontology
//! 1.16, JSON-LD), as other platforms read and write it (Open Food
//! Network's `/api/dfc/`, the DFC connectors).
//!
//! Written: the seller as a `dfc-b:Enterprise`, its `dfc-b:Catalog`, each
//! product as a `dfc-b:SuppliedProduct` group (`dfc-b:hasVariant`), and
//! each variant as a `dfc-b:SuppliedProduct` (`dfc-b:isVariantOf` its
//! product, its size as a `dfc-b:QuantitativeValue`), a `dfc-b:CatalogItem`
//! (sku, `stockLimitation` when the stock is counted) and a `dfc-b:Offer`
//! whose `dfc-b:Price` is in euros, VAT included, with its `VATrate` in
//! percent. The offer names its item with `dfc-b:offeredItem`, as both
//! connectors write it (ontology 1.16 says `dfc-b:offers`; both are read).
//!
//! Read: the same shapes and those the connectors write, by a small reader
//! of exactly this JSON-LD (`@graph` or a single object, nodes inline or
//! referenced, blank nodes, compact `dfc-b:` names, numbers as numbers or
//! strings). Contexts are never fetched: the 1.16 context under any of the
//! URLs it is published at is known, any other refused. Every item is
//! checked before anything is written, with the catalogue's own rules, and
//! written through the CSV import's path: same product name, same product;
//! variants matched by unit and size. Each error names its item by its
//! position among the document's supplied products (1 for the first), in
//! the error's `line`.

use std::collections::{HashMap, HashSet};

use kernel::db::Db;
use kernel::error::FieldError;
use kernel::settings::Settings;
use kernel::{AppError, MemberId};
use serde_json::{Map, Value, json};

use crate::catalogue::{self, Product, ProductInput, VariantInput};
use crate::catalogue_csv::{self, Imported};
use crate::sellers::{self, Seller};

/// The 1.16 context, as Freeco writes it.
pub const CONTEXT: &str = "https://w3id.org/dfc/ontology/context/context_1.16.0.json";

/// The URLs the 1.16 context is published at (the ontology's, the NPM
/// connector's, the TypeScript connector's, the older static one): all the
/// same context, read without fetching it.
pub const CONTEXTS: &[&str] = &[
    CONTEXT,
    "https://www.datafoodconsortium.org/wp-content/plugins/wordpress-context-jsonld/context_1.16.0.jsonld",
    "https://www.datafoodconsortium.org",
    "http://static.datafoodconsortium.org/ontologies/context.json",
];

/// The prefixes of the 1.16 context.
const PREFIXES: &[(&str, &str)] = &[
    (
        "dfc-b",
        "https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_BusinessOntology.owl#",
    ),
    (
        "dfc-m",
        "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/measures.rdf#",
    ),
    (
        "dfc-pt",
        "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/productTypes.rdf#",
    ),
    (
        "dfc-f",
        "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/facets.rdf#",
    ),
    (
        "dfc-v",
        "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/vocabulary.rdf#",
    ),
    (
        "dfc-t",
        "https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_TechnicalOntology.owl#",
    ),
    (
        "dfc",
        "https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_FullModel.owl#",
    ),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// The largest document read.
pub const MAX_BYTES: usize = catalogue_csv::MAX_BYTES;

/// Freeco's categories and the DFC product types (dfc-pt) that say them;
/// the first of a type is the one it is read back as.
const TYPES: &[(&str, &str)] = &[
    ("vegetables", "vegetable"),
    ("fruit", "fruit"),
    ("dairy", "dairy-product"),
    ("eggs", "egg"),
    ("meat", "meat-product"),
    ("fish", "fishery-product"),
    ("bread", "bakery"),
    ("grocery", "savory-groceries"),
    ("drinks", "drink"),
    ("goods", "inedible"),
    ("plants", "inedible"),
    ("household", "inedible"),
    ("clothing", "inedible"),
];

/// The category of a product whose type the document does not give (or
/// gives finer than Freeco's categories), when it is new.
const DEFAULT_CATEGORY: &str = "grocery";

/// Organic labels and the DFC certifications (dfc-f) that say them.
const LABELS: &[(&str, &str)] = &[
    ("ab", "Organic-AB"),
    ("eu", "Organic-EU"),
    ("nature_progres", "NatureEtProgres"),
    ("demeter", "Demeter"),
];

// ---------- export ----------

fn size_label(unit: &str, size: i64) -> String {
    let decimal = |value: i64| match value % 1000 {
        0 => (value / 1000).to_string(),
        rest => format!(
            "{}.{}",
            value / 1000,
            format!("{rest:03}").trim_end_matches('0')
        ),
    };
    match unit {
        "g" if size >= 1000 => format!("{} kg", decimal(size)),
        "g" => format!("{size} g"),
        "ml" if size >= 1000 => format!("{} l", decimal(size)),
        "ml" => format!("{size} ml"),
        _ => format!("× {size}"),
    }
}

/// A number of hundredths as a JSON number (450 → 4.5).
fn hundredths(value: i64) -> Value {
    if value % 100 == 0 {
        json!(value / 100)
    } else {
        // Exact: serde_json writes the shortest decimal that reads back.
        json!(value as f64 / 100.0)
    }
}

/// The seller's catalogue as a DFC 1.16 JSON-LD document; ids are
/// absolute URLs of this instance.
pub fn export(settings: &Settings, seller: &Seller, products: &[Product]) -> Value {
    let base = settings.link(&format!("/api/dfc/enterprises/{}", seller.id));
    let id = |kind: &str, of: &str| format!("{base}/{kind}/{of}");
    let catalog = format!("{base}/catalog");
    let mut graph = Vec::new();
    let mut items = Vec::new();
    let mut supplied = Vec::new();
    for p in products {
        let group = id("product_groups", &p.id);
        let mut certifications = Vec::new();
        if let Some(label) = &p.organic_label
            && let Some((_, facet)) = LABELS.iter().find(|(l, _)| l == label)
        {
            certifications.push(json!(format!("dfc-f:{facet}")));
        }
        let kind = dfc_type(&p.category).map(|t| format!("dfc-pt:{t}"));
        // The photos' absolute URLs, the main one first (the connectors'
        // `images` of a DefinedProduct).
        let images: Vec<String> = p.photos.iter().map(|ph| settings.link(&ph.url)).collect();
        let mut node = Map::new();
        node.insert("@id".into(), json!(group));
        node.insert("@type".into(), json!("dfc-b:SuppliedProduct"));
        node.insert("dfc-b:name".into(), json!(p.name));
        node.insert("dfc-b:description".into(), json!(p.description));
        if let Some(kind) = &kind {
            node.insert("dfc-b:hasType".into(), json!(kind));
        }
        if !certifications.is_empty() {
            node.insert("dfc-b:hasCertification".into(), json!(certifications));
        }
        if !images.is_empty() {
            node.insert("dfc-b:image".into(), json!(images));
        }
        node.insert(
            "dfc-b:hasVariant".into(),
            json!(
                p.variants
                    .iter()
                    .map(|v| id("supplied_products", &v.id))
                    .collect::<Vec<_>>()
            ),
        );
        graph.push(Value::Object(node));
        for v in &p.variants {
            let product = id("supplied_products", &v.id);
            let item = id("catalog_items", &v.id);
            let offer = id("offers", &v.id);
            let (unit, value) = match v.unit.as_str() {
                "g" => ("dfc-m:Gram", v.size),
                "ml" => ("dfc-m:Millilitre", v.size),
                _ => ("dfc-m:Piece", v.size),
            };
            let mut node = Map::new();
            node.insert("@id".into(), json!(product));
            node.insert("@type".into(), json!("dfc-b:SuppliedProduct"));
            node.insert(
                "dfc-b:name".into(),
                json!(format!("{} {}", p.name, size_label(&v.unit, v.size))),
            );
            node.insert("dfc-b:description".into(), json!(p.description));
            if let Some(kind) = &kind {
                node.insert("dfc-b:hasType".into(), json!(kind));
            }
            node.insert(
                "dfc-b:hasQuantity".into(),
                json!({"@type": "dfc-b:QuantitativeValue", "dfc-b:hasUnit": unit, "dfc-b:value": value}),
            );
            if !certifications.is_empty() {
                node.insert("dfc-b:hasCertification".into(), json!(certifications));
            }
            if !images.is_empty() {
                node.insert("dfc-b:image".into(), json!(images));
            }
            node.insert("dfc-b:isVariantOf".into(), json!(group));
            node.insert("dfc-b:referencedBy".into(), json!(item));
            graph.push(Value::Object(node));
            let mut node = Map::new();
            node.insert("@id".into(), json!(item));
            node.insert("@type".into(), json!("dfc-b:CatalogItem"));
            node.insert("dfc-b:references".into(), json!(product));
            node.insert("dfc-b:sku".into(), json!(v.sku));
            if v.stock_mode == "count" {
                node.insert("dfc-b:stockLimitation".into(), json!(v.stock.unwrap_or(0)));
            }
            node.insert("dfc-b:offeredThrough".into(), json!(offer));
            node.insert("dfc-b:listedIn".into(), json!(catalog));
            node.insert("dfc-b:managedBy".into(), json!(base));
            graph.push(Value::Object(node));
            graph.push(json!({
                "@id": offer,
                "@type": "dfc-b:Offer",
                "dfc-b:offeredItem": {"@id": item},
                "dfc-b:hasPrice": {
                    "@type": "dfc-b:Price",
                    "dfc-b:value": hundredths(v.price),
                    "dfc-b:VATrate": hundredths(p.vat_rate),
                    "dfc-b:hasUnit": "dfc-m:Euro",
                },
            }));
            items.push(item);
            supplied.push(product);
        }
    }
    let mut enterprise = Map::new();
    enterprise.insert("@id".into(), json!(base));
    enterprise.insert("@type".into(), json!("dfc-b:Enterprise"));
    enterprise.insert("dfc-b:name".into(), json!(seller.name));
    if !seller.description.is_empty() {
        enterprise.insert("dfc-b:hasDescription".into(), json!(seller.description));
    }
    if let Some(vat) = &seller.vat_number {
        enterprise.insert("dfc-b:VATnumber".into(), json!(vat));
    }
    if let Some(siret) = &seller.siret {
        enterprise.insert("dfc-b:enterpriseID".into(), json!(siret));
    }
    enterprise.insert("dfc-b:maintains".into(), json!(catalog));
    enterprise.insert("dfc-b:manages".into(), json!(items));
    enterprise.insert("dfc-b:supplies".into(), json!(supplied));
    let mut all = vec![
        Value::Object(enterprise),
        json!({"@id": catalog, "@type": "dfc-b:Catalog", "dfc-b:maintainedBy": base, "dfc-b:lists": items}),
    ];
    all.extend(graph);
    json!({"@context": CONTEXT, "@graph": all})
}

// ---------- a reader for the DFC's JSON-LD ----------

/// A property's value: a literal (numbers and booleans as written), or a
/// node's id. A literal may also name a node, where the context says the
/// property's values are ids (`"dfc-b:hasUnit": "dfc-m:Gram"`).
#[derive(Debug, Clone)]
enum Term {
    Text(String),
    Id(String),
}

#[derive(Debug, Default)]
struct Node {
    types: Vec<String>,
    properties: HashMap<String, Vec<Term>>,
}

/// The nodes of a document, in the order they come, by expanded id.
#[derive(Debug, Default)]
struct Graph {
    order: Vec<String>,
    nodes: HashMap<String, Node>,
    terms: HashMap<String, String>,
    blank: usize,
}

fn document_error(key: &'static str) -> AppError {
    AppError::field("file", key)
}

impl Graph {
    fn read(document: &Value) -> Result<Graph, AppError> {
        let mut graph = Graph {
            terms: PREFIXES
                .iter()
                .map(|(p, iri)| ((*p).to_owned(), (*iri).to_owned()))
                .collect(),
            ..Graph::default()
        };
        match document {
            Value::Array(nodes) => {
                for node in nodes {
                    graph.top(node)?;
                }
            }
            Value::Object(_) => graph.top(document)?,
            _ => return Err(document_error("error-dfc-shape")),
        }
        Ok(graph)
    }

    /// A top-level object: a node, or a `@graph` of nodes.
    fn top(&mut self, value: &Value) -> Result<(), AppError> {
        let Value::Object(object) = value else {
            return Err(document_error("error-dfc-shape"));
        };
        if let Some(context) = object.get("@context") {
            self.context(context)?;
        }
        match object.get("@graph") {
            Some(Value::Array(nodes)) => {
                for node in nodes {
                    if !node.is_object() {
                        return Err(document_error("error-dfc-shape"));
                    }
                    self.node(node)?;
                }
                Ok(())
            }
            Some(node @ Value::Object(_)) => self.node(node).map(|_| ()),
            Some(_) => Err(document_error("error-dfc-shape")),
            None => self.node(value).map(|_| ()),
        }
    }

    /// A context: one of the 1.16 context's URLs (never fetched), or terms
    /// and prefixes given inline.
    fn context(&mut self, context: &Value) -> Result<(), AppError> {
        match context {
            Value::Null => Ok(()),
            Value::String(url) if CONTEXTS.contains(&url.trim_end_matches('/')) => Ok(()),
            Value::String(_) => Err(document_error("error-dfc-context")),
            Value::Array(all) => all.iter().try_for_each(|c| self.context(c)),
            Value::Object(terms) => {
                for (term, definition) in terms {
                    let iri = match definition {
                        Value::String(iri) => iri,
                        Value::Object(d) => match d.get("@id") {
                            Some(Value::String(iri)) => iri,
                            _ => continue,
                        },
                        _ => continue,
                    };
                    if !term.starts_with('@') {
                        let iri = self.expand(iri);
                        self.terms.insert(term.clone(), iri);
                    }
                }
                Ok(())
            }
            _ => Err(document_error("error-dfc-context")),
        }
    }

    /// A term or a compact IRI, expanded (`dfc-b:name` → the full IRI).
    fn expand(&self, name: &str) -> String {
        if let Some(iri) = self.terms.get(name) {
            return iri.clone();
        }
        match name.split_once(':') {
            Some((prefix, rest)) if !rest.starts_with("//") => match self.terms.get(prefix) {
                Some(iri) => format!("{iri}{rest}"),
                None => name.to_owned(),
            },
            _ => name.to_owned(),
        }
    }

    /// A node object (at the top or inline), merged into the node of the
    /// same id; returns its id.
    fn node(&mut self, value: &Value) -> Result<String, AppError> {
        let Value::Object(object) = value else {
            return Err(document_error("error-dfc-shape"));
        };
        if let Some(context) = object.get("@context") {
            self.context(context)?;
        }
        let id = match object.get("@id") {
            Some(Value::String(id)) => self.expand(id),
            Some(_) => return Err(document_error("error-dfc-shape")),
            None => {
                self.blank += 1;
                format!("_:freeco-{}", self.blank)
            }
        };
        let mut types = Vec::new();
        match object.get("@type") {
            Some(Value::String(t)) => types.push(self.expand(t)),
            Some(Value::Array(all)) => {
                for t in all {
                    match t {
                        Value::String(t) => types.push(self.expand(t)),
                        _ => return Err(document_error("error-dfc-shape")),
                    }
                }
            }
            Some(_) => return Err(document_error("error-dfc-shape")),
            None => {}
        }
        let mut properties: Vec<(String, Vec<Term>)> = Vec::new();
        for (key, value) in object {
            if key.starts_with('@') {
                continue;
            }
            let mut terms = Vec::new();
            self.values(value, &mut terms)?;
            properties.push((self.expand(key), terms));
        }
        if !self.nodes.contains_key(&id) {
            self.order.push(id.clone());
        }
        let node = self.nodes.entry(id.clone()).or_default();
        node.types.extend(types);
        for (key, terms) in properties {
            node.properties.entry(key).or_default().extend(terms);
        }
        Ok(id)
    }

    fn values(&mut self, value: &Value, out: &mut Vec<Term>) -> Result<(), AppError> {
        match value {
            Value::Null => {}
            Value::String(s) => out.push(Term::Text(s.clone())),
            Value::Number(n) => out.push(Term::Text(n.to_string())),
            Value::Bool(b) => out.push(Term::Text(b.to_string())),
            Value::Array(all) => {
                for v in all {
                    self.values(v, out)?;
                }
            }
            Value::Object(object) => {
                if let Some(v) = object.get("@value") {
                    match v {
                        Value::String(s) => out.push(Term::Text(s.clone())),
                        Value::Number(n) => out.push(Term::Text(n.to_string())),
                        Value::Bool(b) => out.push(Term::Text(b.to_string())),
                        Value::Null => {}
                        _ => return Err(document_error("error-dfc-shape")),
                    }
                } else if let Some(list) = object.get("@list").or_else(|| object.get("@set")) {
                    self.values(list, out)?;
                } else if object.len() == 1
                    && let Some(Value::String(id)) = object.get("@id")
                {
                    out.push(Term::Id(self.expand(id)));
                } else {
                    let id = self.node(value)?;
                    out.push(Term::Id(id));
                }
            }
        }
        Ok(())
    }

    fn get(&self, id: &str) -> Option<&Node> {
        self.nodes.get(id)
    }

    /// The ids of the nodes of a DFC type, in the document's order.
    fn of_type(&self, local: &str) -> Vec<&str> {
        self.order
            .iter()
            .filter(|id| {
                self.nodes[*id]
                    .types
                    .iter()
                    .any(|t| dfc_b(t) == Some(local))
            })
            .map(String::as_str)
            .collect()
    }

    /// A node's values of a DFC business property.
    fn all<'a>(&'a self, node: &'a Node, property: &str) -> impl Iterator<Item = &'a Term> {
        node.properties
            .iter()
            .filter(move |(key, _)| dfc_b(key) == Some(property))
            .flat_map(|(_, terms)| terms.iter())
    }

    fn text(&self, node: &Node, property: &str) -> Option<String> {
        self.all(node, property).find_map(|t| match t {
            Term::Text(s) => Some(s.clone()),
            Term::Id(_) => None,
        })
    }

    /// The ids a node's property names (as `{"@id"}`, inline, or as a
    /// string where the context makes it an id).
    fn ids(&self, node: &Node, property: &str) -> Vec<String> {
        self.all(node, property)
            .map(|t| match t {
                Term::Id(id) => id.clone(),
                Term::Text(s) => self.expand(s),
            })
            .collect()
    }

    fn linked(&self, node: &Node, property: &str) -> Vec<(&str, &Node)> {
        self.ids(node, property)
            .into_iter()
            .filter_map(|id| self.nodes.get_key_value(&id))
            .map(|(id, node)| (id.as_str(), node))
            .collect()
    }

    fn is(&self, id: &str, local: &str) -> bool {
        self.get(id)
            .is_some_and(|n| n.types.iter().any(|t| dfc_b(t) == Some(local)))
    }
}

/// The local name of a term of the DFC business ontology, under its
/// current or its former namespace.
fn dfc_b(iri: &str) -> Option<&str> {
    iri.split_once("DFC_BusinessOntology.owl#")
        .map(|(_, local)| local)
}

/// The local name of a concept of one of the DFC's taxonomies (`measures`,
/// `facets`, `productTypes`), under any of the URLs they are published at.
fn concept<'a>(iri: &'a str, taxonomy: &str) -> Option<&'a str> {
    let (namespace, local) = iri.rsplit_once('#')?;
    namespace
        .trim_end_matches(".rdf")
        .ends_with(taxonomy)
        .then_some(local)
}

// ---------- from the document to products ----------

/// A decimal number (as JSON writes it, or as a string) times 10^`digits`,
/// exactly: `scaled("4.5", 2)` is 450, `scaled("4.505", 2)` is None.
fn scaled(text: &str, digits: u32) -> Option<i64> {
    let text = text.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    // Wide enough for any exponent a document may write (1e2147483647).
    let shift = i64::from(exponent) - fraction.len() as i64 + i64::from(digits);
    let figures = format!("{whole}{fraction}");
    let figures = figures.trim_start_matches('0');
    // The value is figures × 10^shift, a whole number or none.
    let (figures, shift) = if shift < 0 {
        let cut = (-shift) as usize;
        if figures.len() < cut {
            return figures.is_empty().then_some(0);
        }
        let (kept, dropped) = figures.split_at(figures.len() - cut);
        if dropped.chars().any(|c| c != '0') {
            return None;
        }
        (kept, 0)
    } else {
        (figures, shift)
    };
    if figures.len() + shift as usize > 15 {
        return None;
    }
    let value: i64 = if figures.is_empty() {
        0
    } else {
        figures.parse().ok()?
    };
    let value = value.checked_mul(10_i64.checked_pow(shift as u32)?)?;
    Some(if negative { -value } else { value })
}

/// What one supplied product of the document says, before grouping.
struct Item {
    number: u32,
    group: Option<String>,
    name: String,
    description: String,
    category: Option<&'static str>,
    label: Option<String>,
    vat_rate: Option<u16>,
    variant: VariantInput,
}

/// What a product read from a document says beyond its input: whether
/// the document gave its category.
pub struct Read {
    pub input: ProductInput,
    typed: bool,
}

/// The DFC product type (dfc-pt) a category is written as.
fn dfc_type(category: &str) -> Option<&'static str> {
    TYPES
        .iter()
        .find(|(c, _)| *c == category)
        .map(|(_, kind)| *kind)
}

fn category_of(graph: &Graph, node: &Node) -> Option<&'static str> {
    graph.ids(node, "hasType").iter().find_map(|t| {
        let local = concept(t, "productTypes")?;
        TYPES
            .iter()
            .find(|(_, kind)| *kind == local)
            .map(|(c, _)| *c)
    })
}

fn label_of(graph: &Graph, node: &Node) -> Option<String> {
    graph.ids(node, "hasCertification").iter().find_map(|c| {
        let local = concept(c, "facets")?;
        LABELS
            .iter()
            .find(|(_, facet)| facet.eq_ignore_ascii_case(local))
            .map(|(l, _)| (*l).to_owned())
    })
}

/// Reads a document into products, each with the number of its first
/// item; or says what is wrong with the document or with each item.
pub fn parse(bytes: &[u8]) -> Result<Vec<(u32, Read)>, AppError> {
    let document: Value =
        serde_json::from_slice(bytes).map_err(|_| document_error("error-dfc-json"))?;
    let graph = Graph::read(&document)?;
    let all = graph.of_type("SuppliedProduct");
    // A product group: another supplied product is a variant of it, or it
    // lists variants. The others are what is sold.
    let named_groups: HashSet<String> = all
        .iter()
        .flat_map(|id| graph.ids(&graph.nodes[*id], "isVariantOf"))
        .collect();
    let groups: HashSet<&str> = all
        .iter()
        .copied()
        .filter(|id| {
            named_groups.contains(*id)
                || graph.all(&graph.nodes[*id], "hasVariant").next().is_some()
        })
        .collect();
    let sold: Vec<&str> = all
        .iter()
        .copied()
        .filter(|id| !groups.contains(id))
        .collect();
    if sold.is_empty() {
        return Err(document_error("error-dfc-empty"));
    }
    // The links read backwards, once: the group listing a variant, the
    // catalog items referencing a product, the offers naming an item or a
    // product (`offeredItem` as the connectors write, `offers` as the
    // ontology says).
    let mut group_of: HashMap<String, &str> = HashMap::new();
    for group in all.iter().filter(|g| groups.contains(*g)) {
        for variant in graph.ids(&graph.nodes[*group], "hasVariant") {
            group_of.entry(variant).or_insert(group);
        }
    }
    let mut referencing: HashMap<String, Vec<&str>> = HashMap::new();
    for item in graph.of_type("CatalogItem") {
        for product in graph.ids(&graph.nodes[item], "references") {
            referencing.entry(product).or_default().push(item);
        }
    }
    let mut naming: HashMap<String, Vec<&str>> = HashMap::new();
    for offer in graph.of_type("Offer") {
        let node = &graph.nodes[offer];
        for offered in graph
            .ids(node, "offeredItem")
            .into_iter()
            .chain(graph.ids(node, "offers"))
        {
            naming.entry(offered).or_default().push(offer);
        }
    }
    let mut errors: Vec<FieldError> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    for (index, id) in sold.iter().enumerate() {
        let number = index as u32 + 1;
        let node = &graph.nodes[*id];
        let mut bad = |field: &'static str, key: &'static str| {
            errors.push(FieldError::new(field, key).at_line(number));
        };
        // Its catalog items: those it names, or that reference it.
        let mut catalog_items: Vec<String> = graph
            .ids(node, "referencedBy")
            .into_iter()
            .filter(|i| graph.is(i, "CatalogItem"))
            .collect();
        for item in referencing.get(*id).into_iter().flatten() {
            if !catalog_items.iter().any(|i| i == item) {
                catalog_items.push((*item).to_owned());
            }
        }
        // Its offers: through its catalog items, or naming it or them.
        let mut offers: Vec<String> = Vec::new();
        for item in &catalog_items {
            for o in graph.ids(&graph.nodes[item], "offeredThrough") {
                if graph.is(&o, "Offer") && !offers.contains(&o) {
                    offers.push(o);
                }
            }
        }
        for named in std::iter::once(*id).chain(catalog_items.iter().map(String::as_str)) {
            for offer in naming.get(named).into_iter().flatten() {
                if !offers.iter().any(|o| o == offer) {
                    offers.push((*offer).to_owned());
                }
            }
        }
        let item_node = catalog_items.first().and_then(|i| graph.get(i));
        let offer_node = offers.first().and_then(|o| graph.get(o));
        // The size.
        let quantity = graph.linked(node, "hasQuantity");
        let (unit, size) = 'size: {
            match quantity.first() {
                None => {
                    bad("hasQuantity", "error-dfc-quantity");
                    ("piece", 1)
                }
                Some((_, q)) => {
                    let unit = graph
                        .ids(q, "hasUnit")
                        .first()
                        .and_then(|u| concept(u, "measures").map(str::to_lowercase));
                    let unit = match unit.as_deref() {
                        Some("gram") => Some(("g", 1)),
                        Some("kilogram") => Some(("g", 1000)),
                        Some("millilitre" | "milliliter") => Some(("ml", 1)),
                        Some("centilitre" | "centiliter") => Some(("ml", 10)),
                        Some("litre" | "liter") => Some(("ml", 1000)),
                        Some("piece") => Some(("piece", 1)),
                        _ => None,
                    };
                    let Some((unit, scale)) = unit else {
                        bad("hasQuantity", "error-dfc-unit");
                        break 'size ("piece", 1);
                    };
                    let size = graph
                        .text(q, "value")
                        .and_then(|v| scaled(&v, 3))
                        .filter(|s| s % (1000 / scale) == 0)
                        .map(|s| s / (1000 / scale))
                        .filter(|s| (1..=catalogue::MAX_SIZE).contains(s));
                    if size.is_none() {
                        bad("hasQuantity", "error-variant-size");
                    }
                    (unit, size.unwrap_or(1))
                }
            }
        };
        // The price, VAT included, in euros.
        let price = offer_node.and_then(|o| graph.linked(o, "hasPrice").first().map(|p| p.1));
        let (mut cents, mut vat_rate) = (None, None);
        match price {
            None => bad("hasPrice", "error-dfc-offer"),
            Some(price) => {
                let euro = graph
                    .ids(price, "hasUnit")
                    .first()
                    .and_then(|u| concept(u, "measures"))
                    .is_some_and(|u| u.eq_ignore_ascii_case("euro"));
                if !euro {
                    bad("hasPrice", "error-dfc-currency");
                }
                cents = graph
                    .text(price, "value")
                    .and_then(|v| scaled(&v, 2))
                    .filter(|c| (1..=catalogue::MAX_PRICE).contains(c));
                if cents.is_none() {
                    bad("hasPrice", "error-variant-price");
                }
                vat_rate = graph
                    .text(price, "VATrate")
                    .and_then(|v| scaled(&v, 2))
                    .and_then(|r| u16::try_from(r).ok())
                    .filter(|r| pricing::VatRate::new(*r).is_ok());
                if vat_rate.is_none() {
                    bad("VATrate", "error-vat-rate");
                }
            }
        }
        // The stock: a limit, or none (a negative limit is none, as some
        // platforms write it for products made to order).
        let limit = item_node
            .and_then(|i| graph.text(i, "stockLimitation"))
            .or_else(|| offer_node.and_then(|o| graph.text(o, "stockLimitation")));
        let stock = match limit {
            None => None,
            Some(l) => match scaled(&l, 0) {
                Some(s) if s < 0 => None,
                Some(s) if s <= catalogue::MAX_STOCK => Some(s),
                _ => {
                    bad("stockLimitation", "error-variant-stock");
                    None
                }
            },
        };
        let group = graph
            .ids(node, "isVariantOf")
            .into_iter()
            .next()
            .or_else(|| group_of.get(*id).map(|g| (*g).to_owned()));
        items.push(Item {
            number,
            group,
            name: graph.text(node, "name").unwrap_or_default(),
            description: graph.text(node, "description").unwrap_or_default(),
            category: category_of(&graph, node),
            label: label_of(&graph, node),
            vat_rate,
            variant: VariantInput {
                id: None,
                unit: unit.to_owned(),
                size,
                weight_g: None,
                price: cents.unwrap_or(1),
                stock_mode: if stock.is_some() {
                    "count"
                } else {
                    "unlimited"
                }
                .to_owned(),
                stock,
                stock_was: None,
                sku: item_node
                    .and_then(|i| graph.text(i, "sku"))
                    .unwrap_or_default(),
            },
        });
    }
    // Variants of one group make one product, named as the group, and one
    // name makes one product, as a CSV file's lines do.
    let mut products: Vec<(u32, Read)> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for item in items {
        let group = item.group.as_deref().and_then(|g| graph.get(g));
        let name = group
            .and_then(|g| graph.text(g, "name"))
            .unwrap_or_else(|| item.name.clone());
        let key = name.trim().to_lowercase();
        match keys.iter().position(|k| *k == key) {
            Some(at) => {
                let (_, read) = &mut products[at];
                if item.vat_rate.is_some_and(|r| r != read.input.vat_rate) {
                    errors.push(
                        FieldError::new("VATrate", "error-dfc-vat-differs").at_line(item.number),
                    );
                }
                read.input.variants.push(item.variant);
            }
            None => {
                let category = group.and_then(|g| category_of(&graph, g)).or(item.category);
                keys.push(key);
                products.push((
                    item.number,
                    Read {
                        typed: category.is_some(),
                        input: ProductInput {
                            name,
                            description: group
                                .and_then(|g| graph.text(g, "description"))
                                .unwrap_or(item.description),
                            category: category.unwrap_or(DEFAULT_CATEGORY).to_owned(),
                            vat_rate: item.vat_rate.unwrap_or(0),
                            organic_label: group.and_then(|g| label_of(&graph, g)).or(item.label),
                            origin: String::new(),
                            carbon_g: None,
                            repairability: None,
                            essential: false,
                            allergens: Vec::new(),
                            variants: vec![item.variant],
                        },
                    },
                ));
            }
        }
    }
    // The catalogue's own rules, each error at the product's first item.
    for (number, read) in &products {
        if let Err(AppError::Validation(found)) = catalogue::check(&read.input) {
            errors.extend(found.into_iter().map(|e| e.at_line(*number)));
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        errors.dedup_by(|a, b| a.line == b.line && a.key == b.key);
        return Err(AppError::Validation(errors));
    }
    Ok(products)
}

/// Imports a DFC document into the seller's catalogue, all or nothing.
/// What DFC does not say (origin, carbon, allergens…, a variant's weight,
/// a stock "to order", a finer category) is kept from the product found.
pub async fn import(
    db: &Db,
    actor: &MemberId,
    seller_id: &str,
    bytes: &[u8],
) -> Result<Imported, AppError> {
    sellers::require_admin(db, seller_id, actor).await?;
    sellers::get(db, seller_id).await?;
    if bytes.len() > MAX_BYTES {
        return Err(AppError::BodyTooLarge);
    }
    let products = parse(bytes)?;
    let typed: Vec<(String, bool)> = products
        .iter()
        .map(|(_, r)| (r.input.name.trim().to_lowercase(), r.typed))
        .collect();
    catalogue_csv::save(
        db,
        seller_id,
        products.into_iter().map(|(_, r)| r.input),
        |found, input| {
            // A category the document does not give, or gives as the same
            // DFC type (household goods and clothing are both "inedible"),
            // stays the product's.
            let name = input.name.trim().to_lowercase();
            if typed.iter().any(|(n, t)| *n == name && !t)
                || dfc_type(&found.category) == dfc_type(&input.category)
            {
                input.category = found.category.clone();
            }
            input.origin = found.origin.clone();
            input.carbon_g = found.carbon_g;
            input.repairability = found.repairability;
            input.essential = found.essential;
            input.allergens = found.allergens.clone();
            for v in &mut input.variants {
                let Some(old) = found.variants.iter().find(|o| Some(&o.id) == v.id.as_ref()) else {
                    continue;
                };
                v.weight_g = old.weight_g;
                if v.stock_mode == "unlimited" && old.stock_mode == "to_order" {
                    v.stock_mode = old.stock_mode.clone();
                }
            }
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_exactly_or_not_at_all() {
        assert_eq!(scaled("4.5", 2), Some(450));
        assert_eq!(scaled("1e2147483647", 2), None);
        assert_eq!(scaled("1e-2147483648", 2), None);
        assert_eq!(scaled("0e-2147483648", 2), Some(0));
        assert_eq!(scaled("4.50", 2), Some(450));
        assert_eq!(scaled("12", 2), Some(1200));
        assert_eq!(scaled("0.5", 3), Some(500));
        assert_eq!(scaled("1e3", 0), Some(1000));
        assert_eq!(scaled("2.5E-1", 3), Some(250));
        assert_eq!(scaled("4.505", 2), None);
        assert_eq!(scaled("-1", 0), Some(-1));
        assert_eq!(scaled("", 2), None);
        assert_eq!(scaled("4,5", 2), None);
        assert_eq!(scaled("abc", 2), None);
        assert_eq!(scaled("1e400", 2), None);
        assert_eq!(scaled("0.000", 2), Some(0));
    }

    #[test]
    fn sizes_are_labelled_in_their_unit() {
        assert_eq!(size_label("g", 1000), "1 kg");
        assert_eq!(size_label("g", 1500), "1.5 kg");
        assert_eq!(size_label("g", 250), "250 g");
        assert_eq!(size_label("ml", 750), "750 ml");
        assert_eq!(size_label("piece", 6), "× 6");
        assert_eq!(hundredths(450), json!(4.5));
        assert_eq!(hundredths(2000), json!(20));
        assert_eq!(hundredths(210), json!(2.1));
    }

    fn codes(bytes: &[u8]) -> Vec<(Option<u32>, &'static str)> {
        match parse(bytes) {
            Err(AppError::Validation(e)) => e.iter().map(|e| (e.line, e.key)).collect(),
            Err(other) => panic!("{other:?}"),
            Ok(_) => panic!("accepted"),
        }
    }

    /// As the connectors write it: strings, blank nodes referenced from an
    /// `@graph`, `offeredItem`, the NPM connector's context URL.
    const CONNECTOR: &str = r#"{"@context":"https://www.datafoodconsortium.org/wp-content/plugins/wordpress-context-jsonld/context_1.16.0.jsonld","@graph":[
        {"@id":"_:_:b1","@type":"dfc-b:Price","dfc-b:VATrate":"5.5","dfc-b:hasUnit":"dfc-m:Euro","dfc-b:value":"4.5"},
        {"@id":"_:_:b2","@type":"dfc-b:QuantitativeValue","dfc-b:hasUnit":"dfc-m:Kilogram","dfc-b:value":"1.5"},
        {"@id":"https://x.example/items/1","@type":"dfc-b:CatalogItem","dfc-b:offeredThrough":"https://x.example/offers/1","dfc-b:sku":"TOM-1","dfc-b:stockLimitation":"20"},
        {"@id":"https://x.example/offers/1","@type":"dfc-b:Offer","dfc-b:hasPrice":"_:_:b1","dfc-b:offeredItem":{"@id":"https://x.example/items/1"}},
        {"@id":"https://x.example/products/1","@type":"dfc-b:SuppliedProduct","dfc-b:name":"Tomates","dfc-b:hasType":"dfc-pt:vegetable",
         "dfc-b:hasQuantity":"_:_:b2","dfc-b:referencedBy":"https://x.example/items/1","dfc-b:hasCertification":["dfc-f:Organic-AB"]}]}"#;

    #[test]
    fn what_the_connectors_write_is_read() {
        let products = parse(CONNECTOR.as_bytes()).unwrap();
        assert_eq!(products.len(), 1);
        let p = &products[0].1.input;
        assert_eq!(
            (p.name.as_str(), p.category.as_str(), p.vat_rate),
            ("Tomates", "vegetables", 550)
        );
        assert_eq!(p.organic_label.as_deref(), Some("ab"));
        let v = &p.variants[0];
        assert_eq!((v.unit.as_str(), v.size, v.price), ("g", 1500, 450));
        assert_eq!((v.stock_mode.as_str(), v.stock), ("count", Some(20)));
        assert_eq!(v.sku, "TOM-1");
    }

    #[test]
    fn a_single_object_with_numbers_and_inline_nodes_is_read() {
        let doc = r#"{"@context":"https://w3id.org/dfc/ontology/context/context_1.16.0.json",
            "@id":"https://x.example/p","@type":"dfc-b:SuppliedProduct","dfc-b:name":"Lait",
            "dfc-b:hasQuantity":{"@type":"dfc-b:QuantitativeValue","dfc-b:hasUnit":{"@id":"dfc-m:Litre"},"dfc-b:value":1},
            "dfc-b:referencedBy":{"@id":"https://x.example/i","@type":"dfc-b:CatalogItem","dfc-b:sku":"L1",
              "dfc-b:offeredThrough":{"@id":"https://x.example/o","@type":"dfc-b:Offer",
                "dfc-b:hasPrice":{"@type":"dfc-b:Price","dfc-b:value":1.2,"dfc-b:VATrate":5.5,"dfc-b:hasUnit":"dfc-m:Euro"}}}}"#;
        let products = parse(doc.as_bytes()).unwrap();
        let p = &products[0].1.input;
        assert_eq!(p.category, DEFAULT_CATEGORY);
        assert!(!products[0].1.typed);
        let v = &p.variants[0];
        assert_eq!((v.unit.as_str(), v.size, v.price), ("ml", 1000, 120));
        assert_eq!(v.stock_mode, "unlimited");
    }

    #[test]
    fn variants_come_together_by_group_or_by_name() {
        let offer = |n: u32, price: &str| {
            format!(
                r#"{{"@id":"https://x.example/o{n}","@type":"dfc-b:Offer","dfc-b:offers":"https://x.example/p{n}",
                "dfc-b:hasPrice":{{"dfc-b:value":"{price}","dfc-b:VATrate":"20","dfc-b:hasUnit":"dfc-m:Euro"}}}}"#
            )
        };
        let product = |n: u32, name: &str, grams: u32| {
            format!(
                r#"{{"@id":"https://x.example/p{n}","@type":"dfc-b:SuppliedProduct","dfc-b:name":"{name}",
                "dfc-b:hasQuantity":{{"dfc-b:hasUnit":"dfc-m:Gram","dfc-b:value":{grams}}}}}"#
            )
        };
        let doc = format!(
            r#"{{"@context":"https://w3id.org/dfc/ontology/context/context_1.16.0.json","@graph":[
            {{"@id":"https://x.example/g","@type":"dfc-b:SuppliedProduct","dfc-b:name":"Savon",
              "dfc-b:hasVariant":["https://x.example/p1","https://x.example/p2"],"dfc-b:hasType":"dfc-pt:inedible"}},
            {},{},{},{},{},{}]}}"#,
            product(1, "Savon 100 g", 100),
            product(2, "Savon 250 g", 250),
            product(3, "Bougie", 200),
            product(4, "bougie ", 400),
            offer(1, "4"),
            offer(2, "8.5")
        )
        .replace("]}", &format!(",{},{}]}}", offer(3, "6"), offer(4, "10")));
        let products = parse(doc.as_bytes()).unwrap();
        let read: Vec<_> = products
            .iter()
            .map(|(_, r)| {
                (
                    r.input.name.as_str(),
                    r.input.category.as_str(),
                    r.input
                        .variants
                        .iter()
                        .map(|v| (v.size, v.price))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("Savon", "goods", vec![(100, 400), (250, 850)]),
                ("Bougie", "grocery", vec![(200, 600), (400, 1000)]),
            ]
        );
        assert_eq!(products[1].0, 3, "a product is numbered by its first item");
    }

    #[test]
    fn a_large_catalogue_is_read_in_one_pass() {
        let nodes: Vec<String> = (0..3000)
            .map(|n| {
                format!(
                    r#"{{"@id":"https://x.example/p{n}","@type":"dfc-b:SuppliedProduct","dfc-b:name":"Produit {n}",
                    "dfc-b:hasQuantity":{{"dfc-b:hasUnit":"dfc-m:Piece","dfc-b:value":1}}}},
                    {{"@id":"https://x.example/i{n}","@type":"dfc-b:CatalogItem","dfc-b:references":"https://x.example/p{n}"}},
                    {{"@id":"https://x.example/o{n}","@type":"dfc-b:Offer","dfc-b:offeredItem":"https://x.example/i{n}",
                    "dfc-b:hasPrice":{{"dfc-b:value":2,"dfc-b:VATrate":5.5,"dfc-b:hasUnit":"dfc-m:Euro"}}}}"#
                )
            })
            .collect();
        let doc = format!(r#"{{"@graph":[{}]}}"#, nodes.join(","));
        let started = std::time::Instant::now();
        assert_eq!(parse(doc.as_bytes()).unwrap().len(), 3000);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn a_document_off_the_ontology_says_what_is_wrong_with_which_item() {
        assert_eq!(codes(b"{not json"), [(None, "error-dfc-json")]);
        assert_eq!(codes(b"42"), [(None, "error-dfc-shape")]);
        assert_eq!(
            codes(br#"{"@context":"https://evil.example/context.json","@type":"dfc-b:SuppliedProduct"}"#),
            [(None, "error-dfc-context")]
        );
        assert_eq!(
            codes(
                br#"{"@context":"https://www.datafoodconsortium.org","@type":"dfc-b:Enterprise"}"#
            ),
            [(None, "error-dfc-empty")]
        );
        let wrong = CONNECTOR
            .replace("dfc-m:Kilogram", "dfc-m:Barrel")
            .replace("\"5.5\"", "\"7\"");
        assert_eq!(
            codes(wrong.as_bytes()),
            [(Some(1), "error-dfc-unit"), (Some(1), "error-vat-rate")]
        );
        let no_offer = CONNECTOR
            .replace(
                "\"dfc-b:offeredThrough\":\"https://x.example/offers/1\",",
                "",
            )
            .replace(
                "{\"@id\":\"https://x.example/items/1\"}",
                "\"https://x.example/other\"",
            );
        assert_eq!(codes(no_offer.as_bytes()), [(Some(1), "error-dfc-offer")]);
        let dollars = CONNECTOR.replace("dfc-m:Euro", "dfc-m:USDollar");
        assert_eq!(codes(dollars.as_bytes()), [(Some(1), "error-dfc-currency")]);
        let unnamed = CONNECTOR.replace("\"dfc-b:name\":\"Tomates\",", "");
        assert_eq!(codes(unnamed.as_bytes())[0].0, Some(1));
    }
}
