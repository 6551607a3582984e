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
home-awaiting-vote = Waiting for your vote
home-my-collectives = My collectives
home-no-collectives = You are not in any collective yet.
home-find-collective = Find one or create your own.
home-my-organisations = Organisations I act for
home-add-organisation = Add an organisation
home-how = Anyone may read the charter and check the transparency log. To take part, sign up, accept the charter, then ask to join a collective.
home-my-projects = My projects
home-public-collectives = Collectives of this instance
home-no-public-collectives = No collective has been created yet.
home-public-projects = Projects open to every member
home-public-projects-help = Sign in to see a project and join it.
home-fees = Fees and solidarity
home-fee-rule = A payment to a collective carries a technical fee of { $technical } on top, a payment between members { $between }. { $solidarity } of every fee goes to the solidarity fund.
home-transparency-link = Every movement of money is in the transparency log

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
reset-done-text = Your password has been changed: every session was signed out and every API token revoked. You can now log in.
confirm-title = Confirm your address
confirm-intro = Type the password you chose when signing up: this confirms your address and opens your account.
confirm-submit = Confirm my address

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
account-sign-in = Address and password
account-email-current = Your address: { $email }
account-email-pending = A link was sent to { $email } (valid until { $until }): your address changes once it is followed.
field-new_email = New e-mail address
field-current_password = Current password
account-email-change = Change my address
account-password-change = Change my password
account-password-help = Your other sessions will be signed out.
password-rule = { $count ->
    [one] At least { $count } character.
   *[other] At least { $count } characters.
} A sentence you will remember makes a good password.
flash-password-changed = Your password has been changed, and your other sessions were signed out. Your API tokens still work: revoke any you no longer trust.
flash-email-change-sent = We have sent a link to the new address. Your address changes only once you follow it (within 48 hours); until then, sign in with the current one.
email-confirm-title = Confirm your new address
email-confirm-intro = Confirm that this address becomes the one of your Freeco account: you will sign in with it, and the old address will be told.
email-confirm-submit = Confirm my new address
email-changed-title = Address changed
email-changed-text = The address of your account has changed: sign in with the new one from now on.
error-email-same = This is already your address.
mail-password-updated-subject = Your Freeco password was changed
mail-password-updated-body = The password of your account was just changed from its account page, and your other sessions were signed out. If you did not do this, choose a new password at once here:
mail-email-change-subject = Confirm your new Freeco address
mail-email-change-body = You asked for this address to become the one of your Freeco account. To confirm, open this link (valid for 48 hours); until then nothing changes. If you did not ask for it, ignore this message.
mail-email-taken-subject = Your Freeco account
mail-email-taken-body = A Freeco account asked for this address to become its own, but another account already uses it, so nothing was changed. If both accounts are yours, delete the one with this address (or change its address) first.
mail-email-changed-subject = The address of your Freeco account was changed
mail-email-changed-body = The e-mail address of your Freeco account was just changed to another one, confirmed from that address. This address no longer signs in to it. If you did not ask for this, tell the administrators of the instance at once.

## Organisations
organisations-title = Organisations
organisations-create = Add an organisation you act for
organisation-people = People acting for it
organisation-edit = Edit
organisation-add-person = Invite a person
organisation-invite = Send the invitation
organisation-people-listed-only = Only the people who chose to appear here are listed.
organisation-not-listed = not shown publicly
org-listed-choice = Show my name on this organisation's public page
org-invitation-text = You are invited to act for { $organisation } as { $role }.
already-org-member = You already act for this organisation.
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
collective-tabs = The collective's pages
collective-tab-overview = Overview
collective-members = Members
collective-colleges = Colleges
collective-leave = Leave this collective
collective-request-pending = Your request to join is waiting for a coordinator's answer.
collective-ask-to-join = Ask to join
collective-sign-in-to-join = Sign in to join
college-weight = weight { $weight }
role-member = member
role-coordinator = coordinator
role-treasurer = treasurer
manage-requests = Requests to join
manage-no-requests = No pending request.
manage-invite = Invite
manage-send-invitation = Send an invitation
manage-create-link = Create a shareable invitation link
manage-link-created = Share this link (valid for 14 days):
manage-link = shareable link
manage-expires = expires { $date }
manage-uses = { $count ->
    [0] never used
    [one] used once
   *[other] used { $count } times
}
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
mail-password-changed-subject = Your Freeco password was changed
mail-password-changed-body = The password of your account was just changed with a reset link. Every session was signed out and every API token revoked: sign in again, and create new tokens for your scripts. If you did not do this, choose a new password at once here:
mail-invitation-subject = { $inviter } invites you to { $collective } on Freeco
mail-invitation-body = { $inviter } invites you to join the collective "{ $collective }" on Freeco. To accept, open this link (valid for 14 days):
mail-org-invitation-subject = { $inviter } invites you to act for { $organisation } on Freeco
mail-org-invitation-body = { $inviter } invites you to act for the organisation "{ $organisation }" on Freeco, as { $role }. Nothing changes unless you accept: open this link (valid for 14 days), signing up first if you have no account yet:

