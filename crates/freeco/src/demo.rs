//! Demo data: a small, believable local economy around a French town.
//! Created once (when no member exists), through the same services as the UI.

use kernel::collectives::{self, CollectiveInput, CollectiveKind, CollegeInput, Role};
use kernel::db::Db;
use kernel::i18n::Lang;
use kernel::members;
use kernel::organisations::{self, OrgKind, OrganisationInput};
use kernel::{CollectiveId, MemberId};
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
        .try_get("n")?;
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
    let euros = |text: &str| kernel::wallet::parse_amount(text).map_err(fail("amount"));
    for (member, amount) in [(0, "80"), (2, "50"), (6, "30")] {
        let amount = euros(amount)?;
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
        (6, 5, "7.25", "My share of the firewood order"),
    ] {
        let amount = euros(amount)?;
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
            euros("10")?,
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
        amount: euros("12")?,
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
        amount: euros("15")?,
        reason: "Virement vers le compte de la ferme",
    };
    kernel::bank::request_wallet_payout(db, Some(&bank), &ids[1], &withdrawal)
        .await
        .map_err(fail("withdrawal"))?;
    projects_and_decisions(db, &ids).await?;
    market(db, &ids).await?;
    group_buying(db, &ids).await?;
    crowdfunding(db, &ids).await?;
    Ok(logins)
}

/// Group buying: the AMAP pools a winter order of flour and oil from a
/// mill outside the platform, with price tiers by quantity, and members
/// have committed toward them.
async fn group_buying(db: &Db, ids: &[MemberId]) -> anyhow::Result<()> {
    use groupbuy::baskets::{self, BasketInput, LineInput};
    use groupbuy::purchases::{self, PickupInput, ProductInput, PurchaseInput, TierInput};
    let amap = collectives::get_by_slug(db, "amap-des-coteaux")
        .await
        .map_err(fail("amap"))?;
    let tier = |from, to, unit_price| TierInput {
        from,
        to,
        unit_price,
    };
    let input = PurchaseInput {
        title: "Farine et huile d'hiver — Moulin de la Vallée".into(),
        description:
            "Farine T65 de blé local en sacs de 25 kg, huile de tournesol pressée à froid \
                      en cartons de 6 litres. Plus nous commandons ensemble, moins chacun paie."
                .into(),
        collective_id: Some(amap.id.to_string()),
        supplier_id: None,
        supplier_name: Some("Moulin de la Vallée".into()),
        supplier_contact: Some("commandes@moulin-vallee.example".into()),
        minimum: 40_000,
        maximum: Some(400_000),
        deadline_at: kernel::db::now_ms() + 10 * 24 * 3600 * 1000,
        fill_until: Some(kernel::db::now_ms() + 12 * 24 * 3600 * 1000),
        if_short: "extend".into(),
        extend_days: Some(7),
        products: vec![
            ProductInput {
                name: "Farine T65".into(),
                unit: "kg".into(),
                pack_size: 25,
                step: Some(5),
                vat_rate: 550,
                retail_price: Some(290),
                tiers: vec![
                    tier(1, Some(99), 210),
                    tier(100, Some(249), 185),
                    tier(250, None, 165),
                ],
            },
            ProductInput {
                name: "Huile de tournesol".into(),
                unit: "l".into(),
                pack_size: 6,
                step: None,
                vat_rate: 550,
                retail_price: Some(520),
                tiers: vec![tier(1, Some(35), 390), tier(36, None, 350)],
            },
        ],
        pickups: vec![
            PickupInput {
                commune: "Mornant".into(),
                place: "Salle des fêtes, place de la Mairie".into(),
                hours: "samedi 10 h – 12 h".into(),
            },
            PickupInput {
                commune: "Soucieu-en-Jarrest".into(),
                place: "Local de l'AMAP, 3 rue du Stade".into(),
                hours: "vendredi 17 h – 19 h".into(),
            },
        ],
    };
    let purchase = purchases::create(db, &Default::default(), &ids[0], &input)
        .await
        .map_err(fail("group purchase"))?;
    let (flour, oil) = (&purchase.products[0].id, &purchase.products[1].id);
    for (member, pickup, flour_kg, tolerance, oil_l) in
        [(3, 0, 50, 10, 6), (4, 1, 25, 0, 12), (5, 0, 20, 5, 0)]
    {
        kernel::wallet::top_up(
            db,
            &kernel::payments::DemoProvider,
            &ids[member],
            "demo-groupbuy",
            kernel::wallet::parse_amount("200").map_err(fail("amount"))?,
        )
        .await
        .map_err(fail("top-up"))?;
        let mut lines = vec![LineInput {
            product_id: flour.clone(),
            quantity: flour_kg,
            tolerance,
        }];
        if oil_l > 0 {
            lines.push(LineInput {
                product_id: oil.clone(),
                quantity: oil_l,
                tolerance: 0,
            });
        }
        let input = BasketInput {
            pickup_id: purchase.pickups[pickup].id.clone(),
            lines,
        };
        baskets::set(db, &ids[member], &purchase.id, &input)
            .await
            .map_err(fail("group basket"))?;
    }
    Ok(())
}

