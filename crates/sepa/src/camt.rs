//! Bank-to-customer statements (ISO 20022 camt.053, versions .001.02 to
//! .001.13): the booked entries of one account over a period, with the
//! opening and closing balances they must add up to.
//!
//! Read with `roxmltree`, which neither fetches external entities nor
//! expands unbounded ones: a statement is untrusted input.

use ledger::{AmountError, Currency, parse_amount};
use roxmltree::{Document, Node};

/// What was wrong with a statement, in terms a treasurer can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CamtError {
    #[error("not XML: {0}")]
    NotXml(String),
    #[error("not a camt.053 statement")]
    NotCamt053,
    #[error("the statement has no {0}")]
    Missing(&'static str),
    #[error("the file holds {0} statements; import them one account at a time")]
    SeveralStatements(usize),
    #[error("unreadable amount {0:?}")]
    BadAmount(String),
    #[error("amount {amount:?} is in {found}, the account is in {expected}")]
    WrongCurrency {
        amount: String,
        found: String,
        expected: String,
    },
    #[error("unreadable date {0:?}")]
    BadDate(String),
    #[error(
        "the entries do not add up: opening {opening} + entries {entries} = {computed}, but the closing balance is {closing}"
    )]
    DoesNotAddUp {
        opening: i64,
        entries: i128,
        computed: i128,
        closing: i64,
    },
}

/// One account's statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The bank's id of this statement (`Stmt/Id`).
    pub id: String,
    pub iban: String,
    pub currency: String,
    /// Signed, in minor units.
    pub opening: i64,
    pub closing: i64,
    /// Booked entries, in the file's order.
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Money in (true) or out.
    pub credit: bool,
    /// Positive, in minor units.
    pub amount: i64,
    /// `YYYY-MM-DD`.
    pub booked_on: String,
    /// The bank's reference for the entry (`AcctSvcrRef`, else `NtryRef`),
    /// or empty.
    pub bank_ref: String,
    /// The payer's end-to-end id, if any (`NOTPROVIDED` is dropped).
    pub end_to_end_id: String,
    /// Who paid (money in) or was paid (money out), as the bank wrote it.
    pub counterparty: String,
    /// The remittance information, free text and structured references
    /// joined by spaces.
    pub remittance: String,
}

