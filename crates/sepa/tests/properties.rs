//! Properties of the bank-file rules over generated accounts, references,
//! statements and batches.

use proptest::prelude::*;
use sepa::camt::{self, CamtError};
use sepa::pain::{self, Batch, Debtor, Payment};
use sepa::{Iban, IbanError, reference};

fn french_bban() -> impl Strategy<Value = String> {
    "[0-9]{10}[0-9A-Z]{11}[0-9]{2}"
}

proptest! {
    /// Any IBAN built from a national number checks, and changing one of its
    /// digits, or swapping two different neighbouring digits, is always
    /// caught (what MOD 97-10 guarantees).
    #[test]
    fn ibans_catch_one_typo(bban in french_bban(), at in 4usize..27, swap in 4usize..26, digit in 0u32..10) {
        let iban = Iban::from_bban("FR", &bban).unwrap();
        prop_assert!(Iban::parse(&iban.to_string()).is_ok());
        let mut typo: Vec<char> = iban.as_str().chars().collect();
        let replacement = char::from_digit(digit, 10).unwrap();
        if typo[at].is_ascii_digit() && typo[at] != replacement {
            typo[at] = replacement;
            let typo: String = typo.into_iter().collect();
            prop_assert_eq!(Iban::parse(&typo), Err(IbanError::Checksum));
        }
        let mut swapped: Vec<char> = iban.as_str().chars().collect();
        let digits = swapped[swap].is_ascii_digit() && swapped[swap + 1].is_ascii_digit();
        if digits && swapped[swap] != swapped[swap + 1] {
            swapped.swap(swap, swap + 1);
            let swapped: String = swapped.into_iter().collect();
            prop_assert_eq!(Iban::parse(&swapped), Err(IbanError::Checksum));
        }
    }

    /// A reference made here is valid, found again in any remittance text
    /// around it however spaced, and one changed letter breaks it.
    #[test]
    fn references_are_found_and_typos_caught(body in "[A-Z0-9]{10}", before in "[a-z ]{0,20}", after in "[a-z ]{0,20}", at in 4usize..14, letter in "[A-Z]") {
        let r = reference::make(&body).unwrap();
        prop_assert!(reference::is_valid(&r));
        let text = format!("{before} {} {after}", reference::display(&r).to_lowercase());
        prop_assert!(reference::find_all(&text, r.len()).contains(&r));
        let mut typo: Vec<char> = r.chars().collect();
        let c = letter.chars().next().unwrap();
        if typo[at].is_ascii_uppercase() && typo[at] != c {
            typo[at] = c;
            let typo: String = typo.into_iter().collect();
            prop_assert!(!reference::is_valid(&typo));
        }
    }

    /// A statement whose entries add up parses back to what was written;
    /// changing any one amount makes it refused as not adding up.
    #[test]
    fn statements_must_add_up(opening in -1_000_000i64..1_000_000, entries in prop::collection::vec((any::<bool>(), 1i64..500_000), 0..30), bump in any::<prop::sample::Index>()) {
        let xml = statement_xml(opening, &entries, 0);
        let parsed = camt::parse(&xml).unwrap();
        prop_assert_eq!(parsed.opening, opening);
        prop_assert_eq!(parsed.entries.len(), entries.len());
        for (e, (credit, amount)) in parsed.entries.iter().zip(&entries) {
            prop_assert_eq!(e.credit, *credit);
            prop_assert_eq!(e.amount, *amount);
        }
        if !entries.is_empty() {
            let altered = statement_xml(opening, &entries, 1 + bump.index(entries.len()));
            let refused = matches!(camt::parse(&altered), Err(CamtError::DoesNotAddUp { .. }));
            prop_assert!(refused);
        }
    }

    /// A written batch carries every payment, and its control sum and count
    /// match them.
    #[test]
    fn batches_carry_every_payment(amounts in prop::collection::vec(1u64..10_000_000, 1..40), name in "\\PC{0,80}") {
        let batch = Batch {
            message_id: "FRC-2026-11-25-1".into(),
            created_at: "2026-11-25T10:00:00".into(),
            execution_date: "2026-11-26".into(),
            debtor: Debtor { name: name.clone(), iban: Iban::parse("FR7630006000011234567890189").unwrap(), bic: None },
            payments: amounts.iter().enumerate().map(|(i, a)| Payment {
                end_to_end_id: format!("P{i}"),
                amount: *a,
                creditor_name: name.clone(),
                iban: Iban::parse("DE89370400440532013000").unwrap(),
                bic: None,
                remittance: name.clone(),
            }).collect(),
        };
        let xml = pain::write(&batch).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let texts = |name: &str| -> Vec<String> {
            doc.descendants().filter(|n| n.tag_name().name() == name).map(|n| n.text().unwrap_or("").to_owned()).collect()
        };
        let euro = ledger::Currency::of("EUR");
        let instructed: Vec<u64> = texts("InstdAmt").iter().map(|t| ledger::parse_amount(t, &euro).unwrap()).collect();
        prop_assert_eq!(&instructed, &amounts);
        let total: u64 = amounts.iter().sum();
        for sum in texts("CtrlSum") {
            prop_assert_eq!(ledger::parse_amount(&sum, &euro).unwrap(), total);
        }
        for count in texts("NbOfTxs") {
            prop_assert_eq!(count, amounts.len().to_string());
        }
        // Names only hold the SEPA character set.
        for text in texts("Nm").iter().chain(texts("Ustrd").iter()) {
            prop_assert!(text.chars().all(|c| c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c)));
        }
    }
}

