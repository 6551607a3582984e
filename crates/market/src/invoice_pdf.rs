//! An invoice as a PDF that is also its data: a PDF/A-3 (for archiving, as
//! invoices are kept ten years) laid out with the French mentions, with
//! its Factur-X XML embedded and declared in the XMP metadata. krilla
//! writes the PDF/A; it has no hook for a custom XMP schema, so the
//! Factur-X one is added afterwards by rewriting the metadata stream with
//! lopdf.

use kernel::AppError;
use kernel::i18n::{Lang, Tr};
use kernel::l10n;
use krilla::Document;
use krilla::SerializeSettings;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::metadata::{DateTime, Metadata};

use crate::facturx;
use crate::invoices::Invoice;
use crate::pdf::{self, Layout, MARGIN, WIDTH};

/// "2 déc. 2026" and "20261202" for a moment, in Paris.
pub fn issue_dates(lang: Lang, ms: i64) -> (String, String) {
    let date = jiff::Timestamp::from_millisecond(ms)
        .ok()
        .and_then(|t| {
            jiff::tz::TimeZone::get("Europe/Paris")
                .ok()
                .map(|z| t.to_zoned(z).date())
        })
        .unwrap_or_default();
    (
        l10n::date(lang, &date.to_string()),
        date.strftime("%Y%m%d").to_string(),
    )
}

/// Ten-thousandths of a euro with 2 decimals when they are enough, else 4.
fn unit_price(lang: Lang, ten_thousandths: i64) -> String {
    if ten_thousandths % 100 == 0 {
        return l10n::money(lang, ten_thousandths / 100, "EUR");
    }
    let (units, rest) = (ten_thousandths / 10_000, ten_thousandths % 10_000);
    match lang {
        Lang::Fr => format!("{units},{rest:04}\u{a0}€"),
        Lang::En => format!("€{units}.{rest:04}"),
    }
}