## Refusals next to a field
error-required = This field is required.
error-too-short = This is too short.
error-too-long = This is too long.
error-invalid-characters = This contains characters that are not allowed.
error-email-invalid = This is not a valid e-mail address.
error-password-too-short = Choose a password of at least 10 characters.
error-password-wrong = This password is not the right one.
error-confirm-password = This is not the password of the latest sign-up with this address. If you signed up again since, use the link of the latest mail; otherwise sign up again.
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
metrics-private = The metrics are served to this machine only, or with the metrics token (FREECO_METRICS_TOKEN).
error-page-not-found = This page does not exist, or no longer exists.
error-page-forbidden = This belongs to a collective you are not part of, or needs a role you do not have.
error-page-internal = The error has been logged. Please try again later.

# Transparency log
log-size-unknown = The log has not reached that size yet.
log-index-outside = That entry is not in a log of that size.
log-sizes-reversed = The first size must not be larger than the second.

# Ledger
transfer-zero-amount = The amount must be more than zero.
solidarity-fund-short = The solidarity fund does not hold that much.
transfer-too-large = The amount is too large.
transfer-same-account = A transfer needs two different accounts.
transfer-currency-mismatch = The accounts do not hold the same currency.
transfer-exceeds-limit = There is not enough money on the account.
transfer-already-posted = This reservation was already paid.
transfer-already-voided = This reservation was already cancelled.
transfer-expired = This reservation has expired.
transfer-exceeds-pending = More than the reservation holds.
refund-exceeds-payment = More than what is left of the payment to refund.
refund-not-a-payment = Only a payment made can be refunded.
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
transparency-latest = Latest movements and decisions
transparency-latest-none = Nothing has been moved or decided yet.
transparency-latest-help = In words, what the latest entries of the log say: no entry names a member, nor tells that two movements are one person's.
log-entry-title = Log entry #{ $index }
log-entry-kind = Kind
log-entry-detail = What
log-entry-help = The instance signs the log that holds this entry: anyone can check that it was neither changed nor removed (see the transparency page).
log-entry-json = The entry as signed (JSON)
log-entry-back = Back to the transparency page
log-transfer-posted = Money movement
log-transfer-pending = Money held
log-transfer-post_of = Held money paid
log-transfer-void_of = Held money released
log-decision-result = Decision result
log-decision-detail = { $method }, { $count ->
    [one] { $count } ballot
   *[other] { $count } ballots
}
log-decision-allocation = Budget allocation
log-allocation-approved = approved
log-allocation-refused = refused
log-charter-adopted = Charter adopted
log-charter-version = version { $version }
log-type-decision-receipt = Ballot receipt
log-type-charter-accepted = Charter acceptances
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
error-collective-unknown = There is no such collective.
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
transfer-code-refund-demo = Refund to the card (demo payment)
transfer-code-payment-member = Payment between members
wallet-held = held: { $amount }
wallet-released = released: { $amount }
wallet-incoming = on its way: { $amount }
wallet-cancelled = did not come: { $amount }
wallet-verify = Verify
wallet-verify-checking = Checking…
wallet-verify-ok = Verified in your browser: signed log of {"{"}size{"}"} entries.
wallet-verify-ok-own = Verified in your browser: signed log of {"{"}size{"}"} entries, and the entry names your wallet.
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
wallet-collectives = Collectives
wallet-projects = Projects
field-collective = Collective
field-collective_id = Collective
treasury-title = Treasury
treasury-balance = Balance:
treasury-contribute = Contribute from my wallet
treasury-empty = No movement yet.
treasury-by = Made by
transfer-code-payment-collective = Payment to a collective
treasury-chart = Money in and out per month, last twelve months
chart-figures = The figures
chart-month = Month

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
nav-bank = Bank
payment-confirm-title = Confirm the payment
payment-confirm-intro = Check what this payment costs before confirming it.
payment-confirm-to = To
payment-confirm-amount = They receive
payment-confirm-fee = Technical fee
payment-confirm-solidarity = of which to the solidarity fund:
payment-confirm-total = You pay
payment-confirm-submit = Confirm the payment
payment-confirm-back = Back to my wallet
wallet-collective-fee = A technical fee is added on top, for the platform and the solidarity fund:
wallet-member-fee = A technical fee is added on top:
wallet-fee-shown-before = You see the exact amount before confirming.
wallet-bank-transfer = Top up by bank transfer
wallet-bank-transfer-how = Make a transfer from your bank to this account, with your reference in the transfer's reference field. Your wallet is credited when the treasurer imports the bank statement.
bank-holder = Account holder
wallet-bank-reference = Your reference
wallet-withdraw = Withdraw to your bank account
wallet-withdraw-how = The amount is held at once and leaves with the treasurer's next SEPA transfer batch; you can cancel until then.
wallet-withdraw-submit = Withdraw
field-account-holder = Account holder
field-optional = optional
field-reason = Reason
payout-status = Status
payout-status-awaiting_approval = Awaiting a second approval
payout-status-approved = Approved, waiting for the next batch
payout-status-batched = In a batch at the bank
payout-status-sent = Sent
payout-status-paid = Paid
payout-status-refused = Refused
payout-status-cancelled = Cancelled
payout-cancel = Cancel
payments-title = Payments from the treasury
payments-rule = Treasurers pay up to { $amount } alone; above that, another treasurer or a coordinator must approve.
payments-rule-field = Second approval above
payments-rule-submit = Change the rule
payments-to-bank = A bank account (below)
payments-bank-account = Bank account
payments-submit = Pay from the treasury
payments-to = To
payments-asked-by = Asked by
treasury-approved-by = Approved by
payments-approve = Approve
payments-refuse = Refuse
bank-title = Bank desk
bank-import = Import a bank statement
bank-import-how = Download the account's statement from your bank as camt.053 (XML). Transfers that carry a member's reference credit their wallet; the others are listed below for you to decide. Nothing is guessed.
bank-statement-file = Statement (camt.053 XML)
bank-import-submit = Import
bank-import-done = { $count ->
    [one] { $count } line matched.
   *[other] { $count } lines matched.
}
bank-import-left = { $count ->
    [0] No line left for you to decide.
    [one] { $count } line left for you to decide.
   *[other] { $count } lines left for you to decide.
}
bank-unmatched = Lines to decide
bank-unmatched-none = Every line is decided.
bank-counterparty = From / to
bank-remittance = Remittance information
bank-decide = Decision
bank-match-field = Member's reference or e-mail
bank-match-submit = Credit the wallet
bank-set-aside-field = Why set aside
bank-set-aside-submit = Set aside
bank-payouts = Payments waiting for a batch
bank-payouts-none = No approved payment is waiting.
bank-creditor = Beneficiary
bank-execution-date = Execution date
bank-batch-submit = Make the SEPA transfer file
bank-batches = SEPA transfer batches
bank-batches-none = No batch yet.
bank-batch = File
bank-sent-by = Sent, marked by { $name }
bank-mark-sent = Mark as sent to the bank
transfer-code-topup-bank = Bank transfer
transfer-bank-booked-on = booked by the bank on { $date }
statement-paid-to = Paid to { $name }
statement-paid-by = Paid by { $name }
treasury-approved-by-name = approved by { $name }
transfer-code-payout-bank = Withdrawal to a bank account
transfer-code-payout-member = Payment from a treasury
transfer-code-payment-collective-fee = Technical fee
transfer-code-payment-collective-solidarity = Solidarity fund
transfer-code-payment-member-fee = Technical fee
transfer-code-payment-member-solidarity = Solidarity fund
nul-character = Text must not contain NUL characters.
treasury-pending = held, not paid yet
erase-wallet-not-empty = Your wallet still holds money (or a withdrawal is on its way): withdraw it to your bank account or wait for the withdrawal before erasing your account.

