//! An invoice as Factur-X: its EN 16931 data in UN/CEFACT's Cross Industry
//! Invoice XML (the profile French e-invoicing takes from businesses), to
//! be embedded in the invoice's PDF/A-3 ([`crate::invoice_pdf`]). Written
//! by hand: the few Rust crates for it are drafts that cover less of the
//! profile than these hundred lines.

use std::fmt::Write;

use crate::invoices::Invoice;
use web::xml_escape;

/// The embedded file's name, as Factur-X requires.
pub const FILE_NAME: &str = "factur-x.xml";
/// The profile written: EN 16931 ("comfort").
pub const GUIDELINE: &str = "urn:cen.eu:en16931:2017";
/// What the XMP metadata says of the profile.
pub const CONFORMANCE_LEVEL: &str = "EN 16931";

/// The mention a seller under the VAT franchise prints.
pub const FRANCHISE: &str = "TVA non applicable, art. 293 B du CGI";

/// The payment terms and late-payment penalties a French invoice states.
pub fn payment_terms(paid_on: &str) -> String {
    format!(
        "Payée le {paid_on} depuis le porte-monnaie Freeco de l'acheteur. Pas d'escompte pour \
         paiement anticipé. Pénalités de retard : trois fois le taux d'intérêt légal ; pour un \
         acheteur professionnel, indemnité forfaitaire de 40 € pour frais de recouvrement \
         (art. L441-10 et D441-5 du Code de commerce)."
    )
}

/// Cents as the XML writes amounts: "12.34", "-0.01".
pub fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

/// Ten-thousandths of a euro: "2.2749".
fn price(ten_thousandths: i64) -> String {
    let p = ten_thousandths.unsigned_abs();
    format!("{}.{:04}", p / 10_000, p % 10_000)
}

/// Hundredths of a percent: "5.5", "20".
fn rate(hundredths: i64) -> String {
    match hundredths % 100 {
        0 => (hundredths / 100).to_string(),
        r if r % 10 == 0 => format!("{}.{}", hundredths / 100, r / 10),
        r => format!("{}.{:02}", hundredths / 100, r),
    }
}

/// EN 16931's VAT category of a line: standard (S), zero-rated (Z), or
/// exempt (E) under the franchise.
fn category(invoice: &Invoice, vat_rate: i64) -> &'static str {
    match (invoice.seller_vat.is_some(), vat_rate) {
        (false, _) => "E",
        (true, 0) => "Z",
        (true, _) => "S",
    }
}

/// A SIRET's first nine digits: the company's SIREN, its legal id.
fn siren(siret: &str) -> &str {
    siret.get(..9).unwrap_or(siret)
}

fn party(
    out: &mut String,
    tag: &str,
    name: &str,
    address: &str,
    siret: Option<&str>,
    vat: Option<&str>,
    franchise: bool,
) {
    let _ = write!(out, "<ram:{tag}><ram:Name>{}</ram:Name>", xml_escape(name));
    if let Some(siret) = siret {
        let _ = write!(
            out,
            "<ram:SpecifiedLegalOrganization><ram:ID schemeID=\"0002\">{}</ram:ID></ram:SpecifiedLegalOrganization>",
            xml_escape(siren(siret))
        );
    }
    out.push_str("<ram:PostalTradeAddress>");
    if !address.trim().is_empty() {
        let _ = write!(
            out,
            "<ram:LineOne>{}</ram:LineOne>",
            xml_escape(address.trim())
        );
    }
    out.push_str("<ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>");
    match (vat, siret) {
        (Some(vat), _) => {
            let _ = write!(
                out,
                "<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">{}</ram:ID></ram:SpecifiedTaxRegistration>",
                xml_escape(vat)
            );
        }
        // Under the franchise the seller has no VAT number: its SIRET is
        // its tax registration (EN 16931 BT-32).
        (None, Some(siret)) if franchise => {
            let _ = write!(
                out,
                "<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"FC\">{}</ram:ID></ram:SpecifiedTaxRegistration>",
                xml_escape(siret)
            );
        }
        _ => {}
    }
    let _ = write!(out, "</ram:{tag}>");
}

