## Module 2: crowdfunding

nav-funding = Crowdfunding

## Errors
error-funding-collective = Choose a collective or a project you coordinate, or run the campaign yourself.
error-funding-minimum = The minimum goal is more than 0 and at most 10,000,000 €.
error-funding-optimum = The optimum goal is at least the minimum, and at most 10,000,000 €.
error-funding-deadline = The deadline is in the future, within 90 days.
error-funding-rewards = A campaign has at most 20 rewards.
error-funding-asks = A campaign asks for at most 20 things beside money.
error-funding-reward = A reward has a title (2 to 120 characters), a minimum pledge from 0.01 to 10,000,000 €, and a stock from 1 to 1,000,000 or none.
error-funding-ask = An ask is time, materials, skills or an object lent, with a title (2 to 120 characters) and a number needed from 1 to 1,000,000.
error-funding-amount = A pledge is more than 0 and at most 10,000,000 €.
error-funding-reward-unknown = This reward is not one of this campaign's.
error-funding-below-reward = The pledge is below the minimum of the reward chosen.
funding-closed = This campaign no longer takes pledges.
funding-reward-gone = None of this reward is left: choose another, or pledge without one.
funding-ask-filled = As many people as needed have already offered.
funding-owner-stays = A campaign of yours pays your wallet and is not settled yet: your account stays until it is.

## Flash messages
flash-funding-created = Campaign launched. Members can now pledge.
flash-funding-pledged = Pledge recorded: the money is held in your wallet until the deadline.
flash-funding-withdrawn = Pledge withdrawn: your money is released.
flash-funding-update-posted = Update posted and sent to the backers.
flash-funding-offered = Thank you: your offer is recorded, and the campaign's runners see it.
flash-funding-offer-withdrawn = Your offer is withdrawn.
flash-funding-cancelled = Campaign cancelled: every pledge is released.

## The list
funding-title = Crowdfunding
funding-lead = Finance a project, a new cooperative or an event from inside the network. Your pledge stays in your wallet until the deadline, and is only taken if the campaign goes ahead.
funding-launch = Launch a campaign
funding-none = No campaign yet.
funding-backed = you back it
funding-state-open = open
funding-state-settling = being paid
funding-state-funded = funded
funding-state-failing = being released
funding-state-failed = not funded
funding-deadline = Deadline
funding-minimum = Minimum goal
funding-optimum = Optimum goal
funding-backers-count = { $count ->
    [one] { $count } backer
   *[other] { $count } backers
}

## Launching
funding-new-title = Launch a campaign
funding-new-lead = Say what the money is for, the least it needs and what would do everything planned. Backers' money is held until the deadline.
funding-field-title = Title
funding-field-summary = In one sentence
funding-field-collective = Run it for
funding-myself = myself (my wallet is paid)
funding-goals = Goals and deadline
funding-field-minimum = Minimum goal (€)
funding-field-optimum = Optimum goal (€)
funding-goals-hint = The minimum is what the project cannot do without; the optimum is what would do everything planned.
funding-field-deadline = Deadline
funding-field-mode = Below the minimum at the deadline
funding-mode-all_or_nothing = all or nothing: every pledge is released
funding-mode-keep = keep what is raised
funding-rewards = Rewards
funding-field-reward = Reward
funding-field-reward-minimum = For a pledge of at least (€)
funding-field-stock = How many
funding-add-reward = Add a reward
funding-asks = Beside money
funding-asks-hint = What else the project needs: time, materials, skills, objects lent.
funding-field-kind = Kind
funding-kind-time = time
funding-kind-materials = materials
funding-kind-skills = skills
funding-kind-lend = an object lent
funding-field-needed = How many people or things
funding-field-ask = Ask
funding-add-ask = Add an ask
funding-launch-hint = Once launched, the goals, deadline and rewards no longer change: backers pledge on them.