/// Crowdfunding: the commune's group raises money for a cooperative
/// grocery in the village, all or nothing, with rewards (one of them
/// limited) and volunteers asked for; five members have pledged. And it
/// proposes a loan from its residents, which it is deciding on.
async fn crowdfunding(db: &Db, ids: &[MemberId]) -> anyhow::Result<()> {
    use funding::campaigns::{self, AskInput, CampaignInput, RewardInput};
    use funding::pledges::{self, PledgeInput};
    let commune = collectives::get_by_slug(db, "mornant-en-transition")
        .await
        .map_err(fail("commune"))?;
    let reward = |title: &str, description: &str, minimum, stock| RewardInput {
        title: title.into(),
        description: description.into(),
        minimum,
        stock,
    };
    let input = CampaignInput {
        title: "L'épicerie coopérative du village".into(),
        summary: "Rouvrir une épicerie au bourg, tenue par ses habitants et ses producteurs".into(),
        description: "La dernière épicerie du bourg a fermé en 2024. Avec 6 000 €, nous \
                      équipons le local prêté par la commune (étagères, caisse, chambre froide \
                      d'occasion) ; avec 9 000 €, nous ajoutons un vrai rayon vrac.\n\n\
                      Tout ou rien : si le minimum n'est pas atteint, chaque promesse est \
                      débloquée."
            .into(),
        collective_id: Some(commune.id.to_string()),
        minimum: 600_000,
        optimum: Some(900_000),
        deadline_at: kernel::db::now_ms() + 25 * 24 * 3600 * 1000,
        all_or_nothing: true,
        rewards: vec![
            reward(
                "Un grand merci",
                "Votre nom sur le tableau des fondateurs",
                1_000,
                None,
            ),
            reward(
                "Un panier de bienvenue",
                "Produits des fermes partenaires",
                5_000,
                None,
            ),
            reward(
                "Part de fondateur",
                "Une part sociale de la future SCIC, et un panier par mois pendant un an",
                25_000,
                Some(20),
            ),
        ],
        asks: vec![
            AskInput {
                kind: "time".into(),
                title: "Chantier de peinture du local".into(),
                description: "Deux samedis en janvier".into(),
                needed: 8,
            },
            AskInput {
                kind: "lend".into(),
                title: "Une camionnette pour aller chercher les étagères".into(),
                description: String::new(),
                needed: 1,
            },
        ],
    };
    let campaign = campaigns::create(db, &Default::default(), &ids[4], &input)
        .await
        .map_err(fail("campaign"))?;
    for (member, euros, reward, public) in [
        (18, "250", Some(2), true),
        (5, "50", Some(1), true),
        (11, "20", Some(0), false),
        (21, "100", Some(1), true),
        (22, "30", None, true),
    ] {
        let amount = kernel::wallet::parse_amount(euros).map_err(fail("amount"))?;
        kernel::wallet::top_up(
            db,
            &kernel::payments::DemoProvider,
            &ids[member],
            "demo-funding",
            kernel::wallet::parse_amount("300").map_err(fail("amount"))?,
        )
        .await
        .map_err(fail("top-up"))?;
        let input = PledgeInput {
            amount: amount.minor() as i64,
            reward_id: reward.map(|r: usize| campaign.rewards[r].id.clone()),
            public: Some(public),
            mail_updates: Some(true),
        };
        pledges::set(db, &ids[member], &campaign.id, &input)
            .await
            .map_err(fail("pledge"))?;
    }
    // The commune's group proposes to borrow from its residents for the
    // school's solar roof; the group decides on the terms.
    let day = 24 * 3600 * 1000;
    let now = kernel::db::now_ms();
    let loan = funding::loans::LoanInput {
        collective_id: commune.id.to_string(),
        title: "Toiture solaire de l'école".into(),
        summary: "36 kWc de panneaux sur l'école, financés par les habitants".into(),
        purpose: "Poser 36 kWc de panneaux photovoltaïques sur le toit de l'école \
                  primaire ; l'électricité vendue rembourse le prêt."
            .into(),
        risks: "Si la production est plus faible que prévu ou si la commune ne peut pas \
                rembourser, les prêteurs peuvent perdre tout ou partie de leur argent."
            .into(),
        minimum: 1_500_000,
        amount: 3_000_000,
        rate_bp: 150,
        instalments: 20,
        months_between: 3,
        amortisation: "equal_instalments".into(),
        lending_until: now + 40 * day,
        question: "Emprunter 30 000 € aux habitants pour la toiture solaire de l'école ?".into(),
        method: kernel::decisions::MethodKind::Consent,
        options: Vec::new(),
        closes_at: now + 5 * day,
    };
    funding::loans::propose(db, &Default::default(), &ids[4], &loan)
        .await
        .map_err(fail("loan"))?;
    // A mutual-aid pot for the village's shared Christmas meal, given to
    // by three members (one anonymously).
    let pot = funding::pots::PotInput {
        collective_id: commune.id.to_string(),
        title: "Repas partagé de Noël".into(),
        purpose: "Les courses et la location de la salle pour le repas de Noël ouvert à \
                  tous, quels que soient ses moyens."
            .into(),
        beneficiary_id: None,
    };
    let pot = funding::pots::create(db, &ids[4], &pot)
        .await
        .map_err(fail("pot"))?;
    for (member, cents, named) in [(18, 2_000, true), (5, 1_500, false), (21, 2_500, true)] {
        let gift = funding::pots::GiftInput {
            amount: cents,
            named,
        };
        funding::pots::give(db, &Default::default(), &ids[member], &pot.id, &gift)
            .await
            .map_err(fail("gift"))?;
    }
    Ok(())
}

