## Module 3: group buying

nav-groupbuy = Group buying

## Errors
error-groupbuy-tiers-format = Write one tier per line: "1-99: 3.20", then "100-499: 2.80", the last "500+: 2.50".
error-groupbuy-tiers-count = A product has at most 10 tiers.
error-groupbuy-tier-price = A tier's price per unit is more than 0 and at most 100,000 €.
error-groupbuy-tier-bounds = A tier's bounds are whole numbers from 1 to 1,000,000.
error-groupbuy-collective = Choose a collective you coordinate, or propose it yourself.
error-groupbuy-supplier = Choose a member seller, or give an outside supplier's name (2 to 120 characters) and email.
error-groupbuy-minimum = The minimum is a sum from 0 to 10,000,000 €.
error-groupbuy-maximum = The maximum is at least the minimum, and at most 10,000,000 €.
error-groupbuy-deadline = The deadline is in the future, within a year.
error-groupbuy-fill-until = The box-filling phase ends after the deadline, within 30 days of it.
error-groupbuy-if-short = Below the minimum, cancel or extend.
error-groupbuy-extend-days = Extend by 1 to 60 days.
error-groupbuy-products = A group purchase has 1 to 50 products.
error-groupbuy-pickups = A group purchase has 1 to 20 pickup points.
error-groupbuy-pickup = A pickup point has its commune (2 to 80 characters), its place (2 to 160) and, if you wish, its hours.
error-groupbuy-unit = Count by the piece, the kilogram, the gram, the litre or the millilitre.
error-groupbuy-pack-size = A box holds 1 to 1,000,000 units.
error-groupbuy-step = The step is a whole number that divides the box (1 unless sold by several).
error-groupbuy-vat-rate = Choose a VAT rate: 0, 2.1, 5.5, 10 or 20 %.
error-groupbuy-retail-price = A retail price is more than 0 and at most 100,000 €.
error-groupbuy-quantity = A quantity is a whole multiple of the product's step, up to 1,000,000.
error-groupbuy-tolerance = A tolerance is a multiple of the step, less than a box, and comes with a quantity.
error-groupbuy-product-twice = A product appears once in a basket.
error-groupbuy-product-unknown = This product is not one of this group purchase's.
error-groupbuy-pickup-unknown = This pickup point is not one of this group purchase's.
error-groupbuy-over-maximum = This goes over what the supplier can deliver.
error-groupbuy-filling-raise = In the box-filling phase, quantities and tolerances only go up.
error-groupbuy-box-full = In the box-filling phase, a product only takes what fills its open box.
error-groupbuy-nothing = Give a quantity of at least one product.
error-groupbuy-baskets = Give quantities in at least one group purchase, each purchase once.
groupbuy-closed = This group purchase no longer takes commitments.

## Flash messages
flash-groupbuy-created = Group purchase proposed. Members can now commit.
flash-groupbuy-committed = Basket saved: the money is held until the settlement.
flash-groupbuy-withdrawn = Basket withdrawn: the money is released.
flash-groupbuy-baskets-saved = Baskets saved.

## Pages
groupbuy-title = Group buying
groupbuy-lead = Pool your orders with other members to reach a supplier's price tiers: the more you buy together, the less each pays.
groupbuy-propose = Propose a group purchase
groupbuy-none = No group purchase yet.
groupbuy-none-open = No group purchase takes commitments now.
groupbuy-in-basket = in my baskets
groupbuy-deadline = Deadline:
groupbuy-members-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
groupbuy-phase-open = open
groupbuy-phase-filling = filling boxes
groupbuy-phase-closed = closed
groupbuy-unit-piece = pcs
groupbuy-unit-kg = kg
groupbuy-unit-g = g
groupbuy-unit-l = l
groupbuy-unit-ml = ml

groupbuy-new-title = Propose a group purchase
groupbuy-new-lead = Name the supplier, its products with their pack sizes and price tiers, the minimum to go ahead, the deadline and where members pick up.
groupbuy-field-title = Title
groupbuy-field-collective = On behalf of
groupbuy-myself = Myself
groupbuy-supplier = Supplier
groupbuy-field-supplier = A member seller
groupbuy-outside-supplier = An outside supplier
groupbuy-outside-hint = For an outside supplier, give its name and the email its orders are sent to.
groupbuy-field-supplier-name = Outside supplier's name
groupbuy-field-supplier-contact = Outside supplier's email
groupbuy-terms = Terms
groupbuy-field-minimum = Minimum total to go ahead (€)
groupbuy-field-maximum = Most the supplier can deliver (€)
groupbuy-field-deadline = Deadline
groupbuy-field-fill-until = End of the box-filling phase
groupbuy-fill-hint = After the deadline, members may only raise their quantities, to fill boxes already begun.
groupbuy-field-if-short = Below the minimum at the deadline
groupbuy-if-short-cancel = cancel, and release every hold
groupbuy-if-short-extend = extend the deadline once, holds kept
groupbuy-field-extend-days = Extend by (days)
groupbuy-products = Products
groupbuy-tiers-hint = Price tiers by total quantity, one per line, the price per unit VAT included: "1-99: 3.20", "100-499: 2.80", "500+: 2.50".
groupbuy-field-product = Product
groupbuy-field-unit = Unit
groupbuy-field-pack = Units per box
groupbuy-field-step = Sold by
groupbuy-field-vat = VAT
groupbuy-field-retail = Retail price per unit (€)
groupbuy-field-tiers = Price tiers
groupbuy-add-product = Add a product
groupbuy-pickups = Pickup points
groupbuy-field-commune = Commune
groupbuy-field-place = Place
groupbuy-field-hours = Hours
groupbuy-add-pickup = Add a pickup point