## A campaign
funding-funded-notice = This campaign is funded: the pledges are paid to it.
funding-failed-notice = This campaign was not funded: every pledge was released.
funding-settling-notice = The deadline has passed: the pledges are being settled.
funding-beneficiary = Paid to
funding-runner = Run by
funding-to-minimum = { $amount } more to reach it
funding-minimum-reached = reached
funding-backers = Backers
funding-fee = Fee
funding-fee-hint = paid by backers on top of their pledges, part of it to the solidarity fund
funding-breakdown = Where the money went
funding-breakdown-raised = To the campaign
funding-breakdown-platform = Platform fee
funding-breakdown-solidarity = Solidarity fund
funding-chart = Pledges over time
funding-chart-caption = What was pledged since the launch, with the goals dashed.
funding-reward-from = from { $amount }
funding-reward-none-left = none left
funding-reward-left = { $count ->
    [one] { $count } left
   *[other] { $count } left
}
funding-reward-unlimited = no limit
funding-my-pledge = My pledge
funding-held = Held:
funding-outcome-captured = Paid:
funding-outcome-released = Released:
funding-reward = reward:
funding-field-amount = Amount (€)
funding-pledge-fee-hint = A fee of { $rate } is held on top, and taken only if the campaign goes ahead.
funding-field-reward-choice = Reward
funding-no-reward = no reward
funding-field-public = Show my name among the backers
funding-field-mail-updates = Mail me the campaign's updates
funding-pledge-hint = You can change or withdraw your pledge until the deadline.
funding-change = Change my pledge
funding-pledge = Pledge
funding-withdraw = Withdraw my pledge
funding-you-offered = You offered.
funding-offer-withdraw = Withdraw my offer
funding-field-note = A word for the runners (what, when, how to reach you)
funding-offer = I offer
funding-updates = Updates
funding-field-update-title = Title
funding-field-update-body = Text
funding-post-update = Post the update
funding-no-updates = No update yet.
funding-no-backers = No backer yet.
funding-anonymous-count = { $count ->
    [one] { $count } anonymous backer
   *[other] { $count } anonymous backers
}
funding-running = Running the campaign
funding-cancel = Cancel the campaign
funding-cancel-title = Cancel the campaign?
funding-cancel-text = Every pledge to "{ $name }" will be released and each backer told. This cannot be undone.

## Notifications
notification-funding_funded = The campaign "{ $name }" is funded: your pledge is paid to it.
notification-kind-funding_funded = A campaign I backed is funded
notification-funding_failed = The campaign "{ $name }" was not funded: your pledge is released.
notification-kind-funding_failed = A campaign I backed was not funded
notification-funding_update = "{ $name }": { $title }
notification-kind-funding_update = A campaign I backed posts an update

## Collectives backing a campaign
error-funding-backing-collective = Choose a collective of which you are a treasurer or a coordinator.
error-funding-backing-solidarity = Only the instance's governing collective decides on the solidarity fund.
error-funding-backing-source = The money comes from the collective's treasury or the solidarity fund.
error-funding-backing-kind = Choose a contribution or matchfunding.
error-funding-backing-amount = The amount is more than 0 and at most 10,000,000 €.
error-funding-backing-per-pledge = Matchfunding says how much of each pledge it matches: more than 0 and at most 10,000,000 €.
error-funding-backing-closes = The decision closes before the campaign's deadline.
flash-funding-backing-proposed = The decision is open: if it passes, the money goes into the campaign.
effect-funding-back = the collective's money goes into the campaign "{ $name }" as the question says.
funding-backings = Backed by collectives
funding-backing-from-solidarity = from the solidarity fund
funding-backing-match = each pledge matched up to { $amount }
funding-backing-up-to = up to { $amount } in all
funding-backing-counted = counts { $amount } now
funding-backing-state-held = held
funding-backing-state-paid = paid
funding-backing-state-released = released
funding-backing-state-short = not held: the money was not there
funding-back-title = Back it with a collective
funding-back-hint = A treasurer or a coordinator proposes it; the collective decides, and its decision moves the money. Matchfunding doubles each pledge up to the amount chosen.
funding-field-backing-collective = Collective
funding-field-source = Money from
funding-source-treasury = its treasury
funding-source-solidarity = the solidarity fund
funding-field-backing-kind = How
funding-backing-kind-contribution = a contribution
funding-backing-kind-match = matchfunding
funding-field-backing-amount = Amount, or the most matched in all (€)
funding-field-per-pledge = Matchfunding: the most matched of each pledge (€)
funding-field-question = The question put to the collective
funding-backing-question = Shall we put money into the campaign "{ $name }"?
funding-field-method = Decided by
funding-field-closes = The decision closes
funding-propose-backing = Open the decision
funding-backing-for = For
funding-backing-against = Against

