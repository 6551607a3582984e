## Module 3 : achats groupés

nav-groupbuy = Achats groupés

## Erreurs
error-groupbuy-tiers-format = Un palier par ligne : « 1-99: 3,20 », puis « 100-499: 2,80 », le dernier « 500+: 2,50 ».
error-groupbuy-tiers-count = Un produit a au plus 10 paliers.
error-groupbuy-tier-price = Le prix unitaire d'un palier est supérieur à 0 et d'au plus 100 000 €.
error-groupbuy-tier-bounds = Les bornes d'un palier sont des nombres entiers de 1 à 1 000 000.
error-groupbuy-collective = Choisissez un collectif que vous coordonnez, ou proposez-le vous-même.
error-groupbuy-supplier = Choisissez un vendeur membre, ou donnez le nom (2 à 120 caractères) et l'e-mail d'un fournisseur extérieur.
error-groupbuy-minimum = Le minimum est une somme de 0 à 10 000 000 €.
error-groupbuy-maximum = Le maximum est au moins égal au minimum, et d'au plus 10 000 000 €.
error-groupbuy-deadline = La date limite est dans le futur, dans moins d'un an.
error-groupbuy-fill-until = La phase de remplissage des colis finit après la date limite, dans les 30 jours.
error-groupbuy-if-short = Sous le minimum : annuler ou prolonger.
error-groupbuy-extend-days = Prolongez de 1 à 60 jours.
error-groupbuy-products = Un achat groupé a de 1 à 50 produits.
error-groupbuy-pickups = Un achat groupé a de 1 à 20 points de retrait.
error-groupbuy-pickup = Un point de retrait a sa commune (2 à 80 caractères), son lieu (2 à 160) et, si vous le souhaitez, ses horaires.
error-groupbuy-unit = Comptez à la pièce, au kilogramme, au gramme, au litre ou au millilitre.
error-groupbuy-pack-size = Un colis contient de 1 à 1 000 000 unités.
error-groupbuy-step = Le pas est un nombre entier qui divise le colis (1 sauf vente par plusieurs).
error-groupbuy-vat-rate = Choisissez un taux de TVA : 0, 2,1, 5,5, 10 ou 20 %.
error-groupbuy-retail-price = Un prix de détail est supérieur à 0 et d'au plus 100 000 €.
error-groupbuy-quantity = Une quantité est un multiple entier du pas du produit, jusqu'à 1 000 000.
error-groupbuy-tolerance = Une tolérance est un multiple du pas, inférieure à un colis, et accompagne une quantité.
error-groupbuy-product-twice = Un produit figure une seule fois dans un panier.
error-groupbuy-product-unknown = Ce produit n'est pas l'un de ceux de cet achat groupé.
error-groupbuy-pickup-unknown = Ce point de retrait n'est pas l'un de ceux de cet achat groupé.
error-groupbuy-over-maximum = Cela dépasse ce que le fournisseur peut livrer.
error-groupbuy-filling-raise = Pendant le remplissage des colis, quantités et tolérances ne peuvent qu'augmenter.
error-groupbuy-box-full = Pendant le remplissage des colis, un produit ne prend que ce qui complète son colis entamé.
error-groupbuy-nothing = Donnez la quantité d'au moins un produit.
error-groupbuy-baskets = Donnez des quantités dans au moins un achat groupé, chaque achat une seule fois.
groupbuy-closed = Cet achat groupé ne prend plus d'engagements.

## Messages
flash-groupbuy-created = Achat groupé proposé. Les membres peuvent maintenant s'engager.
flash-groupbuy-committed = Panier enregistré : l'argent est réservé jusqu'au règlement.
flash-groupbuy-withdrawn = Panier retiré : l'argent est libéré.
flash-groupbuy-baskets-saved = Paniers enregistrés.

## Pages
groupbuy-title = Achats groupés
groupbuy-lead = Regroupez vos commandes avec d'autres membres pour atteindre les paliers de prix d'un fournisseur : plus on achète ensemble, moins chacun paie.
groupbuy-propose = Proposer un achat groupé
groupbuy-none = Aucun achat groupé pour l'instant.
groupbuy-none-open = Aucun achat groupé ne prend d'engagements en ce moment.
groupbuy-in-basket = dans mes paniers
groupbuy-deadline = Date limite :
groupbuy-members-count = { $count ->
    [one] { $count } membre
   *[other] { $count } membres
}
groupbuy-phase-open = ouvert
groupbuy-phase-filling = remplissage des colis
groupbuy-phase-closed = clos
groupbuy-unit-piece = pièces
groupbuy-unit-kg = kg
groupbuy-unit-g = g
groupbuy-unit-l = l
groupbuy-unit-ml = ml

