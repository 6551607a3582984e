# Freeco — English

## Navigation and layout
nav-skip = Skip to content
nav-label = Main navigation
nav-home = Home
nav-collectives = Collectives
nav-organisations = Organisations
nav-charter = Charter
nav-login = Log in
nav-logout = Log out
nav-signup = Sign up
footer-text = Freeco — the cooperative platform: money goes to producers, every vote and every payment can be checked.
lang-fr = Français
lang-en = English

## Common actions
save = Save
continue = Continue
create = Create
add = Add
delete = Delete
revoke = Revoke
accept = Accept
refuse = Refuse

## Fields
field-email = E-mail address
field-password = Password
field-new_password = New password
field-display_name = Name
field-bio = About you
field-locale = Language
field-time_zone = Time zone
field-name = Name
field-kind = Kind
field-description = Description
field-siret = SIRET (14 digits, optional)
field-address = Address
field-latitude = Latitude
field-longitude = Longitude
field-message = Message
field-role = Role
field-college = College
field-weight = Weight
field-email-field = E-mail
field-body = Text
field-body_fr = French text
field-body_en = English text
field-college_id = College
field-lang = Language

## Home
home-title = Welcome to Freeco
home-pitch = Organise your local economy without a middleman: producers are paid fairly, members decide together, and every vote and payment is open to checking.
home-welcome = Hello { $name }!
home-my-collectives = My collectives
home-no-collectives = You are not in any collective yet.
home-find-collective = Find one or create your own.
home-my-organisations = Organisations I act for
home-add-organisation = Add an organisation

## Sign-up and sign-in
signup-title = Create your account
signup-submit = Create my account
signup-have-account = Already have an account? Log in
signup-done-title = Check your mailbox
signup-done-text = We have sent a message to the address you gave. Follow its link to confirm your account.
login-title = Log in
login-submit = Log in
login-forgot = Forgot your password?
forgot-title = Forgotten password
forgot-submit = Send me a link
forgot-done-title = Check your mailbox
forgot-done-text = If an account uses this address, we have sent it a link to choose a new password. The link is valid for one hour.
reset-title = Choose a new password
reset-submit = Change my password
reset-done-title = Password changed
reset-done-text = Your password has been changed and every session was signed out. You can now log in.

## Charter
charter-title = The ethical charter
charter-version = Version { $version }
charter-accept = I have read the charter and I accept it
charter-accepted-on = You accepted this version on { $date }.
charter-needed = To take part, read and accept the current version of the charter.
charter-read = Read the charter
charter-signup-to-accept = Create an account to accept the charter and join.
charter-version-outdated = The charter has changed since you opened it: read the current version before accepting it.

## Account
account-title = My account
account-profile = Profile
account-tokens = API tokens
account-tokens-help = Personal tokens let your scripts use the API on your behalf (header "Authorization: Bearer …"). Revoke any token you no longer use.
account-token-created = Copy this token now, it will not be shown again:
account-token-prefix = Beginning
account-token-created-at = Created
account-token-revoked = revoked
account-token-create = Create a token
account-data = My data
account-export = Download all my personal data (JSON)
account-delete-help = Deleting your account erases your personal data. What others rely on (a past membership, for example) is kept under a pseudonym. This cannot be undone.
account-delete = Delete my account
account-deleted-title = Account deleted
account-deleted-text = Your personal data has been erased. Thank you for taking part.

## Organisations
organisations-title = Organisations
organisations-create = Add an organisation you act for
organisation-people = People acting for it
organisation-add-person = Add a person
organisation-edit = Edit
org-kind-association = Association
org-kind-amap = AMAP
org-kind-scop = Cooperative (SCOP)
org-kind-scic = Cooperative (SCIC)
org-kind-other_cooperative = Other cooperative
org-kind-company = Company
org-kind-independent = Independent
org-kind-local_authority = Local authority
org-role-admin = administrator
org-role-member = member

## Collectives
collectives-title = Collectives
collectives-create = Create a collective
collective-kind-cooperative = Cooperative
collective-kind-amap = AMAP
collective-kind-commune = Commune group
collective-kind-association = Association
collective-kind-project_group = Project group
collective-member-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
collective-your-role = You are a member of this collective ({ $role }).
collective-manage = Manage the collective
collective-members = Members
collective-colleges = Colleges
collective-leave = Leave this collective
collective-request-pending = Your request to join is waiting for a coordinator's answer.
collective-ask-to-join = Ask to join
college-weight = weight { $weight }
role-member = member
role-coordinator = coordinator
role-treasurer = treasurer
manage-back = Back to the collective
manage-requests = Requests to join
manage-no-requests = No pending request.
manage-invite = Invite
manage-send-invitation = Send an invitation
manage-create-link = Create a shareable invitation link
manage-link-created = Share this link (valid for 14 days):
manage-link = shareable link
manage-expires = expires { $date }
manage-uses = used { $count } times
manage-colleges-help = Colleges group members (for example producers, consumers, workers, local authorities); in a weighted decision each college's result counts with its weight.
invitation-text = You are invited to join { $collective }.
invitation-accept = Join this collective