## Loans
error-loan-principal = A loan is more than 0 and at most 100,000,000 €.
error-loan-rate = The annual interest rate is from 0 to 20 %.
error-loan-count = A loan is repaid in 1 to 360 instalments.
error-loan-period = Instalments come every 1 to 12 months.
error-loan-amount = The amount borrowed is more than 0 and at most what one loan may borrow here (1,000,000 € by default).
error-loan-minimum = The minimum is more than 0 and at most the amount borrowed.
error-loan-amortisation = Repay in equal instalments or in equal principal.
error-loan-too-long = An interest-bearing loan runs at most as long as this instance allows (7 years by default).
error-loan-lending-until = Lending closes in the future, within 90 days.
error-loan-decision-closes = The collective's decision closes before lending does.
error-loan-read-sheet = Read the key information sheet before lending: open it, then say you read it.
error-loan-cap = A lender lends from 10 € up to this loan's cap per lender.
error-loan-over-amount = That is more than is left to borrow.
funding-loan-closed = This loan no longer takes lenders.
funding-loan-lent = You already lent to this loan: withdraw during your reflection period to lend another amount.
funding-loan-reflection-over = Your reflection period is over: the lending can no longer be withdrawn.
funding-lender-stays = A loan still owes you money, paid to your wallet: your account stays until it is repaid.
effect-funding-loan-open = the loan "{ $name }" opens to lenders on the terms proposed.
notification-funding_loan_disbursed = The loan "{ $name }" is disbursed: its schedule is fixed.
notification-kind-funding_loan_disbursed = A loan I lent to is disbursed
notification-funding_loan_cancelled = The loan "{ $name }" did not reach its minimum: your money is released.
notification-kind-funding_loan_cancelled = A loan I lent to is cancelled
notification-funding_loan_repaid = Instalment { $number } of the loan "{ $name }" is repaid to your wallet.
notification-kind-funding_loan_repaid = A loan I lent to repays an instalment
notification-funding_loan_late = Instalment { $number } of the loan "{ $name }", due { $date }, is late.
notification-kind-funding_loan_late = An instalment of a loan is late
flash-loan-proposed = The collective's decision on the loan is open: the loan opens to lenders if it passes.
flash-loan-lent = Thank you: your money is held until the loan is disbursed, and you may still withdraw during your reflection period.
flash-loan-withdrawn = Lending withdrawn: your money is released.
loans-title = Citizen loans
loans-lead = Lend to a commune, a cooperative or a project of the network, interest-free or at a fixed rate, and be repaid instalment by instalment.
loans-operator-notice = Lending to a collective carries a risk of loss. The operator of this instance is responsible for its own legal status in offering it.
loans-propose = Propose a loan
loans-none = No loan yet.
loans-you-lent = You lent
loans-state-proposed = awaiting the collective's decision
loans-state-open = open to lenders
loans-state-repaying = being repaid
loans-state-repaid = repaid
loans-state-cancelled = cancelled
loans-interest-free = interest-free
loans-months = { $count ->
    [one] { $count } month
   *[other] { $count } months
}
loans-lent = Lent
loans-new-title = Propose a loan
loans-new-lead = A collective borrows from members on terms its own decision approves: no one commits its treasury alone.
loans-no-collective = Only a treasurer or a coordinator of a collective proposes a loan for it.
loans-field-collective = The borrowing collective
loans-field-purpose = What the money is for
loans-field-risks = The risks
loans-terms = Terms
loans-rules-interest = At interest, { $amount } at most per lender,
loans-rules-free = interest-free { $amount } at most;
loans-rules-months = an interest-bearing loan runs { $count ->
    [one] { $count } month
   *[other] { $count } months
} at most;
loans-rules-reflection = a lender may withdraw within { $count ->
    [one] { $count } day
   *[other] { $count } days
} without giving a reason.
loans-field-amount = Amount borrowed (€)
loans-field-minimum = At least, to go ahead (€)
loans-field-rate = Annual interest rate (%)
loans-field-instalments = Number of instalments
loans-field-months-between = Instalments
loans-every-months = { $count ->
    [one] every month
   *[other] every { $count } months
}
loans-field-amortisation = Repaid in
loans-amortisation-equal_instalments = equal instalments
loans-amortisation-equal_principal = equal principal, interest on what is owed
loans-field-lending-until = Lending closes
loans-decision = The collective's decision
loans-decision-hint = The loan opens to lenders only if the collective approves its terms.
loans-question = Shall we borrow from members on these terms?
loans-awaiting-decision = The collective is deciding on these terms.
loans-see-decision = See the decision
loans-borrower = Borrower
loans-rate = Rate
loans-duration = Duration
loans-instalments-count = { $count ->
    [one] { $count } instalment
   *[other] { $count } instalments
}
loans-minimum-is = at least { $amount }
loans-lenders-count = { $count ->
    [one] { $count } lender
   *[other] { $count } lenders
}
loans-lending-until = Lending closes
loans-cap = Most per lender
loans-read-sheet = Read the key information sheet
loans-schedule = Schedule
loans-schedule-estimate = Before the disbursement: the schedule for { $amount }, its dates counted from the disbursement.
loans-number = No.
loans-due = Due
loans-principal = Principal
loans-interest = Interest
loans-total = Total
loans-status = Status
loans-paid = paid
loans-was-late = was late
loans-late = late
loans-my-lending = My lending
loans-received = Received
loans-owed = Still owed to me
loans-my-share = My share of each instalment
loans-withdraw-until = You may withdraw without giving a reason until { $date }.
loans-withdraw = Withdraw my lending
loans-field-lend = Amount lent (€)
loans-cap-hint = At most { $amount } per lender;
loans-field-read-sheet = I have read the key information sheet
loans-sheet = the sheet
loans-lend = Lend
loans-not-lending = This loan takes no lenders now.
loans-sheet-title = Key information sheet: { $name }
loans-proposed-by = proposed by
loans-per-hundred = For 100 € lent, repaid in all
loans-reflection = Reflection period
loans-disbursement = Disbursement
loans-disbursement-text = Lent money stays held in your wallet until lending closes and every reflection period is over; then it goes to the borrower's treasury, or back to you if the minimum is not reached.
loans-risk-warning = Lending carries a risk of losing part or all of the money lent. Lend only what you can afford to lose.