groupbuy-new-title = Proposer un achat groupé
groupbuy-new-lead = Indiquez le fournisseur, ses produits avec leur conditionnement et leurs paliers de prix, le minimum pour que l'achat se fasse, la date limite et les points de retrait.
groupbuy-field-title = Titre
groupbuy-field-collective = Au nom de
groupbuy-myself = Moi-même
groupbuy-supplier = Fournisseur
groupbuy-field-supplier = Un vendeur membre
groupbuy-outside-supplier = Un fournisseur extérieur
groupbuy-outside-hint = Pour un fournisseur extérieur, donnez son nom et l'e-mail où envoyer ses commandes.
groupbuy-field-supplier-name = Nom du fournisseur extérieur
groupbuy-field-supplier-contact = E-mail du fournisseur extérieur
groupbuy-terms = Conditions
groupbuy-field-minimum = Total minimum pour que l'achat se fasse (€)
groupbuy-field-maximum = Maximum que le fournisseur peut livrer (€)
groupbuy-field-deadline = Date limite
groupbuy-field-fill-until = Fin de la phase de remplissage des colis
groupbuy-fill-hint = Après la date limite, les membres ne peuvent plus qu'augmenter leurs quantités, pour compléter les colis entamés.
groupbuy-field-if-short = Sous le minimum à la date limite
groupbuy-if-short-cancel = annuler, et libérer toutes les réservations
groupbuy-if-short-extend = prolonger une fois, réservations gardées
groupbuy-field-extend-days = Prolonger de (jours)
groupbuy-products = Produits
groupbuy-tiers-hint = Paliers de prix selon la quantité totale, un par ligne, prix unitaire TTC : « 1-99: 3,20 », « 100-499: 2,80 », « 500+: 2,50 ».
groupbuy-field-product = Produit
groupbuy-field-unit = Unité
groupbuy-field-pack = Unités par colis
groupbuy-field-step = Vendu par
groupbuy-field-vat = TVA
groupbuy-field-retail = Prix de détail par unité (€)
groupbuy-field-tiers = Paliers de prix
groupbuy-add-product = Ajouter un produit
groupbuy-pickups = Points de retrait
groupbuy-field-commune = Commune
groupbuy-field-place = Lieu
groupbuy-field-hours = Horaires
groupbuy-add-pickup = Ajouter un point de retrait

groupbuy-organiser = Proposé par
groupbuy-outside = fournisseur extérieur
groupbuy-filling-until = colis complétés jusqu'au
groupbuy-minimum = Minimum
groupbuy-to-minimum = encore { $amount }
groupbuy-minimum-reached = atteint
groupbuy-maximum = Capacité du fournisseur
groupbuy-if-short-label = Sous le minimum
groupbuy-cancels = annulé, réservations libérées
groupbuy-extends = { $count ->
    [one] prolongé une fois de { $count } jour
   *[other] prolongé une fois de { $count } jours
}
groupbuy-members = Membres engagés
groupbuy-pack = { $count ->
    [one] Colis de { $count }
   *[other] Colis de { $count }
}
groupbuy-by-steps = vendu par
groupbuy-tiers = Paliers de prix
groupbuy-tier-quantity = Quantité totale
groupbuy-tier-price = Prix unitaire
groupbuy-tier-now = actuel
groupbuy-committed = Engagé :
groupbuy-tolerance-short = pour compléter les colis
groupbuy-price-now = prix actuel
groupbuy-next-tier = Pour le palier suivant :
groupbuy-best-tier = Le meilleur palier est atteint.
groupbuy-full-boxes = { $count ->
    [one] { $count } colis complet
   *[other] { $count } colis complets
}
groupbuy-next-box = pour compléter le suivant :
groupbuy-retail = Prix de détail :
groupbuy-saving-unit = vous économisez
groupbuy-my-basket = Mon panier
groupbuy-held = Réservé sur mon porte-monnaie :
groupbuy-fee = frais
groupbuy-my-saving = mon économie par rapport au détail :
groupbuy-held-hint = La réservation couvre vos quantités et tolérances au palier atteint quand vous vous êtes engagé. Au règlement, vous payez le prix du palier final pour ce qui vous est attribué, et le reste est libéré.
groupbuy-filling-hint = Phase de remplissage des colis : vous ne pouvez qu'augmenter vos quantités, pour compléter les colis entamés.
groupbuy-field-quantity = Quantité
groupbuy-field-tolerance = En plus, pour compléter un colis
groupbuy-tolerance-hint = Les colis sont attribués entiers : votre tolérance aide à compléter un colis qui serait sinon laissé de côté. Vous ne recevez jamais plus que votre quantité plus votre tolérance.
groupbuy-field-pickup = Point de retrait
groupbuy-commit-hint = L'argent est réservé sur votre porte-monnaie, frais de la plateforme en sus ; il n'est pris que si l'achat se fait.
groupbuy-commit = M'engager
groupbuy-change = Enregistrer mon panier
groupbuy-withdraw = Me retirer
groupbuy-baskets-title = Mes paniers groupés
groupbuy-baskets-lead = Vos quantités dans chaque achat groupé ouvert, enregistrées d'un coup : chaque achat réserve son propre argent et se fait à son propre minimum.
groupbuy-baskets-hint = Videz toutes les quantités d'un achat pour vous en retirer.
groupbuy-baskets-save = Enregistrer mes paniers
groupbuy-baskets-closed = Achats clos
groupbuy-raises-others = Baisser maintenant relèverait le prix de membres dont le porte-monnaie ne peut le couvrir : la modification est refusée.
groupbuy-paid-to = Payé à
groupbuy-was-extended = déjà prolongé une fois
groupbuy-settled = Cet achat groupé s'est fait : chacun a payé le prix du palier final pour ce qui lui a été attribué, et le reste de chaque réservation a été libéré.
groupbuy-cancelled = Cet achat groupé n'a pas atteint son minimum et a été annulé : toutes les réservations ont été libérées.
groupbuy-settling = Le règlement de cet achat groupé est en cours.
groupbuy-ordered = Commandé :
groupbuy-asked = demandé
groupbuy-allocated = attribué
groupbuy-paid = Payé :
groupbuy-released = libéré :
groupbuy-invoice = la facture du fournisseur (PDF)