## Decisions
error-ballot-unknown-option = This option does not exist.
error-ballot-duplicate = An option appears twice.
error-ballot-incomplete-ranking = This decision needs every option ranked.
error-ballot-tie = Two options cannot share a rank here.
error-ballot-score-range = A score or grade is out of range.
error-ballot-length = The ballot must give a value for each option.
error-ballot-over-envelope = Your allocations exceed your envelope.
error-ballot-choice-count = Too many or too few options chosen.
error-ballot-missing = The ballot does not answer this decision's question.
error-objection-needs-reason = An objection needs its reason, so the proposal can be amended.
error-decision-options = A decision needs 2 to 50 options, each with a label.
error-decision-close-before-open = The closing time must come after the opening.
error-decision-quorum = The quorum is a percentage from 0 to 100.
error-decision-fraction = A share must be a fraction no larger than 1.
error-decision-scale = The scale must run from 1 to 100 points for a score vote, and from 2 to 10 grades for majority judgment.
error-decision-budget = A participatory budget needs an envelope, a budget and a cost for each proposal.
error-decision-college = This college is not one of the collective's.
decision-closed = This decision is closed: votes are no longer taken.
decision-not-open = This decision is not open for votes yet.
decision-not-eligible = You are not among the voters of this decision.
decision-already-voted = You already voted; to change a secret ballot, send the key you received.
decision-wrong-key = This key is not the one of your ballot.
decision-busy = Another vote of yours on this decision is being recorded; try again.
decision-open = The ballots are published when the decision closes.
decisions-title = Decisions
decisions-empty = No decision yet.
decisions-question = Question
decisions-method = Method
decisions-voters = Voters
decisions-outcome = Outcome
decisions-open-until = Open until { $date }
decisions-awaits-my-vote = your vote is awaited
decision-passed = Passed.
decision-not-passed = Not passed.
decision-winner = Chosen: { $option }.
decision-funded = Funded: { $projects }.
decision-no-winner = No option won.
decision-quorum-not-met = Not passed: the quorum was not reached.
method-consent = Consent
method-consensus = Consensus
method-majority = Majority
method-approval = Approval
method-score = Score
method-judgment = Majority judgment
method-schulze = Ranked (Schulze)
method-instant_runoff = Instant-runoff
method-budget = Participatory budget

