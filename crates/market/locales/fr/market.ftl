## Module 4 : vente directe

nav-market = Marché

## Erreurs
error-vat-number = Indiquez un numéro de TVA intracommunautaire (FR puis 11 caractères en France, sa clé correspondant au SIREN), ou laissez vide en franchise de TVA.
error-seller-claim = Choisissez parmi les critères de la charte.
error-product-category = Choisissez une catégorie.
error-product-label = Choisissez un label bio, ou aucun.
error-product-carbon = Indiquez l’estimation carbone en grammes par unité, de 0 à 1 000 000.
error-product-repairability = L’indice de réparabilité va de 0 à 10.
error-product-allergen = Choisissez parmi les quatorze allergènes.
error-product-variants = Un produit se vend en 1 à 20 déclinaisons.
error-variant-unit = Vendez à la pièce, au gramme ou au millilitre.
error-variant-size = Une contenance est un nombre entier de 1 à 1 000 000.
error-variant-weight = Un poids est un nombre entier de grammes de 1 à 1 000 000.
error-variant-price = Un prix est supérieur à 0 et d’au plus 100 000 €.
error-variant-stock = Indiquez le stock (0 à 1 000 000), ou vendez sans limite ou à la commande.
error-variant-sku = Une référence tient en 40 caractères sur une ligne.
error-variant-unknown = Cette déclinaison n’est pas l’une de ce produit.
error-shop-owner = Une boutique est tenue par un collectif ou par un vendeur : choisissez-en un.
error-shop-not-a-seller = Cette organisation n’a pas encore de profil de vendeur.
market-shop-exists = Ce collectif ou ce vendeur a déjà sa boutique.
error-cycle-closes = La clôture vient après l’ouverture, dans les 400 jours.
error-cycle-capture = Encaissez à la clôture ou au retrait.
market-cycle-closed = Ce cycle de commande est clos.
market-cycle-not-open = Ce cycle de commande n’est pas encore ouvert.
market-cycle-open = Ce cycle de commande est encore ouvert.
error-seller-unknown = Aucun vendeur n’a cet identifiant.
error-seller-not-in-cycle = Ce producteur ne participe pas à ce cycle.
error-variant-not-theirs = Ce produit n’est pas l’un de ceux de ce producteur.
error-pickup-ends = Le retrait finit après avoir commencé.
error-pickup-capacity = Une capacité va de 1 à 100 000 commandes.
error-fee-kind = Choisissez ce que paient ces frais.
error-fee-calculator = Choisissez comment les frais se calculent.
error-fee-amount = Des frais font au plus 1 000 € (par commande, par article ou par kg), ou au plus 50 %.
error-pickup-other-cycle = Choisissez l’un des points de retrait de ce cycle.
error-pickup-full = Ce point de retrait est complet : choisissez-en un autre.
error-wallet-short = Votre porte-monnaie ne contient pas assez pour cette commande : rechargez-le, ou payez par carte.
error-order-empty = Choisissez au moins un produit.
error-variant-not-in-cycle = Ce produit n’est pas proposé dans ce cycle.
error-out-of-stock = Il ne reste pas assez de « { $product } » en stock pour cette quantité.
market-order-race = Votre commande a changé au même moment ailleurs : réessayez.
market-order-not-placed = Cette commande n’est plus une commande passée.

## Le marché
market-title = Marché
market-lead = Achetez directement aux producteurs autour de vous : chaque prix montre ce qui va à qui.
market-open-cycles = Cycles de commande ouverts
market-no-cycle = Aucun cycle de commande n’est ouvert pour l’instant.
market-cycle-state-upcoming = Ouvre bientôt
market-cycle-state-open = Ouvert
market-cycle-state-closed = Clos
market-closes-at = Commandes jusqu’au { $time }
market-opens-at = Commandes à partir du { $time }
market-my-orders = Mes commandes
market-no-order = Vous n’avez pas encore commandé.
market-order-title = Commande { $number }
market-order-state-placed = Passée
market-order-state-cancelled = Annulée
market-order-state-collected = Retirée
market-selling = Vendre
market-selling-hint = Un producteur vend par le profil de vendeur de son organisation ; un collectif ou un vendeur ouvre une boutique et mène ses cycles de commande.
market-catalogue = Catalogue
market-become-seller = Devenir vendeur
market-my-shops = Les boutiques que je tiens
market-shop-new = Ouvrir une boutique

## La vitrine d’un cycle
market-manage = Mener ce cycle
market-your-order = Votre commande dans ce cycle : { $amount }.
market-see-order = La voir
market-wallet-available = Votre porte-monnaie peut dépenser { $amount }.
market-payment = Paiement
market-pay-wallet = Depuis mon porte-monnaie
market-pay-card = Par carte : le montant de la commande est prélevé, versé sur mon porte-monnaie et réservé
market-top-up = Le recharger
market-offer-empty = Rien n’est encore proposé dans ce cycle.
market-origin = de { $place }
market-carbon = { $grams } g CO₂e par unité
market-repairability = réparabilité { $index }/10
market-essential = produit de première nécessité
market-allergens = Allergènes :
market-claims = Le producteur déclare :
market-breakdown = Où va l’argent
market-goods-price = Le produit, à { $seller }
market-price-with-fees = Prix avec les frais
market-vat-included = TVA comprise à { $rate }.
market-platform-fee-hint = Les frais techniques de la plateforme s’ajoutent à la commande, et une part finance la solidarité.
market-sold-out = Épuisé
market-in-stock = { $count ->
    [one] { $count } restant
   *[other] { $count } restants
}
market-pickup = Point de retrait
market-pickup-full = complet
market-order-hint = Votre argent est réservé jusqu’à la clôture, puis versé aux producteurs ; vous pouvez modifier ou annuler votre commande jusque-là.
market-order-submit = Commander
market-order-update = Modifier ma commande
market-pieces = { $count ->
    [one] { $count } pièce
   *[other] { $count } pièces
}

## Une commande
market-order-paid = payée
market-order-held = argent réservé jusqu’à la clôture
market-pickup-at = À retirer à { $place }
market-order-lines = Produits
market-product = Produit
market-unit-price = Prix unitaire
market-quantity = Quantité
market-line-total = Total
market-order-fees = Frais
market-fee = Frais
market-fee-on = Sur
market-on-the-order = toute la commande
market-where-money-goes = Où va l’argent
market-platform-fee = Frais techniques de la plateforme
market-solidarity = Fonds de solidarité
market-to-pay = Vous payez
market-frozen-hint = Les prix et les frais sont ceux de votre commande : un changement ultérieur du catalogue ne la modifie pas.
market-order-change = Modifier ma commande
market-order-cancel = Annuler ma commande
market-order-cancel-confirm = Ses produits retournent à la boutique et son argent dans votre porte-monnaie. Vous pouvez commander de nouveau tant que le cycle est ouvert.
market-order-cancel-yes = Oui, annuler ma commande
market-order-cancelled-note = Cette commande est annulée : rien n’est réservé pour elle, et rien ne sera remis.
flash-order-changed = Votre commande est modifiée : { $amount } réservés dans votre porte-monnaie jusqu’à la clôture.