/// A camt.053.001.02 statement; `skew` > 0 adds one cent to that entry
/// (1-based) after the balances were computed.
fn statement_xml(opening: i64, entries: &[(bool, i64)], skew: usize) -> String {
    let euro = ledger::Currency::of("EUR");
    let money = |minor: i64| ledger::Decimal(minor.unsigned_abs(), &euro).to_string();
    let side = |credit: bool| if credit { "CRDT" } else { "DBIT" };
    let closing = opening
        + entries
            .iter()
            .map(|(c, a)| if *c { *a } else { -a })
            .sum::<i64>();
    let balance = |code: &str, value: i64| {
        format!(
            "<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{}</Amt>\
             <CdtDbtInd>{}</CdtDbtInd><Dt><Dt>2026-11-30</Dt></Dt></Bal>",
            money(value),
            side(value >= 0)
        )
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>\
         <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-30T18:00:00</CreDtTm></GrpHdr>\
         <Stmt><Id>S1</Id><Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>",
    );
    xml += &balance("OPBD", opening);
    xml += &balance("CLBD", closing);
    for (i, (credit, amount)) in entries.iter().enumerate() {
        let amount = if skew == i + 1 { amount + 1 } else { *amount };
        xml += &format!(
            "<Ntry><Amt Ccy=\"EUR\">{}</Amt><CdtDbtInd>{}</CdtDbtInd><Sts>BOOK</Sts>\
             <BookgDt><Dt>2026-11-0{}</Dt></BookgDt><AcctSvcrRef>B{i}</AcctSvcrRef>\
             <NtryDtls><TxDtls><RmtInf><Ustrd>line {i}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>",
            money(amount),
            side(*credit),
            1 + i % 9
        );
    }
    xml + "</Stmt></BkToCstmrStmt></Document>"
}

#[test]
fn a_bank_statement_in_version_8_reads_the_same() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>M</MsgId><CreDtTm>2026-11-30T18:00:00+01:00</CreDtTm></GrpHdr>
  <Stmt>
   <Id>2026-11</Id>
   <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
   <Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-10-31</Dt></Dt></Bal>
   <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">25.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-30</Dt></Dt></Bal>
   <Ntry>
    <Amt Ccy="EUR">25.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><DtTm>2026-11-03T09:12:00+01:00</DtTm></BookgDt>
    <NtryDtls><TxDtls>
     <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
     <RltdPties><Dbtr><Pty><Nm>Jeanne Martin</Nm></Pty></Dbtr></RltdPties>
     <RmtInf><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>
    </TxDtls></NtryDtls>
   </Ntry>
   <Ntry><Amt Ccy="EUR">99.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts><BookgDt><Dt>2026-11-30</Dt></BookgDt></Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>"#;
    let s = camt::parse(xml).unwrap();
    assert_eq!(
        s.entries.len(),
        1,
        "pending entries do not move the balance"
    );
    let e = &s.entries[0];
    assert_eq!(
        (
            e.booked_on.as_str(),
            e.counterparty.as_str(),
            e.remittance.as_str(),
            e.end_to_end_id.as_str()
        ),
        ("2026-11-03", "Jeanne Martin", "RF18539007547034", "")
    );
    assert_eq!((s.opening, s.closing), (0, 2500));
}

#[test]
fn bad_statements_say_what_is_wrong() {
    assert!(matches!(
        camt::parse("<Document"),
        Err(CamtError::NotXml(_))
    ));
    assert_eq!(
        camt::parse("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"/>"),
        Err(CamtError::NotCamt053)
    );
    let dollars =
        statement_xml(0, &[(true, 100)], 0).replace("Ccy=\"EUR\">1.00", "Ccy=\"USD\">1.00");
    assert!(matches!(
        camt::parse(&dollars),
        Err(CamtError::WrongCurrency { .. })
    ));
    let negative = statement_xml(0, &[(true, 100)], 0).replace(">1.00<", ">-1.00<");
    assert!(matches!(
        camt::parse(&negative),
        Err(CamtError::BadAmount(_))
    ));
    let precise = statement_xml(0, &[(true, 100)], 0).replace(">1.00<", ">1.001<");
    assert!(matches!(
        camt::parse(&precise),
        Err(CamtError::BadAmount(_))
    ));
    let undated =
        statement_xml(0, &[(true, 100)], 0).replace("<BookgDt><Dt>2026-11-01</Dt></BookgDt>", "");
    assert_eq!(
        camt::parse(&undated),
        Err(CamtError::Missing("booking date"))
    );
    let entity = "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Document>&x;</Document>";
    assert!(
        camt::parse(entity).is_err(),
        "external entities are never read"
    );
}
