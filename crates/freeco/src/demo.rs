//! Demo data: a small, believable local economy around a French town.
//! Created once (when no member exists), through the same services as the UI.

use kernel::collectives::{self, CollectiveInput, CollectiveKind, CollegeInput, Role};
use kernel::db::Db;
use kernel::i18n::Lang;
use kernel::members;
use kernel::organisations::{self, OrgKind, OrganisationInput};
use sqlx::Row;

pub const PASSWORD: &str = "demo-freeco-2026";

/// (e-mail, display name, language, what the person does)
const PEOPLE: &[(&str, &str, Lang, &str)] = &[
    (
        "camille@demo.freeco.coop",
        "Camille Martin",
        Lang::Fr,
        "coordinatrice de l'AMAP",
    ),
    (
        "lucas@demo.freeco.coop",
        "Lucas Bernard",
        Lang::Fr,
        "maraîcher bio",
    ),
    (
        "amina@demo.freeco.coop",
        "Amina Diallo",
        Lang::Fr,
        "boulangère, SCOP",
    ),
    (
        "pierre@demo.freeco.coop",
        "Pierre Lefèvre",
        Lang::Fr,
        "boulanger, SCOP",
    ),
    (
        "sophie@demo.freeco.coop",
        "Sophie Moreau",
        Lang::Fr,
        "maire adjointe",
    ),
    (
        "jean@demo.freeco.coop",
        "Jean Dupont",
        Lang::Fr,
        "président de l'association des habitants",
    ),
    (
        "emma@demo.freeco.coop",
        "Emma Wilson",
        Lang::En,
        "resident, translator",
    ),
    (
        "oliver@demo.freeco.coop",
        "Oliver Smith",
        Lang::En,
        "cabinet-maker, independent",
    ),
    ("lea@demo.freeco.coop", "Léa Petit", Lang::Fr, "apicultrice"),
    (
        "hugo@demo.freeco.coop",
        "Hugo Roux",
        Lang::Fr,
        "éleveur de chèvres",
    ),
    (
        "chloe@demo.freeco.coop",
        "Chloé Fournier",
        Lang::Fr,
        "trésorière de l'AMAP",
    ),
    (
        "nathan@demo.freeco.coop",
        "Nathan Girard",
        Lang::Fr,
        "développeur bénévole",
    ),
    (
        "ines@demo.freeco.coop",
        "Inès Bonnet",
        Lang::Fr,
        "comptable",
    ),
    ("tom@demo.freeco.coop", "Tom Dubois", Lang::Fr, "cuisinier"),
    (
        "manon@demo.freeco.coop",
        "Manon Lambert",
        Lang::Fr,
        "étudiante",
    ),
    (
        "paul@demo.freeco.coop",
        "Paul Fontaine",
        Lang::Fr,
        "retraité, réparateur de vélos",
    ),
    (
        "sarah@demo.freeco.coop",
        "Sarah Cohen",
        Lang::En,
        "resident, nurse",
    ),
    (
        "karim@demo.freeco.coop",
        "Karim Benali",
        Lang::Fr,
        "livreur à vélo",
    ),
    (
        "julie@demo.freeco.coop",
        "Julie Mercier",
        Lang::Fr,
        "agente municipale",
    ),
    (
        "antoine@demo.freeco.coop",
        "Antoine Garnier",
        Lang::Fr,
        "meunier",
    ),
    (
        "clara@demo.freeco.coop",
        "Clara Chevalier",
        Lang::Fr,
        "enseignante",
    ),
    (
        "louis@demo.freeco.coop",
        "Louis Faure",
        Lang::Fr,
        "vigneron",
    ),
    (
        "zoe@demo.freeco.coop",
        "Zoé André",
        Lang::Fr,
        "graphiste indépendante",
    ),
    (
        "gabriel@demo.freeco.coop",
        "Gabriel Rousseau",
        Lang::Fr,
        "conseiller municipal",
    ),
    (
        "alice@demo.freeco.coop",
        "Alice Blanc",
        Lang::Fr,
        "habitante",
    ),
    (
        "mohamed@demo.freeco.coop",
        "Mohamed Haddad",
        Lang::Fr,
        "épicier",
    ),
    (
        "lina@demo.freeco.coop",
        "Lina Guerin",
        Lang::Fr,
        "sage-femme",
    ),
    (
        "james@demo.freeco.coop",
        "James Taylor",
        Lang::En,
        "resident, retired engineer",
    ),
    (
        "eva@demo.freeco.coop",
        "Eva Muller",
        Lang::En,
        "baker apprentice",
    ),
    (
        "admin@demo.freeco.coop",
        "Admin Freeco",
        Lang::Fr,
        "administrateur de l'instance",
    ),
];

