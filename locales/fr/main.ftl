# Freeco — français

## Navigation et mise en page
nav-skip = Aller au contenu
nav-label = Navigation principale
nav-home = Accueil
nav-collectives = Collectifs
nav-organisations = Organisations
nav-charter = Charte
nav-login = Se connecter
nav-logout = Se déconnecter
nav-signup = S'inscrire
footer-text = Freeco — la plateforme coopérative : l'argent va aux producteurs, chaque vote et chaque paiement est vérifiable.
lang-fr = Français
lang-en = English

## Actions courantes
save = Enregistrer
continue = Continuer
create = Créer
add = Ajouter
delete = Supprimer
revoke = Révoquer
accept = Accepter
refuse = Refuser

## Champs
field-email = Adresse e-mail
field-password = Mot de passe
field-new_password = Nouveau mot de passe
field-display_name = Nom
field-bio = À propos de vous
field-locale = Langue
field-time_zone = Fuseau horaire
field-name = Nom
field-kind = Type
field-description = Description
field-siret = SIRET (14 chiffres, facultatif)
field-address = Adresse
field-latitude = Latitude
field-longitude = Longitude
field-message = Message
field-role = Rôle
field-college = Collège
field-weight = Poids
field-email-field = E-mail
field-body = Texte
field-body_fr = Texte français
field-body_en = Texte anglais
field-college_id = Collège
field-lang = Langue

## Accueil
home-title = Bienvenue sur Freeco
home-pitch = Organisez votre économie locale sans intermédiaire : les producteurs sont payés justement, les membres décident ensemble, et chaque vote et chaque paiement peut être vérifié.
home-welcome = Bonjour { $name } !
home-awaiting-vote = En attente de votre vote
home-my-collectives = Mes collectifs
home-no-collectives = Vous ne faites encore partie d'aucun collectif.
home-find-collective = Trouvez-en un ou créez le vôtre.
home-my-organisations = Organisations pour lesquelles j'agis
home-add-organisation = Ajouter une organisation
home-how = Tout le monde peut lire la charte et vérifier le journal de transparence. Pour participer, inscrivez-vous, acceptez la charte, puis demandez à rejoindre un collectif.
home-my-projects = Mes projets
home-public-collectives = Les collectifs de cette instance
home-no-public-collectives = Aucun collectif n'a encore été créé.
home-public-projects = Projets ouverts à tous les membres
home-public-projects-help = Connectez-vous pour voir un projet et le rejoindre.
home-fees = Frais et solidarité
home-fee-rule = Un paiement à un collectif porte des frais techniques de { $technical } en plus, un paiement entre membres { $between }. { $solidarity } de chaque frais vont au fonds de solidarité.
home-transparency-link = Chaque mouvement d'argent est dans le journal de transparence

## Inscription et connexion
signup-title = Créer votre compte
signup-submit = Créer mon compte
signup-have-account = Déjà un compte ? Connectez-vous
signup-done-title = Consultez votre messagerie
signup-done-text = Nous avons envoyé un message à l'adresse indiquée. Suivez son lien pour confirmer votre compte.
login-title = Se connecter
login-submit = Se connecter
login-forgot = Mot de passe oublié ?
forgot-title = Mot de passe oublié
forgot-submit = M'envoyer un lien
forgot-done-title = Consultez votre messagerie
forgot-done-text = Si un compte utilise cette adresse, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Le lien est valable une heure.
reset-title = Choisir un nouveau mot de passe
reset-submit = Changer mon mot de passe
reset-done-title = Mot de passe changé
reset-done-text = Votre mot de passe a été changé : toutes les sessions ont été fermées et tous les jetons d'API révoqués. Vous pouvez maintenant vous connecter.
confirm-title = Confirmer votre adresse
confirm-intro = Saisissez le mot de passe choisi à l'inscription : votre adresse est confirmée et votre compte ouvert.
confirm-submit = Confirmer mon adresse

## Charte
charter-title = La charte éthique
charter-version = Version { $version }
charter-accept = J'ai lu la charte et je l'accepte
charter-accepted-on = Vous avez accepté cette version le { $date }.
charter-needed = Pour participer, lisez et acceptez la version en vigueur de la charte.
charter-read = Lire la charte
charter-signup-to-accept = Créez un compte pour accepter la charte et rejoindre la plateforme.
charter-version-outdated = La charte a changé depuis que vous l'avez ouverte : lisez la version en vigueur avant de l'accepter.

