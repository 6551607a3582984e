## Module 2 : financement participatif

nav-funding = Financement

## Erreurs
error-funding-collective = Choisissez un collectif ou un projet que vous coordonnez, ou portez la campagne vous-même.
error-funding-minimum = L'objectif minimum est supérieur à 0 et d'au plus 10 000 000 €.
error-funding-optimum = L'objectif optimal est au moins égal au minimum, et d'au plus 10 000 000 €.
error-funding-deadline = L'échéance est dans le futur, dans les 90 jours.
error-funding-rewards = Une campagne a au plus 20 contreparties.
error-funding-asks = Une campagne demande au plus 20 choses en plus de l'argent.
error-funding-reward = Une contrepartie a un titre (2 à 120 caractères), un don minimum de 0,01 à 10 000 000 €, et un stock de 1 à 1 000 000 ou aucun.
error-funding-ask = Une demande porte sur du temps, du matériel, des compétences ou un objet prêté, avec un titre (2 à 120 caractères) et un nombre de 1 à 1 000 000.
error-funding-amount = Une promesse de don est supérieure à 0 et d'au plus 10 000 000 €.
error-funding-reward-unknown = Cette contrepartie n'est pas une de celles de cette campagne.
error-funding-below-reward = La promesse est inférieure au minimum de la contrepartie choisie.
funding-closed = Cette campagne ne prend plus de promesses de don.
funding-reward-gone = Il ne reste plus de cette contrepartie : choisissez-en une autre, ou donnez sans contrepartie.
funding-ask-filled = Assez de personnes ont déjà proposé leur aide.
funding-owner-stays = Une de vos campagnes paie votre porte-monnaie et n'est pas encore réglée : votre compte reste jusqu'à ce qu'elle le soit.

## Messages
flash-funding-created = Campagne lancée. Les membres peuvent maintenant contribuer.
flash-funding-pledged = Promesse enregistrée : l'argent reste bloqué dans votre porte-monnaie jusqu'à l'échéance.
flash-funding-withdrawn = Promesse retirée : votre argent est débloqué.
flash-funding-update-posted = Actualité publiée et envoyée aux contributeurs.
flash-funding-offered = Merci : votre proposition est enregistrée, les porteurs de la campagne la voient.
flash-funding-offer-withdrawn = Votre proposition est retirée.
flash-funding-cancelled = Campagne annulée : toutes les promesses sont débloquées.

## La liste
funding-title = Financement participatif
funding-lead = Financez un projet, une nouvelle coopérative ou un événement depuis le réseau. Votre promesse reste dans votre porte-monnaie jusqu'à l'échéance, et n'est prise que si la campagne aboutit.
funding-launch = Lancer une campagne
funding-none = Aucune campagne pour l'instant.
funding-backed = vous y contribuez
funding-state-open = ouverte
funding-state-settling = en cours de paiement
funding-state-funded = financée
funding-state-failing = en cours de déblocage
funding-state-failed = non financée
funding-deadline = Échéance
funding-minimum = Objectif minimum
funding-optimum = Objectif optimal
funding-backers-count = { $count ->
    [one] { $count } contributeur
   *[other] { $count } contributeurs
}