/// The invoice laid out in the reader's language.
fn lay_out(invoice: &Invoice, tr: &Tr, preceding: Option<&str>) -> Result<Layout, AppError> {
    let lang = tr.lang;
    let money = |cents: i64| l10n::money(lang, cents, "EUR");
    let (date, _) = issue_dates(lang, invoice.issued_at);
    let mut l = Layout::new()?;
    let right = WIDTH - MARGIN;
    let half = WIDTH / 2.0;

    l.y += 16.0;
    let title = if invoice.is_credit_note() {
        tr.t1(
            "market-invoice-credit-title",
            "number",
            &invoice.reference(),
        )
    } else {
        tr.t1("market-invoice-title", "number", &invoice.reference())
    };
    l.text(MARGIN, 18.0, true, &title);
    l.right(
        right,
        10.0,
        false,
        &tr.t1("market-invoice-date", "date", &date),
    );
    if let Some(p) = preceding {
        l.paragraph(
            MARGIN,
            right - MARGIN,
            9.0,
            false,
            &tr.t1("market-invoice-corrects", "number", p),
        );
    }
    l.y += 14.0;

    // The seller on the left, the buyer on the right.
    let top = l.y;
    let mut seller = vec![invoice.seller_name.clone(), invoice.seller_address.clone()];
    if let Some(siret) = &invoice.seller_siret {
        seller.push(tr.t1("market-invoice-siret", "siret", siret));
    }
    seller.push(match &invoice.seller_vat {
        Some(vat) => tr.t1("market-invoice-vat-number", "vat", vat),
        None => facturx::FRANCHISE.to_owned(),
    });
    let mut buyer = vec![invoice.buyer_name.clone(), invoice.buyer_address.clone()];
    if let Some(siret) = &invoice.buyer_siret {
        buyer.push(tr.t1("market-invoice-siret", "siret", siret));
    }
    if let Some(vat) = &invoice.buyer_vat {
        buyer.push(tr.t1("market-invoice-vat-number", "vat", vat));
    }
    let mut bottom = top;
    for (x, heading, lines) in [
        (MARGIN, tr.t("market-invoice-seller"), seller),
        (half, tr.t("market-invoice-buyer"), buyer),
    ] {
        l.y = top;
        l.paragraph(x, half - MARGIN - 12.0, 8.0, true, &heading);
        for line in lines.iter().filter(|s| !s.trim().is_empty()) {
            l.paragraph(x, half - MARGIN - 12.0, 10.0, false, line);
        }
        bottom = bottom.max(l.y);
    }
    l.y = bottom + 18.0;

    // The lines: description, quantity, unit price and VAT rate, total
    // without VAT.
    let cols = [right - 260.0, right - 175.0, right - 90.0, right];
    l.room(30.0);
    l.y += 10.0;
    l.text(MARGIN, 8.0, true, &tr.t("market-invoice-description"));
    for (col, key) in cols.iter().zip([
        "market-invoice-quantity",
        "market-invoice-unit-price",
        "market-invoice-vat-rate",
        "market-invoice-net",
    ]) {
        l.right(*col, 8.0, true, &tr.t(key));
    }
    l.rule();
    for line in &invoice.lines {
        let wrapped = l.wrap(&line.description, 10.0, false, cols[0] - 60.0 - MARGIN);
        l.room(14.0 * wrapped.len() as f32 + 4.0);
        l.y += 14.0;
        let first = l.y;
        for (i, text) in wrapped.iter().enumerate() {
            if i > 0 {
                l.y += 14.0;
            }
            l.text(MARGIN, 10.0, false, text);
        }
        let end = l.y;
        l.y = first;
        l.right(cols[0], 10.0, false, &line.quantity.to_string());
        l.right(cols[1], 10.0, false, &unit_price(lang, line.unit_net));
        l.right(cols[2], 10.0, false, &l10n::percent(lang, line.vat_rate));
        l.right(cols[3], 10.0, false, &money(line.net));
        l.y = end;
    }
    l.rule();

    // VAT per rate, then the totals.
    for r in &invoice.rates {
        l.room(14.0);
        l.y += 14.0;
        let text = tr.format(
            "market-invoice-vat-line",
            &[
                ("rate", &l10n::percent(lang, r.vat_rate)),
                ("taxable", &money(r.taxable)),
            ],
        );
        l.right(cols[2], 9.0, false, &text);
        l.right(cols[3], 9.0, false, &money(r.tax));
    }
    let mut totals = vec![
        ("market-invoice-without-vat", invoice.without_vat, false),
        ("market-invoice-vat", invoice.vat, false),
        ("market-invoice-with-vat", invoice.with_vat, true),
    ];
    if invoice.rounding != 0 {
        totals.push(("market-invoice-rounding", invoice.rounding, false));
    }
    totals.push((
        if invoice.is_credit_note() {
            "market-invoice-refunded"
        } else {
            "market-invoice-paid"
        },
        invoice.paid,
        false,
    ));
    totals.push(("market-invoice-due", 0, true));
    l.y += 6.0;
    for (key, amount, bold) in totals {
        l.room(15.0);
        l.y += 15.0;
        l.right(cols[2], 10.0, bold, &tr.t(key));
        l.right(cols[3], 10.0, bold, &money(amount));
    }
    l.y += 16.0;

    // The payment terms, the penalties, and who wrote it.
    l.paragraph(
        MARGIN,
        right - MARGIN,
        8.0,
        false,
        &tr.t1("market-invoice-terms", "date", &date),
    );
    l.paragraph(
        MARGIN,
        right - MARGIN,
        8.0,
        false,
        &tr.t1("market-invoice-on-behalf", "seller", &invoice.seller_name),
    );
    Ok(l)
}

