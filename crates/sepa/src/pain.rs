//! SEPA credit transfer initiation (pain.001.001.03, the version every
//! bank in the SEPA area accepts): the file a treasurer uploads to the bank
//! to pay several people at once.

use ledger::{Currency, Decimal};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, Event};

use crate::iban::{Bic, Iban};

/// The account paying.
#[derive(Debug, Clone)]
pub struct Debtor {
    pub name: String,
    pub iban: Iban,
    pub bic: Option<Bic>,
}

/// One payment of the batch.
#[derive(Debug, Clone)]
pub struct Payment {
    /// Travels with the money to the creditor's statement (at most 35).
    pub end_to_end_id: String,
    /// In minor units of euros, positive.
    pub amount: u64,
    pub creditor_name: String,
    pub iban: Iban,
    pub bic: Option<Bic>,
    /// What the creditor reads on its statement (at most 140).
    pub remittance: String,
}

#[derive(Debug, Clone)]
pub struct Batch {
    /// Unique per file, at most 35 characters.
    pub message_id: String,
    /// `YYYY-MM-DDThh:mm:ss`.
    pub created_at: String,
    /// `YYYY-MM-DD`.
    pub execution_date: String,
    pub debtor: Debtor,
    pub payments: Vec<Payment>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PainError {
    #[error("a batch needs at least one payment")]
    Empty,
    #[error("payment {0} has no amount")]
    ZeroAmount(usize),
    #[error("the batch total is too large")]
    TooLarge,
}

const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

/// Text limited to the SEPA character set (EPC guidelines: Latin letters,
/// digits and `/ - ? : ( ) . , ' +` and space): accented letters lose their
/// accent, anything else becomes a space; cut to `max` characters.
pub fn sepa_text(text: &str, max: usize) -> String {
    let plain = deunicode::deunicode(text);
    let cleaned: String = plain
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    words.join(" ").chars().take(max).collect()
}

/// An identifier for `MsgId`, `PmtInfId` or `EndToEndId`: the SEPA set
/// without spaces, and never starting or ending with `/` nor holding `//`.
pub fn sepa_id(text: &str) -> String {
    let mut id: String = sepa_text(text, 35).replace(' ', "-").replace("//", "/");
    while id.starts_with('/') {
        id.remove(0);
    }
    while id.ends_with('/') {
        id.pop();
    }
    if id.is_empty() {
        "NOTPROVIDED".into()
    } else {
        id
    }
}

type Out = Writer<Vec<u8>>;

fn text(w: &mut Out, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(quick_xml::events::BytesText::new(value))?;
    Ok(())
}

fn open(w: &mut Out, name: &str) -> std::io::Result<()> {
    w.write_event(Event::Start(quick_xml::events::BytesStart::new(name)))
}

fn close(w: &mut Out, name: &str) -> std::io::Result<()> {
    w.write_event(Event::End(quick_xml::events::BytesEnd::new(name)))
}

/// `<FinInstnId>` with the BIC, or the scheme's "not provided" when the
/// payer gave an IBAN only (allowed in SEPA since 2016).
fn agent(w: &mut Out, name: &str, bic: Option<&Bic>) -> std::io::Result<()> {
    open(w, name)?;
    open(w, "FinInstnId")?;
    match bic {
        Some(bic) => text(w, "BIC", bic.as_str())?,
        None => {
            open(w, "Othr")?;
            text(w, "Id", "NOTPROVIDED")?;
            close(w, "Othr")?;
        }
    }
    close(w, "FinInstnId")?;
    close(w, name)
}

fn account(w: &mut Out, name: &str, iban: &Iban, currency: Option<&str>) -> std::io::Result<()> {
    open(w, name)?;
    open(w, "Id")?;
    text(w, "IBAN", iban.as_str())?;
    close(w, "Id")?;
    if let Some(ccy) = currency {
        text(w, "Ccy", ccy)?;
    }
    close(w, name)
}

/// The batch as one pain.001.001.03 document, in euros, one payment
/// information block, charges shared (`SLEV`).
pub fn write(batch: &Batch) -> Result<String, PainError> {
    if batch.payments.is_empty() {
        return Err(PainError::Empty);
    }
    if let Some(i) = batch.payments.iter().position(|p| p.amount == 0) {
        return Err(PainError::ZeroAmount(i));
    }
    let total = batch
        .payments
        .iter()
        .try_fold(0u64, |sum, p| sum.checked_add(p.amount))
        .filter(|t| *t <= ledger::MAX_AMOUNT)
        .ok_or(PainError::TooLarge)?;
    let euro = Currency::of("EUR");
    let count = batch.payments.len().to_string();
    let sum = Decimal(total, &euro).to_string();
    let xml = (|| -> std::io::Result<Vec<u8>> {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut root = quick_xml::events::BytesStart::new("Document");
        root.push_attribute(("xmlns", NAMESPACE));
        w.write_event(Event::Start(root))?;
        open(&mut w, "CstmrCdtTrfInitn")?;

        open(&mut w, "GrpHdr")?;
        text(&mut w, "MsgId", &sepa_id(&batch.message_id))?;
        text(&mut w, "CreDtTm", &batch.created_at)?;
        text(&mut w, "NbOfTxs", &count)?;
        text(&mut w, "CtrlSum", &sum)?;
        open(&mut w, "InitgPty")?;
        text(&mut w, "Nm", &sepa_text(&batch.debtor.name, 70))?;
        close(&mut w, "InitgPty")?;
        close(&mut w, "GrpHdr")?;

        open(&mut w, "PmtInf")?;
        text(&mut w, "PmtInfId", &sepa_id(&batch.message_id))?;
        text(&mut w, "PmtMtd", "TRF")?;
        text(&mut w, "BtchBookg", "true")?;
        text(&mut w, "NbOfTxs", &count)?;
        text(&mut w, "CtrlSum", &sum)?;
        open(&mut w, "PmtTpInf")?;
        open(&mut w, "SvcLvl")?;
        text(&mut w, "Cd", "SEPA")?;
        close(&mut w, "SvcLvl")?;
        close(&mut w, "PmtTpInf")?;
        text(&mut w, "ReqdExctnDt", &batch.execution_date)?;
        open(&mut w, "Dbtr")?;
        text(&mut w, "Nm", &sepa_text(&batch.debtor.name, 70))?;
        close(&mut w, "Dbtr")?;
        account(&mut w, "DbtrAcct", &batch.debtor.iban, Some("EUR"))?;
        agent(&mut w, "DbtrAgt", batch.debtor.bic.as_ref())?;
        text(&mut w, "ChrgBr", "SLEV")?;
        for p in &batch.payments {
            open(&mut w, "CdtTrfTxInf")?;
            open(&mut w, "PmtId")?;
            text(&mut w, "EndToEndId", &sepa_id(&p.end_to_end_id))?;
            close(&mut w, "PmtId")?;
            open(&mut w, "Amt")?;
            let mut amount = quick_xml::events::BytesStart::new("InstdAmt");
            amount.push_attribute(("Ccy", "EUR"));
            w.write_event(Event::Start(amount))?;
            let value = Decimal(p.amount, &euro).to_string();
            w.write_event(Event::Text(quick_xml::events::BytesText::new(&value)))?;
            close(&mut w, "InstdAmt")?;
            close(&mut w, "Amt")?;
            if let Some(bic) = &p.bic {
                agent(&mut w, "CdtrAgt", Some(bic))?;
            }
            open(&mut w, "Cdtr")?;
            text(&mut w, "Nm", &sepa_text(&p.creditor_name, 70))?;
            close(&mut w, "Cdtr")?;
            account(&mut w, "CdtrAcct", &p.iban, None)?;
            let remittance = sepa_text(&p.remittance, 140);
            if !remittance.is_empty() {
                open(&mut w, "RmtInf")?;
                text(&mut w, "Ustrd", &remittance)?;
                close(&mut w, "RmtInf")?;
            }
            close(&mut w, "CdtTrfTxInf")?;
        }
        close(&mut w, "PmtInf")?;
        close(&mut w, "CstmrCdtTrfInitn")?;
        close(&mut w, "Document")?;
        Ok(w.into_inner())
    })()
    .expect("writing to memory cannot fail");
    Ok(String::from_utf8(xml).expect("the writer only writes UTF-8"))
}