## Lancer
funding-new-title = Lancer une campagne
funding-new-lead = Dites à quoi servira l'argent, le minimum nécessaire et ce qui permettrait de tout réaliser. L'argent des contributeurs est bloqué jusqu'à l'échéance.
funding-field-title = Titre
funding-field-summary = En une phrase
funding-field-collective = Pour
funding-myself = moi-même (mon porte-monnaie est payé)
funding-goals = Objectifs et échéance
funding-field-minimum = Objectif minimum (€)
funding-field-optimum = Objectif optimal (€)
funding-goals-hint = Le minimum est ce dont le projet ne peut se passer ; l'optimum permettrait de réaliser tout ce qui est prévu.
funding-field-deadline = Échéance
funding-field-mode = Sous le minimum à l'échéance
funding-mode-all_or_nothing = tout ou rien : toutes les promesses sont débloquées
funding-mode-keep = garder ce qui est collecté
funding-rewards = Contreparties
funding-field-reward = Contrepartie
funding-field-reward-minimum = Pour un don d'au moins (€)
funding-field-stock = Combien
funding-add-reward = Ajouter une contrepartie
funding-asks = En plus de l'argent
funding-asks-hint = Ce dont le projet a besoin d'autre : du temps, du matériel, des compétences, des objets prêtés.
funding-field-kind = Nature
funding-kind-time = du temps
funding-kind-materials = du matériel
funding-kind-skills = des compétences
funding-kind-lend = un objet prêté
funding-field-needed = Combien de personnes ou de choses
funding-field-ask = Demande
funding-add-ask = Ajouter une demande
funding-launch-hint = Une fois lancée, les objectifs, l'échéance et les contreparties ne changent plus : les contributeurs s'engagent sur eux.

## Une campagne
funding-funded-notice = Cette campagne est financée : les promesses lui sont versées.
funding-failed-notice = Cette campagne n'a pas été financée : toutes les promesses ont été débloquées.
funding-settling-notice = L'échéance est passée : les promesses sont en cours de règlement.
funding-beneficiary = Versé à
funding-runner = Portée par
funding-to-minimum = encore { $amount } pour l'atteindre
funding-minimum-reached = atteint
funding-backers = Contributeurs
funding-fee = Frais
funding-fee-hint = payés par les contributeurs en plus de leur promesse, dont une part va au fonds de solidarité
funding-breakdown = Où est allé l'argent
funding-breakdown-raised = À la campagne
funding-breakdown-platform = Frais de la plateforme
funding-breakdown-solidarity = Fonds de solidarité
funding-chart = Promesses au fil du temps
funding-chart-caption = Ce qui a été promis depuis le lancement, les objectifs en pointillés.
funding-reward-from = à partir de { $amount }
funding-reward-none-left = épuisée
funding-reward-left = { $count ->
    [one] { $count } restante
   *[other] { $count } restantes
}
funding-reward-unlimited = sans limite
funding-my-pledge = Ma promesse
funding-held = Bloqué :
funding-outcome-captured = Versé :
funding-outcome-released = Débloqué :
funding-reward = contrepartie :
funding-field-amount = Montant (€)
funding-pledge-fee-hint = Des frais de { $rate } sont bloqués en plus, et pris seulement si la campagne aboutit.
funding-field-reward-choice = Contrepartie
funding-no-reward = sans contrepartie
funding-field-public = Afficher mon nom parmi les contributeurs
funding-field-mail-updates = M'envoyer les actualités de la campagne par courriel
funding-pledge-hint = Vous pouvez changer ou retirer votre promesse jusqu'à l'échéance.
funding-change = Changer ma promesse
funding-pledge = Promettre
funding-withdraw = Retirer ma promesse
funding-you-offered = Vous avez proposé votre aide.
funding-offer-withdraw = Retirer ma proposition
funding-field-note = Un mot pour les porteurs (quoi, quand, comment vous joindre)
funding-offer = Je propose
funding-updates = Actualités
funding-field-update-title = Titre
funding-field-update-body = Texte
funding-post-update = Publier l'actualité
funding-no-updates = Aucune actualité pour l'instant.
funding-no-backers = Aucun contributeur pour l'instant.
funding-anonymous-count = { $count ->
    [one] { $count } contributeur anonyme
   *[other] { $count } contributeurs anonymes
}
funding-running = Porter la campagne
funding-cancel = Annuler la campagne
funding-cancel-title = Annuler la campagne ?
funding-cancel-text = Toutes les promesses faites à « { $name } » seront débloquées et chaque contributeur prévenu. C'est définitif.