/// Adds the Factur-X schema and properties to the XMP metadata krilla
/// wrote, as the Factur-X specification declares them.
fn with_factur_x_xmp(pdf: Vec<u8>, document_type: &str) -> Result<Vec<u8>, AppError> {
    let broken = |what: &str| AppError::Internal(format!("invoice PDF: {what}"));
    let mut doc = lopdf::Document::load_mem(&pdf).map_err(|_| broken("reading"))?;
    let meta = doc
        .catalog()
        .and_then(|c| c.get(b"Metadata"))
        .and_then(|m| m.as_reference())
        .map_err(|_| broken("no metadata"))?;
    let stream = doc
        .get_object_mut(meta)
        .and_then(|o| o.as_stream_mut())
        .map_err(|_| broken("metadata is not a stream"))?;
    let xmp = String::from_utf8(stream.content.clone()).map_err(|_| broken("metadata text"))?;
    let ns = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";
    let property = |name: &str, description: &str| {
        format!(
            "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name>\
             <pdfaProperty:valueType>Text</pdfaProperty:valueType>\
             <pdfaProperty:category>external</pdfaProperty:category>\
             <pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>"
        )
    };
    let schema = format!(
        "<rdf:li rdf:parseType=\"Resource\"><pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>\
         <pdfaSchema:namespaceURI>{ns}</pdfaSchema:namespaceURI><pdfaSchema:prefix>fx</pdfaSchema:prefix>\
         <pdfaSchema:property><rdf:Seq>{}{}{}{}</rdf:Seq></pdfaSchema:property></rdf:li>",
        property("DocumentFileName", "The name of the embedded XML document"),
        property(
            "DocumentType",
            "The type of the hybrid document in capital letters"
        ),
        property(
            "Version",
            "The actual version of the standard applying to the embedded XML document"
        ),
        property(
            "ConformanceLevel",
            "The conformance level of the embedded XML document"
        ),
    );
    let description = format!(
        "<rdf:Description rdf:about=\"\" xmlns:fx=\"{ns}\"><fx:DocumentType>{document_type}</fx:DocumentType>\
         <fx:DocumentFileName>{}</fx:DocumentFileName><fx:Version>1.0</fx:Version>\
         <fx:ConformanceLevel>{}</fx:ConformanceLevel></rdf:Description>",
        facturx::FILE_NAME,
        facturx::CONFORMANCE_LEVEL,
    );
    // Into the extension schemas krilla declared for PDF/A, if it did;
    // else as a description of their own.
    let xmp = match xmp.find("</rdf:Bag></pdfaExtension:schemas>") {
        Some(at) => format!("{}{schema}{}", &xmp[..at], &xmp[at..]),
        None => xmp.replacen(
            "</rdf:RDF>",
            &format!(
                "<rdf:Description rdf:about=\"\" \
                 xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
                 xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
                 xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\
                 <pdfaExtension:schemas><rdf:Bag>{schema}</rdf:Bag></pdfaExtension:schemas></rdf:Description></rdf:RDF>"
            ),
            1,
        ),
    };
    let xmp = xmp.replacen("</rdf:RDF>", &format!("{description}</rdf:RDF>"), 1);
    stream.set_content(xmp.into_bytes());
    let mut out = Vec::with_capacity(pdf.len() + 2048);
    doc.save_to(&mut out).map_err(|_| broken("writing"))?;
    Ok(out)
}

/// The invoice as a Factur-X PDF/A-3 in the reader's language.
pub fn render(invoice: &Invoice, tr: &Tr, preceding: Option<&str>) -> Result<Vec<u8>, AppError> {
    let broken = |what: &str| AppError::Internal(format!("invoice PDF: {what}"));
    let layout = lay_out(invoice, tr, preceding)?;
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_B)
        .finish()
        .map_err(|_| broken("configuration"))?;
    let mut document = Document::new_with(SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    });
    let issued = jiff::Timestamp::from_millisecond(invoice.issued_at)
        .map_err(|_| broken("date"))?
        .to_zoned(jiff::tz::TimeZone::UTC);
    let when = DateTime::new(issued.year() as u16)
        .month(issued.month() as u8)
        .day(issued.day() as u8)
        .hour(issued.hour() as u8)
        .minute(issued.minute() as u8)
        .second(issued.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    let title = format!("{} {}", invoice.seller_name, invoice.reference());
    document.set_metadata(
        Metadata::new()
            .title(title)
            .language(tr.code().to_owned())
            .creator("Freeco".to_owned())
            .creation_date(when),
    );
    // The data is in French, the language of French invoices.
    let (paid_on, issued_day) = issue_dates(Lang::Fr, invoice.issued_at);
    let xml = facturx::cii_xml(invoice, &issued_day, &paid_on, preceding);
    document
        .embed_file(EmbeddedFile {
            path: facturx::FILE_NAME.to_owned(),
            mime_type: MimeType::new("text/xml"),
            description: Some("Factur-X invoice".to_owned()),
            association_kind: AssociationKind::Data,
            data: xml.into_bytes().into(),
            modification_date: Some(when),
            compress: Some(true),
            location: None,
        })
        .ok_or_else(|| broken("embedding"))?;
    pdf::draw(&mut document, &layout)?;
    let pdf = document.finish().map_err(|e| broken(&format!("{e:?}")))?;
    with_factur_x_xmp(
        pdf,
        if invoice.is_credit_note() {
            "CREDIT NOTE"
        } else {
            "INVOICE"
        },
    )
}