impl Statement {
    /// The sum of the entries, money in positive (wide: a file may hold
    /// many large amounts).
    pub fn movement(&self) -> i128 {
        self.entries
            .iter()
            .map(|e| i128::from(if e.credit { e.amount } else { -e.amount }))
            .sum()
    }
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a
where
    'i: 'a,
{
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The element at the end of `path`, each step a child's local name.
fn at<'a, 'i>(node: Node<'a, 'i>, path: &[&str]) -> Option<Node<'a, 'i>> {
    path.iter().try_fold(node, |n, name| child(n, name))
}

fn text_at(node: Node, path: &[&str]) -> String {
    at(node, path)
        .and_then(|n| n.text())
        .map(|t| t.trim().to_owned())
        .unwrap_or_default()
}

/// A `*AndAmount` element, checked against the statement's currency.
fn amount(node: Node, currency: &Currency) -> Result<i64, CamtError> {
    let text = node.text().unwrap_or("").trim();
    let found = node.attribute("Ccy").unwrap_or("");
    if found != currency.code {
        return Err(CamtError::WrongCurrency {
            amount: text.to_owned(),
            found: found.to_owned(),
            expected: currency.code.clone(),
        });
    }
    let strict = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == '.');
    if !strict {
        return Err(CamtError::BadAmount(text.to_owned()));
    }
    match parse_amount(text, currency) {
        Ok(minor) => i64::try_from(minor).map_err(|_| CamtError::BadAmount(text.to_owned())),
        Err(AmountError::Zero) => Ok(0),
        Err(_) => Err(CamtError::BadAmount(text.to_owned())),
    }
}

fn is_credit(node: Node) -> Result<bool, CamtError> {
    match text_at(node, &["CdtDbtInd"]).as_str() {
        "CRDT" => Ok(true),
        "DBIT" => Ok(false),
        _ => Err(CamtError::Missing("credit/debit indicator")),
    }
}

fn date(node: Node, name: &'static str) -> Result<String, CamtError> {
    let day = match at(node, &[name, "Dt"]) {
        Some(d) => d.text().unwrap_or("").trim().to_owned(),
        None => text_at(node, &[name, "DtTm"]).chars().take(10).collect(),
    };
    let b = day.as_bytes();
    let well_formed = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && day
            .chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if well_formed {
        Ok(day)
    } else if day.is_empty() {
        Err(CamtError::Missing(name_of(name)))
    } else {
        Err(CamtError::BadDate(day))
    }
}

fn name_of(element: &'static str) -> &'static str {
    match element {
        "BookgDt" => "booking date",
        _ => "date",
    }
}

/// The balance of a type (`OPBD`, `PRCD`, `CLBD`), signed.
fn balance(stmt: Node, codes: &[&str], currency: &Currency) -> Result<Option<i64>, CamtError> {
    for bal in children(stmt, "Bal") {
        let code = text_at(bal, &["Tp", "CdOrPrtry", "Cd"]);
        if codes.contains(&code.as_str()) {
            let node = child(bal, "Amt").ok_or(CamtError::Missing("balance amount"))?;
            let value = amount(node, currency)?;
            return Ok(Some(if is_credit(bal)? { value } else { -value }));
        }
    }
    Ok(None)
}

/// The party on the other side: the debtor of money in, the creditor of
/// money out (`Dbtr/Nm` before version 8, `Dbtr/Pty/Nm` from it).
fn counterparty(tx: Node, credit: bool) -> String {
    let role = if credit { "Dbtr" } else { "Cdtr" };
    let Some(party) = at(tx, &["RltdPties", role]) else {
        return String::new();
    };
    let direct = text_at(party, &["Nm"]);
    if direct.is_empty() {
        text_at(party, &["Pty", "Nm"])
    } else {
        direct
    }
}

fn remittance(tx: Node) -> String {
    let Some(info) = child(tx, "RmtInf") else {
        return String::new();
    };
    let mut parts: Vec<String> = children(info, "Ustrd")
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_owned())
        .collect();
    for strd in children(info, "Strd") {
        let reference = text_at(strd, &["CdtrRefInf", "Ref"]);
        if !reference.is_empty() {
            parts.push(reference);
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

/// Reads a camt.053 file holding one account's statement, and checks that
/// its booked entries take the opening balance to the closing one.
pub fn parse(xml: &str) -> Result<Statement, CamtError> {
    let doc = Document::parse(xml).map_err(|e| CamtError::NotXml(e.to_string()))?;
    let root = doc.root_element();
    let is_camt053 = root.tag_name().name() == "Document"
        && root
            .tag_name()
            .namespace()
            .is_some_and(|ns| ns.starts_with("urn:iso:std:iso:20022:tech:xsd:camt.053.001."));
    let report = child(root, "BkToCstmrStmt").filter(|_| is_camt053);
    let report = report.ok_or(CamtError::NotCamt053)?;
    let statements: Vec<Node> = children(report, "Stmt").collect();
    let stmt = match statements.as_slice() {
        [one] => *one,
        [] => return Err(CamtError::Missing("Stmt element")),
        many => return Err(CamtError::SeveralStatements(many.len())),
    };
    let id = text_at(stmt, &["Id"]);
    if id.is_empty() {
        return Err(CamtError::Missing("statement id"));
    }
    let iban = text_at(stmt, &["Acct", "Id", "IBAN"]);
    if iban.is_empty() {
        return Err(CamtError::Missing("account IBAN"));
    }
    // The account's currency, else the opening balance's.
    let mut code = text_at(stmt, &["Acct", "Ccy"]);
    if code.is_empty() {
        code = children(stmt, "Bal")
            .find_map(|b| child(b, "Amt").and_then(|a| a.attribute("Ccy")))
            .unwrap_or("")
            .to_owned();
    }
    if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(CamtError::Missing("account currency"));
    }
    let currency = Currency::of(&code);
    let opening = balance(stmt, &["OPBD", "PRCD"], &currency)?
        .ok_or(CamtError::Missing("opening balance"))?;
    let closing =
        balance(stmt, &["CLBD"], &currency)?.ok_or(CamtError::Missing("closing balance"))?;

    let mut entries = Vec::new();
    for ntry in children(stmt, "Ntry") {
        // Only booked entries move the balance (`Sts` is a code, or from
        // version 8 holds one).
        let status = match text_at(ntry, &["Sts"]) {
            s if s.is_empty() => text_at(ntry, &["Sts", "Cd"]),
            s => s,
        };
        if status != "BOOK" {
            continue;
        }
        let credit = is_credit(ntry)?;
        let value = amount(
            child(ntry, "Amt").ok_or(CamtError::Missing("entry amount"))?,
            &currency,
        )?;
        let mut bank_ref = text_at(ntry, &["AcctSvcrRef"]);
        if bank_ref.is_empty() {
            bank_ref = text_at(ntry, &["NtryRef"]);
        }
        // Details of the (first) transaction of the entry: a batch booking
        // groups several, and is then matched by the entry as a whole.
        let tx = at(ntry, &["NtryDtls", "TxDtls"]);
        let end_to_end_id = tx
            .map(|t| text_at(t, &["Refs", "EndToEndId"]))
            .filter(|id| id != "NOTPROVIDED")
            .unwrap_or_default();
        entries.push(Entry {
            credit,
            amount: value,
            booked_on: date(ntry, "BookgDt")?,
            bank_ref,
            end_to_end_id,
            counterparty: tx.map(|t| counterparty(t, credit)).unwrap_or_default(),
            remittance: tx.map(remittance).unwrap_or_default(),
        });
    }
    let statement = Statement {
        id,
        iban,
        currency: code,
        opening,
        closing,
        entries,
    };
    let movement = statement.movement();
    let computed = i128::from(opening) + movement;
    if computed != i128::from(closing) {
        return Err(CamtError::DoesNotAddUp {
            opening,
            entries: movement,
            computed,
            closing,
        });
    }
    Ok(statement)
}