## Compte
account-title = Mon compte
account-profile = Profil
account-tokens = Jetons d'API
account-tokens-help = Les jetons personnels permettent à vos scripts d'utiliser l'API en votre nom (en-tête « Authorization: Bearer … »). Révoquez ceux que vous n'utilisez plus.
account-token-created = Copiez ce jeton maintenant, il ne sera plus affiché :
account-token-prefix = Début
account-token-created-at = Créé le
account-token-revoked = révoqué
account-token-create = Créer un jeton
account-data = Mes données
account-export = Télécharger toutes mes données personnelles (JSON)
account-delete-help = Supprimer votre compte efface vos données personnelles. Ce dont les autres ont besoin (une adhésion passée, par exemple) est conservé sous un pseudonyme. C'est définitif.
account-delete = Supprimer mon compte
account-deleted-title = Compte supprimé
account-deleted-text = Vos données personnelles ont été effacées. Merci d'avoir participé.
account-sign-in = Adresse et mot de passe
account-email-current = Votre adresse : { $email }
account-email-pending = Un lien a été envoyé à { $email } (valable jusqu'au { $until }) : votre adresse change quand il est suivi.
field-new_email = Nouvelle adresse e-mail
field-current_password = Mot de passe actuel
account-email-change = Changer d'adresse
account-password-change = Changer de mot de passe
account-password-help = Vos autres sessions seront fermées.
password-rule = { $count ->
    [one] Au moins { $count } caractère.
   *[other] Au moins { $count } caractères.
} Une phrase dont vous vous souviendrez fait un bon mot de passe.
flash-password-changed = Votre mot de passe a été changé et vos autres sessions ont été fermées. Vos jetons d'API fonctionnent toujours : révoquez ceux auxquels vous ne faites plus confiance.
flash-email-change-sent = Nous avons envoyé un lien à la nouvelle adresse. Votre adresse ne change qu'une fois ce lien suivi (sous 48 heures) ; d'ici là, connectez-vous avec l'adresse actuelle.
email-confirm-title = Confirmer votre nouvelle adresse
email-confirm-intro = Confirmez que cette adresse devient celle de votre compte Freeco : vous vous connecterez avec elle, et l'ancienne adresse en sera avertie.
email-confirm-submit = Confirmer ma nouvelle adresse
email-changed-title = Adresse changée
email-changed-text = L'adresse de votre compte a changé : connectez-vous désormais avec la nouvelle.
error-email-same = C'est déjà votre adresse.
mail-password-updated-subject = Votre mot de passe Freeco a été changé
mail-password-updated-body = Le mot de passe de votre compte vient d'être changé depuis sa page de compte, et vos autres sessions ont été fermées. Si ce n'était pas vous, choisissez tout de suite un nouveau mot de passe ici :
mail-email-change-subject = Confirmez votre nouvelle adresse Freeco
mail-email-change-body = Vous avez demandé que cette adresse devienne celle de votre compte Freeco. Pour confirmer, ouvrez ce lien (valable 48 heures) ; d'ici là rien ne change. Si vous n'avez rien demandé, ignorez ce message.
mail-email-taken-subject = Votre compte Freeco
mail-email-taken-body = Un compte Freeco a demandé que cette adresse devienne la sienne, mais un autre compte l'utilise déjà : rien n'a été changé. Si les deux comptes sont à vous, supprimez d'abord celui qui a cette adresse (ou changez son adresse).
mail-email-changed-subject = L'adresse de votre compte Freeco a changé
mail-email-changed-body = L'adresse e-mail de votre compte Freeco vient d'être remplacée par une autre, confirmée depuis celle-ci. Cette adresse ne permet plus de vous y connecter. Si vous n'avez rien demandé, prévenez tout de suite les administrateurs de l'instance.

## Organisations
organisations-title = Organisations
organisations-create = Ajouter une organisation pour laquelle vous agissez
organisation-people = Personnes qui agissent pour elle
organisation-edit = Modifier
organisation-add-person = Inviter une personne
organisation-invite = Envoyer l'invitation
organisation-people-listed-only = Seules les personnes qui ont choisi d'apparaître ici sont affichées.
organisation-not-listed = non affiché publiquement
org-listed-choice = Afficher mon nom sur la page publique de cette organisation
org-invitation-text = Vous êtes invité à agir pour { $organisation } en tant que { $role }.
already-org-member = Vous agissez déjà pour cette organisation.
org-kind-association = Association
org-kind-amap = AMAP
org-kind-scop = Coopérative (SCOP)
org-kind-scic = Coopérative (SCIC)
org-kind-other_cooperative = Autre coopérative
org-kind-company = Entreprise
org-kind-independent = Indépendant·e
org-kind-local_authority = Collectivité locale
org-role-admin = administrateur·rice
org-role-member = membre

## Collectifs
collectives-title = Collectifs
collectives-create = Créer un collectif
collective-kind-cooperative = Coopérative
collective-kind-amap = AMAP
collective-kind-commune = Groupe communal
collective-kind-association = Association
collective-kind-project_group = Groupe de projet
collective-member-count = { $count ->
    [one] { $count } membre
   *[other] { $count } membres
}
collective-your-role = Vous êtes membre de ce collectif ({ $role }).
collective-manage = Gérer le collectif
collective-tabs = Les pages du collectif
collective-tab-overview = Présentation
collective-members = Membres
collective-colleges = Collèges
collective-leave = Quitter ce collectif
collective-request-pending = Votre demande d'adhésion attend la réponse d'un·e coordinateur·rice.
collective-ask-to-join = Demander à rejoindre
collective-sign-in-to-join = Se connecter pour rejoindre
college-weight = poids { $weight }
role-member = membre
role-coordinator = coordinateur·rice
role-treasurer = trésorier·e
manage-requests = Demandes d'adhésion
manage-no-requests = Aucune demande en attente.
manage-invite = Inviter
manage-send-invitation = Envoyer une invitation
manage-create-link = Créer un lien d'invitation à partager
manage-link-created = Partagez ce lien (valable 14 jours) :
manage-link = lien à partager
manage-expires = expire le { $date }
manage-uses = { $count ->
    [0] jamais utilisé
   *[other] utilisé { $count } fois
}
manage-colleges-help = Les collèges regroupent les membres (par exemple producteurs, consommateurs, salariés, collectivités) ; dans une décision pondérée, le résultat de chaque collège compte selon son poids.
invitation-text = Vous êtes invité·e à rejoindre { $collective }.
invitation-accept = Rejoindre ce collectif

## E-mails
mail-greeting = Bonjour { $name },
mail-signature = — Freeco
mail-confirm-subject = Confirmez votre compte Freeco
mail-confirm-body = Pour confirmer votre adresse e-mail et activer votre compte, ouvrez ce lien (valable 48 heures) :
mail-account-exists-subject = Votre compte Freeco
mail-account-exists-body = Quelqu'un a essayé de créer un compte avec votre adresse, qui en a déjà un. Si c'était vous et que vous avez oublié votre mot de passe, vous pouvez en choisir un nouveau ici :
mail-reset-subject = Choisissez un nouveau mot de passe Freeco
mail-reset-body = Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure). Si vous ne l'avez pas demandé, ignorez ce message.
mail-password-changed-subject = Votre mot de passe Freeco a été changé
mail-password-changed-body = Le mot de passe de votre compte vient d'être changé avec un lien de réinitialisation. Toutes les sessions ont été fermées et tous les jetons d'API révoqués : reconnectez-vous, et créez de nouveaux jetons pour vos scripts. Si ce n'était pas vous, choisissez tout de suite un nouveau mot de passe ici :
mail-invitation-subject = { $inviter } vous invite dans { $collective } sur Freeco
mail-invitation-body = { $inviter } vous invite à rejoindre le collectif « { $collective } » sur Freeco. Pour accepter, ouvrez ce lien (valable 14 jours) :
mail-org-invitation-subject = { $inviter } vous invite à agir pour { $organisation } sur Freeco
mail-org-invitation-body = { $inviter } vous invite à agir pour l'organisation « { $organisation } » sur Freeco, en tant que { $role }. Rien ne change si vous n'acceptez pas : ouvrez ce lien (valable 14 jours), en vous inscrivant d'abord si vous n'avez pas encore de compte :

## Refus liés à un champ
error-required = Ce champ est obligatoire.
error-too-short = C'est trop court.
error-too-long = C'est trop long.
error-invalid-characters = Ce texte contient des caractères non autorisés.
error-email-invalid = Ce n'est pas une adresse e-mail valide.
error-password-too-short = Choisissez un mot de passe d'au moins 10 caractères.
error-password-wrong = Ce mot de passe n'est pas le bon.
error-confirm-password = Ce n'est pas le mot de passe de la dernière inscription avec cette adresse. Si vous vous êtes réinscrit depuis, utilisez le lien du dernier message ; sinon, inscrivez-vous à nouveau.
error-time-zone-invalid = Fuseau horaire inconnu (exemple : Europe/Paris).
error-siret-format = Un SIRET compte 14 chiffres.
error-siret-checksum = Ce numéro SIRET n'est pas valide (clé de contrôle).
error-latitude-range = La latitude doit être comprise entre -90 et 90.
error-longitude-range = La longitude doit être comprise entre -180 et 180.
error-position-incomplete = Indiquez la latitude et la longitude, ou aucune des deux.
error-number-invalid = Ce n'est pas un nombre.
error-weight-range = Le poids doit être compris entre 1 et 1000.
error-college-unknown = Ce collège n'appartient pas à ce collectif.
error-college-name-taken = Un collège de ce collectif porte déjà ce nom.
error-lang-unknown = Langue inconnue.

