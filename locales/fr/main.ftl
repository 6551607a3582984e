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
home-my-collectives = Mes collectifs
home-no-collectives = Vous ne faites encore partie d'aucun collectif.
home-find-collective = Trouvez-en un ou créez le vôtre.
home-my-organisations = Organisations pour lesquelles j'agis
home-add-organisation = Ajouter une organisation

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
reset-done-text = Votre mot de passe a été changé et toutes les sessions ont été fermées. Vous pouvez maintenant vous connecter.

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

## Organisations
organisations-title = Organisations
organisations-create = Ajouter une organisation pour laquelle vous agissez
organisation-people = Personnes qui agissent pour elle
organisation-add-person = Ajouter une personne
organisation-edit = Modifier
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
collective-members = Membres
collective-colleges = Collèges
collective-leave = Quitter ce collectif
collective-request-pending = Votre demande d'adhésion attend la réponse d'un·e coordinateur·rice.
collective-ask-to-join = Demander à rejoindre
college-weight = poids { $weight }
role-member = membre
role-coordinator = coordinateur·rice
role-treasurer = trésorier·e
manage-back = Retour au collectif
manage-requests = Demandes d'adhésion
manage-no-requests = Aucune demande en attente.
manage-invite = Inviter
manage-send-invitation = Envoyer une invitation
manage-create-link = Créer un lien d'invitation à partager
manage-link-created = Partagez ce lien (valable 14 jours) :
manage-link = lien à partager
manage-expires = expire le { $date }
manage-uses = utilisé { $count } fois
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
mail-invitation-subject = { $inviter } vous invite dans { $collective } sur Freeco
mail-invitation-body = { $inviter } vous invite à rejoindre le collectif « { $collective } » sur Freeco. Pour accepter, ouvrez ce lien (valable 14 jours) :

## Refus liés à un champ
error-required = Ce champ est obligatoire.
error-too-short = C'est trop court.
error-too-long = C'est trop long.
error-invalid-characters = Ce texte contient des caractères non autorisés.
error-email-invalid = Ce n'est pas une adresse e-mail valide.
error-password-too-short = Choisissez un mot de passe d'au moins 10 caractères.
error-password-wrong = Ce mot de passe n'est pas le bon.
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
error-no-member-with-email = Aucun membre n'utilise cette adresse e-mail.
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
error-page-not-found = Cette page n'existe pas, ou plus.
error-page-forbidden = Cela appartient à un collectif dont vous ne faites pas partie, ou demande un rôle que vous n'avez pas.
error-page-internal = L'erreur a été enregistrée. Veuillez réessayer plus tard.

# Transparency log
log-size-unknown = Le journal n'a pas encore atteint cette taille.
log-index-outside = Cette entrée n'est pas dans un journal de cette taille.
log-sizes-reversed = La première taille ne doit pas dépasser la seconde.

# Ledger
transfer-zero-amount = Le montant doit être supérieur à zéro.
transfer-too-large = Le montant est trop élevé.
transfer-same-account = Un virement relie deux comptes différents.
transfer-currency-mismatch = Les comptes ne sont pas dans la même monnaie.
transfer-exceeds-limit = Le solde du compte est insuffisant.
transfer-already-posted = Cette réservation a déjà été payée.
transfer-already-voided = Cette réservation a déjà été annulée.
transfer-expired = Cette réservation a expiré.
transfer-exceeds-pending = C'est plus que le montant réservé.
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
transfer-code-payment-member = Paiement entre membres
wallet-verify = Vérifier
wallet-verify-checking = Vérification…
wallet-verify-ok = Vérifié dans votre navigateur : journal signé de {"{"}size{"}"} entrées.
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
field-collective = Collectif
field-collective_id = Collectif
treasury-title = Trésorerie
treasury-balance = Solde :
treasury-contribute = Contribuer depuis mon porte-monnaie
treasury-empty = Aucun mouvement pour l'instant.
treasury-by = Par
transfer-code-payment-collective = Paiement à un collectif
treasury-chart = Entrées (vert) et sorties (rouge) par mois, douze derniers mois.

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