## Un vendeur
market-vat-number = N° de TVA { $number }
market-vat-franchise = TVA non applicable, art. 293 B du CGI
market-product-new = Ajouter un produit
market-profile-edit = Modifier le profil de vendeur
market-catalogue-empty = Aucun produit au catalogue pour l’instant.
market-variants = Déclinaisons
market-vat = TVA
market-edit = Modifier
market-stock-count = en stock
market-stock-unlimited = sans limite
market-stock-to_order = à la commande
market-profile-title = Profil de vendeur
market-profile-lead = Ce que les acheteurs et les factures montrent de { $name }.
market-field-legal-name = Raison sociale
market-field-vat-number = N° de TVA
market-vat-hint = Laissez vide en franchise de TVA (art. 293 B du CGI) : vos produits se vendent alors sans TVA.
market-claims-legend = Les critères de la charte que vous respectez
market-claims-hint = Les membres voient ce que vous déclarez ; la charte dit ce que veut dire chaque critère.
market-claim-pay_equity = Conditions de travail et équité des rémunérations
market-claim-durability = Durabilité et réparabilité
market-claim-environment = Impact environnemental
market-claim-usefulness = Utilité de ce qui est vendu

## Le formulaire de produit
market-product-new-title = Nouveau produit
market-product-edit-title = Modifier un produit
market-field-product-name = Nom
market-field-category = Catégorie
market-field-vat-rate = Taux de TVA
market-charter-attributes = Ce que la charte demande de montrer
market-charter-attributes-hint = Les acheteurs filtrent et choisissent avec : n’indiquez que ce qui est vrai.
market-field-organic-label = Label bio
market-label-none = Aucun
market-label-ab = AB
market-label-eu = Bio européen
market-label-nature_progres = Nature & Progrès
market-label-demeter = Demeter
market-field-origin = Origine (lieu de production)
market-field-carbon = Estimation carbone (g CO₂e par unité)
market-field-repairability = Indice de réparabilité (0 à 10, pour les biens)
market-field-essential = Un produit de première nécessité
market-allergens-legend = Allergènes qu’il contient
market-variants-hint = Une ligne par format vendu : 500 g, 1 kg, une boîte de 6… Le prix est TTC.
market-field-unit = Vendu
market-unit-piece = à la pièce
market-unit-g = au poids (g)
market-unit-ml = au volume (ml)
market-field-size = Format (g, ml ou pièces)
market-field-price = Prix TTC (€)
market-field-stock-mode = Stock
market-field-stock = Unités en stock
market-field-weight = Poids d’une unité (g)
market-field-sku = Référence
market-add-variant = Ajouter une déclinaison
market-product-add = Ajouter le produit
market-category-vegetables = Légumes
market-category-fruit = Fruits
market-category-dairy = Produits laitiers
market-category-eggs = Œufs
market-category-meat = Viande
market-category-fish = Poisson
market-category-bread = Pain et boulangerie
market-category-grocery = Épicerie
market-category-drinks = Boissons
market-category-plants = Plants et semences
market-category-household = Maison
market-category-clothing = Vêtements
market-category-goods = Autres biens
market-allergen-gluten = Gluten
market-allergen-crustaceans = Crustacés
market-allergen-eggs = Œufs
market-allergen-fish = Poisson
market-allergen-peanuts = Arachides
market-allergen-soybeans = Soja
market-allergen-milk = Lait
market-allergen-nuts = Fruits à coque
market-allergen-celery = Céleri
market-allergen-mustard = Moutarde
market-allergen-sesame = Sésame
market-allergen-sulphites = Sulfites
market-allergen-lupin = Lupin
market-allergen-molluscs = Mollusques

## Les boutiques
market-shop-new-title = Ouvrir une boutique
market-shop-new-lead = Une boutique vend par cycles de commande : un point de vente collectif (un collectif que vous coordonnez) pour plusieurs producteurs, ou un vendeur seul.
market-shop-no-owner = Coordonnez un collectif, ou administrez une organisation qui a un profil de vendeur, pour ouvrir une boutique.
market-field-shop-owner = Tenue par
market-field-shop-name = Nom de la boutique
market-field-address = Adresse
market-shop-create = Ouvrir la boutique
market-cycles = Cycles de commande
market-cycle-new = Nouveau cycle de commande
market-field-cycle-name = Nom du cycle
market-field-opens = Ouverture des commandes
market-field-closes = Clôture des commandes
market-field-capture = L’argent est encaissé
market-capture-close = à la clôture
market-capture-collection = au retrait
market-cycle-create = Créer le cycle

## Mener un cycle
market-manage-title = Mener « { $name } »
market-shop-front = Vitrine
market-orders-count = { $count ->
    [one] { $count } commande
   *[other] { $count } commandes
}
market-sales = ventes { $amount }
market-producers = Les producteurs et leurs produits
market-no-producer = Aucun producteur ne participe encore.
market-brings = Ce qu’apporte { $name }
market-offer-save = Enregistrer ce qu’il apporte
market-add-producer = Ajouter un producteur
market-add = Ajouter
market-pickups = Points de retrait
market-no-pickup = Pas encore de point de retrait : les acheteurs en ont besoin pour commander.
market-pickup-capacity = { $count ->
    [one] { $count } place
   *[other] { $count } places
}
market-field-place = Lieu
market-field-pickup-starts = De
market-field-pickup-ends = À
market-field-capacity = Capacité (commandes ; vide pour sans limite)
market-pickup-add = Ajouter le point de retrait
market-fees = Frais
market-fees-hint = Chaque participant peut ajouter ses frais : par commande, par article, au kilo ou en pourcentage. Les frais techniques de la plateforme et leur part de solidarité s’y ajoutent.
market-fee-payee = Versés à
market-field-calculator = Calculés
market-calculator-per_order = par commande
market-calculator-per_item = par article
market-calculator-per_kg = au kilo
market-calculator-percent = en pourcentage
market-field-fee-name = Nom des frais
market-field-fee-kind = Pour
market-fee-kind-packing = conditionnement
market-fee-kind-transport = transport
market-fee-kind-admin = gestion
market-fee-kind-sales = vente
market-fee-kind-fundraising = collecte de fonds
market-field-fee-amount = Montant
market-fee-amount-hint = En euros (0,20), ou en pourcentage (5) pour un pourcentage.
market-vat-of-goods = La TVA des produits
market-fee-add = Ajouter les frais
market-close-title = Clore le cycle maintenant
market-close-hint = Les commandes s’arrêtent et, si l’argent est encaissé à la clôture, il est versé aux producteurs et à la boutique.
market-close-text = Clore « { $name } » maintenant ? Plus personne ne pourra commander, et l’argent des commandes sera versé. C’est irréversible.
market-close-confirm = Clore maintenant

## Ce que les formulaires ont fait
flash-order-placed = Votre commande est passée : { $amount } réservés dans votre porte-monnaie jusqu’à la clôture.
flash-order-cancelled = Votre commande est annulée : son argent est revenu dans votre porte-monnaie.
flash-seller-saved = Le profil de vendeur est enregistré.
flash-product-saved = Le produit est enregistré.
flash-shop-created = La boutique est ouverte.
flash-cycle-created = Le cycle de commande est créé : ajoutez ses producteurs, ses points de retrait et ses frais.
flash-cycle-seller-added = Le producteur participe au cycle.
flash-cycle-offer-saved = Ce qu’apporte le producteur est enregistré.
flash-cycle-pickup-added = Le point de retrait est ajouté.
flash-cycle-fee-added = Les frais sont ajoutés.
flash-cycle-closed = Le cycle est clos.