## Refus d'une demande entière
login-failed = Adresse e-mail ou mot de passe incorrect.
email-not-confirmed = Votre adresse e-mail n'est pas encore confirmée : nous venons de vous envoyer un nouveau lien de confirmation.
token-invalid = Ce lien est invalide ou a expiré.
invitation-invalid = Cette invitation est invalide, expirée ou déjà utilisée.
invitation-other-address = Cette invitation a été envoyée à une autre adresse e-mail.
already-member = Vous êtes déjà membre de ce collectif.
request-pending = Vous avez déjà demandé à rejoindre ce collectif.
last-coordinator = Un collectif qui a des membres a besoin d'au moins un·e coordinateur·rice : nommez-en un·e autre d'abord.
last-admin = Une organisation a besoin d'au moins un·e administrateur·rice.
siret-taken = Une organisation avec ce SIRET existe déjà.
email-taken = Cette adresse e-mail est déjà utilisée.
slug-taken = Trop de collectifs ont un nom proche ; choisissez-en un autre.
too-many-tokens = Vous avez trop de jetons actifs : révoquez-en d'abord.
content-type-form = Ce formulaire doit être envoyé en application/x-www-form-urlencoded.
content-type-json = Le corps doit être du JSON (Content-Type: application/json).
form-malformed = Le formulaire n'a pas pu être lu.
body-too-large = La requête est trop volumineuse.
method-not-allowed = Cette méthode n'est pas autorisée ici.
bad-request = La requête n'a pas pu être comprise.

## Titres des problèmes (API) et pages d'erreur
problem-generic = La demande a été refusée
problem-not-found = Introuvable
problem-forbidden = Vous n'avez pas le droit de faire cela
problem-unauthorized = Veuillez vous connecter
problem-charter-not-accepted = Acceptez d'abord la charte en vigueur
problem-validation = Certains champs ne sont pas valides
problem-csrf-invalid = Ce formulaire a expiré : rechargez la page et réessayez
problem-too-many-requests = Trop de tentatives : patientez quelques minutes et réessayez
problem-internal = Une erreur est survenue de notre côté
problem-body-invalid = Le corps de la requête n'a pas pu être lu
problem-login-failed = Connexion refusée
problem-token-invalid = Lien invalide ou expiré
problem-invitation-invalid = Invitation invalide
metrics-private = Les métriques ne sont servies qu'à cette machine, ou avec le jeton des métriques (FREECO_METRICS_TOKEN).
error-page-not-found = Cette page n'existe pas, ou plus.
error-page-forbidden = Cela appartient à un collectif dont vous ne faites pas partie, ou demande un rôle que vous n'avez pas.
error-page-internal = L'erreur a été enregistrée. Veuillez réessayer plus tard.

# Transparency log
log-size-unknown = Le journal n'a pas encore atteint cette taille.
log-index-outside = Cette entrée n'est pas dans un journal de cette taille.
log-sizes-reversed = La première taille ne doit pas dépasser la seconde.

# Ledger
transfer-zero-amount = Le montant doit être supérieur à zéro.
solidarity-fund-short = Le fonds de solidarité ne contient pas autant.
transfer-too-large = Le montant est trop élevé.
transfer-same-account = Un virement relie deux comptes différents.
transfer-currency-mismatch = Les comptes ne sont pas dans la même monnaie.
transfer-exceeds-limit = Le solde du compte est insuffisant.
transfer-already-posted = Cette réservation a déjà été payée.
transfer-already-voided = Cette réservation a déjà été annulée.
transfer-expired = Cette réservation a expiré.
transfer-exceeds-pending = C'est plus que le montant réservé.
refund-exceeds-payment = Plus que ce qui reste du paiement à rembourser.
refund-not-a-payment = Seul un paiement effectué peut être remboursé.
transfer-id-reused = Cet identifiant de virement a déjà servi pour un autre virement.