## Notifications
notification-groupbuy_settled = L'achat groupé « { $name } » s'est fait : voyez ce qui vous a été attribué et ce que vous avez payé ; le reste de votre réservation est libéré.
notification-kind-groupbuy_settled = Un achat groupé auquel je me suis engagé s'est fait
notification-groupbuy_cancelled = L'achat groupé « { $name } » n'a pas atteint son minimum et a été annulé : votre argent est libéré.
notification-kind-groupbuy_cancelled = Un achat groupé auquel je me suis engagé a été annulé
notification-groupbuy_extended = L'achat groupé « { $name } » n'a pas encore atteint son minimum : sa date limite est prolongée, et votre réservation est gardée.
notification-kind-groupbuy_extended = Un achat groupé auquel je me suis engagé a été prolongé

## La commande au fournisseur
groupbuy-not-settled = Cet achat groupé n'est pas encore réglé : sa commande n'est pas connue.
groupbuy-order-title = Commande — { $name }
groupbuy-order-link = La commande et les listes de retrait
groupbuy-order-total = Tous les points de retrait
groupbuy-order-amount = Montant
groupbuy-order-pdf = Télécharger en PDF
groupbuy-order-csv = Télécharger en CSV
groupbuy-pickup-list = Liste de retrait
groupbuy-order-mail-subject = Commande groupée : { $name }
groupbuy-order-mail-hello = Bonjour,
groupbuy-order-mail-intro = Des membres de Freeco ont regroupé leurs commandes pour « { $name } ». Voici ce qu'ils commandent en tout :
groupbuy-order-mail-attached = Le PDF et le CSV joints donnent les quantités à livrer à chaque point de retrait, et leurs prix. La commande est aussi en ligne :
groupbuy-organiser-stays = Vous organisez un achat groupé dont le fournisseur est payé par votre porte-monnaie : le compte pourra être effacé une fois l'achat réglé ou annulé.
groupbuy-breakdown = Où est allé l'argent
groupbuy-breakdown-supplier = Au fournisseur
groupbuy-breakdown-platform = Frais techniques de la plateforme
groupbuy-breakdown-solidarity = Au fonds de solidarité
groupbuy-breakdown-saving = Économie des membres par rapport aux prix de détail
groupbuy-organising = Organisation
groupbuy-cancel = Annuler cet achat groupé
groupbuy-cancel-title = Annuler l'achat groupé ?
groupbuy-cancel-text = « { $name } » sera annulé : la réservation de chaque membre est libérée et chacun est prévenu. C'est définitif.
flash-groupbuy-cancelled = Achat groupé annulé : toutes les réservations sont libérées.