## Noms des champs, dans les résumés d’erreurs
field-file = Fichier
field-product = Produit
field-category = Catégorie
field-vat_rate = Taux de TVA
field-organic_label = Label bio
field-origin = Origine
field-carbon_g = Estimation carbone
field-repairability = Indice de réparabilité
field-essential = Produit de première nécessité
field-allergens = Allergènes
field-unit = Unité
field-size = Format
field-weight_g = Poids
field-price = Prix
field-stock_mode = Stock
field-stock = Unités en stock
field-sku = Référence
field-variants = Déclinaisons
field-lines = Produits
field-pickup_id = Point de retrait
field-legal_name = Raison sociale
field-vat_number = N° de TVA
field-claims = Critères de la charte
field-seller_id = Producteur
field-variant_ids = Produits
field-capacity = Capacité
field-calculator = Calcul
field-capture = Encaissement
field-owner = Tenue par
field-organisation_id = Vendeur

## Le catalogue en fichier CSV
content-type-csv = Envoyez le catalogue en CSV (Content-Type: text/csv).
error-csv-encoding = Ce fichier n’est pas en UTF-8 (un tableur enregistre souvent en Windows-1252) : enregistrez-le en « CSV UTF-8 ».
error-csv-empty = Ce fichier ne contient aucun produit.
error-csv-semicolons = Les colonnes de ce fichier sont séparées par des points-virgules : enregistrez-le avec des virgules comme séparateur.
error-csv-tabs = Les colonnes de ce fichier sont séparées par des tabulations : enregistrez-le avec des virgules comme séparateur.
error-csv-unreadable = Ce fichier ne se lit pas comme un CSV.
error-csv-unknown-column = Le nom d’une colonne n’est pas l’un de : product, description, category, vat_rate, organic_label, origin, carbon_g, repairability, essential, allergens, unit, size, weight_g, price, stock_mode, stock, sku.
error-csv-missing-column = Cette colonne manque à la première ligne du fichier.
error-csv-columns-count = Cette ligne n’a pas autant de colonnes que la première.
error-csv-yes-no = Écrivez yes ou no.
market-csv-title = Importer ou exporter le catalogue
market-csv-hint = Un fichier CSV en UTF-8 avec des virgules, une ligne par déclinaison : product, category, vat_rate, unit (piece, g, kg, ml, cl, l), size et price sont obligatoires ; description, organic_label, origin, carbon_g, repairability, essential, allergens (séparés par |), weight_g, stock_mode, stock et sku peuvent suivre. Un produit déjà au catalogue est mis à jour.
market-csv-file = Fichier CSV
market-csv-import = Importer
market-csv-export = Télécharger le catalogue (CSV)
flash-catalogue-imported = Catalogue importé : { $created ->
    [one] { $created } produit ajouté
   *[other] { $created } produits ajoutés
}, { $updated ->
    [one] { $updated } mis à jour
   *[other] { $updated } mis à jour
}.