## Notifications
notification-funding_funded = La campagne « { $name } » est financée : votre promesse lui est versée.
notification-kind-funding_funded = Une campagne que je soutiens est financée
notification-funding_failed = La campagne « { $name } » n'a pas été financée : votre promesse est débloquée.
notification-kind-funding_failed = Une campagne que je soutiens n'est pas financée
notification-funding_update = « { $name } » : { $title }
notification-kind-funding_update = Une campagne que je soutiens publie une actualité

## Collectifs qui soutiennent une campagne
error-funding-backing-collective = Choisissez un collectif dont vous êtes trésorier ou coordinateur.
error-funding-backing-solidarity = Seul le collectif qui gouverne l'instance décide du fonds de solidarité.
error-funding-backing-source = L'argent vient de la trésorerie du collectif ou du fonds de solidarité.
error-funding-backing-kind = Choisissez un apport ou un abondement.
error-funding-backing-amount = Le montant est supérieur à 0 et d'au plus 10 000 000 €.
error-funding-backing-per-pledge = L'abondement dit quelle part de chaque promesse il double : plus de 0 et au plus 10 000 000 €.
error-funding-backing-closes = La décision se clôt avant l'échéance de la campagne.
flash-funding-backing-proposed = La décision est ouverte : si elle est adoptée, l'argent va à la campagne.
effect-funding-back = l'argent du collectif va à la campagne « { $name } » comme le dit la question.
funding-backings = Soutenue par des collectifs
funding-backing-from-solidarity = du fonds de solidarité
funding-backing-match = chaque promesse doublée jusqu'à { $amount }
funding-backing-up-to = jusqu'à { $amount } en tout
funding-backing-counted = compte { $amount } aujourd'hui
funding-backing-state-held = bloqué
funding-backing-state-paid = versé
funding-backing-state-released = débloqué
funding-backing-state-short = non bloqué : l'argent manquait
funding-back-title = La soutenir avec un collectif
funding-back-hint = Un trésorier ou un coordinateur le propose ; le collectif décide, et sa décision déplace l'argent. L'abondement double chaque promesse jusqu'au montant choisi.
funding-field-backing-collective = Collectif
funding-field-source = Argent pris sur
funding-source-treasury = sa trésorerie
funding-source-solidarity = le fonds de solidarité
funding-field-backing-kind = Comment
funding-backing-kind-contribution = un apport
funding-backing-kind-match = un abondement
funding-field-backing-amount = Montant, ou le plus abondé en tout (€)
funding-field-per-pledge = Abondement : le plus doublé de chaque promesse (€)
funding-field-question = La question posée au collectif
funding-backing-question = Mettons-nous de l'argent dans la campagne « { $name } » ?
funding-field-method = Décidé par
funding-field-closes = La décision se clôt
funding-propose-backing = Ouvrir la décision
funding-backing-for = Pour
funding-backing-against = Contre