## Decision pages
decisions-new = Open a decision
decision-new-title = New decision in { $collective }
field-question = Question
field-context = Context and proposal
field-method = Method
field-options = Options
field-ballot = Ballot
field-threshold = Majority needed
field-max_disagree = Largest share of "disagree" that still passes (%)
field-scale = Highest score, or number of grades
field-full_ranking = Every option must be ranked
field-envelope = Envelope of each voter (EUR)
field-budget = Budget to spend (EUR)
field-allocate = Move the money: hold the budget from the treasury now, pay the funded proposals at the close
field-weighted = Colleges count with their weights
field-secret = Secret ballot
field-quorum_percent = Quorum (% of voters who must take part)
field-opens_at = Opens (leave empty: now)
field-closes_at = Closes
field-adopt_charter = This decision adopts the charter below if it passes
field-decision_openers = Who may open a decision
hint-markdown = Markdown: **bold**, *italics*, lists, links.
decision-options = Options
decision-options-hint = Leave empty what you do not need. Consent and consensus need none; for a majority that validates something, the first option means "for". A participatory budget gives each proposal its cost.
decision-option-n = Option { $n }
decision-option-cost = Cost (EUR)
decision-option-recipient = Paid to
decision-parameters = Parameters of the method
decision-charter-legend = A new version of the charter
decision-open-submit = Open the decision
threshold-simple = Simple majority (the most votes)
threshold-absolute = Absolute majority (more than half)
threshold-two_thirds = Two thirds
threshold-three_quarters = Three quarters
decision-threshold-simple = simple
decision-threshold-absolute = absolute
decision-max-disagree = fails above { $share } disagreeing
decision-grades = { $count ->
    [one] { $count } grade
   *[other] { $count } grades
}
decision-full-ranking = full ranking
decision-envelope = { $amount } per voter
method-help-consent = passes unless someone objects with a reason
method-help-consensus = agree, abstain, disagree or block
method-help-majority = one choice each
method-help-approval = approve as many options as you like
method-help-score = give each option a score
method-help-judgment = grade each option; the best median wins
method-help-schulze = rank the options; Condorcet winner
method-help-instant_runoff = rank the options; the last is eliminated round by round
method-help-budget = spread an envelope over costed proposals
decision-voters-all = All members who accepted the charter
decision-voters-college = The college { $college }
decision-weighted = (colleges weighted)
decision-ballots = Ballots
decision-secret = Secret: nobody can link a ballot to its voter
decision-public = Public: each ballot shows its voter and reason
decision-when = Open
decision-opened-by = Opened by
decision-if-passed = If it passes
decision-effect-charter = the new charter version below is adopted, and every member is asked to accept it.
decision-effect-allocate = the funded proposals are paid from the { $amount } held in the treasury; the rest is released.
decision-effect-charter-done = Charter version { $version } was adopted: every member is asked to accept it.
decision-effect-allocate-done = { $amount } went from the treasury to the funded proposals.
decision-effect-module-done = Done: what this decision decided has been applied.
decision-effect-not-done = Nothing was applied: the decision did not pass.
decision-effect-refused = Not applied: { $reason }
decision-opens-at = Votes open on { $date }.
decision-closing = The vote is over; the result is being counted.
decision-vote = Your vote
decision-change-vote = Change your vote
decision-you-voted = You have voted; you may change your vote until the close.
decision-voters-so-far = { $count ->
    [0] nobody has voted yet
    [one] one voted so far
   *[other] { $count } voted so far
}
decision-secret-explained = Your ballot is stored apart from your name. To change it, give the key you received when voting.
decision-receipt-title = Your vote is recorded
decision-receipt-text = This receipt lets you check, once the vote is closed, that your ballot was counted as you cast it, without showing anyone how you voted.
decision-receipt = Receipt
decision-key = Key
decision-key-secret = The key proves the receipt is yours and lets you change your secret ballot. It is shown only now: nobody, not even the operator, can show it again.
decision-key-public = The key proves the receipt is yours.
ballot-no-objection = No objection
ballot-objection = I object
ballot-objection-hint = An objection sends the proposal back for amendment: say why, and what would make it acceptable.
ballot-block-hint = A block stops the proposal: keep it for what goes against the collective's values.
stance-agree = Agree
stance-abstain = Abstain
stance-disagree = Disagree
stance-block = Block
ballot-choose-one = Choose one option
ballot-blank = Blank vote
ballot-approve = Approve every option you accept
ballot-score = Give each option a score from 0 to { $max }
ballot-grade = Grade every option
ballot-rank = Rank the options you want (1 first); leave the others unranked
ballot-rank-all = Rank every option (1 first)
ballot-unranked = not ranked
ballot-spread = Spread up to { $amount } over the proposals
ballot-reason = Why (optional, shown with your ballot)
ballot-reason-objection = Why (needed for an objection, shown with your ballot)
ballot-your-key = Your key (received when you voted)
ballot-submit = Vote
ballot-change = Change my vote
grade-2-0 = To reject
grade-2-1 = Acceptable
grade-3-0 = To reject
grade-3-1 = Acceptable
grade-3-2 = Good
grade-4-0 = To reject
grade-4-1 = Insufficient
grade-4-2 = Good
grade-4-3 = Very good
grade-5-0 = To reject
grade-5-1 = Poor
grade-5-2 = Fair
grade-5-3 = Good
grade-5-4 = Very good
grade-6-0 = To reject
grade-6-1 = Poor
grade-6-2 = Fair
grade-6-3 = Good
grade-6-4 = Very good
grade-6-5 = Excellent
grade-7-0 = To reject
grade-7-1 = Insufficient
grade-7-2 = Poor
grade-7-3 = Fair
grade-7-4 = Good
grade-7-5 = Very good
grade-7-6 = Excellent
grade-8-0 = To reject
grade-8-1 = Very insufficient
grade-8-2 = Insufficient
grade-8-3 = Fair
grade-8-4 = Fairly good
grade-8-5 = Good
grade-8-6 = Very good
grade-8-7 = Excellent
grade-9-0 = To reject
grade-9-1 = Very insufficient
grade-9-2 = Insufficient
grade-9-3 = Fair
grade-9-4 = Fairly good
grade-9-5 = Good
grade-9-6 = Very good
grade-9-7 = Excellent
grade-9-8 = Outstanding
grade-10-0 = To reject
grade-10-1 = Very insufficient
grade-10-2 = Insufficient
grade-10-3 = Poor
grade-10-4 = Fair
grade-10-5 = Fairly good
grade-10-6 = Good
grade-10-7 = Very good
grade-10-8 = Excellent
grade-10-9 = Outstanding
decision-result = Result
decision-result-weighted = Weighted result (each college with its weight): this one decides
decision-result-raw = Raw result (one person, one vote)
decision-result-college = College { $college } ({ $ballots ->
    [one] one ballot
   *[other] { $ballots } ballots
})
decision-nothing-funded = Nothing funded.
decision-turnout = { $eligible ->
    [one] { $voters } of { $eligible } voter took part ({ $percent }).
   *[other] { $voters } of { $eligible } voters took part ({ $percent }).
}
decision-quorum-met = The quorum of { $quorum } was reached.
decision-quorum-missed = The quorum of { $quorum } was not reached.
decision-turnout-chart = Votes cast over time
decision-ranking = Order:
decision-pairwise = Head to head: how many preferred the row's option to the column's. A cell in bold with an outline is a win: the row's option beats the column's.
decision-round = Round
# A label and its value, as each language punctuates them.
label-value = { $label }: { $value }
decision-round-eliminated = { $option } is eliminated.
decision-public-ballots = Ballots
decision-voter = Voter
decision-ballot = Vote
decision-close-early = Close the vote now
decision-close-early-help = Everyone has voted. You opened this decision (or coordinate the collective): you may close it now and count.
decision-college-results-min = The ballots are secret: each college's own result is shown only when { $count ->
    [one] at least one of its members voted.
   *[other] at least { $count } of its members voted.
}
error-decision-secret-small-college = A secret ballot counted by college names its college: every college needs at least as many members as this collective requires for a college's own result (set by its coordinators). Count without colleges, or vote openly.
decision-acting-hint = A decision that moves money or adopts a charter stays open at least { $hours ->
    [one] { $hours } hour
   *[other] { $hours } hours
} here, with a quorum of at least { $quorum }.
decision-allocation-title = Paying from the treasury
decision-allocation-needed = Paying this budget waits for a treasurer or coordinator other than the one who opened it.
decision-allocation-approved = A second treasurer or coordinator approved paying this budget.
decision-allocation-refused = A second treasurer or coordinator refused paying this budget: its money went back to the treasury.
decision-allocation-approve = Approve the payment
decision-allocation-refuse = Refuse the payment
decision-allocation-none = This decision pays nothing from a treasury.
decision-allocation-approvers = Only a treasurer or a coordinator of the collective approves a payment from its treasury.
decision-allocation-self-approval = Whoever opened the decision cannot approve its own payment: another treasurer or coordinator does.
decision-allocation-decided = This payment was already approved or refused.
error-decision-acting-too-short = A decision that acts (moves money, adopts a charter, validates a project) stays open at least the time this collective sets: close it later.
error-decision-acting-quorum = A decision that acts needs at least the quorum this collective sets.
error-decision-allocate-self = A budget cannot pay only the member who opens it.
error-acting-min-hours = From 24 to 720 hours.
error-acting-min-quorum = From 10 to 100%.
error-college-results-min = From 3 to 100 voters.
manage-acting-help = A decision that acts (moves money, adopts a charter, validates a project) stays open at least this long, with at least this quorum, so that nobody rushes it through; closing early needs every vote. Results per college of a secret decision show only colleges with enough voters.
field-min_hours = Least time open (hours)
field-min_quorum = Least quorum (%)
field-college_results_min = Least voters for a college's own result
decision-close-early-who = Only whoever opened the decision, or a coordinator, closes it early.
decision-close-early-not-everyone = Not every voter has voted yet: the decision stays open until its closing time.
decision-your-receipt-counted = Your ballot is among those counted:
decision-your-receipt-missing = Your receipt is NOT among the published ballots; tell the collective and the instance's operator:
decision-amend = Amend it and put it again
decision-check-title = Check it yourself
decision-check-text = { $count ->
    [0] No ballot was cast; the result is published in the signed transparency log. Anyone can check it:
    [one] The ballot is published with its receipt in the signed transparency log. Anyone can recount it:
   *[other] The { $count } ballots are published with their receipts in the signed transparency log. Anyone can recount them:
}
decision-published-ballots = the published ballots
decision-coordinators-only = In this collective only coordinators open decisions.
decision-charter-not-governing = Only the instance's governing collective can adopt a new charter.
decision-charter-coordinators = Only a coordinator can put a new charter to the vote.
decision-allocate-treasurers = Only treasurers and coordinators can put the treasury's money in a budget.
error-decision-effect-method = A decision that acts when it passes needs consent, consensus or a majority.
error-decision-charter-text = The new charter needs its French and English text (at most 100,000 characters each).
error-decision-allocate = Moving money needs a participatory budget whose every proposal says who is paid.
error-decision-recipient = A proposal can only pay a project of this collective or one of its members.
error-decision-budget-treasury = The treasury does not hold the budget: lower it or fund the treasury first.
error-datetime = Give a date and a time.
join-needs-request = This collective is joined by request or invitation.
join-project-directly = A project is joined from its page, without a request.
manage-rules = Rules
openers-members = Every member
openers-coordinators = Coordinators only

