//! A seller's catalogue as a CSV file, one line per variant: written for a
//! spreadsheet, read back line by line. A line whose product name another
//! line already gave is one more variant of that product. Every line is
//! checked before anything is written: one wrong line and nothing is
//! imported, each error named by its line. A product of the catalogue with
//! the same name is updated (its variants matched by unit and size), so
//! importing the same file twice changes nothing.

use kernel::db::Db;
use kernel::error::FieldError;
use kernel::{AppError, MemberId};
use serde::Serialize;
use utoipa::ToSchema;

use crate::catalogue::{self, Product, ProductInput, VariantInput};
use crate::sellers;

/// The columns, in the order written. Those of [`REQUIRED`] must be there;
/// the others may be left out.
pub const COLUMNS: &[&str] = &[
    "product",
    "description",
    "category",
    "vat_rate",
    "organic_label",
    "origin",
    "carbon_g",
    "repairability",
    "essential",
    "allergens",
    "unit",
    "size",
    "weight_g",
    "price",
    "stock_mode",
    "stock",
    "sku",
];

pub const REQUIRED: &[&str] = &["product", "category", "vat_rate", "unit", "size", "price"];

/// The largest file read (a catalogue of a few thousand lines).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// What an import did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Imported {
    pub created: usize,
    pub updated: usize,
}

/// A number written with a point or a comma, as a whole number of
/// `scale`ths: `decimal("2,5", 10)` is 25.
fn decimal(text: &str, scale: i64) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let digits = scale.to_string().len() - 1;
    if whole.is_empty()
        || fraction.len() > digits
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 12
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = format!("{fraction:0<digits$}").parse().unwrap_or(0);
    whole.checked_mul(scale)?.checked_add(fraction)
}

fn tenths(value: i64) -> String {
    match value % 10 {
        0 => (value / 10).to_string(),
        d => format!("{}.{d}", value / 10),
    }
}

pub(crate) fn hundredths(value: i64) -> String {
    format!("{}.{:02}", value / 100, value % 100)
}