# Transparency page
nav-transparency = Transparence
transparency-title = Transparence
transparency-intro = Chaque événement public de cette instance (versions de la charte, nombre de membres qui les ont acceptées, chaque mouvement d'argent) est inscrit dans un journal où l'on ne peut qu'ajouter, que chacun peut vérifier sans faire confiance à l'opérateur. Il ne contient aucune donnée personnelle.
transparency-log = Le journal
transparency-origin = Nom
transparency-size = Entrées
transparency-root = Empreinte racine (SHA-256)
transparency-key = Clé publique de l'instance
transparency-checkpoint = Dernier point de contrôle signé
transparency-how = Comment le vérifier
transparency-how-text = Le vérificateur contrôle la signature, que le journal n'a fait que grandir depuis sa dernière visite, et que les entrées reconstruisent exactement l'arbre signé ; si quoi que ce soit a été modifié, supprimé ou réordonné, il désigne la première entrée fautive.
transparency-api = Le journal est aussi ouvert à tout client :
transparency-funds = Fonds détenus par la plateforme
transparency-no-funds = Aucun frais n'a encore été perçu et le fonds de solidarité est vide.
transparency-fund = Fonds
transparency-balance = Solde
transparency-latest = Derniers mouvements et décisions
transparency-latest-none = Rien n'a encore été versé ni décidé.
transparency-latest-help = En clair, ce que disent les dernières entrées du journal : aucune ne nomme un membre, ni ne dit que deux mouvements sont d'une même personne.
log-entry-title = Entrée n° { $index } du journal
log-entry-kind = Nature
log-entry-detail = Quoi
log-entry-help = L'instance signe le journal qui contient cette entrée : chacun peut vérifier qu'elle n'a été ni modifiée ni retirée (voir la page de transparence).
log-entry-json = L'entrée telle que signée (JSON)
log-entry-back = Retour à la page de transparence
log-transfer-posted = Mouvement d'argent
log-transfer-pending = Argent réservé
log-transfer-post_of = Argent réservé versé
log-transfer-void_of = Argent réservé libéré
log-decision-result = Résultat d'une décision
log-decision-detail = { $method }, { $count ->
    [one] { $count } bulletin
   *[other] { $count } bulletins
}
log-decision-allocation = Répartition d'un budget
log-allocation-approved = approuvée
log-allocation-refused = refusée
log-charter-adopted = Charte adoptée
log-charter-version = version { $version }
log-type-decision-receipt = Reçu de bulletin
log-type-charter-accepted = Acceptations de la charte
account-kind-fees = Frais techniques perçus
account-kind-solidarity = Fonds de solidarité

# Wallet
field-id = Identifiant du virement
field-amount = Montant
field-to_member = Bénéficiaire
field-provider = Moyen de paiement
error-transfer-id = Utilisez de 1 à 64 lettres, chiffres, tirets ou soulignés.
error-amount-not-a-number = Écrivez un montant comme 12,50.
error-amount-negative = Le montant ne peut pas être négatif.
error-amount-zero = Le montant doit être supérieur à zéro.
error-amount-too-precise = Deux décimales au plus.
error-amount-too-large = Le montant est trop élevé.
error-pay-yourself = Vous ne pouvez pas vous payer vous-même.
error-member-unknown = Ce membre n'existe pas.
error-collective-unknown = Ce collectif n'existe pas.
error-provider-unknown = Moyen de paiement inconnu.
payment-refused = Le paiement a été refusé.

# Wallet page
nav-wallet = Porte-monnaie
wallet-title = Mon porte-monnaie
wallet-balance = Solde
wallet-pending = Réservé pour des paiements en cours
wallet-available = Disponible
wallet-pay = Payer un membre
wallet-no-payees = Rejoignez un collectif pour payer ses membres.
wallet-no-fee-between-members = Pas de frais entre membres : ils reçoivent le montant entier.
wallet-pay-submit = Payer
wallet-topup = Alimenter
wallet-demo-provider = Paiement de démonstration : aucun argent réel ne circule. Cette instance n'a pas de moyen de paiement réel configuré.
wallet-topup-submit = Alimenter
wallet-statement = Relevé
wallet-empty = Aucun mouvement pour l'instant.
wallet-date = Date
wallet-what = Objet
wallet-log = Entrée du journal
transfer-code-topup-demo = Alimentation (paiement de démonstration)
transfer-code-refund-demo = Remboursement sur la carte (paiement de démonstration)
transfer-code-payment-member = Paiement entre membres
wallet-held = réservé : { $amount }
wallet-released = libéré : { $amount }
wallet-incoming = en chemin : { $amount }
wallet-cancelled = non reçu : { $amount }
wallet-verify = Vérifier
wallet-verify-checking = Vérification…
wallet-verify-ok = Vérifié dans votre navigateur : journal signé de {"{"}size{"}"} entrées.
wallet-verify-ok-own = Vérifié dans votre navigateur : journal signé de {"{"}size{"}"} entrées, et l’entrée désigne bien votre porte-monnaie.
wallet-verify-failed = Non vérifié
field-direction = Mouvements
field-from = Du
field-to = Au
error-date = Écrivez une date comme 2026-11-25.
error-direction = Choisissez entrées ou sorties.
wallet-direction-all = Tous
wallet-direction-in = Entrées
wallet-direction-out = Sorties
wallet-filter = Filtrer
wallet-csv = Télécharger en CSV
wallet-pay-collective = Payer un collectif
wallet-pay-collective-submit = Payer le collectif
wallet-collectives = Collectifs
wallet-projects = Projets
field-collective = Collectif
field-collective_id = Collectif
treasury-title = Trésorerie
treasury-balance = Solde :
treasury-contribute = Contribuer depuis mon porte-monnaie
treasury-empty = Aucun mouvement pour l'instant.
treasury-by = Fait par
transfer-code-payment-collective = Paiement à un collectif
treasury-chart = Entrées et sorties par mois, douze derniers mois
chart-figures = Les chiffres
chart-month = Mois

## Virements entrants, versements sortants, frais
bank-not-configured = Cette instance n'a pas de compte bancaire pour les virements.
content-type-xml = Envoyez le relevé en XML (Content-Type: application/xml).
transfer-id-race = Une autre demande avec le même identifiant est en cours ; réessayez.
error-camt-not-xml = Le fichier n'est pas un XML lisible.
error-camt-not-camt053 = Le fichier n'est pas un relevé bancaire camt.053.
error-camt-incomplete = Il manque au relevé une information obligatoire (compte, soldes ou dates).
error-camt-several = Le fichier contient plusieurs relevés ; importez le relevé d'un seul compte à la fois.
error-camt-amount = Le relevé contient un montant illisible.
error-camt-currency = Le relevé est dans une autre devise que le compte de l'instance.
error-camt-date = Le relevé contient une date illisible.
error-camt-does-not-add-up = Les opérations ne mènent pas du solde d'ouverture au solde de clôture : le fichier est incomplet ou a été modifié. Rien n'a été importé.
error-camt-other-account = Ce relevé est celui d'un autre compte que celui de l'instance.
error-camt-already-imported = Ce relevé a déjà été importé.
error-bank-member-unknown = Aucun membre n'a cette référence ou cette adresse e-mail.
bank-line-decided = Cette ligne a déjà été rapprochée ou mise de côté.
bank-line-outgoing = Un débit du compte ne peut pas créditer un porte-monnaie.
error-iban = Ce n'est pas un IBAN.
error-iban-checksum = Cet IBAN contient une faute de frappe : sa clé ne correspond pas.
error-iban-not-sepa = Ce compte est hors de la zone SEPA.
error-bic = Ce n'est pas un BIC (8 ou 11 caractères, comme BNPAFRPP).
payout-decided = Ce paiement a déjà été décidé.
payout-self-approval = Un paiement demande une deuxième personne : vous ne pouvez pas approuver le vôtre.
batch-nothing-to-pay = Aucun paiement approuvé n'attend de lot.
batch-already-sent = Ce lot a déjà été marqué comme envoyé.
error-date-past = La date ne peut pas être passée.
error-payment-kind = Type de paiement inconnu.
nav-bank = Banque
payment-confirm-title = Confirmer le paiement
payment-confirm-intro = Vérifiez ce que coûte ce paiement avant de le confirmer.
payment-confirm-to = À
payment-confirm-amount = Le bénéficiaire reçoit
payment-confirm-fee = Frais techniques
payment-confirm-solidarity = dont au fonds de solidarité :
payment-confirm-total = Vous payez
payment-confirm-submit = Confirmer le paiement
payment-confirm-back = Retour à mon porte-monnaie
wallet-collective-fee = Des frais techniques s'ajoutent, pour la plateforme et le fonds de solidarité :
wallet-member-fee = Des frais techniques s'ajoutent :
wallet-fee-shown-before = Vous voyez le montant exact avant de confirmer.
wallet-bank-transfer = Alimenter par virement
wallet-bank-transfer-how = Faites un virement depuis votre banque vers ce compte, avec votre référence dans le champ « référence » du virement. Votre porte-monnaie est crédité quand le trésorier importe le relevé bancaire.
bank-holder = Titulaire du compte
wallet-bank-reference = Votre référence
wallet-withdraw = Retirer vers votre compte bancaire
wallet-withdraw-how = Le montant est bloqué tout de suite et part avec le prochain lot de virements SEPA du trésorier ; vous pouvez annuler d'ici là.
wallet-withdraw-submit = Retirer
field-account-holder = Titulaire du compte
field-optional = facultatif
field-reason = Motif
payout-status = État
payout-status-awaiting_approval = En attente d'une deuxième approbation
payout-status-approved = Approuvé, en attente du prochain lot
payout-status-batched = Dans un lot transmis à la banque
payout-status-sent = Envoyé
payout-status-paid = Payé
payout-status-refused = Refusé
payout-status-cancelled = Annulé
payout-cancel = Annuler
payments-title = Paiements depuis la trésorerie
payments-rule = Les trésoriers paient seuls jusqu'à { $amount } ; au-delà, un autre trésorier ou un coordinateur doit approuver.
payments-rule-field = Deuxième approbation au-delà de
payments-rule-submit = Changer la règle
payments-to-bank = Un compte bancaire (ci-dessous)
payments-bank-account = Compte bancaire
payments-submit = Payer depuis la trésorerie
payments-to = À
payments-asked-by = Demandé par
treasury-approved-by = Approuvé par
payments-approve = Approuver
payments-refuse = Refuser
bank-title = Guichet bancaire
bank-import = Importer un relevé bancaire
bank-import-how = Téléchargez le relevé du compte depuis votre banque au format camt.053 (XML). Les virements qui portent la référence d'un membre créditent son porte-monnaie ; les autres sont listés ci-dessous pour que vous décidiez. Rien n'est deviné.
bank-statement-file = Relevé (camt.053 XML)
bank-import-submit = Importer
bank-import-done = { $count ->
    [one] { $count } ligne rapprochée.
   *[other] { $count } lignes rapprochées.
}
bank-import-left = { $count ->
    [0] Aucune ligne ne reste à décider.
    [one] { $count } ligne reste à décider.
   *[other] { $count } lignes restent à décider.
}
bank-unmatched = Lignes à décider
bank-unmatched-none = Toutes les lignes sont décidées.
bank-counterparty = De / à
bank-remittance = Libellé
bank-decide = Décision
bank-match-field = Référence ou e-mail du membre
bank-match-submit = Créditer le porte-monnaie
bank-set-aside-field = Pourquoi la mettre de côté
bank-set-aside-submit = Mettre de côté
bank-payouts = Paiements en attente d'un lot
bank-payouts-none = Aucun paiement approuvé n'attend.
bank-creditor = Bénéficiaire
bank-execution-date = Date d'exécution
bank-batch-submit = Créer le fichier de virements SEPA
bank-batches = Lots de virements SEPA
bank-batches-none = Aucun lot pour l'instant.
bank-batch = Fichier
bank-sent-by = Envoyé, marqué par { $name }
bank-mark-sent = Marquer comme envoyé à la banque
transfer-code-topup-bank = Virement bancaire
transfer-bank-booked-on = reçu par la banque le { $date }
statement-paid-to = Payé à { $name }
statement-paid-by = Payé par { $name }
treasury-approved-by-name = approuvé par { $name }
transfer-code-payout-bank = Retrait vers un compte bancaire
transfer-code-payout-member = Paiement depuis une trésorerie
transfer-code-payment-collective-fee = Frais techniques
transfer-code-payment-collective-solidarity = Fonds de solidarité
transfer-code-payment-member-fee = Frais techniques
transfer-code-payment-member-solidarity = Fonds de solidarité
nul-character = Le texte ne doit pas contenir de caractère NUL.
treasury-pending = réservé, pas encore payé
erase-wallet-not-empty = Votre porte-monnaie contient encore de l'argent (ou un retrait est en cours) : retirez-le vers votre compte bancaire ou attendez la fin du retrait avant d'effacer votre compte.

## Décisions
error-ballot-unknown-option = Cette option n'existe pas.
error-ballot-duplicate = Une option apparaît deux fois.
error-ballot-incomplete-ranking = Cette décision demande de classer toutes les options.
error-ballot-tie = Deux options ne peuvent pas avoir le même rang ici.
error-ballot-score-range = Une note ou une mention est hors de l'échelle.
error-ballot-length = Le bulletin doit donner une valeur à chaque option.
error-ballot-over-envelope = Vos répartitions dépassent votre enveloppe.
error-ballot-choice-count = Trop ou trop peu d'options choisies.
error-ballot-missing = Le bulletin ne répond pas à la question de cette décision.
error-objection-needs-reason = Une objection demande sa raison, pour que la proposition puisse être amendée.
error-decision-options = Une décision demande de 2 à 50 options, chacune avec un libellé.
error-decision-close-before-open = La clôture doit venir après l'ouverture.
error-decision-quorum = Le quorum est un pourcentage de 0 à 100.
error-decision-fraction = Une part doit être une fraction au plus égale à 1.
error-decision-scale = L’échelle doit aller de 1 à 100 points pour un vote par notes, et de 2 à 10 mentions pour le jugement majoritaire.
error-decision-budget = Un budget participatif demande une enveloppe, un budget et un coût pour chaque proposition.
error-decision-college = Ce collège n'est pas un collège du collectif.
decision-closed = Cette décision est close : les votes ne sont plus reçus.
decision-not-open = Cette décision n'est pas encore ouverte au vote.
decision-not-eligible = Vous n'êtes pas parmi les votants de cette décision.
decision-already-voted = Vous avez déjà voté ; pour changer un bulletin secret, envoyez la clé que vous avez reçue.
decision-wrong-key = Cette clé n'est pas celle de votre bulletin.
decision-busy = Un autre vote de votre part sur cette décision est en cours d'enregistrement ; réessayez.
decision-open = Les bulletins sont publiés à la clôture de la décision.
decisions-title = Décisions
decisions-empty = Aucune décision pour l'instant.
decisions-question = Question
decisions-method = Méthode
decisions-voters = Votants
decisions-outcome = Résultat
decisions-open-until = Ouverte jusqu'au { $date }
decisions-awaits-my-vote = votre vote est attendu
decision-passed = Adoptée.
decision-not-passed = Non adoptée.
decision-winner = Choix retenu : { $option }.
decision-funded = Financés : { $projects }.
decision-no-winner = Aucune option ne l'emporte.
decision-quorum-not-met = Non adoptée : le quorum n'a pas été atteint.
method-consent = Consentement
method-consensus = Consensus
method-majority = Majorité
method-approval = Approbation
method-score = Vote par notes
method-judgment = Jugement majoritaire
method-schulze = Classement (Schulze)
method-instant_runoff = Vote alternatif
method-budget = Budget participatif

## Pages des décisions
decisions-new = Ouvrir une décision
decision-new-title = Nouvelle décision dans { $collective }
field-question = Question
field-context = Contexte et proposition
field-method = Méthode
field-options = Options
field-ballot = Bulletin
field-threshold = Majorité requise
field-max_disagree = Part maximale de « pas d'accord » pour que la proposition passe (%)
field-scale = Note la plus haute, ou nombre de mentions
field-full_ranking = Toutes les options doivent être classées
field-envelope = Enveloppe de chaque votant (EUR)
field-budget = Budget à dépenser (EUR)
field-allocate = Mouvementer l'argent : réserver le budget sur la trésorerie dès maintenant, payer les propositions retenues à la clôture
field-weighted = Les collèges comptent selon leur poids
field-secret = Vote à bulletin secret
field-quorum_percent = Quorum (% des votants qui doivent participer)
field-opens_at = Ouverture (vide : maintenant)
field-closes_at = Clôture
field-adopt_charter = Cette décision adopte la charte ci-dessous si elle passe
field-decision_openers = Qui peut ouvrir une décision
hint-markdown = Markdown : **gras**, *italique*, listes, liens.
decision-options = Options
decision-options-hint = Laissez vide ce qui ne sert pas. Le consentement et le consensus n'en demandent pas ; pour une majorité qui valide quelque chose, la première option signifie « pour ». Un budget participatif donne son coût à chaque proposition.
decision-option-n = Option { $n }
decision-option-cost = Coût (EUR)
decision-option-recipient = Versé à
decision-parameters = Paramètres de la méthode
decision-charter-legend = Une nouvelle version de la charte
decision-open-submit = Ouvrir la décision
threshold-simple = Majorité simple (le plus de voix)
threshold-absolute = Majorité absolue (plus de la moitié)
threshold-two_thirds = Deux tiers
threshold-three_quarters = Trois quarts
decision-threshold-simple = simple
decision-threshold-absolute = absolue
decision-max-disagree = rejetée au-delà de { $share } de désaccord
decision-grades = { $count ->
    [one] { $count } mention
   *[other] { $count } mentions
}
decision-full-ranking = classement complet
decision-envelope = { $amount } par votant
method-help-consent = adoptée sauf objection motivée
method-help-consensus = d'accord, abstention, pas d'accord ou blocage
method-help-majority = un choix chacun
method-help-approval = approuvez autant d'options que vous voulez
method-help-score = donnez une note à chaque option
method-help-judgment = donnez une mention à chaque option ; la meilleure médiane l'emporte
method-help-schulze = classez les options ; vainqueur de Condorcet
method-help-instant_runoff = classez les options ; la dernière est éliminée à chaque tour
method-help-budget = répartissez une enveloppe entre des propositions chiffrées
decision-voters-all = Tous les membres qui ont accepté la charte
decision-voters-college = Le collège { $college }
decision-weighted = (collèges pondérés)
decision-ballots = Bulletins
decision-secret = Secrets : personne ne peut relier un bulletin à son votant
decision-public = Publics : chaque bulletin montre son votant et sa raison
decision-when = Ouverte
decision-opened-by = Ouverte par
decision-if-passed = Si elle passe
decision-effect-charter = la nouvelle version de la charte ci-dessous est adoptée, et chaque membre est invité à l'accepter.
decision-effect-allocate = les propositions retenues sont payées sur les { $amount } réservés dans la trésorerie ; le reste est libéré.
decision-effect-charter-done = La version { $version } de la charte a été adoptée : chaque membre est invité à l'accepter.
decision-effect-allocate-done = { $amount } sont allés de la trésorerie aux propositions retenues.
decision-effect-module-done = Fait : ce que cette décision a décidé est appliqué.
decision-effect-not-done = Rien n'a été appliqué : la décision n'est pas passée.
decision-effect-refused = Non appliquée : { $reason }
decision-opens-at = Le vote ouvre le { $date }.
decision-closing = Le vote est terminé ; le résultat est en cours de dépouillement.
decision-vote = Votre vote
decision-change-vote = Changer votre vote
decision-you-voted = Vous avez voté ; vous pouvez changer votre vote jusqu'à la clôture.
decision-voters-so-far = { $count ->
    [0] personne n'a encore voté
    [one] { $count } a voté jusqu'ici
   *[other] { $count } ont voté jusqu'ici
}
decision-secret-explained = Votre bulletin est conservé à part de votre nom. Pour le changer, donnez la clé reçue en votant.
decision-receipt-title = Votre vote est enregistré
decision-receipt-text = Ce reçu vous permet de vérifier, une fois le vote clos, que votre bulletin a été compté tel que vous l'avez exprimé, sans montrer à quiconque comment vous avez voté.
decision-receipt = Reçu
decision-key = Clé
decision-key-secret = La clé prouve que le reçu est le vôtre et permet de changer votre bulletin secret. Elle n'est montrée que maintenant : personne, pas même l'opérateur, ne peut la réafficher.
decision-key-public = La clé prouve que le reçu est le vôtre.
ballot-no-objection = Pas d'objection
ballot-objection = Je fais objection
ballot-objection-hint = Une objection renvoie la proposition pour amendement : dites pourquoi, et ce qui la rendrait acceptable.
ballot-block-hint = Un blocage arrête la proposition : réservez-le à ce qui va contre les valeurs du collectif.
stance-agree = D'accord
stance-abstain = Abstention
stance-disagree = Pas d'accord
stance-block = Blocage
ballot-choose-one = Choisissez une option
ballot-blank = Vote blanc
ballot-approve = Approuvez chaque option que vous acceptez
ballot-score = Donnez à chaque option une note de 0 à { $max }
ballot-grade = Donnez une mention à chaque option
ballot-rank = Classez les options que vous voulez (1 en premier) ; laissez les autres non classées
ballot-rank-all = Classez toutes les options (1 en premier)
ballot-unranked = non classée
ballot-spread = Répartissez jusqu'à { $amount } entre les propositions
ballot-reason = Pourquoi (facultatif, affiché avec votre bulletin)
ballot-reason-objection = Pourquoi (nécessaire pour une objection, affiché avec votre bulletin)
ballot-your-key = Votre clé (reçue en votant)
ballot-submit = Voter
ballot-change = Changer mon vote
grade-2-0 = À rejeter
grade-2-1 = Acceptable
grade-3-0 = À rejeter
grade-3-1 = Acceptable
grade-3-2 = Bien
grade-4-0 = À rejeter
grade-4-1 = Insuffisant
grade-4-2 = Bien
grade-4-3 = Très bien
grade-5-0 = À rejeter
grade-5-1 = Insuffisant
grade-5-2 = Passable
grade-5-3 = Bien
grade-5-4 = Très bien
grade-6-0 = À rejeter
grade-6-1 = Insuffisant
grade-6-2 = Passable
grade-6-3 = Assez bien
grade-6-4 = Bien
grade-6-5 = Très bien
grade-7-0 = À rejeter
grade-7-1 = Insuffisant
grade-7-2 = Passable
grade-7-3 = Assez bien
grade-7-4 = Bien
grade-7-5 = Très bien
grade-7-6 = Excellent
grade-8-0 = À rejeter
grade-8-1 = Très insuffisant
grade-8-2 = Insuffisant
grade-8-3 = Passable
grade-8-4 = Assez bien
grade-8-5 = Bien
grade-8-6 = Très bien
grade-8-7 = Excellent
grade-9-0 = À rejeter
grade-9-1 = Très insuffisant
grade-9-2 = Insuffisant
grade-9-3 = Passable
grade-9-4 = Assez bien
grade-9-5 = Bien
grade-9-6 = Très bien
grade-9-7 = Excellent
grade-9-8 = Exceptionnel
grade-10-0 = À rejeter
grade-10-1 = Très insuffisant
grade-10-2 = Insuffisant
grade-10-3 = Médiocre
grade-10-4 = Passable
grade-10-5 = Assez bien
grade-10-6 = Bien
grade-10-7 = Très bien
grade-10-8 = Excellent
grade-10-9 = Exceptionnel
decision-result = Résultat
decision-result-weighted = Résultat pondéré (chaque collège avec son poids) : c'est lui qui décide
decision-result-raw = Résultat brut (une personne, une voix)
decision-result-college = Collège { $college } ({ $ballots ->
    [one] un bulletin
   *[other] { $ballots } bulletins
})
decision-nothing-funded = Rien n'est financé.
decision-turnout = { $voters ->
    [one] { $voters } votant sur { $eligible } a participé ({ $percent }).
   *[other] { $voters } votants sur { $eligible } ont participé ({ $percent }).
}
decision-quorum-met = Le quorum de { $quorum } est atteint.
decision-quorum-missed = Le quorum de { $quorum } n'est pas atteint.
decision-turnout-chart = Votes exprimés au fil du temps
decision-ranking = Ordre :
decision-pairwise = Duels : combien ont préféré l'option de la ligne à celle de la colonne. Une case en gras et encadrée est une victoire : l'option de la ligne bat celle de la colonne.
decision-round = Tour
# Un libellé et sa valeur, ponctués comme chaque langue le veut.
label-value = { $label } : { $value }
decision-round-eliminated = { $option } est éliminée.
decision-public-ballots = Bulletins
decision-voter = Votant
decision-ballot = Vote
decision-close-early = Clore le vote maintenant
decision-close-early-help = Tout le monde a voté. Vous avez ouvert cette décision (ou coordonnez le collectif) : vous pouvez la clore et dépouiller maintenant.
decision-college-results-min = Le vote est secret : le résultat propre d'un collège n'est montré que si { $count ->
    [one] au moins { $count } de ses membres a voté.
   *[other] au moins { $count } de ses membres ont voté.
}
error-decision-secret-small-college = Un vote secret compté par collège porte le nom de son collège : chaque collège doit avoir au moins autant de membres que ce collectif l'exige pour le résultat propre d'un collège (réglé par ses coordinateurs). Comptez sans collèges, ou votez à découvert.
decision-acting-hint = Ici, une décision qui déplace de l'argent ou adopte une charte reste ouverte au moins { $hours ->
    [one] { $hours } heure
   *[other] { $hours } heures
}, avec un quorum d'au moins { $quorum }.
decision-allocation-title = Paiement par la trésorerie
decision-allocation-needed = Le paiement de ce budget attend un trésorier ou un coordinateur autre que celui qui l'a ouvert.
decision-allocation-approved = Un second trésorier ou coordinateur a approuvé le paiement de ce budget.
decision-allocation-refused = Un second trésorier ou coordinateur a refusé le paiement de ce budget : son argent est revenu à la trésorerie.
decision-allocation-approve = Approuver le paiement
decision-allocation-refuse = Refuser le paiement
decision-allocation-none = Cette décision ne paie rien depuis une trésorerie.
decision-allocation-approvers = Seul un trésorier ou un coordinateur du collectif approuve un paiement de sa trésorerie.
decision-allocation-self-approval = Qui a ouvert la décision ne peut pas approuver son propre paiement : un autre trésorier ou coordinateur le fait.
decision-allocation-decided = Ce paiement a déjà été approuvé ou refusé.
error-decision-acting-too-short = Une décision qui agit (déplace de l'argent, adopte une charte, valide un projet) reste ouverte au moins le temps fixé par ce collectif : fermez-la plus tard.
error-decision-acting-quorum = Une décision qui agit demande au moins le quorum fixé par ce collectif.
error-decision-allocate-self = Un budget ne peut pas payer seulement le membre qui l'ouvre.
error-acting-min-hours = De 24 à 720 heures.
error-acting-min-quorum = De 10 à 100 %.
error-college-results-min = De 3 à 100 votants.
manage-acting-help = Une décision qui agit (déplace de l'argent, adopte une charte, valide un projet) reste ouverte au moins ce temps, avec au moins ce quorum, pour que personne ne la fasse passer en force ; la fermer plus tôt demande que tous aient voté. Les résultats par collège d'une décision secrète ne montrent que les collèges ayant assez de votants.
field-min_hours = Durée minimale d'ouverture (heures)
field-min_quorum = Quorum minimal (%)
field-college_results_min = Votants minimum pour le résultat propre d'un collège
decision-close-early-who = Seul qui a ouvert la décision, ou un coordinateur, la clôt en avance.
decision-close-early-not-everyone = Tous les votants n'ont pas encore voté : la décision reste ouverte jusqu'à sa clôture.
decision-your-receipt-counted = Votre bulletin est parmi ceux comptés :
decision-your-receipt-missing = Votre reçu n'est PAS parmi les bulletins publiés ; prévenez le collectif et l'opérateur de l'instance :
decision-amend = L'amender et la soumettre à nouveau
decision-check-title = Vérifiez vous-même
decision-check-text = { $count ->
    [0] Aucun bulletin n'a été déposé ; le résultat est publié dans le journal de transparence signé. Chacun peut le vérifier :
    [one] Le bulletin est publié avec son reçu dans le journal de transparence signé. Chacun peut le recompter :
   *[other] Les { $count } bulletins sont publiés avec leurs reçus dans le journal de transparence signé. Chacun peut les recompter :
}
decision-published-ballots = les bulletins publiés
decision-coordinators-only = Dans ce collectif, seuls les coordinateurs ouvrent des décisions.
decision-charter-not-governing = Seul le collectif qui gouverne l'instance peut adopter une nouvelle charte.
decision-charter-coordinators = Seul un coordinateur peut soumettre une nouvelle charte au vote.
decision-allocate-treasurers = Seuls les trésoriers et les coordinateurs peuvent engager l'argent de la trésorerie dans un budget.
error-decision-effect-method = Une décision qui agit quand elle passe demande le consentement, le consensus ou une majorité.
error-decision-charter-text = La nouvelle charte demande son texte français et anglais (100 000 caractères au plus chacun).
error-decision-allocate = Mouvementer l'argent demande un budget participatif dont chaque proposition dit qui est payé.
error-decision-recipient = Une proposition ne peut payer qu'un projet de ce collectif ou l'un de ses membres.
error-decision-budget-treasury = La trésorerie ne contient pas ce budget : réduisez-le ou alimentez d'abord la trésorerie.
error-datetime = Indiquez une date et une heure.
join-needs-request = On rejoint ce collectif sur demande ou sur invitation.
join-project-directly = On rejoint un projet depuis sa page, sans demande.
manage-rules = Règles
openers-members = Chaque membre
openers-coordinators = Les coordinateurs seulement

## Notifications et compétences
nav-notifications-unread = Notifications : { $count ->
    [one] { $count } non lue
   *[other] { $count } non lues
}
notifications-title = Notifications
notifications-empty = Rien de neuf.
notifications-new = nouveau
notifications-read-all = Tout marquer comme lu
notification-preferences-title = Comment vous êtes prévenu
notification-preferences-help = Pour chaque type de nouvelle, choisissez : seulement ici derrière la cloche, un courriel tout de suite, ou un courriel par jour qui rassemble les nouvelles du jour (à 18 h).
notification-kind = Quoi
delivery-app = Ici seulement
delivery-email = Courriel tout de suite
delivery-digest = Courriel quotidien
saved = Enregistré.
error-notification-kind = Ce type de notification n'existe pas.
error-notification-delivery = Choisissez ici seulement, courriel tout de suite ou courriel quotidien.
notification-decision_opened = Une décision est ouverte dans { $collective } : { $question }
notification-decision_closed = La décision « { $question } » est close. { $outcome }
notification-kind-decision_opened = Une décision s'ouvre là où vous votez
notification-decision_closing = La décision « { $question } » ({ $collective }) sera close dans un jour et vous n'avez pas encore voté.
notification-kind-decision_closing = Un rappel la veille de la clôture d'une décision, si vous n'avez pas voté
notification-kind-decision_closed = Le résultat d'une décision où vous avez voté
notification-decision_allocation = Le paiement de « { $question } » par la trésorerie de { $collective } attend un second trésorier ou coordinateur : approuvez-le ou refusez-le.
notification-kind-decision_allocation = Un budget de la trésorerie de votre collectif attend votre approbation
mail-digest-subject = Freeco : { $count ->
    [one] une nouvelle aujourd'hui
   *[other] { $count } nouvelles aujourd'hui
}
mail-list-unsubscribe = Se désabonner de cette liste :
mail-notification-settings = Choisir comment vous êtes prévenu :
account-skills = Vos compétences
account-skills-help = Ce que vous pouvez apporter. Les projets qui ont besoin d'une compétence vous trouvent par sa commission, et vous en êtes prévenu.
error-skill-unknown = Cette compétence n'est pas dans la liste.
skill-agriculture = Agriculture et jardinage
skill-cooking = Cuisine
skill-logistics = Logistique
skill-driving = Conduite et livraisons
skill-accounting = Comptabilité
skill-law = Droit
skill-development = Développement logiciel
skill-design = Graphisme et design
skill-communication = Communication
skill-translation = Traduction
skill-teaching = Enseignement et formation
skill-care = Soin et santé
skill-repair = Réparation
skill-building = Bâtiment
skill-carpentry = Menuiserie
skill-facilitation = Animation et facilitation
skill-fundraising = Recherche de financements
skill-energy = Énergie

## Ce qu'un formulaire a fait, dit une fois sur la page suivante
flash-saved = Enregistré.
flash-address-confirmed = Votre adresse est confirmée. Bienvenue !
flash-all-read = Toutes les notifications sont marquées comme lues.
flash-allocation-approved = L'attribution est approuvée.
flash-allocation-refused = L'attribution est refusée.
flash-batch-created = Le lot de virements est prêt : téléchargez-le et envoyez-le à la banque.
flash-batch-sent = Le lot est marqué comme envoyé à la banque.
flash-charter-accepted = Merci : vous avez accepté la charte et pouvez maintenant participer.
flash-collective-created = Votre collectif est créé.
flash-college-created = Le collège est créé.
flash-college-deleted = Le collège est supprimé.
flash-decision-opened = La décision est ouverte.
flash-invitation-revoked = L'invitation est retirée.
flash-invitation-sent = L'invitation est envoyée.
flash-join-requested = Votre demande est envoyée ; ses coordinateurs y répondront.
flash-joined = Bienvenue : vous êtes maintenant membre.
flash-left = Vous êtes parti·e.
flash-line-matched = La ligne bancaire est créditée sur le portefeuille du membre.
flash-line-set-aside = La ligne bancaire est mise de côté.
flash-organisation-created = Votre organisation est créée.
flash-paid = Votre paiement de { $amount } est effectué.
flash-payout-approved = Le paiement est approuvé.
flash-payout-refused = Le paiement est refusé.
flash-payout-requested = Le paiement est demandé.
flash-request-accepted = La demande est acceptée : un nouveau membre rejoint le collectif.
flash-request-refused = La demande est refusée.
flash-role-saved = Le rôle est enregistré.
flash-signed-out = Vous êtes déconnecté·e.
flash-token-revoked = Le jeton est révoqué.
flash-topped-up = { $amount } ajoutés à votre portefeuille.
flash-vote-closed = Le vote est clos ; voici son résultat.
flash-withdrawal-cancelled = Le retrait est annulé.
flash-withdrawal-requested = Votre retrait est demandé ; il partira avec le prochain lot de virements.

## Formulaires
form-has-errors = Certains champs demandent votre attention :
form-line = Ligne { $line }

## Confirmer ce qui ne peut être défait
confirm-irreversible = Cette action est définitive.
confirm-cancel = Revenir
confirm-leave-title = Quitter ce collectif ?
confirm-leave-text = Vous ne serez plus membre de { $name }. Pour revenir, il faudra le demander à nouveau.
confirm-delete-college-title = Supprimer ce collège ?
confirm-delete-college-text = Le collège { $name } sera supprimé ; ses membres restent dans le collectif, sans collège.
confirm-close-vote-title = Clore ce vote maintenant ?
confirm-close-vote-text = Le vote sur « { $question } » sera clos maintenant et son résultat compté. Personne ne pourra plus voter ni changer son vote.
confirm-batch-sent-title = Marquer ce lot comme envoyé ?
confirm-batch-sent-text = Faites-le une fois le fichier envoyé à la banque : les retraits qu'il contient seront comptés comme payés.
decision-method-show = Afficher les réglages de cette méthode
decision-add-option = Ajouter une option
decision-tie = À égalité en tête : { $options }.
decision-close-early-when = { $eligible ->
    [one] Vous pourrez la clore plus tôt quand son seul votant aura voté ({ $voters } pour l'instant) ; sinon, elle se clôt le { $date }.
   *[other] Vous pourrez la clore plus tôt quand les { $eligible } votants auront tous voté ({ $voters } pour l'instant) ; sinon, elle se clôt le { $date }.
}
decision-receipt-copy = Copier le reçu
decision-receipt-copied = Copié.
decision-receipt-download = Télécharger mon reçu
decision-receipt-file = Reçu de votre bulletin
decision-receipt-file-check = Une fois le vote clos, chaque bulletin est publié avec son reçu. Retrouvez ce reçu sur la page de la décision, parmi les bulletins publiés, ou lancez :
decision-receipt-file-id = Identifiant de la décision

## La discussion d'une décision
discussion-title = Discussion
discussion-count = { $count ->
    [0] aucun commentaire
    [one] un commentaire
   *[other] { $count } commentaires
}
discussion-empty = Aucun commentaire pour l'instant. Posez une question, donnez un argument ou proposez un changement avant la clôture du vote.
discussion-edited = modifié le { $date }
discussion-hidden = Masqué par un coordinateur.
discussion-reply = Répondre
discussion-reply-to = Votre réponse à { $name }
discussion-send = Envoyer
discussion-edit = Modifier
discussion-your-comment = Votre commentaire
discussion-your-reply = Votre réponse
discussion-hide = Masquer
discussion-show = Afficher de nouveau
discussion-hint = Le Markdown est accepté ; écrivez @ suivi du nom d'un membre pour le prévenir.
flash-comment-posted = Votre commentaire est publié.
flash-comment-edited = Votre commentaire est modifié.
flash-comment-hidden = Le commentaire est masqué.
flash-comment-shown = Le commentaire est de nouveau visible.
error-comment-elsewhere = Ce commentaire n'appartient pas à cette décision.
comment-not-yours = Seul son auteur modifie un commentaire.
comment-hidden = Un coordinateur a masqué ce commentaire : il ne peut plus être modifié.
comment-hide-who = Seuls les coordinateurs du collectif masquent des commentaires.
notification-decision_mention = { $who } vous mentionne dans la discussion de « { $question } ».
notification-kind-decision_mention = Quelqu'un me mentionne dans la discussion d'une décision
notification-decision_comment = { $who } a commenté « { $question } ».
notification-kind-decision_comment = Un commentaire sur une décision que j'ai ouverte ou discutée

## Prix, frais et paliers (crates/pricing)
error-vat-rate = Choisissez l'un des taux de TVA : 0, 2,1, 5,5, 10 ou 20 %.
error-quantity = La quantité doit être d'au moins 1.
error-fee-percent = Des frais en pourcentage ne dépassent pas 100 %.
error-tiers-empty = Indiquez au moins un palier de prix.
error-tiers-first = Le premier palier commence à la première unité.
error-tiers-gap = Ce palier ne commence pas juste après le précédent : certaines quantités n'auraient pas de prix.
error-tiers-overlap = Ce palier commence avant la fin du précédent : certaines quantités auraient deux prix.
error-tiers-end = Seul le dernier palier est sans fin, et un palier finit à son début ou après.
error-tiers-price = Chaque palier doit être moins cher que le précédent.