## Notifications and skills
nav-notifications-unread = Notifications: { $count } unread
notifications-title = Notifications
notifications-empty = Nothing new.
notifications-new = new
notifications-read-all = Mark all as read
notification-preferences-title = How you are notified
notification-preferences-help = For each kind of news, choose: only here behind the bell, an e-mail at once, or one e-mail a day gathering the day's news (at 6 pm).
notification-kind = What
delivery-app = Here only
delivery-email = E-mail at once
delivery-digest = Daily e-mail
saved = Saved.
error-notification-kind = This kind of notification does not exist.
error-notification-delivery = Choose here only, e-mail at once or daily e-mail.
notification-decision_opened = A decision is open in { $collective }: { $question }
notification-decision_closed = The decision "{ $question }" is closed. { $outcome }
notification-kind-decision_opened = A decision opens where you vote
notification-decision_closing = The decision "{ $question }" ({ $collective }) closes in a day and you have not voted yet.
notification-kind-decision_closing = A reminder the day before a decision closes, if you have not voted
notification-kind-decision_closed = The result of a decision you voted on
notification-decision_allocation = Paying "{ $question }" from the treasury of { $collective } waits for a second treasurer or coordinator: approve or refuse it.
notification-kind-decision_allocation = A budget from your collective's treasury waits for your approval
mail-digest-subject = Freeco: { $count ->
    [one] one piece of news today
   *[other] { $count } pieces of news today
}
mail-list-unsubscribe = Unsubscribe from this list:
mail-notification-settings = Choose how you are notified:
account-skills = Your skills
account-skills-help = What you can offer. Projects needing a skill find you through its commission, and you hear of them.
error-skill-unknown = This skill is not in the list.
skill-agriculture = Agriculture and gardening
skill-cooking = Cooking
skill-logistics = Logistics
skill-driving = Driving and deliveries
skill-accounting = Accounting
skill-law = Law
skill-development = Software development
skill-design = Design
skill-communication = Communication
skill-translation = Translation
skill-teaching = Teaching and training
skill-care = Care and health
skill-repair = Repair
skill-building = Building
skill-carpentry = Carpentry
skill-facilitation = Facilitation
skill-fundraising = Fundraising
skill-energy = Energy