## Prêts
error-loan-principal = Un prêt est supérieur à 0 et d'au plus 100 000 000 €.
error-loan-rate = Le taux d'intérêt annuel va de 0 à 20 %.
error-loan-count = Un prêt se rembourse en 1 à 360 échéances.
error-loan-period = Les échéances viennent tous les 1 à 12 mois.
error-loan-amount = Le montant emprunté est supérieur à 0 et d'au plus ce qu'un prêt peut emprunter ici (1 000 000 € par défaut).
error-loan-minimum = Le minimum est supérieur à 0 et d'au plus le montant emprunté.
error-loan-amortisation = Remboursez par échéances constantes ou par amortissement constant.
error-loan-too-long = Un prêt avec intérêts dure au plus ce que permet cette instance (7 ans par défaut).
error-loan-lending-until = Les prêts se clôturent dans le futur, dans les 90 jours.
error-loan-decision-closes = La décision du collectif se clôt avant la fin des prêts.
error-loan-read-sheet = Lisez la fiche d'information avant de prêter : ouvrez-la, puis dites que vous l'avez lue.
error-loan-cap = Un prêteur prête de 10 € jusqu'au plafond par prêteur de ce prêt.
error-loan-over-amount = C'est plus que ce qu'il reste à emprunter.
funding-loan-closed = Ce prêt ne prend plus de prêteurs.
funding-loan-lent = Vous avez déjà prêté à ce prêt : retirez-vous pendant votre délai de réflexion pour prêter un autre montant.
funding-loan-reflection-over = Votre délai de réflexion est passé : le prêt ne peut plus être retiré.
funding-lender-stays = Un prêt vous doit encore de l'argent, versé sur votre porte-monnaie : votre compte reste jusqu'à son remboursement.
effect-funding-loan-open = le prêt « { $name } » s'ouvre aux prêteurs aux conditions proposées.
notification-funding_loan_disbursed = Le prêt « { $name } » est versé : son échéancier est fixé.
notification-kind-funding_loan_disbursed = Un prêt auquel j'ai prêté est versé
notification-funding_loan_cancelled = Le prêt « { $name } » n'a pas atteint son minimum : votre argent est débloqué.
notification-kind-funding_loan_cancelled = Un prêt auquel j'ai prêté est annulé
notification-funding_loan_repaid = L'échéance { $number } du prêt « { $name } » est remboursée sur votre porte-monnaie.
notification-kind-funding_loan_repaid = Un prêt auquel j'ai prêté rembourse une échéance
notification-funding_loan_late = L'échéance { $number } du prêt « { $name } », due le { $date }, est en retard.
notification-kind-funding_loan_late = Une échéance de prêt est en retard
flash-loan-proposed = La décision du collectif sur le prêt est ouverte : le prêt s'ouvre aux prêteurs si elle est adoptée.
flash-loan-lent = Merci : votre argent est bloqué jusqu'au versement du prêt, et vous pouvez encore vous retirer pendant votre délai de réflexion.
flash-loan-withdrawn = Prêt retiré : votre argent est débloqué.
loans-title = Prêts citoyens
loans-lead = Prêtez à une commune, une coopérative ou un projet du réseau, sans intérêt ou à taux fixe, et soyez remboursé échéance par échéance.
loans-operator-notice = Prêter à un collectif comporte un risque de perte. L'opérateur de cette instance répond lui-même de son statut juridique pour le proposer.
loans-propose = Proposer un prêt
loans-none = Aucun prêt pour l'instant.
loans-you-lent = Vous avez prêté
loans-state-proposed = en attente de la décision du collectif
loans-state-open = ouvert aux prêteurs
loans-state-repaying = en remboursement
loans-state-repaid = remboursé
loans-state-cancelled = annulé
loans-interest-free = sans intérêt
loans-months = { $count ->
    [one] { $count } mois
   *[other] { $count } mois
}
loans-lent = Prêté
loans-new-title = Proposer un prêt
loans-new-lead = Un collectif emprunte à des membres aux conditions qu'approuve sa propre décision : personne n'engage seul sa trésorerie.
loans-no-collective = Seul un trésorier ou un coordinateur d'un collectif propose un prêt pour lui.
loans-field-collective = Le collectif qui emprunte
loans-field-purpose = À quoi servira l'argent
loans-field-risks = Les risques
loans-terms = Conditions
loans-rules-interest = Avec intérêts, { $amount } au plus par prêteur,
loans-rules-free = sans intérêt { $amount } au plus ;
loans-rules-months = un prêt avec intérêts dure { $count ->
    [one] { $count } mois
   *[other] { $count } mois
} au plus ;
loans-rules-reflection = un prêteur peut se retirer dans les { $count ->
    [one] { $count } jour
   *[other] { $count } jours
} sans donner de raison.
loans-field-amount = Montant emprunté (€)
loans-field-minimum = Au moins, pour aboutir (€)
loans-field-rate = Taux d'intérêt annuel (%)
loans-field-instalments = Nombre d'échéances
loans-field-months-between = Échéances
loans-every-months = { $count ->
    [one] chaque mois
   *[other] tous les { $count } mois
}
loans-field-amortisation = Remboursé par
loans-amortisation-equal_instalments = échéances constantes
loans-amortisation-equal_principal = amortissement constant, intérêts sur le restant dû
loans-field-lending-until = Fin des prêts
loans-decision = La décision du collectif
loans-decision-hint = Le prêt ne s'ouvre aux prêteurs que si le collectif approuve ses conditions.
loans-question = Empruntons-nous aux membres à ces conditions ?
loans-awaiting-decision = Le collectif décide de ces conditions.
loans-see-decision = Voir la décision
loans-borrower = Emprunteur
loans-rate = Taux
loans-duration = Durée
loans-instalments-count = { $count ->
    [one] { $count } échéance
   *[other] { $count } échéances
}
loans-minimum-is = au moins { $amount }
loans-lenders-count = { $count ->
    [one] { $count } prêteur
   *[other] { $count } prêteurs
}
loans-lending-until = Fin des prêts
loans-cap = Au plus par prêteur
loans-read-sheet = Lire la fiche d'information
loans-schedule = Échéancier
loans-schedule-estimate = Avant le versement : l'échéancier pour { $amount }, ses dates comptées à partir du versement.
loans-number = N°
loans-due = Échéance
loans-principal = Capital
loans-interest = Intérêts
loans-total = Total
loans-status = État
loans-paid = payée
loans-was-late = a été en retard
loans-late = en retard
loans-my-lending = Mon prêt
loans-received = Reçu
loans-owed = Encore dû
loans-my-share = Ma part de chaque échéance
loans-withdraw-until = Vous pouvez vous retirer sans donner de raison jusqu'au { $date }.
loans-withdraw = Retirer mon prêt
loans-field-lend = Montant prêté (€)
loans-cap-hint = Au plus { $amount } par prêteur ;
loans-field-read-sheet = J'ai lu la fiche d'information
loans-sheet = la fiche
loans-lend = Prêter
loans-not-lending = Ce prêt ne prend pas de prêteurs maintenant.
loans-sheet-title = Fiche d'information : { $name }
loans-proposed-by = proposé par
loans-per-hundred = Pour 100 € prêtés, remboursé en tout
loans-reflection = Délai de réflexion
loans-disbursement = Versement
loans-disbursement-text = L'argent prêté reste bloqué dans votre porte-monnaie jusqu'à la fin des prêts et de tous les délais de réflexion ; il va alors à la trésorerie de l'emprunteur, ou vous revient si le minimum n'est pas atteint.
loans-risk-warning = Prêter comporte un risque de perdre tout ou partie de l'argent prêté. Ne prêtez que ce que vous pouvez vous permettre de perdre.