groupbuy-organiser = Proposed by
groupbuy-outside = outside supplier
groupbuy-filling-until = boxes filled until
groupbuy-minimum = Minimum
groupbuy-to-minimum = { $amount } to go
groupbuy-minimum-reached = reached
groupbuy-maximum = Supplier's capacity
groupbuy-if-short-label = Below the minimum
groupbuy-cancels = cancelled, holds released
groupbuy-extends = { $count ->
    [one] extended once by { $count } day
   *[other] extended once by { $count } days
}
groupbuy-members = Members committed
groupbuy-pack = { $count ->
    [one] Box of { $count }
   *[other] Box of { $count }
}
groupbuy-by-steps = sold by
groupbuy-tiers = Price tiers
groupbuy-tier-quantity = Total quantity
groupbuy-tier-price = Price per unit
groupbuy-tier-now = now
groupbuy-committed = Committed:
groupbuy-tolerance-short = to fill boxes
groupbuy-price-now = price now
groupbuy-next-tier = To reach the next tier:
groupbuy-best-tier = The best tier is reached.
groupbuy-full-boxes = { $count ->
    [one] { $count } full box
   *[other] { $count } full boxes
}
groupbuy-next-box = to fill the next one:
groupbuy-retail = Retail:
groupbuy-saving-unit = you save
groupbuy-my-basket = My basket
groupbuy-held = Held from my wallet:
groupbuy-fee = fee
groupbuy-my-saving = my saving against retail:
groupbuy-held-hint = The hold covers your quantities and tolerances at the tier reached when you committed. At the settlement you pay the final tier's price for what you are allocated, and the rest is released.
groupbuy-filling-hint = Box-filling phase: you may only raise quantities, to fill the boxes already begun.
groupbuy-field-quantity = Quantity
groupbuy-field-tolerance = More I would take to fill a box
groupbuy-tolerance-hint = Boxes are allocated whole: your tolerance helps fill a box that would otherwise be left out. You never get more than your quantity plus your tolerance.
groupbuy-field-pickup = Pickup point
groupbuy-commit-hint = Money is held from your wallet, with the platform's fee on top; it is taken only if the purchase goes ahead.
groupbuy-commit = Commit
groupbuy-change = Save my basket
groupbuy-withdraw = Withdraw
groupbuy-baskets-title = My group baskets
groupbuy-baskets-lead = Your quantities in every open group purchase, saved at once: each purchase holds its own money and goes ahead at its own minimum.
groupbuy-baskets-hint = Empty every quantity of a purchase to withdraw from it.
groupbuy-baskets-save = Save my baskets
groupbuy-baskets-closed = Closed purchases
groupbuy-raises-others = Lowering this now would raise the price for members whose wallets cannot cover it: the change is refused.
groupbuy-paid-to = Paid to
groupbuy-was-extended = extended once already
groupbuy-settled = This group purchase went ahead: everyone paid the final tier's price for what was allocated, and the rest of each hold was released.
groupbuy-cancelled = This group purchase did not reach its minimum and was cancelled: every hold was released.
groupbuy-settling = This group purchase is being settled.
groupbuy-ordered = Ordered:
groupbuy-asked = asked
groupbuy-allocated = allocated
groupbuy-paid = Paid:
groupbuy-released = released:
groupbuy-invoice = the supplier's invoice (PDF)

## Notifications
notification-groupbuy_settled = The group purchase "{ $name }" went ahead: see what you were allocated and paid; the rest of your hold is released.
notification-kind-groupbuy_settled = A group purchase I committed to went ahead
notification-groupbuy_cancelled = The group purchase "{ $name }" did not reach its minimum and was cancelled: your money is released.
notification-kind-groupbuy_cancelled = A group purchase I committed to was cancelled
notification-groupbuy_extended = The group purchase "{ $name }" has not reached its minimum yet: its deadline is extended, and your hold is kept.
notification-kind-groupbuy_extended = A group purchase I committed to was extended