## What a form did, said once on the next page
flash-saved = Saved.
flash-address-confirmed = Your address is confirmed. Welcome!
flash-all-read = All notifications are marked as read.
flash-allocation-approved = The allocation is approved.
flash-allocation-refused = The allocation is refused.
flash-batch-created = The transfer batch is ready: download it and send it to the bank.
flash-batch-sent = The batch is marked as sent to the bank.
flash-charter-accepted = Thank you: you accepted the charter, and you can now take part.
flash-collective-created = Your collective is created.
flash-college-created = The college is created.
flash-college-deleted = The college is deleted.
flash-decision-opened = The decision is open.
flash-invitation-revoked = The invitation is withdrawn.
flash-invitation-sent = The invitation is sent.
flash-join-requested = Your request is sent; its coordinators will answer it.
flash-joined = Welcome: you are now a member.
flash-left = You have left.
flash-line-matched = The bank line is credited to the member's wallet.
flash-line-set-aside = The bank line is set aside.
flash-organisation-created = Your organisation is created.
flash-paid = Your payment of { $amount } is made.
flash-payout-approved = The payment is approved.
flash-payout-refused = The payment is refused.
flash-payout-requested = The payment is requested.
flash-request-accepted = The request is accepted: a new member joins.
flash-request-refused = The request is refused.
flash-role-saved = The role is saved.
flash-signed-out = You are signed out.
flash-token-revoked = The token is revoked.
flash-topped-up = { $amount } added to your wallet.
flash-vote-closed = The vote is closed; here is its result.
flash-withdrawal-cancelled = The withdrawal is cancelled.
flash-withdrawal-requested = Your withdrawal is requested; it leaves with the next transfer batch.