## Mutual-aid pots
pots-title = Mutual-aid pots
pots-lead = A pot gathers members' gifts for a purpose: a member going through a hard time, an event. Every gift and every withdrawal is shown to those who gave, and another coordinator (or the collective's decision) approves each withdrawal.
pots-open = Open a pot
pots-none = No pot yet.
pots-state-open = taking gifts
pots-state-closed = closed to gifts
pots-given-by = { $count ->
    [one] one contributor
   *[other] { $count } contributors
}
pots-given = Given
pots-paid-out = Paid out
pots-pending = Held for withdrawals awaiting approval
pots-available = Available
pots-new-title = Open a mutual-aid pot
pots-new-lead = The pot belongs to a collective you coordinate: its coordinators approve the withdrawals, each one never their own, or put them to the collective's decision. Its title and purpose are shown to every member: say only what the member it helps agreed to share.
pots-no-collective = Only a coordinator of a collective opens a pot.
pots-field-collective = Collective
pots-field-purpose = What the pot is for
pots-field-beneficiary = The member it helps
pots-no-beneficiary = No one member (an event, a shared need)
pots-beneficiary-hint = A pot for a member pays that member only. Without one, each withdrawal names a member of the collective.
pots-beneficiary = Helps
pots-give = Give
pots-field-amount = Amount (€)
pots-fee-hint = From your wallet. A gift between members bears no technical fee unless this instance sets one; it is shown on your statement.
pots-field-named = Show my name to the pot's other contributors
pots-ask = Ask for a withdrawal
pots-field-to = Paid to
pots-field-reason = Reason
pots-ask-hint = The amount is set aside at once; another coordinator pays it into the wallet, or the collective decides.
pots-movements = Movements
pots-withdrawals = Withdrawals
pots-gifts = Gifts
pots-no-withdrawal = No withdrawal yet.
pots-no-gift = No gift yet.
pots-date = Date
pots-status = Status
pots-giver = From
pots-anonymous = anonymous
pots-mine = yours
pots-asked-by = asked by { $name }
pots-withdrawal-state-requested = awaiting approval
pots-withdrawal-state-paid = paid
pots-withdrawal-state-refused = refused
pots-withdrawal-state-cancelled = cancelled
pots-see-decision = the decision
pots-pay = Approve and pay
pots-refuse = Refuse
pots-cancel = Cancel
pots-to-decision = Put to the collective's decision
pots-question = Pay { $amount } from the pot as asked?
pots-movements-hidden = Its movements are shown to its contributors, to the member it helps and to the collective's members.
pots-close = Close to gifts
flash-pot-opened = The pot is open to gifts.
flash-pot-given = Thank you: your gift is in the pot.
flash-pot-requested = Withdrawal asked: the amount is set aside until another coordinator approves it.
flash-pot-closed = The pot is closed to gifts; what is left may still be withdrawn.
flash-pot-paid = Withdrawal paid into the member's wallet.
flash-pot-refused = Withdrawal refused: the amount is back in the pot.
flash-pot-cancelled = Withdrawal cancelled: the amount is back in the pot.
flash-pot-in-decision = The collective's decision is open: the withdrawal is paid if it passes.
effect-funding-pot-pay = the withdrawal from the pot "{ $name }" is paid as asked.
error-pot-collective = Only a coordinator of this collective opens a pot for it.
error-pot-beneficiary = The member a pot helps is a member of its collective.
error-pot-amount = An amount is more than 0 and at most 10,000,000 €.
funding-pot-wallet-short = Your wallet does not hold that much: top it up first.
funding-pot-short = The pot does not have that much available.
error-pot-recipient = A pot for a member pays that member; otherwise a withdrawal pays a member of the collective.
funding-pot-closed = This pot no longer takes gifts.
funding-pot-movements = A pot's movements are shown to its contributors, to the member it helps and to its collective's members.
funding-pot-ask = Only the member the pot helps or a coordinator of its collective asks for a withdrawal.
funding-pot-coordinators = Only a coordinator of the pot's collective does this.
funding-pot-cancel = Only the member who asked for a withdrawal cancels it.
funding-pot-self-approval = You asked for this withdrawal: another coordinator approves it, or the collective decides.
funding-pot-self-payment = This withdrawal pays you: another coordinator approves it, or the collective decides.
funding-pot-decided = This withdrawal was already decided.
funding-pot-in-decision = This withdrawal is already put to a decision.