/// The invoice's Cross Industry Invoice XML, EN 16931 profile. `issued`
/// is its date as `YYYYMMDD`; `preceding` the number of the invoice a
/// credit note corrects.
pub fn cii_xml(invoice: &Invoice, issued: &str, paid_on: &str, preceding: Option<&str>) -> String {
    let mut x = String::with_capacity(4096);
    x.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <rsm:CrossIndustryInvoice \
         xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\" \
         xmlns:ram=\"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100\" \
         xmlns:qdt=\"urn:un:unece:uncefact:data:standard:QualifiedDataType:100\" \
         xmlns:udt=\"urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100\">",
    );
    let _ = write!(
        x,
        "<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>\
         <ram:ID>{GUIDELINE}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>\
         </rsm:ExchangedDocumentContext>"
    );
    let _ = write!(
        x,
        "<rsm:ExchangedDocument><ram:ID>{}</ram:ID><ram:TypeCode>{}</ram:TypeCode>\
         <ram:IssueDateTime><udt:DateTimeString format=\"102\">{issued}</udt:DateTimeString></ram:IssueDateTime>",
        invoice.reference(),
        if invoice.is_credit_note() { 381 } else { 380 },
    );
    if invoice.seller_vat.is_none() {
        let _ = write!(
            x,
            "<ram:IncludedNote><ram:Content>{FRANCHISE}</ram:Content></ram:IncludedNote>"
        );
    }
    let _ = write!(
        x,
        "<ram:IncludedNote><ram:Content>{}</ram:Content><ram:SubjectCode>PMT</ram:SubjectCode></ram:IncludedNote>",
        xml_escape(&payment_terms(paid_on))
    );
    x.push_str("</rsm:ExchangedDocument><rsm:SupplyChainTradeTransaction>");
    for (i, line) in invoice.lines.iter().enumerate() {
        let _ = write!(
            x,
            "<ram:IncludedSupplyChainTradeLineItem>\
             <ram:AssociatedDocumentLineDocument><ram:LineID>{}</ram:LineID></ram:AssociatedDocumentLineDocument>\
             <ram:SpecifiedTradeProduct><ram:Name>{}</ram:Name></ram:SpecifiedTradeProduct>\
             <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>{}</ram:ChargeAmount>\
             </ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>\
             <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode=\"C62\">{}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>\
             <ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode>\
             <ram:CategoryCode>{}</ram:CategoryCode><ram:RateApplicablePercent>{}</ram:RateApplicablePercent>\
             </ram:ApplicableTradeTax><ram:SpecifiedTradeSettlementLineMonetarySummation>\
             <ram:LineTotalAmount>{}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>\
             </ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>",
            i + 1,
            xml_escape(&line.description),
            price(line.unit_net),
            line.quantity,
            category(invoice, line.vat_rate),
            rate(line.vat_rate),
            decimal(line.net),
        );
    }
    x.push_str("<ram:ApplicableHeaderTradeAgreement>");
    party(
        &mut x,
        "SellerTradeParty",
        &invoice.seller_name,
        &invoice.seller_address,
        invoice.seller_siret.as_deref(),
        invoice.seller_vat.as_deref(),
        true,
    );
    party(
        &mut x,
        "BuyerTradeParty",
        &invoice.buyer_name,
        &invoice.buyer_address,
        invoice.buyer_siret.as_deref(),
        invoice.buyer_vat.as_deref(),
        false,
    );
    x.push_str(
        "</ram:ApplicableHeaderTradeAgreement><ram:ApplicableHeaderTradeDelivery/>\
         <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>",
    );
    for r in &invoice.rates {
        let cat = category(invoice, r.vat_rate);
        let _ = write!(
            x,
            "<ram:ApplicableTradeTax><ram:CalculatedAmount>{}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>",
            decimal(r.tax)
        );
        if cat == "E" {
            let _ = write!(x, "<ram:ExemptionReason>{FRANCHISE}</ram:ExemptionReason>");
        }
        let _ = write!(
            x,
            "<ram:BasisAmount>{}</ram:BasisAmount><ram:CategoryCode>{cat}</ram:CategoryCode>",
            decimal(r.taxable)
        );
        if cat == "E" {
            x.push_str("<ram:ExemptionReasonCode>VATEX-FR-FRANCHISE</ram:ExemptionReasonCode>");
        }
        let _ = write!(
            x,
            "<ram:RateApplicablePercent>{}</ram:RateApplicablePercent></ram:ApplicableTradeTax>",
            rate(r.vat_rate)
        );
    }
    let _ = write!(
        x,
        "<ram:SpecifiedTradeSettlementHeaderMonetarySummation>\
         <ram:LineTotalAmount>{wo}</ram:LineTotalAmount>\
         <ram:TaxBasisTotalAmount>{wo}</ram:TaxBasisTotalAmount>\
         <ram:TaxTotalAmount currencyID=\"EUR\">{vat}</ram:TaxTotalAmount>",
        wo = decimal(invoice.without_vat),
        vat = decimal(invoice.vat),
    );
    if invoice.rounding != 0 {
        let _ = write!(
            x,
            "<ram:RoundingAmount>{}</ram:RoundingAmount>",
            decimal(invoice.rounding)
        );
    }
    let _ = write!(
        x,
        "<ram:GrandTotalAmount>{}</ram:GrandTotalAmount>\
         <ram:TotalPrepaidAmount>{}</ram:TotalPrepaidAmount>\
         <ram:DuePayableAmount>0.00</ram:DuePayableAmount>\
         </ram:SpecifiedTradeSettlementHeaderMonetarySummation>",
        decimal(invoice.with_vat),
        decimal(invoice.paid),
    );
    if let Some(preceding) = preceding {
        let _ = write!(
            x,
            "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>{}</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>",
            xml_escape(preceding)
        );
    }
    x.push_str("</ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_rates_are_written_as_the_xml_wants_them() {
        assert_eq!(decimal(1234), "12.34");
        assert_eq!(decimal(-1), "-0.01");
        assert_eq!(price(22_749), "2.2749");
        assert_eq!(rate(550), "5.5");
        assert_eq!(rate(2000), "20");
        assert_eq!(rate(210), "2.1");
        assert_eq!(xml_escape("A & B <c>"), "A &amp; B &lt;c&gt;");
    }
}