## Forms
form-has-errors = Some fields need your attention:
form-line = Line { $line }

## Confirming what cannot be undone
confirm-irreversible = This cannot be undone.
confirm-cancel = Go back
confirm-leave-title = Leave this collective?
confirm-leave-text = You will no longer be a member of { $name }. To come back, you will have to ask again.
confirm-delete-college-title = Delete this college?
confirm-delete-college-text = The college { $name } will be deleted; its members stay in the collective, in no college.
confirm-close-vote-title = Close this vote now?
confirm-close-vote-text = The vote on “{ $question }” will close now and its result will be counted. Nobody will be able to vote or change their vote afterwards.
confirm-batch-sent-title = Mark this batch as sent?
confirm-batch-sent-text = Do this once the file is sent to the bank: the withdrawals in it will be counted as paid.
decision-method-show = Show this method's settings
decision-add-option = Add an option
decision-tie = Tied for first place: { $options }.
decision-close-early-when = { $eligible ->
    [one] You can close it early once its only voter has voted ({ $voters } so far); otherwise it closes on { $date }.
   *[other] You can close it early once all { $eligible } voters have voted ({ $voters } so far); otherwise it closes on { $date }.
}
decision-receipt-copy = Copy the receipt
decision-receipt-copied = Copied.
decision-receipt-download = Download my receipt
decision-receipt-file = Receipt of your ballot
decision-receipt-file-check = Once the vote is closed, every ballot is published with its receipt. Find this receipt on the decision's page, among its published ballots, or run:
decision-receipt-file-id = Decision id