## Achats groupés d'énergie
energy-title = Énergie ensemble
energy-link = Énergie ensemble : regrouper les foyers pour obtenir une meilleure offre
energy-lead = Les foyers inscrivent leur consommation annuelle, sans engagement ; les fournisseurs répondent à un cahier des charges publié ; la meilleure offre est publiée, et chaque foyer décide seul, en sachant ce qu'il économiserait.
energy-none = Aucun achat groupé d'énergie pour l'instant.
energy-new = Lancer un achat groupé d'énergie
energy-create = Le lancer
energy-kind-electricity = Électricité
energy-kind-gas = Gaz
energy-phase-registering = inscription des foyers
energy-phase-offers = collecte des offres
energy-phase-closed = offres closes
energy-phase-choosing = offre lauréate publiée
energy-households = { $count ->
    [one] { $count } foyer
   *[other] { $count } foyers
}
energy-subscribed-count = { $count ->
    [one] { $count } foyer a souscrit
   *[other] { $count } foyers ont souscrit
}
energy-field-energy = Énergie
energy-field-specification = Cahier des charges de toute offre
energy-specification-hint = Ce à quoi les fournisseurs répondent : part renouvelable, durée, prix fixe ou indexé, pas de frais de résiliation…
energy-field-registration-until = Inscription des foyers jusqu'au
energy-field-offers-until = Offres reçues jusqu'au
energy-reference = Tarif de référence
energy-reference-hint = Ce à quoi les foyers comparent (le tarif réglementé, par exemple) : leur économie est estimée par rapport à lui.
energy-field-reference-name = Son nom
energy-field-kwh-price = Prix du kWh (€)
energy-field-subscription = Abonnement par an (€)
energy-registered = Inscrits
energy-year = an
energy-a-year = par an
energy-winner = L'offre lauréate
energy-green = origine renouvelable
energy-my-saving = Mon économie estimée :
energy-decide-hint = Vous décidez seul. Souscrire transmet vos nom, e-mail, commune et consommation au fournisseur, qui vous contacte pour signer le contrat.
energy-subscribe = Souscrire à cette offre
energy-decline = Non merci
energy-decision-subscribed = Vous avez souscrit à cette offre.
energy-decision-declined = Vous avez décliné cette offre.
energy-subscribers-csv = Les souscripteurs, en CSV, pour le fournisseur
energy-my-household = Mon foyer
energy-register-hint = S'inscrire n'engage à rien : cela aide à obtenir une meilleure offre, et vous montre votre économie une fois l'offre lauréate publiée.
energy-field-yearly-kwh = Consommation annuelle (kWh, sur vos factures)
energy-field-meter = Compteur
energy-meter-base = tarif de base
energy-meter-peak_offpeak = heures pleines et creuses
energy-meter-gas = gaz
energy-register = Inscrire mon foyer
energy-registration-over = L'inscription est close.
energy-offers = Offres, la moins chère d'abord
energy-rank = Rang
energy-field-supplier = Fournisseur
energy-yearly-cost = Par an, pour les foyers inscrits
energy-ranking-hint = Les offres sont classées selon ce qu'elles coûteraient par an à tous les foyers inscrits, comme une enchère inversée.
energy-publish = Publier comme lauréate
energy-publish-title = Publier l'offre lauréate ?
energy-publish-text = L'offre de « { $name } » sera publiée comme lauréate : chaque foyer décide alors s'il souscrit. Ce choix est définitif.
energy-offer-new = Enregistrer l'offre d'un fournisseur
energy-field-note = Ce qu'elle précise
energy-offer-add = Enregistrer l'offre
flash-energy-created = Achat groupé d'énergie lancé : les foyers peuvent s'inscrire.
flash-energy-registered = Foyer inscrit, sans engagement.
flash-energy-offer-added = Offre enregistrée et classée.
flash-energy-published = Offre lauréate publiée : les foyers peuvent décider.
flash-energy-decided = Votre choix est enregistré.
error-energy-kind = Choisissez l'électricité ou le gaz.
error-energy-registration = L'inscription finit dans le futur, dans moins d'un an.
error-energy-offers-until = Les offres sont closes à la fin de l'inscription ou après, dans les 90 jours.
error-energy-kwh-price = Le prix d'un kWh est supérieur à 0 et d'au plus 10 €, avec au plus quatre décimales (0,2516).
error-energy-subscription = Un abonnement annuel est d'au plus 10 000 €.
error-energy-kwh = Une consommation annuelle est un nombre entier de kWh de 1 à 1 000 000.
error-energy-meter = Choisissez un compteur de cette énergie.
error-energy-offer-unknown = Cette offre n'est pas l'une de celles de cette campagne.
energy-registration-closed = L'inscription des foyers est close.
energy-offers-closed = Les offres sont closes.
energy-not-closed = L'offre lauréate est publiée une fois les offres closes, et une seule fois.
energy-not-published = Aucune offre lauréate n'est encore publiée.
energy-not-registered = Inscrivez d'abord votre foyer.

## Le nom des mouvements des achats groupés sur les relevés
transfer-code-groupbuy-basket = Panier d'achat groupé
transfer-code-groupbuy-settle = Achat groupé payé au fournisseur
transfer-code-groupbuy-settle-fee = Frais techniques
transfer-code-groupbuy-settle-solidarity = Fonds de solidarité