## The supplier's order
groupbuy-not-settled = This group purchase is not settled yet: its order is not known.
groupbuy-order-title = Order — { $name }
groupbuy-order-link = The order and pickup lists
groupbuy-order-total = All pickup points
groupbuy-order-amount = Amount
groupbuy-order-pdf = Download as PDF
groupbuy-order-csv = Download as CSV
groupbuy-pickup-list = Pickup list
groupbuy-order-mail-subject = Group order: { $name }
groupbuy-order-mail-hello = Hello,
groupbuy-order-mail-intro = Members of Freeco have pooled their orders for "{ $name }". Here is what they order in all:
groupbuy-order-mail-attached = The attached PDF and CSV give the quantities to deliver at each pickup point, and their prices. The order is also online:
groupbuy-organiser-stays = You organise a group purchase whose supplier is paid through your wallet: the account can be erased once it is settled or cancelled.
groupbuy-breakdown = Where the money went
groupbuy-breakdown-supplier = To the supplier
groupbuy-breakdown-platform = Platform's technical fee
groupbuy-breakdown-solidarity = To the solidarity fund
groupbuy-breakdown-saving = Members' saving against retail prices
groupbuy-organising = Organising
groupbuy-cancel = Cancel this group purchase
groupbuy-cancel-title = Cancel the group purchase?
groupbuy-cancel-text = "{ $name }" will be cancelled: every member's hold is released and each is told. This cannot be undone.
flash-groupbuy-cancelled = Group purchase cancelled: every hold is released.

## Energy group purchases
energy-title = Energy together
energy-link = Energy together: pool households to get a better offer
energy-lead = Households register their yearly consumption, without commitment; suppliers bid against a published specification; the best offer is published, and each household decides on its own, knowing what it would save.
energy-none = No energy group purchase yet.
energy-new = Start an energy group purchase
energy-create = Start it
energy-kind-electricity = Electricity
energy-kind-gas = Gas
energy-phase-registering = households registering
energy-phase-offers = offers being collected
energy-phase-closed = offers closed
energy-phase-choosing = winner published
energy-households = { $count ->
    [one] { $count } household
   *[other] { $count } households
}
energy-subscribed-count = { $count ->
    [one] { $count } household subscribed
   *[other] { $count } households subscribed
}
energy-field-energy = Energy
energy-field-specification = Specification every offer must meet
energy-specification-hint = What suppliers bid against: renewable share, contract length, price fixed or indexed, no fees for leaving…
energy-field-registration-until = Households register until
energy-field-offers-until = Offers taken until
energy-reference = Reference tariff
energy-reference-hint = What households compare with (the regulated tariff, say): their saving is estimated against it.
energy-field-reference-name = Its name
energy-field-kwh-price = Price of a kWh (€)
energy-field-subscription = Subscription a year (€)
energy-registered = Registered
energy-year = year
energy-a-year = a year
energy-winner = The winning offer
energy-green = renewable origin
energy-my-saving = My estimated saving:
energy-decide-hint = You decide on your own. Subscribing passes your name, email, commune and consumption to the supplier, who contacts you to sign the contract.
energy-subscribe = Subscribe to this offer
energy-decline = No, thank you
energy-decision-subscribed = You subscribed to this offer.
energy-decision-declined = You declined this offer.
energy-subscribers-csv = The subscribers, as CSV, for the supplier
energy-my-household = My household
energy-register-hint = Registering commits you to nothing: it helps get a better offer, and lets you see your saving once the winner is published.
energy-field-yearly-kwh = Yearly consumption (kWh, on your bills)
energy-field-meter = Meter
energy-meter-base = single rate
energy-meter-peak_offpeak = peak and off-peak
energy-meter-gas = gas
energy-register = Register my household
energy-registration-over = The registration is closed.
energy-offers = Offers, cheapest first
energy-rank = Rank
energy-field-supplier = Supplier
energy-yearly-cost = A year, for the households registered
energy-ranking-hint = Offers are ranked by what they would cost all the households registered in a year, as a reverse auction.
energy-publish = Publish as the winner
energy-publish-title = Publish the winning offer?
energy-publish-text = The offer of "{ $name }" will be published as the winner: each household then decides whether to subscribe. It cannot be changed afterwards.
energy-offer-new = Record a supplier's offer
energy-field-note = What else it says
energy-offer-add = Record the offer
flash-energy-created = Energy group purchase started: households can register.
flash-energy-registered = Household registered, without commitment.
flash-energy-offer-added = Offer recorded and ranked.
flash-energy-published = Winning offer published: households can now decide.
flash-energy-decided = Your choice is saved.
error-energy-kind = Choose electricity or gas.
error-energy-registration = The registration ends in the future, within a year.
error-energy-offers-until = The offers close at or after the registration's end, within 90 days.
error-energy-kwh-price = A kWh's price is more than 0 and at most 10 €, with up to four decimals (0.2516).
error-energy-subscription = A yearly subscription is at most 10,000 €.
error-energy-kwh = A yearly consumption is a whole number of kWh from 1 to 1,000,000.
error-energy-meter = Choose a meter of this energy.
error-energy-offer-unknown = This offer is not one of this campaign's.
energy-registration-closed = The registration of households is closed.
energy-offers-closed = The offers are closed.
energy-not-closed = The winner is published once the offers are closed, and only once.
energy-not-published = No winning offer is published yet.
energy-not-registered = Register your household first.

## What group buying's movements are called on statements
transfer-code-groupbuy-basket = Group purchase basket
transfer-code-groupbuy-settle = Group purchase paid to the supplier
transfer-code-groupbuy-settle-fee = Technical fee
transfer-code-groupbuy-settle-solidarity = Solidarity fund