## A decision's discussion
discussion-title = Discussion
discussion-count = { $count ->
    [0] no comment
    [one] one comment
   *[other] { $count } comments
}
discussion-empty = No comment yet. Ask a question, give an argument or propose a change before the vote closes.
discussion-edited = edited { $date }
discussion-hidden = Hidden by a coordinator.
discussion-reply = Reply
discussion-reply-to = Your reply to { $name }
discussion-send = Send
discussion-edit = Edit
discussion-your-comment = Your comment
discussion-your-reply = Your reply
discussion-hide = Hide
discussion-show = Show again
discussion-hint = Markdown is welcome; write @ and a member's name to let them know.
flash-comment-posted = Your comment is posted.
flash-comment-edited = Your comment is changed.
flash-comment-hidden = The comment is hidden.
flash-comment-shown = The comment is shown again.
error-comment-elsewhere = This comment is not one of this decision's.
comment-not-yours = Only its author changes a comment.
comment-hidden = A coordinator hid this comment: it can no longer be changed.
comment-hide-who = Only the collective's coordinators hide comments.
notification-decision_mention = { $who } mentions you in the discussion of "{ $question }".
notification-kind-decision_mention = Someone mentions me in a decision's discussion
notification-decision_comment = { $who } commented on "{ $question }".
notification-kind-decision_comment = A comment on a decision I opened or discuss

## Prices, fees and tiers (crates/pricing)
error-vat-rate = Choose one of the VAT rates: 0, 2.1, 5.5, 10 or 20 %.
error-quantity = The quantity must be at least 1.
error-fee-percent = A percentage fee is at most 100 %.
error-tiers-empty = Give at least one price tier.
error-tiers-first = The first tier starts at the first unit.
error-tiers-gap = This tier does not start right after the one before: some quantities would have no price.
error-tiers-overlap = This tier starts before the one before ends: some quantities would have two prices.
error-tiers-end = Only the last tier is open-ended, and a tier ends at or after its start.
error-tiers-price = Each tier must be cheaper than the one before.