/// A text cell a spreadsheet will not take for a formula: one starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return is quoted by a `'`.
pub fn text_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// The catalogue as CSV (UTF-8, commas, a header line).
pub fn export(products: &[Product]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(COLUMNS);
    for p in products {
        for v in &p.variants {
            let rate = match p.vat_rate % 100 {
                0 => (p.vat_rate / 100).to_string(),
                _ => tenths(p.vat_rate / 10),
            };
            let _ = out.write_record([
                text_cell(&p.name).as_str(),
                &text_cell(&p.description),
                &p.category,
                &rate,
                p.organic_label.as_deref().unwrap_or(""),
                &text_cell(&p.origin),
                &p.carbon_g.map(|c| c.to_string()).unwrap_or_default(),
                &p.repairability.map(tenths).unwrap_or_default(),
                if p.essential { "yes" } else { "no" },
                &p.allergens.join("|"),
                &v.unit,
                &v.size.to_string(),
                &v.weight_g.map(|w| w.to_string()).unwrap_or_default(),
                &hundredths(v.price),
                &v.stock_mode,
                &v.stock.map(|s| s.to_string()).unwrap_or_default(),
                &text_cell(&v.sku),
            ]);
        }
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn file_error(key: &'static str) -> AppError {
    AppError::field("file", key)
}

/// Reads a file into products, each with the line it starts on; or says
/// what is wrong with the file, or with each line.
pub fn parse(bytes: &[u8]) -> Result<Vec<(u32, ProductInput)>, AppError> {
    let text = std::str::from_utf8(bytes).map_err(|_| file_error("error-csv-encoding"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text.lines().next().unwrap_or("");
    if header.trim().is_empty() {
        return Err(file_error("error-csv-empty"));
    }
    if !header.contains(',') {
        if header.contains(';') {
            return Err(file_error("error-csv-semicolons"));
        }
        if header.contains('\t') {
            return Err(file_error("error-csv-tabs"));
        }
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let names: Vec<String> = reader
        .headers()
        .map_err(|_| file_error("error-csv-unreadable"))?
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    if names.iter().any(|n| !COLUMNS.contains(&n.as_str())) {
        return Err(file_error("error-csv-unknown-column"));
    }
    let missing: Vec<FieldError> = REQUIRED
        .iter()
        .filter(|c| !names.iter().any(|n| n == *c))
        .map(|c| FieldError::new(c, "error-csv-missing-column"))
        .collect();
    if !missing.is_empty() {
        return Err(AppError::Validation(missing));
    }
    let column = |name: &str| names.iter().position(|n| n == name);
    let mut products: Vec<(u32, ProductInput)> = Vec::new();
    let mut errors: Vec<FieldError> = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as u32);
                errors.push(FieldError::new("file", "error-csv-columns-count").at_line(line));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as u32);
        let cell = |name: &str| column(name).and_then(|i| record.get(i)).unwrap_or("");
        let mut bad = |field: &'static str, key: &'static str| {
            errors.push(FieldError::new(field, key).at_line(line));
        };
        if cell("product").is_empty() && record.iter().all(str::is_empty) {
            continue;
        }
        // The size in the unit's base: grams, millilitres or pieces.
        let (unit, scale) = match cell("unit").to_lowercase().as_str() {
            "piece" | "pièce" | "pc" => ("piece", 1),
            "g" => ("g", 1),
            "kg" => ("g", 1000),
            "ml" => ("ml", 1),
            "cl" => ("ml", 10),
            "l" => ("ml", 1000),
            _ => {
                bad("unit", "error-variant-unit");
                ("piece", 1)
            }
        };
        let size = decimal(cell("size"), 1000)
            .filter(|s| s % (1000 / scale) == 0)
            .map(|s| s / (1000 / scale));
        if size.is_none() {
            bad("size", "error-variant-size");
        }
        let whole = |name: &'static str,
                     key: &'static str,
                     bad: &mut dyn FnMut(&'static str, &'static str)| {
            match cell(name) {
                "" => None,
                t => t.parse::<i64>().map(Some).unwrap_or_else(|_| {
                    bad(name, key);
                    None
                }),
            }
        };
        let weight_g = whole("weight_g", "error-variant-weight", &mut bad);
        let stock = whole("stock", "error-variant-stock", &mut bad);
        let carbon_g = whole("carbon_g", "error-product-carbon", &mut bad);
        let price = decimal(cell("price"), 100);
        if price.is_none() {
            bad("price", "error-variant-price");
        }
        // A spreadsheet in French writes 5,5.
        let vat_rate = kernel::fees::parse_percent(&cell("vat_rate").replace(',', "."))
            .and_then(|r| u16::try_from(r).ok());
        if vat_rate.is_none() {
            bad("vat_rate", "error-vat-rate");
        }
        let repairability = match cell("repairability") {
            "" => None,
            t => decimal(t, 10).filter(|r| *r <= 100).or_else(|| {
                bad("repairability", "error-product-repairability");
                None
            }),
        };
        let essential = match cell("essential").to_lowercase().as_str() {
            "" | "no" | "non" | "0" | "false" => false,
            "yes" | "oui" | "1" | "true" => true,
            _ => {
                bad("essential", "error-csv-yes-no");
                false
            }
        };
        let stock_mode = match cell("stock_mode") {
            "" if stock.is_some() => "count".to_owned(),
            "" => "unlimited".to_owned(),
            mode => mode.to_lowercase(),
        };
        let variant = VariantInput {
            id: None,
            unit: unit.to_owned(),
            size: size.unwrap_or(1),
            weight_g,
            price: price.unwrap_or(1),
            stock_mode,
            stock,
            stock_was: None,
            sku: cell("sku").to_owned(),
        };
        let name = cell("product");
        match products
            .iter_mut()
            .find(|(_, p)| p.name.eq_ignore_ascii_case(name))
        {
            Some((_, p)) => p.variants.push(variant),
            None => products.push((
                line,
                ProductInput {
                    name: name.to_owned(),
                    description: cell("description").to_owned(),
                    category: cell("category").to_lowercase(),
                    vat_rate: vat_rate.unwrap_or(0),
                    organic_label: Some(cell("organic_label").to_lowercase())
                        .filter(|l| !l.is_empty()),
                    origin: cell("origin").to_owned(),
                    carbon_g,
                    repairability,
                    essential,
                    allergens: cell("allergens")
                        .split('|')
                        .map(|a| a.trim().to_lowercase())
                        .filter(|a| !a.is_empty())
                        .collect(),
                    variants: vec![variant],
                },
            )),
        }
    }
    // The rules of a product, each error at the product's first line.
    for (line, product) in &products {
        if let Err(AppError::Validation(found)) = catalogue::check(product) {
            errors.extend(found.into_iter().map(|e| e.at_line(*line)));
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        errors.dedup();
        return Err(AppError::Validation(errors));
    }
    if products.is_empty() {
        return Err(file_error("error-csv-empty"));
    }
    Ok(products)
}

/// Imports a file into the seller's catalogue, all or nothing.
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
    let given = columns(bytes);
    save(
        db,
        seller_id,
        products.into_iter().map(|(_, p)| p),
        |found, input| keep_unsaid(found, input, &given),
    )
    .await
}

/// The file's columns, lower-cased (its header, already checked by
/// [`parse`]).
fn columns(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
        .headers()
        .map(|h| h.iter().map(str::to_lowercase).collect())
        .unwrap_or_default()
}

/// What a file says nothing of stays as the catalogue has it: a file of
/// the required columns alone changes names, categories, VAT and prices,
/// and keeps the labels, origins, allergens and stock it has no column
/// for. An empty cell of a column that is there still clears its value.
fn keep_unsaid(found: &Product, input: &mut ProductInput, given: &[String]) {
    let absent = |column: &str| !given.iter().any(|g| g == column);
    if absent("description") {
        input.description = found.description.clone();
    }
    if absent("organic_label") {
        input.organic_label = found.organic_label.clone();
    }
    if absent("origin") {
        input.origin = found.origin.clone();
    }
    if absent("carbon_g") {
        input.carbon_g = found.carbon_g;
    }
    if absent("repairability") {
        input.repairability = found.repairability;
    }
    if absent("essential") {
        input.essential = found.essential;
    }
    if absent("allergens") {
        input.allergens = found.allergens.clone();
    }
    for v in &mut input.variants {
        let Some(old) = found.variants.iter().find(|o| v.id.as_ref() == Some(&o.id)) else {
            continue;
        };
        if absent("weight_g") {
            v.weight_g = old.weight_g;
        }
        if absent("sku") {
            v.sku = old.sku.clone();
        }
        if absent("stock") && absent("stock_mode") {
            // Seen as it was read: what orders take meanwhile stays taken.
            v.stock_mode = old.stock_mode.clone();
            v.stock = old.stock;
            v.stock_was = old.stock;
        }
    }
}

/// Writes checked products into a seller's catalogue in one transaction
/// (every import goes through here: CSV and DFC). A product of the
/// catalogue with the same name is rewritten, its variants matched by unit
/// and size keeping their ids (and the orders that name them); `keep` may
/// first carry over what the file could not say from the product found.
pub(crate) async fn save(
    db: &Db,
    seller_id: &str,
    products: impl IntoIterator<Item = ProductInput>,
    keep: impl Fn(&Product, &mut ProductInput),
) -> Result<Imported, AppError> {
    let existing = catalogue::of_seller(db, seller_id).await?;
    let mut done = Imported {
        created: 0,
        updated: 0,
    };
    let mut tx = db.begin().await?;
    for mut input in products {
        match existing
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(input.name.trim()))
        {
            Some(found) => {
                for v in &mut input.variants {
                    v.id = found
                        .variants
                        .iter()
                        .find(|old| old.unit == v.unit && old.size == v.size)
                        .map(|old| old.id.clone());
                }
                keep(found, &mut input);
                catalogue::rewrite(&mut tx, &found.id, &input).await?;
                done.updated += 1;
            }
            None => {
                catalogue::insert(&mut tx, seller_id, &input).await?;
                done.created += 1;
            }
        }
    }
    tx.commit().await?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_with_a_point_or_a_comma() {
        assert_eq!(decimal("4,50", 100), Some(450));
        assert_eq!(decimal("4.5", 100), Some(450));
        assert_eq!(decimal("12", 100), Some(1200));
        assert_eq!(decimal("0.5", 1000), Some(500));
        assert_eq!(decimal("4.505", 100), None);
        assert_eq!(decimal("-3", 100), None);
        assert_eq!(decimal("", 100), None);
        assert_eq!(decimal("1e3", 100), None);
    }

    #[test]
    fn an_exported_catalogue_reads_back_the_same() {
        let file = "product,category,vat_rate,organic_label,unit,size,price,stock,allergens,repairability,essential\n\
            Tomates,vegetables,\"5,5\",ab,kg,1,\"4,50\",20,,,yes\n\
            Tomates,vegetables,5.5,ab,g,500,2.40,,,,yes\n\
            Tabouret,goods,20,,piece,1,85,3,,9.5,no\n";
        let products = parse(file.as_bytes()).unwrap();
        assert_eq!(products.len(), 2);
        let (line, tomatoes) = &products[0];
        assert_eq!(*line, 2);
        assert_eq!(tomatoes.vat_rate, 550);
        assert_eq!(tomatoes.variants.len(), 2);
        assert_eq!(
            (tomatoes.variants[0].size, tomatoes.variants[0].price),
            (1000, 450)
        );
        assert_eq!(tomatoes.variants[0].stock_mode, "count");
        assert_eq!(tomatoes.variants[1].stock_mode, "unlimited");
        assert_eq!(products[1].1.repairability, Some(95));
    }

    #[test]
    fn no_cell_is_read_as_a_formula() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("-2 €"), "'-2 €");
        assert_eq!(text_cell("Tomates"), "Tomates");
    }

    #[test]
    fn a_wrong_file_says_what_is_wrong() {
        let key = |r: Result<Vec<(u32, ProductInput)>, AppError>| match r {
            Err(AppError::Validation(e)) => e.iter().map(|e| (e.line, e.key)).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            key(parse(b"product;category\nx;y\n")),
            [(None, "error-csv-semicolons")]
        );
        assert_eq!(
            key(parse(b"product\tcategory\n")),
            [(None, "error-csv-tabs")]
        );
        assert_eq!(
            key(parse(&[0x70, 0xe9, 0x0a])),
            [(None, "error-csv-encoding")]
        );
        assert_eq!(
            key(parse(b"product,category,vat_rate,unit,size\n")),
            [(None, "error-csv-missing-column")]
        );
        let lines = "product,category,vat_rate,unit,size,price\n\
            Tomates,vegetables,5.5,kg,1,4.50\n\
            Carottes,vegetables,7,kg,1,-2\n\
            Poireaux,spaceships,5.5,barrel,1,3\n";
        assert_eq!(
            key(parse(lines.as_bytes())),
            [
                (Some(3), "error-variant-price"),
                (Some(3), "error-vat-rate"),
                (Some(4), "error-variant-unit"),
                (Some(4), "error-product-category"),
            ]
        );
    }
}