## E-mails
mail-greeting = Hello { $name },
mail-signature = — Freeco
mail-confirm-subject = Confirm your Freeco account
mail-confirm-body = To confirm your e-mail address and activate your account, open this link (valid for 48 hours):
mail-account-exists-subject = Your Freeco account
mail-account-exists-body = Someone tried to create an account with your address, which already has one. If it was you and you forgot your password, you can choose a new one here:
mail-reset-subject = Choose a new Freeco password
mail-reset-body = To choose a new password, open this link (valid for one hour). If you did not ask for it, ignore this message.
mail-invitation-subject = { $inviter } invites you to { $collective } on Freeco
mail-invitation-body = { $inviter } invites you to join the collective "{ $collective }" on Freeco. To accept, open this link (valid for 14 days):

## Refusals next to a field
error-required = This field is required.
error-too-short = This is too short.
error-too-long = This is too long.
error-invalid-characters = This contains characters that are not allowed.
error-email-invalid = This is not a valid e-mail address.
error-password-too-short = Choose a password of at least 10 characters.
error-password-wrong = This password is not the right one.
error-time-zone-invalid = Unknown time zone (example: Europe/Paris).
error-siret-format = A SIRET has 14 digits.
error-siret-checksum = This SIRET number is not valid (check digit).
error-latitude-range = Latitude must be between -90 and 90.
error-longitude-range = Longitude must be between -180 and 180.
error-position-incomplete = Give both latitude and longitude, or neither.
error-number-invalid = This is not a number.
error-weight-range = The weight must be between 1 and 1000.
error-college-unknown = This college does not belong to this collective.
error-college-name-taken = A college of this collective already has this name.
error-no-member-with-email = No member uses this e-mail address.
error-lang-unknown = Unknown language.

## Refusals of a whole request
login-failed = Wrong e-mail address or password.
email-not-confirmed = Your e-mail address is not confirmed yet: we have just sent you a new confirmation link.
token-invalid = This link is invalid or has expired.
invitation-invalid = This invitation is invalid, expired or already used.
invitation-other-address = This invitation was sent to another e-mail address.
already-member = You are already a member of this collective.
request-pending = You already asked to join this collective.
last-coordinator = A collective with members needs at least one coordinator: name another coordinator first.
last-admin = An organisation needs at least one administrator.
siret-taken = An organisation with this SIRET already exists.
email-taken = This e-mail address is already used.
slug-taken = Too many collectives have a similar name; choose another.
too-many-tokens = You have too many active tokens: revoke some first.
content-type-form = This form must be sent as application/x-www-form-urlencoded.
content-type-json = The body must be JSON (Content-Type: application/json).
form-malformed = The form could not be read.
body-too-large = The request is too large.
method-not-allowed = This method is not allowed here.
bad-request = The request could not be understood.

## Problem titles (API) and error pages
problem-generic = The request was refused
problem-not-found = Not found
problem-forbidden = You are not allowed to do this
problem-unauthorized = Please log in
problem-charter-not-accepted = Accept the current charter first
problem-validation = Some fields are not valid
problem-csrf-invalid = This form has expired: reload the page and try again
problem-too-many-requests = Too many attempts: wait a few minutes and try again
problem-internal = Something went wrong on our side
problem-body-invalid = The request body could not be read
problem-login-failed = Sign-in refused
problem-token-invalid = Invalid or expired link
problem-invitation-invalid = Invalid invitation
error-page-not-found = This page does not exist, or no longer exists.
error-page-forbidden = This belongs to a collective you are not part of, or needs a role you do not have.
error-page-internal = The error has been logged. Please try again later.

# Transparency log
log-size-unknown = The log has not reached that size yet.
log-index-outside = That entry is not in a log of that size.
log-sizes-reversed = The first size must not be larger than the second.

# Ledger
transfer-zero-amount = The amount must be more than zero.
transfer-too-large = The amount is too large.
transfer-same-account = A transfer needs two different accounts.
transfer-currency-mismatch = The accounts do not hold the same currency.
transfer-exceeds-limit = There is not enough money on the account.
transfer-already-posted = This reservation was already paid.
transfer-already-voided = This reservation was already cancelled.
transfer-expired = This reservation has expired.
transfer-exceeds-pending = More than the reservation holds.
transfer-id-reused = This transfer id was already used for another transfer.