## Cagnottes d'entraide
pots-title = Cagnottes d'entraide
pots-lead = Une cagnotte réunit les dons des membres pour un but : un membre dans une passe difficile, un événement. Chaque don et chaque retrait est montré à ceux qui ont donné, et un autre coordinateur (ou la décision du collectif) approuve chaque retrait.
pots-open = Ouvrir une cagnotte
pots-none = Aucune cagnotte pour l'instant.
pots-state-open = reçoit des dons
pots-state-closed = fermée aux dons
pots-given-by = { $count ->
    [0] aucun contributeur
    [one] un contributeur
   *[other] { $count } contributeurs
}
pots-given = Donné
pots-paid-out = Versé
pots-pending = Réservé pour des retraits en attente d'approbation
pots-available = Disponible
pots-new-title = Ouvrir une cagnotte d'entraide
pots-new-lead = La cagnotte appartient à un collectif que vous coordonnez : ses coordinateurs approuvent les retraits, jamais le leur, ou les soumettent à la décision du collectif. Son titre et son but sont montrés à tous les membres : n'en dites que ce que le membre aidé a accepté de partager.
pots-no-collective = Seul un coordinateur d'un collectif ouvre une cagnotte.
pots-field-collective = Collectif
pots-field-purpose = À quoi sert la cagnotte
pots-field-beneficiary = Le membre qu'elle aide
pots-no-beneficiary = Aucun membre en particulier (un événement, un besoin commun)
pots-beneficiary-hint = Une cagnotte pour un membre ne verse qu'à ce membre. Sans bénéficiaire, chaque retrait désigne un membre du collectif.
pots-beneficiary = Aide
pots-give = Donner
pots-field-amount = Montant (€)
pots-fee-hint = Depuis votre porte-monnaie. Un don entre membres ne supporte aucuns frais techniques sauf si cette instance en fixe ; ils figurent sur votre relevé.
pots-field-named = Montrer mon nom aux autres contributeurs de la cagnotte
pots-ask = Demander un retrait
pots-field-to = Versé à
pots-field-reason = Motif
pots-ask-hint = Le montant est mis de côté aussitôt ; un autre coordinateur le verse sur le porte-monnaie, ou le collectif décide.
pots-movements = Mouvements
pots-withdrawals = Retraits
pots-gifts = Dons
pots-no-withdrawal = Aucun retrait pour l'instant.
pots-no-gift = Aucun don pour l'instant.
pots-date = Date
pots-status = État
pots-giver = De
pots-anonymous = anonyme
pots-mine = le vôtre
pots-asked-by = demandé par { $name }
pots-withdrawal-state-requested = en attente d'approbation
pots-withdrawal-state-paid = versé
pots-withdrawal-state-refused = refusé
pots-withdrawal-state-cancelled = annulé
pots-see-decision = la décision
pots-pay = Approuver et verser
pots-refuse = Refuser
pots-cancel = Annuler
pots-to-decision = Soumettre à la décision du collectif
pots-question = Verser { $amount } de la cagnotte comme demandé ?
pots-movements-hidden = Ses mouvements sont montrés à ses contributeurs, au membre qu'elle aide et aux membres du collectif.
pots-close = Fermer aux dons
flash-pot-opened = La cagnotte est ouverte aux dons.
flash-pot-given = Merci : votre don est dans la cagnotte.
flash-pot-requested = Retrait demandé : le montant est mis de côté jusqu'à ce qu'un autre coordinateur l'approuve.
flash-pot-closed = La cagnotte est fermée aux dons ; ce qui reste peut encore être retiré.
flash-pot-paid = Retrait versé sur le porte-monnaie du membre.
flash-pot-refused = Retrait refusé : le montant revient dans la cagnotte.
flash-pot-cancelled = Retrait annulé : le montant revient dans la cagnotte.
flash-pot-in-decision = La décision du collectif est ouverte : le retrait est versé si elle est adoptée.
effect-funding-pot-pay = le retrait de la cagnotte « { $name } » est versé comme demandé.
error-pot-collective = Seul un coordinateur de ce collectif ouvre une cagnotte pour lui.
error-pot-beneficiary = Le membre qu'aide une cagnotte est membre de son collectif.
error-pot-amount = Un montant est supérieur à 0 et d'au plus 10 000 000 €.
funding-pot-wallet-short = Votre porte-monnaie ne contient pas autant : approvisionnez-le d'abord.
funding-pot-short = La cagnotte n'a pas autant de disponible.
error-pot-recipient = Une cagnotte pour un membre verse à ce membre ; sinon un retrait verse à un membre du collectif.
funding-pot-closed = Cette cagnotte ne reçoit plus de dons.
funding-pot-movements = Les mouvements d'une cagnotte sont montrés à ses contributeurs, au membre qu'elle aide et aux membres de son collectif.
funding-pot-ask = Seuls le membre qu'aide la cagnotte ou un coordinateur de son collectif demandent un retrait.
funding-pot-coordinators = Seul un coordinateur du collectif de la cagnotte fait cela.
funding-pot-cancel = Seul le membre qui a demandé un retrait l'annule.
funding-pot-self-approval = Vous avez demandé ce retrait : un autre coordinateur l'approuve, ou le collectif décide.
funding-pot-self-payment = Ce retrait vous est versé : un autre coordinateur l'approuve, ou le collectif décide.
funding-pot-decided = Ce retrait a déjà été tranché.
funding-pot-in-decision = Ce retrait est déjà soumis à une décision.