/// The market: three producers with their catalogues (a farm and a
/// bakery charging VAT, a woodworker under the franchise), the AMAP's
/// shop with an open cycle, its pickup point and fees, two orders and a
/// regular order.
async fn market(db: &Db, ids: &[MemberId]) -> anyhow::Result<()> {
    use market::catalogue::{self, ProductInput, VariantInput};
    use market::orders::{self, Mode, OrderInput, OrderLineInput};
    use market::sellers::{self, SellerInput};
    use market::shops::{self, CycleInput, FeeInput, PickupInput, ShopInput};
    let org_id = |name: &'static str| async move {
        let row = sqlx::query("SELECT id FROM organisations WHERE name = $1")
            .bind(name)
            .fetch_one(db.pool())
            .await?;
        anyhow::Ok(row.try_get::<String, _>("id")?)
    };
    let farm = org_id("Ferme des Quatre Saisons").await?;
    let bakery = org_id("Fournil Coopératif").await?;
    let woodworks = org_id("Smith Woodworks").await?;
    for (owner, org, legal_name, vat_number, description, claims) in [
        (
            1,
            &farm,
            "EARL Ferme des Quatre Saisons",
            Some("FR83404833048"),
            "Légumes de saison cueillis la veille de la distribution.",
            vec!["environment", "usefulness"],
        ),
        (
            2,
            &bakery,
            "Fournil Coopératif SCOP SARL",
            Some("FR85120027016"),
            "Pain au levain cuit au feu de bois.",
            vec!["pay_equity", "environment"],
        ),
        (
            7,
            &woodworks,
            "Smith Woodworks",
            None,
            "Furniture made to be repaired.",
            vec!["durability"],
        ),
    ] {
        let input = SellerInput {
            legal_name: legal_name.into(),
            vat_number: vat_number.map(Into::into),
            description: description.into(),
            claims: claims.into_iter().map(Into::into).collect(),
        };
        sellers::set_profile(db, &ids[owner], org, &input)
            .await
            .map_err(fail("seller"))?;
    }
    let variant = |unit: &str, size: i64, price: i64, stock: Option<i64>| VariantInput {
        id: None,
        unit: unit.into(),
        size,
        weight_g: None,
        price,
        stock_mode: if stock.is_some() {
            "count"
        } else {
            "unlimited"
        }
        .into(),
        stock,
        stock_was: None,
        sku: String::new(),
    };
    let product = |name: &str,
                   category: &str,
                   vat_rate: u16,
                   label: Option<&str>,
                   variants: Vec<VariantInput>| ProductInput {
        name: name.into(),
        description: String::new(),
        category: category.into(),
        vat_rate,
        organic_label: label.map(Into::into),
        origin: "Mornant".into(),
        carbon_g: None,
        repairability: None,
        essential: category != "goods",
        allergens: Vec::new(),
        variants,
    };
    let mut offered = Vec::new();
    for (owner, org, input) in [
        (
            1,
            &farm,
            product(
                "Tomates anciennes",
                "vegetables",
                550,
                Some("ab"),
                vec![
                    variant("g", 1000, 480, Some(40)),
                    variant("g", 500, 260, Some(30)),
                ],
            ),
        ),
        (
            1,
            &farm,
            product(
                "Carottes",
                "vegetables",
                550,
                Some("ab"),
                vec![variant("g", 1000, 290, None)],
            ),
        ),
        (
            1,
            &farm,
            product(
                "Salade batavia",
                "vegetables",
                550,
                Some("ab"),
                vec![variant("piece", 1, 150, Some(25))],
            ),
        ),
        (
            2,
            &bakery,
            ProductInput {
                allergens: vec!["gluten".into()],
                ..product(
                    "Pain au levain",
                    "bread",
                    550,
                    Some("ab"),
                    vec![variant("g", 1000, 620, Some(30))],
                )
            },
        ),
        (
            2,
            &bakery,
            ProductInput {
                allergens: vec!["gluten".into(), "eggs".into(), "milk".into()],
                ..product(
                    "Brioche",
                    "bread",
                    550,
                    None,
                    vec![variant("g", 500, 750, Some(12))],
                )
            },
        ),
        (
            7,
            &woodworks,
            ProductInput {
                repairability: Some(90),
                carbon_g: Some(4200),
                ..product(
                    "Tabouret en chêne",
                    "goods",
                    2000,
                    None,
                    vec![variant("piece", 1, 8500, Some(4))],
                )
            },
        ),
    ] {
        let p = catalogue::create(db, &ids[owner], org, &input)
            .await
            .map_err(fail("product"))?;
        let variants = p.variants.iter().map(|v| v.id.clone());
        match offered
            .iter_mut()
            .find(|(o, _): &&mut (String, Vec<String>)| o == org)
        {
            Some((_, all)) => all.extend(variants),
            None if owner != 7 => offered.push((org.clone(), variants.collect())),
            None => {}
        }
    }
    let amap = collectives::get_by_slug(db, "amap-des-coteaux")
        .await
        .map_err(fail("amap"))?;
    let shop = shops::create_shop(
        db,
        &ids[0],
        &ShopInput {
            name: "Épicerie de l'AMAP des Coteaux".into(),
            description: "Les produits de nos fermes, à retirer le jeudi à la salle des fêtes."
                .into(),
            collective_id: Some(amap.id.to_string()),
            organisation_id: None,
            address: "Salle des fêtes, 2 place de la Mairie, 69440 Mornant".into(),
            latitude: Some(45.6189),
            longitude: Some(4.6722),
        },
    )
    .await
    .map_err(fail("shop"))?;
    let now = kernel::db::now_ms();
    let closes_at = next_local(now, jiff::civil::Weekday::Wednesday, 20);
    let pickup_at = closes_at + 22 * 3600 * 1000;
    let cycle = shops::create_cycle(
        db,
        &ids[0],
        &shop.id,
        &CycleInput {
            name: "Distribution du jeudi".into(),
            opens_at: now - 3600 * 1000,
            closes_at,
            capture: None,
            // A small AMAP: the cycle closes early at 40 orders.
            max_orders: Some(40),
            max_turnover: None,
            remind_hours: None,
            variant_caps: None,
        },
    )
    .await
    .map_err(fail("cycle"))?;
    // The AMAP invites its producers; each accepts, then the AMAP chooses
    // what it offers.
    for ((org, variants), admin) in offered.iter().zip([1, 2]) {
        shops::add_seller(db, &ids[0], &cycle.id, org)
            .await
            .map_err(fail("cycle seller"))?;
        shops::accept(db, &ids[admin], &cycle.id, org)
            .await
            .map_err(fail("accept"))?;
        shops::set_offer(db, &ids[0], &cycle.id, org, variants)
            .await
            .map_err(fail("offer"))?;
    }
    // The second producer makes 30 of its first product for the
    // distribution: the shop front says how many are left.
    shops::update_cycle(
        db,
        &ids[0],
        &cycle.id,
        &CycleInput {
            name: cycle.name.clone(),
            opens_at: cycle.opens_at,
            closes_at: cycle.closes_at,
            capture: None,
            max_orders: cycle.max_orders,
            max_turnover: None,
            remind_hours: None,
            variant_caps: Some(vec![shops::VariantCapInput {
                variant_id: offered[1].1[0].clone(),
                max_quantity: 30,
            }]),
        },
    )
    .await
    .map_err(fail("cycle caps"))?;
    let cycle = shops::add_pickup(
        db,
        &ids[0],
        &cycle.id,
        &PickupInput {
            place: "Salle des fêtes".into(),
            address: "2 place de la Mairie, 69440 Mornant".into(),
            starts_at: pickup_at,
            ends_at: pickup_at + 90 * 60 * 1000,
            capacity: Some(40),
            hub_id: None,
        },
    )
    .await
    .map_err(fail("pickup"))?;
    // Collected in half-hour slots; delivered around Mornant on the evening.
    let pickup_id = cycle.pickups[0].id.clone();
    shops::set_slots(
        db,
        &ids[0],
        &cycle.id,
        &pickup_id,
        &shops::SlotsInput {
            minutes: 30,
            capacity: Some(15),
        },
    )
    .await
    .map_err(fail("slots"))?;
    let cycle = shops::set_delivery(
        db,
        &ids[0],
        &cycle.id,
        &shops::DeliveryInput {
            name: "Livraison à domicile".into(),
            starts_at: pickup_at + 3 * 3600 * 1000,
            ends_at: pickup_at + 5 * 3600 * 1000,
            fee: 350,
            max_km: 8,
            minimum: Some(2000),
            capacity: Some(10),
        },
    )
    .await
    .map_err(fail("delivery"))?;
    for (by, fee) in [
        (
            0,
            FeeInput {
                seller_id: None,
                hub_id: None,
                name: "Gestion de l'AMAP".into(),
                kind: "admin".into(),
                calculator: "percent".into(),
                amount: 300,
                vat_rate: None,
            },
        ),
        (
            0,
            FeeInput {
                seller_id: None,
                hub_id: None,
                name: "Tournée de la camionnette".into(),
                kind: "transport".into(),
                calculator: "per_kg".into(),
                amount: 15,
                vat_rate: None,
            },
        ),
        (
            2,
            FeeInput {
                seller_id: Some(bakery.clone()),
                hub_id: None,
                name: "Sacs en papier".into(),
                kind: "packing".into(),
                calculator: "per_item".into(),
                amount: 5,
                vat_rate: None,
            },
        ),
    ] {
        shops::add_fee(db, &ids[by], &cycle.id, &fee)
            .await
            .map_err(fail("fee"))?;
    }
    // The commune's group distributes the farm's products of the cycle at
    // the town hall's annex, with its own small fee for the room.
    let commune = collectives::get_by_slug(db, "mornant-en-transition")
        .await
        .map_err(fail("commune"))?;
    let annex = shops::create_shop(
        db,
        &ids[4],
        &ShopInput {
            name: "Point de retrait de Mornant en transition".into(),
            description: "Les commandes des producteurs du coin, à retirer à la mairie annexe."
                .into(),
            collective_id: Some(commune.id.to_string()),
            organisation_id: None,
            address: "Mairie annexe, 1 rue Jean Moulin, 69440 Mornant".into(),
            latitude: Some(45.6175),
            longitude: Some(4.6701),
        },
    )
    .await
    .map_err(fail("commune shop"))?;
    shops::add_hub(
        db,
        &ids[0],
        &cycle.id,
        &shops::HubInput {
            shop_id: annex.id.clone(),
        },
    )
    .await
    .map_err(fail("hub"))?;
    shops::set_hub_offer(db, &ids[4], &cycle.id, &annex.id, &offered[0].1)
        .await
        .map_err(fail("hub offer"))?;
    shops::add_pickup(
        db,
        &ids[4],
        &cycle.id,
        &PickupInput {
            place: "Mairie annexe".into(),
            address: "1 rue Jean Moulin, 69440 Mornant".into(),
            starts_at: pickup_at + 30 * 60 * 1000,
            ends_at: pickup_at + 2 * 3600 * 1000,
            capacity: Some(20),
            hub_id: Some(annex.id.clone()),
        },
    )
    .await
    .map_err(fail("hub pickup"))?;
    shops::add_fee(
        db,
        &ids[4],
        &cycle.id,
        &FeeInput {
            seller_id: None,
            hub_id: Some(annex.id.clone()),
            name: "Salle de la mairie annexe".into(),
            kind: "admin".into(),
            calculator: "per_order".into(),
            amount: 50,
            vat_rate: None,
        },
    )
    .await
    .map_err(fail("hub fee"))?;
    let cycle = shops::cycle(db, &cycle.id).await.map_err(fail("cycle"))?;
    let Some(pickup) = cycle.pickups.iter().find(|p| p.id == pickup_id) else {
        return Err(fail("pickup")(kernel::AppError::NotFound));
    };
    // (buyer, slot, [(producer, variant, quantity)])
    for (buyer, slot, lines) in [
        (0, 0, [(0, 0, 2), (1, 0, 1)]),
        (2, 1, [(0, 2, 1), (1, 1, 1)]),
    ] {
        let input = OrderInput {
            pickup_id: pickup.id.clone(),
            slot_id: pickup.slots.get(slot).map(|s| s.id.clone()),
            delivery: None,
            lines: lines
                .iter()
                .map(|(org, v, quantity)| OrderLineInput {
                    variant_id: offered[*org].1[*v].clone(),
                    quantity: *quantity,
                })
                .collect(),
            bill_to: None,
            card: None,
        };
        orders::place(
            db,
            &Default::default(),
            &ids[buyer],
            &cycle.id,
            &input,
            Mode::Replace,
        )
        .await
        .map_err(fail("order"))?;
    }
    // A member orders the farm's first product in every cycle, from today.
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    market::regular::create(
        db,
        &Default::default(),
        &ids[2],
        &shop.id,
        &market::regular::RegularInput {
            place: cycle.pickups[0].place.clone(),
            starts_on: today,
            ends_on: None,
            lines: vec![market::regular::RegularLineInput {
                variant_id: offered[0].1[0].clone(),
                quantity: 1,
            }],
        },
    )
    .await
    .map_err(fail("regular order"))?;
    amap_contract(db, ids, &shop.id, &farm).await
}