# Transparency page
nav-transparency = Transparency
transparency-title = Transparency
transparency-intro = Every public event of this instance (charter versions, how many members accepted them, every money movement) is written into an append-only log that anyone can check without trusting the operator. No personal data is in it.
transparency-log = The log
transparency-origin = Name
transparency-size = Entries
transparency-root = Root hash (SHA-256)
transparency-key = Public key of the instance
transparency-checkpoint = Latest signed checkpoint
transparency-how = How to check it
transparency-how-text = The verifier checks the signature, that the log only grew since its last visit, and that the entries rebuild exactly the signed tree; if anything was changed, removed or reordered it names the first bad entry.
transparency-api = The log is also open to any client:
transparency-funds = Funds held by the platform
transparency-no-funds = No fee has been collected yet and the solidarity fund is empty.
transparency-fund = Fund
transparency-balance = Balance
account-kind-fees = Technical fees collected
account-kind-solidarity = Solidarity fund

# Wallet
field-id = Transfer id
field-amount = Amount
field-to_member = Recipient
field-provider = Payment provider
error-transfer-id = Use 1 to 64 letters, digits, dashes or underscores.
error-amount-not-a-number = Write an amount such as 12.50.
error-amount-negative = The amount cannot be negative.
error-amount-zero = The amount must be more than zero.
error-amount-too-precise = At most two decimals.
error-amount-too-large = The amount is too large.
error-pay-yourself = You cannot pay yourself.
error-member-unknown = No such member.
error-provider-unknown = Unknown payment provider.
payment-refused = The payment was refused.

# Wallet page
nav-wallet = Wallet
wallet-title = My wallet
wallet-balance = Balance
wallet-pending = Reserved for pending payments
wallet-available = Available
wallet-pay = Pay a member
wallet-no-payees = Join a collective to pay its members.
wallet-no-fee-between-members = No fee between members: they receive the whole amount.
wallet-pay-submit = Pay
wallet-topup = Top up
wallet-demo-provider = Demo payment: no real money moves. This instance has no real payment provider configured.
wallet-topup-submit = Top up
wallet-statement = Statement
wallet-empty = No movement yet.
wallet-date = Date
wallet-what = What
wallet-log = Log entry
transfer-code-topup-demo = Top-up (demo payment)
transfer-code-payment-member = Payment between members
wallet-verify = Verify
wallet-verify-checking = Checking…
wallet-verify-ok = Verified in your browser: signed log of {"{"}size{"}"} entries.
wallet-verify-failed = Not verified
field-direction = Movements
field-from = From
field-to = To
error-date = Write a date as 2026-11-25.
error-direction = Choose money in or money out.
wallet-direction-all = All
wallet-direction-in = Money in
wallet-direction-out = Money out
wallet-filter = Filter
wallet-csv = Download as CSV
wallet-pay-collective = Pay a collective
wallet-pay-collective-submit = Pay the collective
field-collective = Collective
field-collective_id = Collective
treasury-title = Treasury
treasury-balance = Balance:
treasury-contribute = Contribute from my wallet
treasury-empty = No movement yet.
treasury-by = By
transfer-code-payment-collective = Payment to a collective
treasury-chart = Money in (green) and out (red) per month, last twelve months.

## Bank transfers in, payouts out, fees
bank-not-configured = This instance has no bank account set up for transfers.
content-type-xml = Send the statement as XML (Content-Type: application/xml).
transfer-id-race = Another request with the same id is being processed; try again.
error-camt-not-xml = The file is not readable XML.
error-camt-not-camt053 = The file is not a camt.053 bank statement.
error-camt-incomplete = The statement lacks required information (account, balances or dates).
error-camt-several = The file holds several statements; import one account's statement at a time.
error-camt-amount = The statement holds an amount that cannot be read.
error-camt-currency = The statement is in another currency than the instance's account.
error-camt-date = The statement holds a date that cannot be read.
error-camt-does-not-add-up = The entries do not add up from the opening balance to the closing balance: the file is incomplete or was altered. Nothing was imported.
error-camt-other-account = This statement is of another account than the instance's.
error-camt-already-imported = This statement was already imported.
error-bank-member-unknown = No member has this reference or e-mail address.
bank-line-decided = This line was already matched or set aside.
bank-line-outgoing = Money that left the account cannot credit a wallet.
error-iban = This is not an IBAN.
error-iban-checksum = This IBAN has a typo: its check digits do not match.
error-iban-not-sepa = This account is outside the SEPA area.
error-bic = This is not a BIC (8 or 11 characters, like BNPAFRPP).
payout-decided = This payment was already decided.
payout-self-approval = A payment needs a second person: you cannot approve your own.
batch-nothing-to-pay = No approved payment is waiting for a batch.
batch-already-sent = This batch was already marked as sent.
error-date-past = The date cannot be in the past.
error-payment-kind = Unknown kind of payment.