## Le catalogue au format du Data Food Consortium (DFC, JSON-LD)
content-type-dfc = Envoyez le catalogue en JSON-LD (Content-Type: application/ld+json).
error-dfc-json = Ce fichier n’est pas du JSON : un catalogue DFC est un document JSON-LD.
error-dfc-shape = Ce document n’est pas du JSON-LD tel que l’écrit le DFC (un objet, ou un @graph d’objets).
error-dfc-context = Le @context de ce document n’est pas le contexte 1.16 de l’ontologie du DFC (https://w3id.org/dfc/ontology/context/context_1.16.0.json).
error-dfc-empty = Ce document ne contient aucun dfc-b:SuppliedProduct.
error-dfc-offer = Ce produit n’a pas de dfc-b:Offer avec un dfc-b:Price.
error-dfc-currency = Le prix doit être en euros (dfc-m:Euro).
error-dfc-quantity = Ce produit n’a pas de dfc-b:hasQuantity (sa taille et son unité).
error-dfc-unit = Donnez la quantité en dfc-m:Gram, Kilogram, Millilitre, Centilitre, Litre ou Piece.
error-dfc-vat-differs = Les déclinaisons d’un même produit doivent avoir le même taux de TVA.
market-dfc-file = Fichier DFC (JSON-LD)
market-dfc-hint = Un catalogue au format du Data Food Consortium (ontologie 1.16), tel que l’écrivent Open Food Network et les outils du DFC : chaque produit fourni avec sa quantité et une offre au prix en euros TTC. Un produit déjà au catalogue est mis à jour.
market-dfc-import = Importer un fichier DFC
market-dfc-export = Télécharger le catalogue (DFC)
market-dfc-refused = Ce fichier DFC n’a pas été importé. Chaque « Ligne » ci-dessous est un produit fourni du fichier, compté dans son ordre à partir de 1.

## Le compte d’un vendeur
market-account = Compte des ventes
market-account-title = Compte des ventes de { $name }
market-account-hint = Ce que les commandes du marché ont versé à ce producteur, après la clôture de chaque cycle ; il part vers le compte bancaire avec le prochain lot SEPA.
market-payout = Virer vers le compte bancaire
market-payout-submit = Virer
market-movements = Mouvements
market-movement = Mouvement
market-no-movement = Aucun mouvement pour l’instant.
market-pending = réservé pour un virement
transfer-code-market-order = Commande du marché
transfer-code-market-order-fee = Frais techniques
transfer-code-market-order-solidarity = Fonds de solidarité
market-volunteer-removed = Les responsables de la boutique vous ont retiré des bénévoles de cette distribution : demandez-leur de vous réinscrire.
transfer-code-market-missing = Remboursement : manquant à la distribution
transfer-code-market-missing-fee = Remboursement : frais techniques
transfer-code-market-missing-solidarity = Remboursement : fonds de solidarité
transfer-code-market-replaced = Remboursement : remplacé à la distribution
transfer-code-market-replaced-fee = Remboursement : frais techniques
transfer-code-market-replaced-solidarity = Remboursement : fonds de solidarité
transfer-code-market-contract = Panier AMAP
transfer-code-market-contract-fee = Frais techniques
transfer-code-market-contract-solidarity = Fonds de solidarité

## Où est allé l’argent du marché
market-transparency-link = Où est allé l’argent du marché
market-transparency-title = Où est allé l’argent du marché
market-transparency-lead = Un intermédiaire garde environ le quart de ce que vous payez. Voici ce qu’ont payé les acheteurs du marché, et qui l’a reçu.
market-transparency-none = Aucun cycle de commande n’est encore clos avec au moins 5 commandes payées.
market-transparency-producers = { $amount } sont allés aux producteurs
market-transparency-paid = sur { $amount } payés par les acheteurs.
market-transparency-cycle = Cycle de commande
market-transparency-orders = Commandes
market-transparency-paid-col = Payé
market-transparency-producers-col = Producteurs
market-transparency-shops-col = Boutiques
market-transparency-all = Tous ces cycles
market-transparency-hint = La part des boutiques, ce sont leurs frais (transport, conditionnement, fonctionnement). Un cycle compte une fois toutes ses commandes payées ou annulées, et seulement avec au moins 5 commandes payées, pour que personne ne puisse y lire le panier de quelqu’un. Chaque mouvement figure dans le journal de transparence.

## Trouver quoi acheter
market-search = Chercher un produit
market-any = Tous
market-field-claim = Le producteur déclare
market-field-near = Près de
market-anywhere = Partout
market-field-km = À moins de (km)
market-organic-only = Bio seulement
market-essential-only = Produits de première nécessité seulement
market-search-submit = Chercher
market-found = Les produits des cycles ouverts
market-found-none = Aucun produit d’un cycle ouvert ne correspond.
market-from-price = à partir de { $amount }
market-producer-distance = produit à { $distance }
error-position = Indiquez une latitude et une longitude.
error-distance = Une distance va de 0 à 20 000 km.

## Ce qu’il faut préparer
market-preparation = À préparer
market-preparation-title = À préparer pour « { $name } »
market-preparation-csv = Télécharger en CSV
market-preparation-open = Le cycle est encore ouvert : ces quantités peuvent changer jusqu’à sa clôture.
market-preparation-total = En tout
market-preparation-none = Rien de commandé.
market-producer = Producteur
market-labels = Les commandes, une étiquette chacune

## Producteurs invités à un cycle
market-invitations = Les cycles qui invitent vos producteurs
market-invited = { $name } est invité à participer
market-invitation-waiting = invité, en attente de l’accord du producteur
market-accept = Participer
market-fee-remove = Retirer
error-seller-not-accepted = Ce producteur n’a pas encore accepté de participer.
flash-cycle-accepted = Vous participez au cycle : choisissez ce que vous apportez.
flash-cycle-fee-removed = Les frais sont retirés ; les commandes déjà passées gardent les leurs.
market-invoice-title = Facture n° { $number }
market-invoice-credit-title = Avoir n° { $number }
market-invoice-corrects = Corrige la facture n° { $number }.
market-invoice-date = Date : { $date }
market-invoice-seller = Vendeur
market-invoice-buyer = Acheteur
market-invoice-siret = SIRET : { $siret }
market-invoice-vat-number = N° de TVA : { $vat }
market-invoice-description = Désignation
market-invoice-quantity = Qté
market-invoice-unit-price = PU HT
market-invoice-vat-rate = TVA
market-invoice-net = Total HT
market-invoice-vat-line = TVA { $rate } sur { $taxable }
market-invoice-without-vat = Total HT
market-invoice-vat = TVA
market-invoice-with-vat = Total TTC
market-invoice-rounding = Arrondi
market-invoice-paid = Payé
market-invoice-refunded = Remboursé
market-invoice-due = Reste à payer
market-invoice-terms = Payée le { $date } depuis le porte-monnaie Freeco de l’acheteur. Pas d’escompte pour paiement anticipé. Pénalités de retard : trois fois le taux d’intérêt légal ; pour un acheteur professionnel, indemnité forfaitaire de 40 € pour frais de recouvrement (art. L441-10 et D441-5 du Code de commerce).
market-invoice-on-behalf = Facture établie par Freeco au nom et pour le compte de { $seller }.
market-invoices = Factures
market-invoices-title = Factures de { $name }
market-invoices-hint = Chaque facture est émise quand l’argent de la commande est pris, numérotée sans trou dans votre série ; elle n’est jamais modifiée ni supprimée, un avoir la corrige. Le PDF est une Factur-X (PDF/A-3 avec ses données EN 16931).
market-invoices-none = Aucune facture pour l’instant.
market-invoice-number = Numéro
market-invoice-issued = Date
market-invoice-number-out-of-series = Ce numéro de facture sauterait ou répéterait un numéro de la série : rien n’est émis.
error-bill-to = Vous ne pouvez faire facturer qu’une organisation dont vous êtes membre.
market-bill-to = Facturer à
market-bill-to-me = Moi-même
error-missing-none = Indiquez combien manquaient.
error-missing-quantity = Il ne peut manquer plus que ce qui a été commandé (et pas encore compté manquant).
error-variant-not-in-order = Ce produit n’est pas dans la commande.

## Rapports de ventes
market-report = Rapports de ventes
market-report-title = Ventes — { $name }
field-cycle = Cycle de commande
market-report-all-cycles = Tous les cycles clos
market-report-show = Afficher
market-report-hint-shop = Commandes payées seulement (ni les annulées ni celles pas encore payées), chaque cycle dans la période de sa clôture. Montants TTC ; les frais de la plateforme s’ajoutent aux ventes.
market-report-hint-seller = Les lignes payées de vos produits et vos propres frais, dans toutes les boutiques où vous avez vendu, chaque cycle dans la période de sa clôture. Montants TTC. Les acheteurs ne sont pas nommés : les boutiques remettent les commandes.
market-report-none = Aucune commande payée sur cette période.
market-report-orders = { $count ->
    [one] { $count } commande payée.
   *[other] { $count } commandes payées.
}
market-report-paid = Les membres ont payé { $amount }, frais de la plateforme compris.
market-report-cycles = Ventes par cycle
market-report-chart = Ventes par cycle, selon la date de clôture
market-report-chart-caption = Produits et frais de chaque cycle, le plus ancien à gauche ; le tableau donne les mêmes chiffres.
market-report-chart-cut = { $count ->
    [one] Le graphique montre le dernier cycle.
   *[other] Le graphique montre les { $count } derniers cycles.
}
market-report-goods = Produits
market-report-fees = Frais
market-report-amount = Ventes
market-report-paid-col = Payé
market-report-csv = Télécharger « { $name } » (CSV)
market-report-producers = Ventes par producteur
market-report-products = Ventes par produit
market-report-pickups = Ventes par point de retrait
market-report-pickup = Point de retrait
market-report-cycles-col = Cycles
market-report-fees-title = Frais perçus
market-report-no-fee = Aucun frais n’a été perçu.
market-report-fee = Frais
market-report-fee-amount = Montant
market-report-fee-to = Pour
market-report-platform = Frais techniques de la plateforme, hors part solidaire
market-report-to-platform = La plateforme
market-report-members = Ce que chaque membre a payé
market-report-member = Membre
error-report-period = La date de fin précède la date de début.
error-report-cycle = Choisissez l’un des cycles clos proposés.
market-preparation-pdf = Liste de préparation et étiquettes (PDF)
market-distribution = Distribution
market-distribution-title = Distribution de « { $name } »
market-distribution-hint = Cochez chaque commande remise. Ce qui manquait est remboursé tout de suite à l’acheteur, avec les frais correspondants, et le producteur émet un avoir.
market-distribution-open = Le cycle est encore ouvert : la distribution commence à sa clôture.
market-distribution-progress = Remises : { $done } sur { $count ->
    [one] { $count } commande
   *[other] { $count } commandes
}
market-collected = Remise
market-missing = Il manquait quelque chose ?
market-missing-submit = Rembourser ce qui manquait
market-missing-count = { $count ->
    [one] { $count } manquant
   *[other] { $count } manquants
}
market-leftovers = Invendus donnés à la solidarité
market-leftovers-hint = Ce qui reste après la distribution va au stock solidaire ; le don est enregistré et compté sur la page de transparence.
market-donate = Donner
flash-order-collected = Commande remise.
flash-order-missing = Ce qui manquait est remboursé ; l’avoir du producteur est émis.
flash-donated = Le don au stock solidaire est enregistré.
market-transparency-donated = Invendus donnés au stock solidaire aux distributions : { $count ->
    [one] { $count } article
   *[other] { $count } articles
}, d’une valeur de { $amount }.
# Contrats AMAP : erreurs
error-contract-kind = Choisissez un contrat fixe ou variable.
error-contract-every = Choisissez la fréquence des distributions.
error-contract-season = La saison finit le jour où elle commence ou après, au plus 400 jours plus tard.
error-contract-time = Écrivez une heure comme 18:00.
error-contract-hours = La distribution finit après son début.
error-contract-capacity = Entre 1 et 10 000 abonnés, ou laissez vide pour ne pas limiter.
error-contract-absences = Entre 0 et 60 absences.
error-contract-deadline = Entre 0 et 30 jours avant la distribution.
error-contract-plans = Proposez au moins un échéancier : 1, 3 ou 12 versements.
error-contract-plans-variable = Un contrat variable se paie distribution par distribution : proposez le versement unique.
error-contract-variants = Choisissez au moins un produit, chacun une fois, et combien un panier peut en prendre (1 à 100).
error-contract-variant-other-seller = Ce produit n’est pas l’un de ceux du producteur, ou il est archivé.
error-contract-too-many = Au plus 60 distributions par saison : raccourcissez-la ou espacez-les.
error-contract-own-seller = La boutique d’un vendeur ne propose de contrats que pour ses propres produits.
error-contract-past = Toutes les distributions de cette saison ont passé leur date limite.
error-contract-variant-unknown = Ce produit ne fait pas partie du contrat.
error-contract-plan = Choisissez l’un des échéanciers proposés par le contrat.
error-contract-variable-lines = Dans un contrat variable, vous commandez pour chaque distribution, depuis sa ligne de votre calendrier.
error-contract-fixed-order = Le panier d’un contrat fixe se change pour toutes les distributions à venir à la fois.
error-contract-co-self = Vous tenez déjà ce panier : nommez quelqu’un d’autre.
error-contract-member-unknown = Choisissez un membre de la liste.
error-contract-quantity = De 0 à { $max } de ce produit par panier.
error-contract-hand-self = Ce panier est déjà le vôtre : nommez quelqu’un d’autre.
error-contract-wallet-short = Votre porte-monnaie ne contient pas assez pour cela : alimentez-le d’abord.
error-roster-needed = Entre 1 et 20 bénévoles.
error-roster-role-exists = Cette distribution a déjà ce rôle.
market-contract-over = La saison de ce contrat est finie.
market-contract-subscribed = Vous êtes déjà abonné·e à ce contrat.
market-instalment-not-due = Ce versement est déjà bloqué ou annulé.
market-subscription-not-active = Cet abonnement n’est pas en cours.
market-subscription-not-paused = Cet abonnement n’est pas en pause.
market-absences-max = Vous avez utilisé toutes les absences que permet ce contrat.
market-basket-deadline = La date limite de cette distribution est passée.
market-basket-not-due = Ce panier n’est pas dû (absence, pause ou annulation).
market-distribution-over = Cette distribution est finie.
market-roster-not-subscriber = Seuls les abonnés du contrat et ceux qui tiennent la boutique s’inscrivent à ses distributions.
market-roster-full = Ce rôle a tous les bénévoles qu’il lui faut.
# Contrats AMAP : pages
market-contracts-link = Contrats AMAP
market-subscriptions-link = Mes contrats AMAP
market-contracts-title = Contrats — { $name }
market-contracts-lead = Un contrat de saison engage un producteur et des membres : le même panier à chaque distribution (fixe), ou commandé pour chacune (variable). L’argent de chaque panier est bloqué dans votre porte-monnaie et versé au producteur après sa distribution.
market-contracts-none = Aucun contrat pour l’instant.
market-contract-kind-fixed = Panier fixe
market-contract-kind-variable = Commandes variables
market-contract-every-week = Chaque semaine
market-contract-every-two_weeks = Toutes les deux semaines
market-contract-every-four_weeks = Toutes les quatre semaines
market-contract-every-month = Chaque mois
market-contract-full = Complet (liste d’attente)
market-contract-new = Proposer un contrat de saison
market-contract-no-producer = Aucun producteur n’a encore de produits : un producteur ajoute d’abord ses produits.
market-field-contract-name = Nom du contrat
market-field-producer = Producteur
market-contract-products = Produits et prix de la saison
market-contract-products-hint = Cochez les produits du producteur choisi ci-dessus ; à côté de chacun, le plus qu’un panier peut en prendre. Leurs prix actuels sont figés pour la saison.
market-field-max-quantity = Au plus par panier
market-field-contract-kind = Type de contrat
market-contract-kind-hint = Fixe : chaque membre choisit un panier qui vient à chaque distribution. Variable : les membres commandent pour chaque distribution avant sa date limite.
market-field-season-starts = Jour de la première distribution
market-field-season-ends = Fin de la saison
market-field-every = Distributions
market-field-contract-place = Lieu de distribution
market-field-from-time = De
market-field-to-time = À
market-field-contract-capacity = Nombre maximal d’abonnés
market-capacity-hint = Vide : pas de limite. Une fois complet, les nouveaux membres rejoignent une liste d’attente.
market-field-absences = Absences permises par saison
market-field-deadline-days = Date limite, en jours avant chaque distribution
market-field-plans = Échéanciers proposés
market-plan-1 = En un versement
market-plan-3 = En 3 versements
market-plan-12 = En 12 versements
market-contract-create = Créer le contrat
market-contract-season = Du { $from }
market-contract-season-to = au { $until }
market-contract-rules = Absences permises cette saison : { $max } (non facturées).
market-contract-deadline = { $count ->
    [one] Absences, commandes et changements ferment 1 jour avant chaque distribution.
   *[other] Absences, commandes et changements ferment { $count } jours avant chaque distribution.
}
market-season-price = Prix de la saison
market-season-price-hint = Les prix sont TTC et restent les mêmes toute la saison ; les frais techniques de la plateforme s’ajoutent à chaque panier.
market-subscription-state-waiting = En liste d’attente
market-subscription-state-active = Abonné·e
market-subscription-state-paused = En pause
market-subscription-state-ended = Terminé
market-waiting-position = { $number }ᵉ place dans la file
market-subscription-see = Voir votre abonnement
market-subscribe = S’abonner
market-contract-full-hint = Ce contrat est complet : vous rejoindrez la liste d’attente et aurez la première place libérée. Rien n’est bloqué dans votre porte-monnaie d’ici là.
market-your-basket = Votre panier
market-basket-season-hint = { $count ->
    [one] Ce panier vient à la seule distribution encore ouverte.
   *[other] Ce panier vient à chacune des { $count } distributions encore ouvertes.
}
market-variable-hint = Vous commanderez pour chaque distribution depuis la page de votre abonnement, avant sa date limite ; l’argent de chaque commande est bloqué quand vous la passez.
market-field-plan = Échéancier
market-plan-hint = L’argent de vos paniers est bloqué dans votre porte-monnaie : le premier versement maintenant, les autres peu avant leurs distributions. Il va au producteur après chaque distribution.
market-field-co-member = Co-titulaire
market-nobody = Personne
market-co-member-hint = Un membre qui partage le panier et voit l’abonnement.
market-join-waiting-list = Rejoindre la liste d’attente
market-subscribe-submit = S’abonner et bloquer le premier versement
market-distributions = Distributions
market-deadline = Date limite
market-volunteers = Bénévoles
market-distribution-done = faite
market-roster-withdraw = Se retirer
market-roster-sign-up = S’inscrire
market-roster-add = Demander des bénévoles
market-field-role = Rôle
market-field-needed = Bénévoles nécessaires
market-roster-every = À chaque distribution à partir de celle-ci
market-roster-add-submit = Ajouter le rôle
market-subscribers = Abonnés et liste d’attente
market-subscribers-none = Personne ne s’est encore abonné.
market-state = État
market-instalment-short = porte-monnaie insuffisant
market-subscriptions-title = Mes contrats AMAP
market-subscriptions-none = Vous n’avez pas encore d’abonnement : les contrats des boutiques sont sur leurs pages.
market-shared-by = partagé par { $name }
market-handed-to-me = Paniers qu’on vous a confiés
market-handed-by = de { $name }
market-subscription-title = Abonnement : { $name }
market-subscriber = Abonné·e : { $name }
market-co-member = co-titulaire : { $name }
market-absences-used = { $count ->
    [0] Aucune absence déclarée.
    [one] { $count } absence déclarée.
   *[other] { $count } absences déclarées.
}
market-absences-allowed = Permises : { $max }.
market-payments = Paiements
market-paid-so-far = Versé au producteur : { $amount }
market-held-now = bloqué dans votre porte-monnaie : { $amount }
market-instalment = Versement
market-due = Échéance
market-instalment-state-scheduled = À venir
market-instalment-state-held = Bloqué
market-instalment-state-short = Porte-monnaie insuffisant : alimentez-le, puis payez
market-instalment-state-cancelled = Annulé
market-instalment-pay = Payer maintenant
market-payments-hint = Un versement bloque l’argent de ses paniers ; chaque panier est versé au producteur après sa distribution. Absences, pauses et fin rendent ce qui était bloqué pour les paniers non livrés.
market-actions = Actions
market-handed-to = retiré par { $name }
market-basket-state-due = Dû
market-basket-state-absent = Absence (non facturé)
market-basket-state-paused = En pause (non facturé)
market-basket-state-cancelled = Annulé (non facturé)
market-basket-paid = payé
market-basket-held = bloqué
market-basket-invoice = facture (PDF)
market-absence-declare = Je serai absent·e
market-absence-withdraw = Je serai là
market-basket-more = Commander ou confier
market-order-basket = Commander pour cette distribution
market-field-hand-to = Confié à
market-hand-over = Confier
market-basket-change = Changer votre panier
market-basket-change-hint = Le nouveau panier vaut pour toutes les distributions dont la date limite n’est pas passée ; son argent est bloqué à nouveau.
market-basket-change-submit = Changer le panier
market-co-member-save = Enregistrer le co-titulaire
market-subscription-pause = Mettre en pause
market-subscription-resume = Reprendre
market-waiting-leave = Quitter la liste d’attente
market-subscription-end = Arrêter l’abonnement
market-subscription-end-hint = Arrêter rend ce qui est bloqué pour les distributions dont la date limite n’est pas passée, et libère votre place pour le premier membre en attente.
market-subscription-end-title = Arrêter cet abonnement ?
market-subscription-end-text = Votre abonnement à « { $name } » s’arrête : plus de paniers après les distributions déjà fermées, et votre place va au premier membre en attente.
flash-contract-created = Le contrat est créé, avec ses distributions.
flash-contract-waiting = Le contrat est complet : vous êtes sur sa liste d’attente.
flash-contract-subscribed = Vous êtes abonné·e ; le premier versement est bloqué dans votre porte-monnaie.
flash-roster-role-added = Le rôle est ajouté.
flash-roster-signed = Vous êtes inscrit·e. Merci !
flash-roster-withdrawn = Vous vous êtes retiré·e.
flash-subscription-basket = Votre panier est changé pour les distributions à venir.
flash-subscription-ordered = Votre commande pour cette distribution est enregistrée et bloquée.
flash-subscription-co-member = Le co-titulaire est enregistré.
flash-subscription-paused = Votre abonnement est en pause.
flash-subscription-resumed = Votre abonnement reprend.
flash-subscription-ended = Votre abonnement est arrêté.
flash-instalment-paid = Le versement est bloqué dans votre porte-monnaie.
flash-absence-declared = Votre absence est notée : ce panier n’est pas facturé.
flash-absence-withdrawn = Vous serez là finalement : le panier est de nouveau bloqué.
flash-basket-handed = La personne qui retire le panier est enregistrée.
market-contracts-open = Contrats ouverts aux abonnements
notification-instalment_short = Votre porte-monnaie n’a pas pu bloquer le versement de « { $name } » : alimentez-le, puis payez-le depuis votre abonnement.
notification-contract_place = Une place s’est libérée dans « { $name } » : vous êtes maintenant abonné·e.
notification-kind-instalment_short = Mon porte-monnaie est insuffisant pour un versement de contrat AMAP
notification-kind-contract_place = Une place se libère dans un contrat AMAP que j’attends
market-missing-hint = Combien manquaient en tout, par produit (un envoi répété ne rembourse rien de plus).

# Créneaux et livraison à domicile
error-slot-minutes = Un créneau dure de 5 minutes à 24 heures, 96 créneaux au plus par point de retrait (0 : sans créneaux).
error-slots-taken = Des commandes sont déjà prises sur ces créneaux : ils restent tels quels.
error-slot-required = Choisissez un créneau.
error-slot-other-pickup = Choisissez l’un des créneaux de ce point de retrait.
error-slot-full = Ce créneau est complet : choisissez-en un autre.
error-delivery-fee = Des frais de livraison vont de 0 à 1 000 €.
error-delivery-km = Une zone de livraison va de 1 à 1 000 km.
error-delivery-minimum = Un minimum de commande va de 0 à 100 000 €.
error-delivery-no-position = La zone de livraison se compte depuis la boutique : donnez-lui d’abord une position.
error-delivery-not-offered = Ce cycle ne livre pas : choisissez un point de retrait.
error-delivery-address = Donnez l’adresse de livraison.
error-delivery-position = Dites où se trouve l’adresse : choisissez sa commune.
error-delivery-too-far = Cette adresse est à { $distance } km de la boutique ; elle livre jusqu’à { $max } km.
error-delivery-minimum-not-met = Cette commande n’atteint pas le minimum pour la livraison.
field-slot_id = Créneau
field-delivery = Livraison à domicile
field-delivery_address = Adresse de livraison
field-delivery_position = Commune
field-minutes = Durée d’un créneau (minutes)
field-fee = Frais de livraison
field-max_km = Zone de livraison (km)
field-minimum = Minimum de commande
market-slot = Créneau
market-slot-left = { $count ->
    [one] { $count } place restante
   *[other] { $count } places restantes
}
market-slot-full = complet
market-slot-at = Créneau { $from } – { $to }
market-slots = Créneaux
market-slots-none = Pas de créneaux : on vient à toute heure du retrait.
market-slots-none-delivery = Pas de créneaux : livré à toute heure de la plage.
market-field-slot-minutes = Découper en créneaux de (minutes ; 0 pour aucun)
market-field-slot-capacity = Commandes par créneau (vide pour sans limite)
market-slots-save = Fixer les créneaux
flash-cycle-slots-set = Les créneaux sont fixés.
market-delivery = Livraison à domicile
market-delivery-default-name = Livraison à domicile
market-delivery-terms = { $amount } par commande, jusqu’à { $max } km de la boutique
market-delivery-minimum = commande minimum { $amount }
market-delivery-none = Pas de livraison à domicile dans ce cycle.
market-delivery-save = Enregistrer la livraison
market-field-delivery-name = Nom lu par les acheteurs
market-field-delivery-fee = Frais par commande (€)
market-field-delivery-km = Jusqu’à (km de la boutique)
market-field-delivery-minimum = Commande minimum (€ ; vide pour aucune)
market-delivery-address = Adresse de livraison
market-delivery-commune = Commune
market-delivery-to = Livrée à { $place }
market-delivery-distance = { $distance } km de la boutique
market-deliveries = Livraisons
flash-cycle-delivery-set = La livraison est enregistrée.
## Les plafonds d’un cycle et son rappel avant la clôture
error-cap-orders = Ce cycle a atteint son nombre maximal de commandes.
error-cap-turnover = Cette commande ferait dépasser au cycle son chiffre d’affaires maximal : commandez moins.
error-cap-product = Il ne reste pas autant d’un produit dans ce cycle : ce qui reste est indiqué à côté de lui.
error-cap-max-orders = Un nombre maximal de commandes est un nombre entier de 1 à 100 000, ou vide pour aucun plafond.
error-cap-max-turnover = Un chiffre d’affaires maximal est un montant de 0,01 € à 10 000 000 €, ou vide pour aucun plafond.
error-cap-max-quantity = Le maximum d’un produit est un nombre entier de 1 à 1 000 000, ou vide pour aucun plafond.
error-cycle-remind-hours = Le rappel part de 0 (jamais) à 720 heures avant la clôture.
market-caps = Plafonds (facultatifs)
market-caps-hint = Le cycle se clôt en avance quand l’un d’eux est atteint ; laissez vide pour aucun plafond.
market-caps-products = Au plus de chaque produit dans ce cycle
market-field-max-orders = Nombre maximal de commandes
market-field-max-turnover = Chiffre d’affaires maximal (€)
market-field-remind-hours = Rappel par courriel, en heures avant la clôture (0 : aucun)
market-cycle-settings = Le cycle
market-cycle-save = Enregistrer le cycle
flash-cycle-saved = Le cycle est enregistré.
market-closed-early = Clos en avance : plafond atteint.
market-cap-orders = { $count ->
    [one] Au plus { $count } commande dans ce cycle.
   *[other] Au plus { $count } commandes dans ce cycle.
}
market-cap-left = { $count ->
    [one] Plus que { $count } dans ce cycle
   *[other] Plus que { $count } dans ce cycle
}
market-cap-none-left = Plus rien dans ce cycle
field-max_orders = Nombre maximal de commandes
field-max_turnover = Chiffre d’affaires maximal
field-variant_caps = Au plus de chaque produit
field-remind_hours = Rappel
notification-order_reminder = Votre commande chez { $name } : { $amount }, à retirer à { $place } le { $at }. Vous pouvez la modifier jusqu’au { $until }.
notification-cycle_closing = { $name } prend les commandes jusqu’au { $until }.
notification-kind-order_reminder = Un cycle où j’ai commandé se clôt bientôt
notification-kind-cycle_closing = Un cycle d’une boutique où j’ai commandé se clôt bientôt
notification-contract_distribution_moved = La distribution de « { $name } » du { $when } est déplacée au { $new_when }.
notification-contract_distribution_cancelled = La distribution de « { $name } » du { $when } est annulée : son panier n’est pas facturé, l’argent bloqué pour lui revient dans votre porte-monnaie.
notification-kind-contract_distribution_moved = Une distribution AMAP où j’ai un panier est déplacée
notification-kind-contract_distribution_cancelled = Une distribution AMAP où j’ai un panier est annulée
error-distribution-past = La nouvelle date est déjà passée.
error-distribution-after-season = La nouvelle date est après la fin de la saison.
error-distribution-before-season = La nouvelle date est avant le début de la saison.
error-distribution-day-taken = Une autre distribution de ce contrat a lieu ce jour-là.
market-distribution-cancelled = Cette distribution est annulée.
market-distribution-cancelled-mark = annulée
market-distribution-change = Déplacer ou annuler une distribution
market-distribution-change-hint = Les membres qui y ont un panier sont prévenus. Une distribution déplacée garde ses paniers (payés une fois, après elle) ; une distribution annulée libère ce qui était bloqué pour elle et ne facture rien.
market-field-new-day = Nouveau jour
market-distribution-move = Déplacer
market-distribution-cancel = Annuler cette distribution
market-distribution-cancel-title = Annuler cette distribution ?
market-distribution-cancel-text = La distribution de « { $name } » du { $day } est annulée pour tout le monde : ses paniers ne sont pas facturés et ce qui était bloqué pour eux revient dans les porte-monnaie.
flash-distribution-moved = La distribution est déplacée ; ses membres sont prévenus.
flash-distribution-cancelled = La distribution est annulée ; ses membres sont prévenus et rien n’est facturé pour elle.
## Photos d’un vendeur et de ses produits
market-photos = Photos
market-photo-file = Photo (JPEG, PNG ou WebP)
market-photo-hint = Jusqu’à 10 Mo et 8 photos. Elle est redressée et redimensionnée ; seuls ses pixels sont gardés (ni données de l’appareil, ni position GPS).
market-photo-add = Ajouter la photo
market-photo-delete = Supprimer
market-photo-main = Photo principale
market-photo-make-main = En faire la photo principale
market-photo-after-save = Enregistrez d’abord le produit, puis ajoutez ses photos ici.
error-photo-type = Ce fichier n’est pas une image JPEG, PNG ou WebP.
error-photo-too-large = Ce fichier dépasse 10 Mo : envoyez une photo plus légère.
error-photo-dimensions = Cette image est trop grande (plus de 50 millions de pixels, ou 12 000 pixels de côté) : envoyez une photo plus petite.
error-photo-unreadable = Cette image est abîmée et ne peut pas être lue.
error-photo-limit = Il y a déjà 8 photos : supprimez-en une d’abord.
flash-photo-added = La photo est ajoutée.
flash-photo-deleted = La photo est supprimée.
flash-photo-main = C’est maintenant la photo principale.
market-regular-link = Mes commandes régulières
market-regular-order-here = Commander ceci à chaque cycle
market-regular-title = Mes commandes régulières
market-regular-new-title = Une commande régulière chez { $name }
market-regular-one-title = Ma commande régulière chez { $name }
market-regular-hint = Une commande régulière met les mêmes produits dans votre panier à chaque cycle d’une boutique, dès son ouverture, au point de retrait que vous préférez. Vous pouvez toujours changer ou annuler cette commande tant que le cycle est ouvert, comme toute commande.
market-regular-none = Vous n’avez pas encore de commande régulière.
market-regular-new = Commander régulièrement dans une boutique
market-regular-state-active = Active
market-regular-state-paused = En pause
market-regular-state-ended = Arrêtée
market-regular-skipping = le prochain cycle est sauté
market-regular-pause = Mettre en pause
market-regular-resume = Reprendre
market-regular-skip = Sauter le prochain cycle
market-regular-end = Arrêter la commande régulière
market-regular-actions-hint = La pause l’arrête jusqu’à ce que vous la repreniez ; sauter ne laisse de côté que le prochain cycle où elle serait passée ; arrêter l’arrête pour de bon. Une commande déjà passée reste : changez-la ou annulez-la depuis sa page.
market-regular-end-title = Arrêter cette commande régulière ?
market-regular-end-text = Votre commande régulière chez « { $name } » s’arrête : aucun cycle ne la passera plus. Une commande déjà passée reste.
market-regular-what = Ce qu’il faut commander à chaque cycle
market-regular-change = Changer la commande régulière
market-regular-no-product = Cette boutique ne vend encore aucun produit.
market-regular-field-place = Point de retrait préféré
market-regular-place-hint = À chaque cycle, le point de retrait de ce lieu (ou de cette adresse) est choisi ; s’il n’y en a pas, le premier, et vous en êtes averti·e.
market-regular-field-starts = À partir du
market-regular-field-ends = Jusqu’au
market-regular-form-hint = Laissez un produit vide pour ne pas le prendre. Un cycle qui n’offre pas un produit, ou n’en a plus, est commandé sans lui. L’argent est bloqué dans votre porte-monnaie quand la commande est passée.
market-regular-create = Commander ceci à chaque cycle
market-regular-save = Enregistrer les changements
market-regular-history = À chaque cycle
market-regular-history-none = Aucun cycle ne s’est ouvert depuis.
market-regular-outcome-placed = Passée
market-regular-outcome-skipped = Sautée
market-regular-outcome-short = Pas passée : porte-monnaie insuffisant
market-regular-outcome-nothing = Pas passée : rien de disponible
market-regular-outcome-refused = Pas passée
market-regular-pickup = Retrait : { $place }
market-regular-pickup-unmatched = Aucun point de retrait de ce cycle ne correspond à « { $place } » : le premier a été choisi. Changez-le depuis la commande si vous le souhaitez.
market-regular-left-out = Laissés de côté (pas offerts ou épuisés) : { $value }.
market-regular-why-short = votre porte-monnaie n’avait pas assez. Alimentez-le et commandez depuis la boutique.
market-regular-why-nothing = aucun de ses produits n’était offert ni en stock.
error-regular-quantity = Une quantité est un nombre entier de 1 à 1 000 (laissez le produit vide pour ne pas le prendre).
error-regular-variant = Ce produit n’est pas vendu par cette boutique.
error-regular-ends = Le dernier jour vient le premier jour ou après, et n’est pas passé.
market-regular-ended = Cette commande régulière est arrêtée.
market-regular-not-active = Cette commande régulière n’est pas active.
market-regular-not-paused = Cette commande régulière n’est pas en pause.
flash-regular-created = Votre commande régulière est enregistrée : elle sera passée à chaque cycle qui s’ouvre.
flash-regular-updated = Votre commande régulière est changée pour les cycles à venir.
flash-regular-paused = Votre commande régulière est en pause.
flash-regular-resumed = Votre commande régulière reprend.
flash-regular-skipped = Le prochain cycle sera sauté.
flash-regular-ended = Votre commande régulière est arrêtée.
notification-regular_placed = Votre commande régulière chez « { $name } » est passée dans « { $label } », à retirer à { $place }.
notification-regular_not_placed = Votre commande régulière chez « { $name } » n’a pas été passée dans « { $label } » : { $reason }
notification-kind-regular_placed = Ma commande régulière est passée dans un cycle
notification-kind-regular_not_placed = Ma commande régulière n’a pas pu être passée dans un cycle
notification-order_uncollected = Votre commande de « { $label } » chez « { $name } » n’a pas été retirée à la fin de sa distribution : son argent est allé aux producteurs, qui l’avaient préparée.
notification-kind-order_uncollected = Ma commande n’a pas été retirée
market-order-uncollected = Personne n’a retiré cette commande à la fin de sa distribution : son argent est allé aux producteurs le { $time }. Un bénévole peut encore la remettre.
error-donation-beyond-stock = Plus que ce qui reste en stock : { $count ->
    [one] { $count } unité
   *[other] { $count } unités
}.
market-donation-key-reused = La clé de ce don a déjà servi pour un autre don : rechargez la page.

## Remplacements à la distribution
market-replace = Quelque chose remplacé ?
market-replace-hint = Indiquez ce qui a été remis à la place de ce qui manquait : un produit du même producteur, au même taux de TVA, pris sur son stock. S’il vaut moins, la différence est remboursée tout de suite à l’acheteur et le producteur émet un avoir ; s’il vaut plus, l’acheteur ne paie rien de plus. Une ligne n’est remplacée qu’une fois.
market-replace-what = Absent
market-replace-quantity = Combien manquaient
market-replace-by = Remis à la place
market-replace-by-quantity = Combien remis
market-replace-submit = Enregistrer le remplacement
market-replaced-by = { $count ->
    [one] { $count } remplacé par { $name }
   *[other] { $count } remplacés par { $name }
}
flash-order-replaced = Le remplacement est enregistré ; ce qu’il vaut de moins est remboursé.
error-replaced-quantity = On ne peut remplacer plus que ce qui reste de la ligne (la commande, moins ce qui manquait).
error-replacement-same = Un produit ne peut se remplacer lui-même.
error-replacement-other-seller = Seul un produit du même producteur peut le remplacer : celui qui a été payé pour lui.
error-replacement-vat = Le remplacement doit avoir le même taux de TVA que ce qu’il remplace.
error-replacement-beyond-stock = { $count ->
    [one] Il n’en reste que { $count } en stock.
   *[other] Il n’en reste que { $count } en stock.
}
market-line-replaced = Cette ligne a déjà été remplacée par autre chose : une ligne n’est remplacée qu’une fois.

## Les bénévoles de la distribution
market-cycle-volunteers = Bénévoles à la distribution
market-cycle-volunteers-hint = Les bénévoles remettent les commandes à la distribution : ils voient qui retire quoi, cochent les commandes remises, notent ce qui manquait ou a été remplacé et donnent les invendus à la solidarité.
market-cycle-volunteers-none = Personne ne s’est encore proposé.
market-volunteer = Être bénévole à la distribution
market-volunteer-withdraw = Me retirer
market-volunteer-remove = Retirer { $name }
flash-volunteered = Merci : vous êtes bénévole à cette distribution.
flash-volunteer-withdrawn = Retiré des bénévoles de la distribution.

## Les entrées du journal de transparence pour la vente directe
log-type-market-split = Vente directe : ce qu’une commande a payé aux vendeurs, aux collectifs, à la plateforme et à la solidarité
log-type-market-refund = Vente directe : ce qu’un remboursement à la distribution a repris à chacun

## Les livraisons d’un producteur, tous collectifs confondus
market-deliveries-link = Ce qu’il faut apporter
market-deliveries-title = Ce qu’apporte { $name }
market-deliveries-hint = Chaque point de retrait de chaque cycle où vous vendez, à partir d’aujourd’hui : ce qu’il faut y apporter, et le tout ensemble. Pour un cycle ouvert, ce sont les commandes passées jusqu’ici.
market-deliveries-none = Rien à apporter pour le moment.
market-deliveries-final = définitif
market-deliveries-so-far = commandes à ce jour

## Plusieurs lieux de distribution pour un cycle
market-hub-for = distribue pour { $name }
market-hub-fronts = Aussi en commande chez :
market-hubs = Lieux de distribution
market-hubs-hint = D’autres lieux (des collectifs qui ont une boutique) peuvent distribuer ce cycle : chacun choisit ce qu’il propose parmi les produits du cycle et ajoute ses propres points de retrait et frais, comptés sur ses seules commandes.
market-hub-invite = Inviter le lieu
market-hub-waiting = invité, en attente de l’accord du lieu
market-hub-offers = { $count ->
    [one] propose { $count } produit
   *[other] propose { $count } produits
}
market-hub-invitations = Cycles qui invitent vos lieux à distribuer
market-hub-invited = { $name } est invité à distribuer
market-hub-manage = Distribuer
market-hub-title = { $collective } : distribution de { $name }
market-hub-offer = Ce que le lieu propose
market-hub-offer-save = Enregistrer l’offre
market-hub-pickup-hint = Les points de retrait du lieu : ses commandes y sont retirées.
market-hub-fee-hint = Les frais du lieu, comptés sur ses seules commandes, en plus de ceux des producteurs et de la boutique qui coordonne.
flash-hub-invited = Le lieu est invité à distribuer le cycle.
flash-hub-offer-saved = L’offre du lieu est enregistrée.
error-hub-unknown = Cette boutique n’existe pas.
error-hub-not-a-hub = Seule la boutique d’un autre collectif peut distribuer ce cycle.
error-hub-not-in-cycle = Ce lieu ne distribue pas ce cycle.
error-hub-not-accepted = Ce lieu n’a pas encore accepté de distribuer le cycle.
error-hub-offer-too-large = Au plus 500 produits dans une offre.
error-variant-not-at-hub = Un produit de la commande n’est pas proposé aux points de retrait de ce lieu.
error-fee-one-payee = Des frais vont soit à un producteur, soit à un lieu, pas aux deux.
market-hub-distributes = Cycles qu’il distribue