fn fail(what: &str) -> impl Fn(kernel::AppError) -> anyhow::Error + '_ {
    move |e| anyhow::anyhow!("demo data ({what}): {e:?}")
}

/// Creates the demo data unless members exist; returns the logins to print.
pub async fn ensure(db: &Db) -> anyhow::Result<Vec<(&'static str, &'static str)>> {
    let logins: Vec<_> = PEOPLE
        .iter()
        .take(8)
        .map(|p| (p.0, p.3))
        .chain([(PEOPLE[29].0, PEOPLE[29].3)])
        .collect();
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM members")
        .fetch_one(db.pool())
        .await?
        .get("n");
    if existing > 0 {
        return Ok(logins);
    }
    tracing::info!("creating demo data");
    let charter = kernel::charter::current(db)
        .await
        .map_err(fail("charter"))?;
    let mut ids = Vec::new();
    for (i, (email, name, lang, _)) in PEOPLE.iter().enumerate() {
        let id = members::create_confirmed(db, email, PASSWORD, name, *lang, i == 29)
            .await
            .map_err(fail(email))?;
        // Two members have not accepted the charter yet, to show what that looks like.
        if i != 14 && i != 24 {
            kernel::charter::accept(db, &id, charter.version)
                .await
                .map_err(fail("acceptance"))?;
        }
        ids.push(id);
    }

    let org = |name: &str,
               kind,
               siret: Option<&str>,
               address: &str,
               lat: f64,
               lon: f64,
               description: &str| OrganisationInput {
        name: name.into(),
        kind,
        siret: siret.map(Into::into),
        address: address.into(),
        latitude: Some(lat),
        longitude: Some(lon),
        description: description.into(),
    };
    let orgs = [
        (
            0,
            org(
                "AMAP des Coteaux",
                OrgKind::Amap,
                None,
                "Salle des fêtes, 2 place de la Mairie, 69440 Mornant",
                45.6189,
                4.6722,
                "Paniers hebdomadaires de légumes, pain, fromage et miel, en contrat direct avec six fermes à moins de 30 km.",
            ),
        ),
        (
            2,
            org(
                "Fournil Coopératif",
                OrgKind::Scop,
                Some("12002701600019"),
                "14 rue des Tanneurs, 69440 Mornant",
                45.6201,
                4.6710,
                "SCOP de boulangers : farines locales moulues sur meule, levain naturel, écart de salaire de 1 à 1,5.",
            ),
        ),
        (
            4,
            org(
                "Commune de Mornant",
                OrgKind::LocalAuthority,
                None,
                "Place de la Mairie, 69440 Mornant",
                45.6185,
                4.6718,
                "La commune soutient les circuits courts et met à disposition des lieux de retrait.",
            ),
        ),
        (
            5,
            org(
                "Habitants du Quartier des Tilleuls",
                OrgKind::Association,
                None,
                "Maison de quartier, allée des Tilleuls, 69440 Mornant",
                45.6170,
                4.6750,
                "Association d'habitants : jardin partagé, atelier vélo, achats groupés.",
            ),
        ),
        (
            7,
            org(
                "Smith Woodworks",
                OrgKind::Independent,
                None,
                "3 chemin du Bois, 69440 Mornant",
                45.6150,
                4.6690,
                "Repairable furniture from local oak and chestnut; spare parts kept for 20 years.",
            ),
        ),
        (
            1,
            org(
                "Ferme des Quatre Saisons",
                OrgKind::Company,
                None,
                "Lieu-dit Les Verchères, 69440 Mornant",
                45.6240,
                4.6650,
                "Maraîchage biologique sur 3 hectares, 40 variétés de légumes.",
            ),
        ),
    ];
    for (owner, input) in &orgs {
        organisations::create(db, &ids[*owner], input)
            .await
            .map_err(fail("organisation"))?;
    }

    let collective = |name: &str, kind, description: &str| CollectiveInput {
        name: name.into(),
        kind,
        description: description.into(),
        decision_openers: None,
    };
    // (coordinator, collective, members with roles, colleges as (name, weight, member indices))
    type Plan<'a> = (
        usize,
        CollectiveInput,
        Vec<(usize, Role)>,
        Vec<(&'a str, i64, Vec<usize>)>,
    );
    let plans: Vec<Plan> = vec![
        (
            0,
            collective(
                "AMAP des Coteaux",
                CollectiveKind::Amap,
                "Nous achetons la récolte à l'avance pour que nos fermes vivent de leur travail. Distribution le jeudi de 18 h à 19 h 30.",
            ),
            vec![
                (1, Role::Member),
                (8, Role::Member),
                (9, Role::Member),
                (10, Role::Treasurer),
                (13, Role::Member),
                (15, Role::Member),
                (16, Role::Member),
                (20, Role::Member),
                (24, Role::Member),
                (26, Role::Member),
                (27, Role::Member),
            ],
            vec![
                ("Producteurs", 1, vec![1, 8, 9]),
                ("Mangeurs", 1, vec![0, 10, 13, 15, 16, 20, 26, 27]),
            ],
        ),
        (
            2,
            collective(
                "Fournil Coopératif (SCOP)",
                CollectiveKind::Cooperative,
                "Boulangerie au levain en SCOP : les salariés associés ont 65 % des voix, les associés extérieurs (paysans meuniers, clients fidèles) 35 %.",
            ),
            vec![
                (3, Role::Coordinator),
                (19, Role::Member),
                (28, Role::Member),
                (12, Role::Treasurer),
                (25, Role::Member),
                (6, Role::Member),
            ],
            vec![
                ("Salariés associés", 65, vec![2, 3, 28, 12]),
                ("Associés extérieurs", 35, vec![19, 25, 6]),
            ],
        ),
        (
            4,
            collective(
                "Mornant en transition",
                CollectiveKind::Commune,
                "Groupe communal : lieux de retrait, marché de producteurs, budget participatif de la commune.",
            ),
            vec![
                (18, Role::Member),
                (23, Role::Coordinator),
                (5, Role::Member),
                (11, Role::Member),
                (21, Role::Member),
                (22, Role::Member),
            ],
            vec![],
        ),
        (
            5,
            collective(
                "Quartier des Tilleuls",
                CollectiveKind::Association,
                "Residents' association: shared garden, bike repair workshop, group buying of firewood and flour. Bilingual meetings.",
            ),
            vec![
                (6, Role::Member),
                (15, Role::Member),
                (16, Role::Member),
                (17, Role::Member),
                (25, Role::Member),
                (27, Role::Member),
                (7, Role::Member),
                (14, Role::Member),
            ],
            vec![],
        ),
    ];
    for (coordinator, input, members_with_roles, colleges) in plans {
        let c = collectives::create(db, &ids[coordinator], &input)
            .await
            .map_err(fail("collective"))?;
        for (member, role) in &members_with_roles {
            let request = collectives::request_join(db, &ids[*member], &c.id, "")
                .await
                .map_err(fail("join request"))?;
            collectives::decide_request(db, &ids[coordinator], &c.id, &request.id, true)
                .await
                .map_err(fail("accept"))?;
            if *role != Role::Member {
                collectives::set_role(db, &ids[coordinator], &c.id, &ids[*member], *role)
                    .await
                    .map_err(fail("role"))?;
            }
        }
        for (name, weight, placed) in colleges {
            let college = collectives::create_college(
                db,
                &ids[coordinator],
                &c.id,
                &CollegeInput {
                    name: name.into(),
                    weight,
                },
            )
            .await
            .map_err(fail("college"))?;
            for member in placed {
                collectives::set_college(
                    db,
                    &ids[coordinator],
                    &c.id,
                    &ids[member],
                    Some(&college.id),
                )
                .await
                .map_err(fail("college member"))?;
            }
        }
    }
    // A pending request, for the coordinators to see.
    let amap = collectives::get_by_slug(db, "amap-des-coteaux")
        .await
        .map_err(fail("amap"))?;
    collectives::request_join(
        db,
        &ids[17],
        &amap.id,
        "Bonjour, je livre à vélo et j'aimerais prendre un panier.",
    )
    .await
    .map_err(fail("pending request"))?;

    // Some money, through the demo payment provider (no real money), and a few payments.
    for (member, amount) in [(0, "80"), (2, "50"), (6, "30")] {
        kernel::wallet::top_up(
            db,
            &kernel::payments::DemoProvider,
            &ids[member],
            "demo-topup",
            amount,
        )
        .await
        .map_err(fail("top-up"))?;
    }
    for (from, to, amount, message) in [
        (0, 1, "18,50", "Panier de légumes, semaine 47"),
        (2, 3, "12", "Farine de petit épeautre"),
        (6, 0, "7.25", "My share of the group order"),
    ] {
        kernel::wallet::pay_member(
            db,
            &Default::default(),
            &ids[from],
            "demo-payment",
            &ids[to],
            amount,
            message,
        )
        .await
        .map_err(fail("payment"))?;
    }
    // Dues to the AMAP's treasury, so its page shows a balance and a chart.
    for (member, message) in [(0, "Adhésion 2026"), (1, "Adhésion 2026, merci !")] {
        kernel::wallet::pay_collective(
            db,
            &Default::default(),
            &ids[member],
            "demo-dues",
            &amap.id,
            "10",
            message,
        )
        .await
        .map_err(fail("dues"))?;
    }
    // The AMAP's treasurer pays a producer from the treasury, and the
    // producer withdraws to the bank: the bank desk has a payout to batch.
    let bank = bank_account();
    let pay_producer = kernel::bank::PayoutRequest {
        client_id: "demo-producer",
        destination: kernel::bank::Destination::Member(&ids[1]),
        amount: "12",
        reason: "Légumes de la distribution du 20 novembre",
    };
    kernel::bank::request_treasury_payout(db, Some(&bank), &ids[10], &amap.id, &pay_producer)
        .await
        .map_err(fail("treasury payment"))?;
    let withdrawal = kernel::bank::PayoutRequest {
        client_id: "demo-withdrawal",
        destination: kernel::bank::Destination::Bank {
            name: "Ferme du Coteau",
            iban: "DE89 3704 0044 0532 0130 00",
            bic: "",
        },
        amount: "15",
        reason: "Virement vers le compte de la ferme",
    };
    kernel::bank::request_wallet_payout(db, Some(&bank), &ids[1], &withdrawal)
        .await
        .map_err(fail("withdrawal"))?;
    Ok(logins)
}

/// The demo's bank account: the textbook example IBAN, named so that nobody
/// mistakes it for a real one.
pub fn bank_account() -> kernel::settings::BankAccount {
    kernel::settings::BankAccount {
        holder: "Freeco demo - not a real account".to_owned(),
        iban: sepa::Iban::parse("FR7630006000011234567890189").expect("a valid IBAN"),
        bic: None,
    }
}