## Les dépenses d'un collectif
expenses-link = Dépenses
expenses-title = Dépenses de { $collective }
expenses-lead = Un membre soumet ce qu'il a dépensé pour le collectif, avec son justificatif. Un autre trésorier ou coordinateur l'approuve (jamais celui qui l'a soumise), ou le collectif décide ; elle est alors payée par la trésorerie.
expenses-none = Aucune dépense pour l'instant.
expenses-list = Les dépenses du collectif
expenses-submit = Soumettre une dépense
expenses-field-title = Pour quoi
expenses-submitted-by = Soumise par
expenses-field-receipt = Justificatif
expenses-receipt-hint = Une photo (JPEG, PNG ou WebP) ou un PDF, 10 Mo au plus. Une photo ne garde que ses pixels : ni position ni données de l'appareil. Seuls vous et les trésoriers et coordinateurs du collectif le voient.
expenses-field-pay-to = Payée sur
expenses-pay-to-wallet = Mon porte-monnaie
expenses-pay-to-bank = Un compte bancaire (celui d'un fournisseur, ou le mien)
expenses-field-holder = Titulaire du compte
expenses-state-submitted = en attente d'approbation
expenses-state-approved = approuvée, part avec le prochain virement
expenses-state-paid = payée
expenses-state-refused = refusée
expenses-state-cancelled = retirée
expenses-decided-by = Décidée par
expenses-decision = Décision
expenses-refusal = Motif du refus
expenses-approved-bank = Approuvée : le virement part avec le prochain lot SEPA des trésoriers.
expenses-receipt = Justificatif
expenses-receipt-pdf = Télécharger le justificatif (PDF)
expenses-receipt-private = Le justificatif est montré à qui l'a soumis et aux trésoriers et coordinateurs du collectif.
expenses-decide = Décider
expenses-approve = Approuver et payer
expenses-field-refusal = Motif du refus (facultatif)
expenses-refuse = Refuser
expenses-cancel = Retirer ma dépense
expenses-question = Payer cette dépense de { $amount } par la trésorerie ?
flash-expense-submitted = Dépense soumise : un autre trésorier ou coordinateur l'approuvera.
flash-expense-approved = Dépense approuvée et payée par la trésorerie.
flash-expense-refused = Dépense refusée.
flash-expense-cancelled = Dépense retirée.
flash-expense-in-decision = La décision du collectif est ouverte : la dépense est payée si elle est adoptée.
effect-funding-expense-approve = la dépense « { $name } » est approuvée et payée par la trésorerie.
error-expense-amount = Une dépense est supérieure à 0 et d'au plus 10 000 000 €.
error-expense-pay-to = Choisissez votre porte-monnaie ou un compte bancaire.
error-expense-no-bank = Cette instance ne paie pas encore de comptes bancaires : choisissez votre porte-monnaie.
error-receipt-required = Joignez le justificatif : une photo ou un PDF.
error-receipt-type = Un justificatif est une photo (JPEG, PNG ou WebP) ou un PDF.
error-receipt-base64 = Le justificatif n'est pas en base64 valide.
funding-expense-receipt = Le justificatif est montré à qui l'a soumis et aux trésoriers et coordinateurs du collectif.
funding-expense-cancel = Seul qui l'a soumise retire une dépense.
funding-expense-approvers = Seul un trésorier ou coordinateur du collectif décide d'une dépense.
funding-expense-self-approval = Vous ne pouvez pas approuver votre propre dépense : un autre trésorier ou coordinateur le fait, ou le collectif décide.
funding-expense-decided = Cette dépense a déjà été tranchée.
funding-expense-in-decision = Cette dépense est déjà soumise à une décision.
funding-expense-treasury-short = La trésorerie ne contient pas ce montant : la dépense reste en attente d'approbation.
funding-expense-payee-gone = Qui l'a soumise n'est plus membre du collectif : elle ne peut être payée sur son porte-monnaie.

## Le nom des mouvements du financement sur les relevés
transfer-code-funding-pledge = Promesse de don à une campagne
transfer-code-funding-pledge-fee = Frais techniques
transfer-code-funding-pledge-solidarity = Fonds de solidarité
transfer-code-funding-settle = Campagne financée
transfer-code-funding-settle-fee = Frais techniques
transfer-code-funding-settle-solidarity = Fonds de solidarité
transfer-code-funding-backing = Un collectif soutient une campagne
transfer-code-funding-backing-fee = Frais techniques
transfer-code-funding-backing-solidarity = Fonds de solidarité
transfer-code-funding-lend = Prêt à un emprunt
transfer-code-funding-loan = Emprunt versé
transfer-code-funding-repay = Échéance d'emprunt
transfer-code-funding-pot_gift = Don à une cagnotte d'entraide
transfer-code-funding-pot_gift-fee = Frais techniques
transfer-code-funding-pot_gift-solidarity = Fonds de solidarité
transfer-code-funding-pot_withdrawal = Retrait d'une cagnotte d'entraide

## Un collectif qui prête à un emprunt
loans-backings = Collectifs prêteurs
loans-backing-state-held = réservé jusqu'au versement
loans-backing-state-lent = prêté
loans-backing-state-released = libéré
loans-backing-state-short = non prêté : l'argent n'y était pas, ou il ne restait rien à emprunter
loans-backing-received = remboursé à ce jour { $amount }
loans-collective-lend = Prêter en tant que collectif
loans-collective-lend-hint = Votre collectif décide : si la décision est adoptée, sa trésorerie (ou le fonds de solidarité, pour le collectif qui gouverne l'instance) prête ce montant, au plus ce qui reste à emprunter, et est remboursée au prorata avec les autres prêteurs.
loans-backing-question = Prêter à « { $name } » sur notre trésorerie ?
loans-propose-backing = Soumettre à la décision de mon collectif
flash-loan-backing-proposed = La décision de votre collectif est ouverte : il prête si elle est adoptée.
effect-funding-loan-back = le collectif prête à l'emprunt « { $name } » comme le dit la question.
error-loan-backing-twice = Ce collectif prête déjà à cet emprunt.
error-loan-backing-own = Un collectif ne prête pas à son propre emprunt.
error-loan-backing-amount = Le montant est supérieur à 0 et d'au plus ce qu'emprunte l'emprunt.
error-loan-backing-closes = La décision se clôt avant la fin des prêts.

## Avis des cagnottes et des dépenses
notification-funding_pot_asked = Un retrait de la cagnotte « { $name } » attend votre approbation.
notification-kind-funding_pot_asked = Un retrait d'une cagnotte attend mon approbation
notification-funding_expense_submitted = La dépense « { $name } » attend une approbation dans { $collective }.
notification-kind-funding_expense_submitted = Une dépense attend mon approbation
notification-funding_pot_decided = Le retrait de la cagnotte « { $name } » : { $outcome }.
notification-kind-funding_pot_decided = Un retrait que j'ai demandé, ou qui m'est versé, est tranché
notification-funding_expense_decided = Votre dépense « { $name } » : { $outcome }.
notification-kind-funding_expense_decided = Ma dépense est tranchée
