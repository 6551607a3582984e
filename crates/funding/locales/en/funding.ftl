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