/// An AMAP contract: the farm's weekly vegetable basket for twelve weeks,
/// at the AMAP's shop, with its volunteers' roster; one of the members who
/// ordered above holds a basket (shared with a co-holder), another pays in
/// instalments.
async fn amap_contract(db: &Db, ids: &[MemberId], shop: &str, farm: &str) -> anyhow::Result<()> {
    use market::catalogue::{self, ProductInput, VariantInput};
    use market::contracts::{
        self, ContractInput, ContractVariantInput, QuantityInput, RoleInput, SubscribeInput,
    };
    let basket = catalogue::create(
        db,
        &ids[1],
        farm,
        &ProductInput {
            name: "Panier de légumes de saison".into(),
            description: "Ce que les champs donnent cette semaine, environ 4 kg.".into(),
            category: "vegetables".into(),
            vat_rate: 550,
            organic_label: Some("ab".into()),
            origin: "Mornant".into(),
            carbon_g: None,
            repairability: None,
            essential: true,
            allergens: Vec::new(),
            variants: vec![VariantInput {
                id: None,
                unit: "piece".into(),
                size: 1,
                weight_g: Some(4000),
                price: 1200,
                stock_mode: "unlimited".into(),
                stock: None,
                stock_was: None,
                sku: String::new(),
            }],
        },
    )
    .await
    .map_err(fail("basket product"))?;
    let variant = basket.variants[0].id.clone();
    // Thursdays, from the next one that leaves time for the deadline.
    let now = kernel::db::now_ms();
    let first = next_local(
        now + 3 * 24 * 3600 * 1000,
        jiff::civil::Weekday::Thursday,
        18,
    );
    let day = |ms: i64| -> anyhow::Result<String> {
        Ok(jiff::Timestamp::from_millisecond(ms)?
            .in_tz("Europe/Paris")?
            .date()
            .to_string())
    };
    let contract = contracts::create(
        db,
        &ids[0],
        shop,
        &ContractInput {
            name: "Panier de légumes — saison d'hiver".into(),
            description: "Un panier par semaine, le jeudi, pendant douze semaines.".into(),
            seller_id: farm.to_owned(),
            kind: "fixed".into(),
            starts_on: day(first)?,
            ends_on: day(first + 11 * 7 * 24 * 3600 * 1000)?,
            every: "week".into(),
            place: "Salle des fêtes, 2 place de la Mairie, Mornant".into(),
            starts_time: "18:00".into(),
            ends_time: "19:30".into(),
            capacity: Some(12),
            absences_max: 2,
            deadline_days: 2,
            plans: vec![1, 3, 12],
            variants: vec![ContractVariantInput {
                variant_id: variant.clone(),
                max_quantity: 2,
            }],
        },
    )
    .await
    .map_err(fail("contract"))?;
    for (role, needed) in [("Accueil et émargement", 2), ("Mise en place", 1)] {
        contracts::add_role(
            db,
            &ids[0],
            &contract.id,
            &contract.distributions[0].id,
            &RoleInput {
                name: role.into(),
                needed,
                every_distribution: true,
            },
        )
        .await
        .map_err(fail("roster role"))?;
    }
    let mut subscriptions = Vec::new();
    for member in [2, 6] {
        let sub = contracts::subscribe(
            db,
            &Default::default(),
            &ids[member],
            &contract.id,
            &SubscribeInput {
                plan: Some(12),
                lines: vec![QuantityInput {
                    variant_id: variant.clone(),
                    quantity: 1,
                }],
                co_member_id: None,
            },
        )
        .await
        .map_err(fail("subscription"))?;
        subscriptions.push(sub.id);
    }
    // Amina shares her basket with Emma, a fellow subscriber.
    contracts::set_co_member(
        db,
        &ids[2],
        &subscriptions[0],
        &contracts::MemberInput {
            member_id: Some(ids[6].to_string()),
        },
    )
    .await
    .map_err(fail("co-holder"))?;
    let roster = contracts::roster(db, &contract.id)
        .await
        .map_err(fail("roster"))?;
    contracts::volunteer(db, &ids[2], &contract.id, &roster[0].id, true)
        .await
        .map_err(fail("volunteer"))?;
    Ok(())
}