## A collective's expenses
expenses-link = Expenses
expenses-title = Expenses of { $collective }
expenses-lead = A member submits what it spent for the collective, with its receipt. Another treasurer or coordinator approves it (never the one who submitted it), or the collective decides; it is then paid from the treasury.
expenses-none = No expense yet.
expenses-list = The collective's expenses
expenses-submit = Submit an expense
expenses-field-title = What for
expenses-submitted-by = Submitted by
expenses-field-receipt = Receipt
expenses-receipt-hint = A photo (JPEG, PNG or WebP) or a PDF, at most 10 MB. A photo keeps only its pixels: no location or camera data. Only you and the collective's treasurers and coordinators see it.
expenses-field-pay-to = Paid to
expenses-pay-to-wallet = My wallet
expenses-pay-to-bank = A bank account (a supplier's, or mine)
expenses-field-holder = Account holder
expenses-state-submitted = awaiting approval
expenses-state-approved = approved, leaves with the next bank transfer
expenses-state-paid = paid
expenses-state-refused = refused
expenses-state-cancelled = withdrawn
expenses-decided-by = Decided by
expenses-decision = Decision
expenses-refusal = Why it was refused
expenses-approved-bank = Approved: the transfer leaves with the treasurers' next SEPA batch.
expenses-receipt = Receipt
expenses-receipt-pdf = Download the receipt (PDF)
expenses-receipt-private = The receipt is shown to its submitter and to the collective's treasurers and coordinators.
expenses-decide = Decide
expenses-approve = Approve and pay
expenses-field-refusal = Reason for refusing (optional)
expenses-refuse = Refuse
expenses-cancel = Withdraw my expense
expenses-question = Pay this expense of { $amount } from the treasury?
flash-expense-submitted = Expense submitted: another treasurer or coordinator will approve it.
flash-expense-approved = Expense approved and paid from the treasury.
flash-expense-refused = Expense refused.
flash-expense-cancelled = Expense withdrawn.
flash-expense-in-decision = The collective's decision is open: the expense is paid if it passes.
effect-funding-expense-approve = the expense "{ $name }" is approved and paid from the treasury.
error-expense-amount = An expense is more than 0 and at most 10,000,000 €.
error-expense-pay-to = Choose your wallet or a bank account.
error-expense-no-bank = This instance pays no bank accounts yet: choose your wallet.
error-receipt-required = Attach the receipt: a photo or a PDF.
error-receipt-type = A receipt is a photo (JPEG, PNG or WebP) or a PDF.
error-receipt-base64 = The receipt is not valid base64.
funding-expense-receipt = The receipt is shown to its submitter and to the collective's treasurers and coordinators.
funding-expense-cancel = Only its submitter withdraws an expense.
funding-expense-approvers = Only a treasurer or coordinator of the collective decides on an expense.
funding-expense-self-approval = You cannot approve your own expense: another treasurer or coordinator does, or the collective decides.
funding-expense-decided = This expense was already decided.
funding-expense-in-decision = This expense is already put to a decision.
funding-expense-treasury-short = The treasury does not hold this amount: it stays awaiting approval.
funding-expense-payee-gone = Its submitter is no longer a member of the collective: it cannot be paid to its wallet.

## What crowdfunding's movements are called on statements
transfer-code-funding-pledge = Pledge to a campaign
transfer-code-funding-pledge-fee = Technical fee
transfer-code-funding-pledge-solidarity = Solidarity fund
transfer-code-funding-settle = Campaign funded
transfer-code-funding-settle-fee = Technical fee
transfer-code-funding-settle-solidarity = Solidarity fund
transfer-code-funding-backing = A collective backs a campaign
transfer-code-funding-backing-fee = Technical fee
transfer-code-funding-backing-solidarity = Solidarity fund
transfer-code-funding-lend = Lending to a loan
transfer-code-funding-loan = Loan disbursed
transfer-code-funding-repay = Loan instalment
transfer-code-funding-pot_gift = Gift to a mutual-aid pot
transfer-code-funding-pot_gift-fee = Technical fee
transfer-code-funding-pot_gift-solidarity = Solidarity fund
transfer-code-funding-pot_withdrawal = Withdrawal from a mutual-aid pot

## A collective lending to a loan
loans-backings = Collectives lending
loans-backing-state-held = held until the disbursement
loans-backing-state-lent = lent
loans-backing-state-released = released
loans-backing-state-short = not lent: the money was not there, or nothing was left to borrow
loans-backing-received = repaid so far { $amount }
loans-collective-lend = Lend as a collective
loans-collective-lend-hint = Your collective decides: if the decision passes, its treasury (or the solidarity fund, for the instance's governing collective) lends this amount, at most what is left to borrow, and is repaid pro rata with the other lenders.
loans-backing-question = Lend to "{ $name }" from our treasury?
loans-propose-backing = Put it to my collective's decision
flash-loan-backing-proposed = Your collective's decision is open: it lends if the decision passes.
effect-funding-loan-back = the collective lends to the loan "{ $name }" as the question says.
error-loan-backing-twice = This collective already lends to this loan.
error-loan-backing-own = A collective does not lend to its own loan.
error-loan-backing-amount = The amount is more than 0 and at most what the loan borrows.
error-loan-backing-closes = The decision closes before lending does.

## Notices of pots and expenses
notification-funding_pot_asked = A withdrawal from the pot "{ $name }" awaits your approval.
notification-kind-funding_pot_asked = A withdrawal from a pot awaits my approval
notification-funding_expense_submitted = The expense "{ $name }" awaits approval in { $collective }.
notification-kind-funding_expense_submitted = An expense awaits my approval
notification-funding_pot_decided = The withdrawal from the pot "{ $name }": { $outcome }.
notification-kind-funding_pot_decided = A withdrawal I asked for, or that pays me, is decided
notification-funding_expense_decided = Your expense "{ $name }": { $outcome }.
notification-kind-funding_expense_decided = My expense is decided