/// Skills, projects with their forum, agenda, tasks and list, and
/// decisions: open ones to vote on, and some that close a few seconds
/// after start so their result pages have something to show.
async fn projects_and_decisions(db: &Db, ids: &[MemberId]) -> anyhow::Result<()> {
    use kernel::decisions::{self, DecisionInput, DecisionOption, Method, MethodKind};
    use kernel::skills::Skill;
    use projects::projects::{ProjectInput, Resource, ResourceKind, State};

    let now = kernel::db::now_ms();
    const DAY: i64 = 24 * 3600 * 1000;
    let member = |i: usize| {
        let id = ids[i].clone();
        async move { members::get(db, &id).await.map_err(fail("member")) }
    };
    let slug =
        |s: &'static str| async move { collectives::get_by_slug(db, s).await.map_err(fail(s)) };
    for (i, skills) in [
        (1, vec![Skill::Agriculture, Skill::Logistics]),
        (6, vec![Skill::Translation, Skill::Communication]),
        (7, vec![Skill::Carpentry, Skill::Repair, Skill::Building]),
        (11, vec![Skill::Development, Skill::Design]),
        (12, vec![Skill::Accounting, Skill::Law]),
        (13, vec![Skill::Cooking]),
        (15, vec![Skill::Repair, Skill::Teaching]),
        (17, vec![Skill::Driving, Skill::Logistics]),
        (19, vec![Skill::Agriculture]),
        (20, vec![Skill::Facilitation, Skill::Teaching]),
        (23, vec![Skill::Design, Skill::Communication]),
        (26, vec![Skill::Care]),
        (27, vec![Skill::Energy, Skill::Building]),
    ] {
        kernel::skills::set(db, &ids[i], &skills)
            .await
            .map_err(fail("skills"))?;
    }
    let amap = slug("amap-des-coteaux").await?;
    let scop = slug("fournil-cooperatif-scop").await?;
    let commune = slug("mornant-en-transition").await?;
    let tilleuls = slug("quartier-des-tilleuls").await?;
    // The commune's transition group governs the instance: its decisions adopt charter versions.
    kernel::settings::set_instance_setting(
        db,
        decisions::GOVERNING_COLLECTIVE,
        commune.id.as_str(),
    )
    .await
    .map_err(fail("governing collective"))?;
    // The AMAP validates its projects by a collective decision.
    projects::projects::set_rule(
        db,
        &ids[0],
        &amap.id,
        projects::projects::Validation::Decision,
    )
    .await
    .map_err(fail("project rule"))?;

    let project = |collective: Option<&CollectiveId>,
                   title: &str,
                   summary: &str,
                   objectives: &str,
                   place: &str,
                   headcount: i64,
                   skills: &[Skill],
                   resources: Vec<Resource>| ProjectInput {
        collective_id: collective.cloned(),
        title: title.into(),
        summary: summary.into(),
        objectives: objectives.into(),
        place: place.into(),
        starts_on: Some("2027-02-01".into()),
        ends_on: Some("2027-06-30".into()),
        headcount,
        skills: skills.iter().map(|s| s.code().to_owned()).collect(),
        resources,
    };
    let money = |label: &str, euros: i64| Resource {
        kind: ResourceKind::Money,
        label: label.into(),
        amount: Some(euros * 100),
    };
    let thing = |kind, label: &str| Resource {
        kind,
        label: label.into(),
        amount: None,
    };

    // The residents' shared greenhouse: validated and under way.
    let jean = member(5).await?;
    let serre = projects::projects::create(db, &jean, &project(
        Some(&tilleuls.id),
        "Serre partagée des Tilleuls",
        "Une serre de 20 m² pour les semis et les ateliers avec l'école",
        "- Construire une serre en bois local et polycarbonate recyclé\n- Produire les plants du jardin partagé\n- Accueillir la classe de CM1 un mercredi sur deux",
        "Jardin partagé, allée des Tilleuls",
        6,
        &[Skill::Carpentry, Skill::Agriculture, Skill::Teaching],
        vec![money("Bois, vis et polycarbonate", 1200), thing(ResourceKind::Material, "Une visseuse et une scie circulaire"), thing(ResourceKind::Place, "Le coin sud du jardin")],
    ))
    .await
    .map_err(fail("project"))?;
    projects::projects::validate(db, &member(5).await?, &serre.id)
        .await
        .map_err(fail("validate"))?;
    for i in [7, 15, 16, 25] {
        projects::projects::join(db, &member(i).await?, &serre.id)
            .await
            .map_err(fail("join"))?;
    }
    projects::projects::set_state(db, &ids[5], &serre.id, State::Active)
        .await
        .map_err(fail("start"))?;
    let thread = projects::forum::create_thread(db, &jean, &serre.id, &projects::forum::ThreadInput {
        title: "Plan et matériaux".into(),
        body: "J'ai mis le plan en pièce jointe du compte rendu. Il nous faut **12 chevrons** et 8 plaques. Qui a une remorque ?".into(),
    })
    .await
    .map_err(fail("thread"))?;
    for (i, body) in [
        (
            7,
            "I can cut the rafters at my workshop on Saturday. @Jean Dupont, do you have the final dimensions?",
        ),
        (
            15,
            "J'ai une remorque, je peux aller chercher les plaques à la ressourcerie jeudi.",
        ),
        (
            5,
            "Merci à tous ! Dimensions envoyées à Oliver. Rendez-vous samedi 9 h.",
        ),
    ] {
        projects::forum::reply(
            db,
            &member(i).await?,
            &serre.id,
            &thread,
            &projects::forum::PostInput { body: body.into() },
        )
        .await
        .map_err(fail("reply"))?;
    }
    let saturday = next_local(now, jiff::civil::Weekday::Saturday, 9);
    projects::agenda::create(
        db,
        &jean,
        &serre.id,
        &projects::agenda::EventInput {
            title: "Chantier de la serre".into(),
            description: "Apportez gants et bonne humeur ; café offert.".into(),
            place: "Jardin partagé".into(),
            starts_at: saturday,
            ends_at: saturday + 4 * 3600 * 1000,
            time_zone: Some("Europe/Paris".into()),
            rrule: Some("FREQ=WEEKLY;BYDAY=SA;COUNT=6".into()),
        },
    )
    .await
    .map_err(fail("event"))?;
    let events = projects::agenda::events(db, &ids[5], &serre.id)
        .await
        .map_err(fail("events"))?;
    for i in [7, 15] {
        projects::agenda::answer(
            db,
            &ids[i],
            &serre.id,
            &events[0].id,
            saturday,
            projects::agenda::Answer::Yes,
        )
        .await
        .map_err(fail("answer"))?;
    }
    for (title, status, assignees) in [
        ("Dessiner le plan", projects::tasks::Status::Done, vec![5]),
        (
            "Récupérer le polycarbonate",
            projects::tasks::Status::Doing,
            vec![15],
        ),
        (
            "Couper les chevrons",
            projects::tasks::Status::Todo,
            vec![7],
        ),
        (
            "Préparer l'atelier avec l'école",
            projects::tasks::Status::Todo,
            vec![16],
        ),
    ] {
        projects::tasks::create(
            db,
            &jean,
            &serre.id,
            &projects::tasks::TaskInput {
                title: title.into(),
                description: String::new(),
                status: Some(status),
                due_on: Some("2027-02-20".into()),
                assignees: assignees.iter().map(|i: &usize| ids[*i].clone()).collect(),
            },
        )
        .await
        .map_err(fail("task"))?;
    }
    projects::mailing::send(db, &jean, &serre.id, &projects::mailing::MessageInput {
        subject: "Lancement du chantier".into(),
        body: "Bonjour à tous,\n\nLe chantier commence samedi. Le planning est dans l'agenda du projet.\n\nJean".into(),
    })
    .await
    .map_err(fail("list"))?;

    // The AMAP's bread oven: proposed, its validation put to the vote by consent.
    let lucas = member(1).await?;
    let four = projects::projects::create(db, &lucas, &project(
        Some(&amap.id),
        "Four à pain de l'AMAP",
        "Un four à bois pour cuire le pain des distributions",
        "Construire un four en terre crue à la ferme du Coteau, cuire une fois par mois avec le Fournil.",
        "Ferme du Coteau",
        5,
        &[Skill::Building, Skill::Cooking],
        vec![money("Briques réfractaires et argile", 800)],
    ))
    .await
    .map_err(fail("project"))?;
    projects::projects::ask_validation(
        db,
        &lucas,
        &four.id,
        &projects::projects::ValidationRequest {
            method: MethodKind::Consent,
            closes_at: now + 6 * DAY,
            options: vec![],
        },
        "Valider le projet « Four à pain de l'AMAP » ?".into(),
    )
    .await
    .map_err(fail("validation vote"))?;

    // A repair café for the whole instance, validated by the administrator.
    let paul = member(15).await?;
    let cafe = projects::projects::create(db, &paul, &project(
        None,
        "Répar'café mensuel",
        "Réparer ensemble plutôt que jeter",
        "Un samedi par mois, des bénévoles aident chacun à réparer vélos, petit électroménager et vêtements.",
        "Maison de quartier",
        8,
        &[Skill::Repair, Skill::Teaching],
        vec![thing(ResourceKind::Material, "Outillage de base"), thing(ResourceKind::Place, "Une salle le samedi matin")],
    ))
    .await
    .map_err(fail("project"))?;
    projects::projects::validate(db, &member(29).await?, &cafe.id)
        .await
        .map_err(fail("validate"))?;

    // Decisions: one to vote on now in each collective, and closed ones.
    let options = |labels: &[&str]| -> Vec<DecisionOption> {
        labels
            .iter()
            .map(|l| DecisionOption {
                label: (*l).into(),
                cost: None,
                recipient: None,
            })
            .collect()
    };
    let decision =
        |question: &str, context: &str, kind, opts: Vec<DecisionOption>, closes_at: i64| {
            DecisionInput {
                question: question.into(),
                context: context.into(),
                method: Method {
                    kind,
                    threshold: None,
                    max_disagree: None,
                    scale: None,
                    full_ranking: false,
                    envelope: None,
                    budget: None,
                },
                options: opts,
                college_id: None,
                weighted: false,
                secret: false,
                quorum_percent: 0,
                opens_at: Some(now - 2 * DAY),
                closes_at,
                adopt_charter: None,
                allocate: false,
            }
        };
    let mut budget = decision(
        "Budget participatif 2027 de la commune",
        "La commune consacre 15 000 € aux projets des habitants. Chaque votant répartit 100 € entre les propositions.",
        MethodKind::Budget,
        vec![
            DecisionOption {
                label: "Pistes cyclables vers la gare".into(),
                cost: Some(900_000),
                recipient: None,
            },
            DecisionOption {
                label: "Fontaines à eau dans les parcs".into(),
                cost: Some(300_000),
                recipient: None,
            },
            DecisionOption {
                label: "Jardin partagé de la Madeleine".into(),
                cost: Some(450_000),
                recipient: None,
            },
            DecisionOption {
                label: "Boîtes à livres".into(),
                cost: Some(60_000),
                recipient: None,
            },
        ],
        now + 10 * DAY,
    );
    budget.method.envelope = Some(10_000);
    budget.method.budget = Some(1_500_000);
    decisions::create(db, &ids[4], &commune.id, &budget)
        .await
        .map_err(fail("budget decision"))?;
    // Closing soon after start: the SCOP chooses its new bread by majority
    // judgment, its colleges weighted 65/35, so its page shows both results.
    let mut bread = decision(
        "Quel nouveau pain pour l'hiver ?",
        "Trois recettes testées en novembre ; la gagnante entre au catalogue.",
        MethodKind::Judgment,
        options(&["Pain au petit épeautre", "Miche de seigle", "Pain aux noix"]),
        now + 20_000,
    );
    bread.weighted = true;
    let bread = decisions::create(db, &ids[2], &scop.id, &bread)
        .await
        .map_err(fail("judgment decision"))?;
    for (i, grades) in [
        (2, [5, 3, 4]),
        (3, [4, 4, 2]),
        (28, [5, 2, 3]),
        (12, [3, 4, 4]),
        (19, [2, 5, 3]),
        (25, [3, 5, 4]),
        (6, [1, 4, 5]),
    ] {
        let ballot = decisions::BallotInput {
            scores: Some(grades.to_vec()),
            ..Default::default()
        };
        decisions::cast(db, &ids[i], &bread.id, &ballot, "", None)
            .await
            .map_err(fail("ballot"))?;
    }
    // The residents name their garden by ranked choice (Schulze), and
    // adopt its rules by consent.
    let name = decisions::create(
        db,
        &ids[5],
        &tilleuls.id,
        &decision(
            "Quel nom pour le jardin ?",
            "",
            MethodKind::Schulze,
            options(&[
                "Le Jardin des Tilleuls",
                "La Main Verte",
                "Les Mille Pousses",
            ]),
            now + 20_000,
        ),
    )
    .await
    .map_err(fail("schulze decision"))?;
    for (i, ranking) in [
        (5, vec![0, 1, 2]),
        (6, vec![1, 0, 2]),
        (15, vec![0, 2, 1]),
        (16, vec![2, 0, 1]),
        (17, vec![1, 2, 0]),
        (25, vec![0, 1]),
        (27, vec![2, 1, 0]),
    ] {
        let ballot = decisions::BallotInput {
            ranking: Some(ranking),
            ..Default::default()
        };
        decisions::cast(db, &ids[i], &name.id, &ballot, "", None)
            .await
            .map_err(fail("ballot"))?;
    }
    let rules = decisions::create(
        db,
        &ids[5],
        &tilleuls.id,
        &decision(
            "Adopter le règlement du jardin partagé",
            "Horaires, arrosage tournant, pas de pesticides, compost commun.",
            MethodKind::Consent,
            vec![],
            now + 20_000,
        ),
    )
    .await
    .map_err(fail("consent decision"))?;
    for (i, reason) in [
        (5, ""),
        (6, "Clear and fair."),
        (15, ""),
        (16, "Très bien pour le compost."),
    ] {
        let ballot = decisions::BallotInput {
            consent: Some("no_objection".into()),
            ..Default::default()
        };
        decisions::cast(db, &ids[i], &rules.id, &ballot, reason, None)
            .await
            .map_err(fail("ballot"))?;
    }
    Ok(())
}

/// The next `weekday` at `hour`:00 in Paris after `now` (ms).
fn next_local(now: i64, weekday: jiff::civil::Weekday, hour: i8) -> i64 {
    let paris = jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC);
    let today = jiff::Timestamp::from_millisecond(now)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(paris.clone())
        .date();
    let ahead =
        (weekday.to_monday_zero_offset() - today.weekday().to_monday_zero_offset()).rem_euclid(7);
    let day = today
        .checked_add(jiff::Span::new().days(i64::from(ahead.max(1))))
        .unwrap_or(today);
    day.at(hour, 0, 0, 0)
        .to_zoned(paris)
        .map_or(now, |z| z.timestamp().as_millisecond())
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
