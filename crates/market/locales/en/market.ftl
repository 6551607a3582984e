## Module 4: direct sales

nav-market = Market

## Errors
error-vat-number = Give an EU VAT number (FR then 11 characters for France, its key matching the SIREN), or leave it empty under the VAT franchise.
error-seller-claim = Choose among the charter's criteria.
error-product-category = Choose a category.
error-product-label = Choose an organic label, or none.
error-product-carbon = Give the carbon estimate in grams per unit, from 0 to 1,000,000.
error-product-repairability = The repairability index goes from 0 to 10.
error-product-allergen = Choose among the fourteen allergens.
error-product-variants = A product is sold in 1 to 20 variants.
error-variant-unit = Sell by the piece, by the gram or by the millilitre.
error-variant-size = A size is a whole number from 1 to 1,000,000.
error-variant-weight = A weight is a whole number of grams from 1 to 1,000,000.
error-variant-price = A price is more than 0 and at most 100,000 €.
error-variant-stock = Give the stock (0 to 1,000,000), or sell without a limit or to order.
error-variant-sku = A reference has at most 40 characters on one line.
error-variant-unknown = This variant is not one of this product's.
error-shop-owner = A shop is run by one collective or by one seller: choose one.
error-shop-not-a-seller = This organisation has no seller profile yet.
market-shop-exists = This collective or seller has its shop already.
error-cycle-closes = The close comes after the opening, within 400 days.
error-cycle-capture = Take the money at the close or at collection.
market-cycle-closed = This order cycle is closed.
market-cycle-not-open = This order cycle is not open yet.
market-cycle-open = This order cycle is still open.
error-seller-unknown = No seller has this id.
error-seller-not-in-cycle = This producer does not take part in this cycle.
error-variant-not-theirs = This product is not one of this producer's.
error-pickup-ends = The pickup ends after it starts.
error-pickup-capacity = A capacity is from 1 to 100,000 orders.
error-fee-kind = Choose what the fee pays for.
error-fee-calculator = Choose how the fee is worked out.
error-fee-amount = A fee is at most 1,000 € (per order, per item or per kg), or at most 50 %.
error-pickup-other-cycle = Choose one of this cycle's pickup points.
error-pickup-full = This pickup point is full: choose another one.
error-wallet-short = Your wallet does not hold enough for this order: top it up, or pay by card.
error-order-empty = Choose at least one product.
error-variant-not-in-cycle = This product is not offered in this cycle.
error-out-of-stock = Not enough “{ $product }” left in stock for this quantity.
market-order-race = Your order changed at the same time elsewhere: try again.
market-order-not-placed = This order is not a placed order any more.

## The market
market-title = Market
market-lead = Buy directly from the producers around you: every price shows what goes to whom.
market-open-cycles = Open order cycles
market-no-cycle = No order cycle is open for now.
market-cycle-state-upcoming = Opens soon
market-cycle-state-open = Open
market-cycle-state-closed = Closed
market-closes-at = Orders close { $time }
market-opens-at = Orders open { $time }
market-my-orders = My orders
market-no-order = You have not ordered yet.
market-order-title = Order { $number }
market-order-state-placed = Placed
market-order-state-cancelled = Cancelled
market-order-state-collected = Collected
market-selling = Selling
market-selling-hint = A producer sells through its organisation's seller profile; a collective or a seller opens a shop and runs its order cycles.
market-catalogue = Catalogue
market-become-seller = Become a seller
market-my-shops = Shops I run
market-shop-new = Open a shop

## A cycle's shop front
market-manage = Run this cycle
market-your-order = Your order in this cycle: { $amount }.
market-see-order = See it
market-wallet-available = Your wallet can spend { $amount }.
market-payment = Payment
market-pay-wallet = From my wallet
market-pay-card = By card: the order's amount is charged, credited to my wallet and held from it
market-top-up = Top it up
market-offer-empty = Nothing is offered in this cycle yet.
market-origin = from { $place }
market-carbon = { $grams } g CO₂e per unit
market-repairability = repairability { $index }/10
market-essential = essential product
market-allergens = Allergens:
market-claims = The producer claims:
market-breakdown = Where the money goes
market-goods-price = The product, to { $seller }
market-price-with-fees = Price with fees
market-vat-included = VAT included at { $rate }.
market-platform-fee-hint = The platform's technical fee comes on top of the order, and part of it funds solidarity.
market-sold-out = Sold out
market-in-stock = { $count ->
    [one] { $count } left
   *[other] { $count } left
}
market-pickup = Pickup point
market-pickup-full = full
market-order-hint = Your money is held until the close, then paid to the producers; you can change or cancel your order until then.
market-order-submit = Order
market-order-update = Update my order
market-pieces = { $count ->
    [one] { $count } piece
   *[other] { $count } pieces
}

## An order
market-order-paid = paid
market-order-held = money held until the close
market-pickup-at = To collect at { $place }
market-order-lines = Products
market-product = Product
market-unit-price = Unit price
market-quantity = Quantity
market-line-total = Total
market-order-fees = Fees
market-fee = Fee
market-fee-on = On
market-on-the-order = the whole order
market-where-money-goes = Where the money goes
market-platform-fee = Platform's technical fee
market-solidarity = Solidarity fund
market-to-pay = You pay
market-frozen-hint = Prices and fees are those of your order: a later change to the catalogue does not alter it.
market-order-change = Change my order
market-order-cancel = Cancel my order
market-order-cancel-confirm = Its products go back to the shop and its money to your wallet. You can order again while the cycle is open.
market-order-cancel-yes = Yes, cancel my order
market-order-cancelled-note = This order is cancelled: nothing is held for it, and nothing will be handed over.
flash-order-changed = Your order is changed: { $amount } held in your wallet until the close.

## A seller
market-vat-number = VAT number { $number }
market-vat-franchise = VAT not applicable, art. 293 B of the CGI
market-product-new = Add a product
market-profile-edit = Edit the seller profile
market-catalogue-empty = No product in the catalogue yet.
market-variants = Variants
market-vat = VAT
market-edit = Edit
market-stock-count = in stock
market-stock-unlimited = no limit
market-stock-to_order = made to order
market-profile-title = Seller profile
market-profile-lead = What buyers and invoices show of { $name }.
market-field-legal-name = Legal name
market-field-vat-number = VAT number
market-vat-hint = Leave it empty under the VAT franchise (art. 293 B of the CGI): your products then sell without VAT.
market-claims-legend = The charter's criteria you meet
market-claims-hint = Members see what you claim; the charter says what each criterion means.
market-claim-pay_equity = Working conditions and pay equity
market-claim-durability = Durability and repairability
market-claim-environment = Environmental impact
market-claim-usefulness = Usefulness of what is sold

## The product form
market-product-new-title = New product
market-product-edit-title = Edit a product
market-field-product-name = Name
market-field-category = Category
market-field-vat-rate = VAT rate
market-charter-attributes = What the charter asks to show
market-charter-attributes-hint = Buyers filter and choose with them; say only what is true.
market-field-organic-label = Organic label
market-label-none = None
market-label-ab = AB organic
market-label-eu = EU organic
market-label-nature_progres = Nature & Progrès
market-label-demeter = Demeter
market-field-origin = Origin (place of production)
market-field-carbon = Carbon estimate (g CO₂e per unit)
market-field-repairability = Repairability index (0 to 10, for goods)
market-field-essential = An essential product
market-allergens-legend = Allergens it contains
market-variants-hint = One row per size sold: 500 g, 1 kg, a box of 6… The price includes VAT.
market-field-unit = Sold by
market-unit-piece = the piece
market-unit-g = weight (g)
market-unit-ml = volume (ml)
market-field-size = Size (g, ml or pieces)
market-field-price = Price incl. VAT (€)
market-field-stock-mode = Stock
market-field-stock = Units in stock
market-field-weight = Weight of one (g)
market-field-sku = Reference
market-add-variant = Add a variant
market-product-add = Add the product
market-category-vegetables = Vegetables
market-category-fruit = Fruit
market-category-dairy = Dairy
market-category-eggs = Eggs
market-category-meat = Meat
market-category-fish = Fish
market-category-bread = Bread and bakery
market-category-grocery = Grocery
market-category-drinks = Drinks
market-category-plants = Plants and seeds
market-category-household = Household
market-category-clothing = Clothing
market-category-goods = Other goods
market-allergen-gluten = Gluten
market-allergen-crustaceans = Crustaceans
market-allergen-eggs = Eggs
market-allergen-fish = Fish
market-allergen-peanuts = Peanuts
market-allergen-soybeans = Soybeans
market-allergen-milk = Milk
market-allergen-nuts = Nuts
market-allergen-celery = Celery
market-allergen-mustard = Mustard
market-allergen-sesame = Sesame
market-allergen-sulphites = Sulphites
market-allergen-lupin = Lupin
market-allergen-molluscs = Molluscs

## Shops
market-shop-new-title = Open a shop
market-shop-new-lead = A shop sells in order cycles: a hub (a collective you coordinate) for several producers, or a seller alone.
market-shop-no-owner = Coordinate a collective, or administer an organisation with a seller profile, to open a shop.
market-field-shop-owner = Run by
market-field-shop-name = Name of the shop
market-field-address = Address
market-shop-create = Open the shop
market-cycles = Order cycles
market-cycle-new = New order cycle
market-field-cycle-name = Name of the cycle
market-field-opens = Orders open
market-field-closes = Orders close
market-field-capture = The money is taken
market-capture-close = at the close
market-capture-collection = at collection
market-cycle-create = Create the cycle

## Running a cycle
market-manage-title = Run “{ $name }”
market-shop-front = Shop front
market-orders-count = { $count ->
    [one] { $count } order
   *[other] { $count } orders
}
market-sales = sales { $amount }
market-producers = Producers and their products
market-no-producer = No producer takes part yet.
market-brings = What { $name } brings
market-offer-save = Save what it brings
market-add-producer = Add a producer
market-add = Add
market-pickups = Pickup points
market-no-pickup = No pickup point yet: buyers need one to order.
market-pickup-capacity = { $count ->
    [one] { $count } place
   *[other] { $count } places
}
market-field-place = Place
market-field-pickup-starts = From
market-field-pickup-ends = Until
market-field-capacity = Capacity (orders; empty for no limit)
market-pickup-add = Add the pickup point
market-fees = Fees
market-fees-hint = Each participant may add its fees: per order, per item, per kg or a percentage. The platform's technical fee and its solidarity share come on top.
market-fee-payee = Paid to
market-field-calculator = Worked out
market-calculator-per_order = per order
market-calculator-per_item = per item
market-calculator-per_kg = per kg
market-calculator-percent = percentage
market-field-fee-name = Name of the fee
market-field-fee-kind = For
market-fee-kind-packing = packing
market-fee-kind-transport = transport
market-fee-kind-admin = admin
market-fee-kind-sales = sales
market-fee-kind-fundraising = fundraising
market-field-fee-amount = Amount
market-fee-amount-hint = In euros (0.20), or in percent (5) for a percentage.
market-vat-of-goods = The goods' VAT
market-fee-add = Add the fee
market-close-title = Close the cycle now
market-close-hint = Orders stop and, where the money is taken at the close, it is paid to the producers and the shop.
market-close-text = Close “{ $name }” now? No one can order any more, and the orders' money is paid out. This cannot be undone.
market-close-confirm = Close now

## What the forms did
flash-order-placed = Your order is placed: { $amount } held in your wallet until the close.
flash-order-cancelled = Your order is cancelled: its money is back in your wallet.
flash-seller-saved = The seller profile is saved.
flash-product-saved = The product is saved.
flash-shop-created = The shop is open.
flash-cycle-created = The order cycle is created: add its producers, pickup points and fees.
flash-cycle-seller-added = The producer takes part in the cycle.
flash-cycle-offer-saved = What the producer brings is saved.
flash-cycle-pickup-added = The pickup point is added.
flash-cycle-fee-added = The fee is added.
flash-cycle-closed = The cycle is closed.

## Field names, in error summaries
field-file = File
field-product = Product
field-category = Category
field-vat_rate = VAT rate
field-organic_label = Organic label
field-origin = Origin
field-carbon_g = Carbon estimate
field-repairability = Repairability index
field-essential = Essential product
field-allergens = Allergens
field-unit = Unit
field-size = Size
field-weight_g = Weight
field-price = Price
field-stock_mode = Stock
field-stock = Units in stock
field-sku = Reference
field-variants = Variants
field-lines = Products
field-pickup_id = Pickup point
field-legal_name = Legal name
field-vat_number = VAT number
field-claims = Charter criteria
field-seller_id = Producer
field-variant_ids = Products
field-capacity = Capacity
field-calculator = Worked out
field-capture = The money is taken
field-owner = Run by
field-organisation_id = Seller

## The catalogue as a CSV file
content-type-csv = Send the catalogue as CSV (Content-Type: text/csv).
error-csv-encoding = This file is not in UTF-8 (a spreadsheet often saves in Windows-1252): save it as “CSV UTF-8”.
error-csv-empty = This file holds no product.
error-csv-semicolons = This file's columns are separated by semicolons: save it with commas as separators.
error-csv-tabs = This file's columns are separated by tabs: save it with commas as separators.
error-csv-unreadable = This file cannot be read as CSV.
error-csv-unknown-column = A column's name is not one of: product, description, category, vat_rate, organic_label, origin, carbon_g, repairability, essential, allergens, unit, size, weight_g, price, stock_mode, stock, sku.
error-csv-missing-column = This column is missing from the file's first line.
error-csv-columns-count = This line does not have as many columns as the first line.
error-csv-yes-no = Write yes or no.
market-csv-title = Import or export the catalogue
market-csv-hint = A CSV file in UTF-8 with commas, one line per variant: product, category, vat_rate, unit (piece, g, kg, ml, cl, l), size and price are required; description, organic_label, origin, carbon_g, repairability, essential, allergens (separated by |), weight_g, stock_mode, stock and sku may follow. A product already in the catalogue is updated.
market-csv-file = CSV file
market-csv-import = Import
market-csv-export = Download the catalogue (CSV)
flash-catalogue-imported = Catalogue imported: { $created ->
    [one] { $created } product added
   *[other] { $created } products added
}, { $updated ->
    [one] { $updated } updated
   *[other] { $updated } updated
}.

## The catalogue in the Data Food Consortium's format (DFC, JSON-LD)
content-type-dfc = Send the catalogue as JSON-LD (Content-Type: application/ld+json).
error-dfc-json = This file is not JSON: a DFC catalogue is a JSON-LD document.
error-dfc-shape = This document is not JSON-LD as the DFC writes it (an object, or a @graph of objects).
error-dfc-context = This document's @context is not the DFC ontology's 1.16 context (https://w3id.org/dfc/ontology/context/context_1.16.0.json).
error-dfc-empty = This document holds no dfc-b:SuppliedProduct.
error-dfc-offer = This product has no dfc-b:Offer with a dfc-b:Price.
error-dfc-currency = The price must be in euros (dfc-m:Euro).
error-dfc-quantity = This product has no dfc-b:hasQuantity (its size and unit).
error-dfc-unit = Give the quantity in dfc-m:Gram, Kilogram, Millilitre, Centilitre, Litre or Piece.
error-dfc-vat-differs = The variants of one product must have the same VAT rate.
market-dfc-file = DFC file (JSON-LD)
market-dfc-hint = A catalogue in the Data Food Consortium's format (ontology 1.16), as Open Food Network and the DFC's tools write it: each supplied product with its quantity and an offer priced in euros, VAT included. A product already in the catalogue is updated.
market-dfc-import = Import a DFC file
market-dfc-export = Download the catalogue (DFC)
market-dfc-refused = This DFC file was not imported. Each “Line” below is a supplied product of the file, counted in its order from 1.

## A seller's account
market-account = Sales account
market-account-title = Sales account of { $name }
market-account-hint = What the market's orders paid to this producer, after each cycle's close; it leaves for the bank account with the next SEPA batch.
market-payout = Send to the bank account
market-payout-submit = Send
market-movements = Movements
market-movement = Movement
market-no-movement = No movement yet.
market-pending = held for a payout
transfer-code-market-order = Market order
transfer-code-market-order-fee = Technical fee
transfer-code-market-order-solidarity = Solidarity fund
market-volunteer-removed = Those who run the shop took you off this distribution's volunteers: ask them to sign you up again.
transfer-code-market-missing = Refund: missing at the distribution
transfer-code-market-missing-fee = Refund: technical fee
transfer-code-market-missing-solidarity = Refund: solidarity fund
transfer-code-market-replaced = Refund: replaced at the distribution
transfer-code-market-replaced-fee = Refund: technical fee
transfer-code-market-replaced-solidarity = Refund: solidarity fund
transfer-code-market-contract = AMAP basket
transfer-code-market-contract-fee = Technical fee
transfer-code-market-contract-solidarity = Solidarity fund

## Where the market's money went
market-transparency-link = Where the market's money went
market-transparency-title = Where the market's money went
market-transparency-lead = An intermediary keeps about a quarter of what you pay. Here is what the market's buyers paid, and who got it.
market-transparency-none = No order cycle has closed with 5 paid orders or more yet.
market-transparency-producers = { $amount } went to the producers
market-transparency-paid = out of { $amount } paid by the buyers.
market-transparency-cycle = Order cycle
market-transparency-orders = Orders
market-transparency-paid-col = Paid
market-transparency-producers-col = Producers
market-transparency-shops-col = Shops
market-transparency-all = All these cycles
market-transparency-hint = Shops' shares are their fees (transport, packing, running costs). A cycle counts once all its orders are paid or cancelled, and only with 5 paid orders or more, so that no one's basket can be read from it. Every movement is in the transparency log.

## Finding what to buy
market-search = Search a product
market-any = Any
market-field-claim = The producer claims
market-field-near = Near
market-anywhere = Anywhere
market-field-km = Within (km)
market-organic-only = Organic only
market-essential-only = Essential products only
market-search-submit = Search
market-found = Products in the open cycles
market-found-none = No product of an open cycle matches.
market-from-price = from { $amount }
market-producer-distance = produced { $distance } away
error-position = Give both a latitude and a longitude.
error-distance = A distance is from 0 to 20,000 km.

## What to prepare
market-preparation = What to prepare
market-preparation-title = What to prepare for “{ $name }”
market-preparation-csv = Download as CSV
market-preparation-open = The cycle is still open: these quantities may still change until it closes.
market-preparation-total = In all
market-preparation-none = Nothing ordered.
market-producer = Producer
market-labels = Orders, one label each

## Producers invited to a cycle
market-invitations = Cycles inviting your producers
market-invited = { $name } is invited to take part
market-invitation-waiting = invited, waiting for the producer to accept
market-accept = Take part
market-fee-remove = Remove
error-seller-not-accepted = This producer has not accepted to take part yet.
flash-cycle-accepted = You take part in the cycle: choose what you bring.
flash-cycle-fee-removed = The fee is removed; orders already placed keep theirs.
market-invoice-title = Invoice no. { $number }
market-invoice-credit-title = Credit note no. { $number }
market-invoice-corrects = Corrects invoice no. { $number }.
market-invoice-date = Date: { $date }
market-invoice-seller = Seller
market-invoice-buyer = Buyer
market-invoice-siret = SIRET: { $siret }
market-invoice-vat-number = VAT no.: { $vat }
market-invoice-description = Description
market-invoice-quantity = Qty
market-invoice-unit-price = Unit excl. VAT
market-invoice-vat-rate = VAT
market-invoice-net = Total excl. VAT
market-invoice-vat-line = VAT { $rate } on { $taxable }
market-invoice-without-vat = Total excl. VAT
market-invoice-vat = VAT
market-invoice-with-vat = Total incl. VAT
market-invoice-rounding = Rounding
market-invoice-paid = Paid
market-invoice-refunded = Refunded
market-invoice-due = Amount due
market-invoice-terms = Paid on { $date } from the buyer's Freeco wallet. No discount for early payment. Late payment penalties: three times the legal interest rate; for a business buyer, a fixed indemnity of €40 for recovery costs (art. L441-10 and D441-5 of the French Commercial Code).
market-invoice-on-behalf = Invoice issued by Freeco in the name and on behalf of { $seller }.
market-invoices = Invoices
market-invoices-title = Invoices of { $name }
market-invoices-hint = Each invoice is issued when the order's money is taken, numbered without gaps in your series; it is never changed nor deleted, a credit note corrects it. The PDF is a Factur-X (PDF/A-3 with its EN 16931 data).
market-invoices-none = No invoices yet.
market-invoice-number = Number
market-invoice-issued = Date
market-invoice-number-out-of-series = This invoice number would skip or repeat a number of the series: nothing is issued.
error-bill-to = You can only have an organisation you belong to invoiced.
market-bill-to = Invoice to
market-bill-to-me = Myself
error-missing-none = Say how many were missing.
error-missing-quantity = No more can be missing than was ordered (and not yet counted missing).
error-variant-not-in-order = This product is not in the order.

## Sales reports
market-report = Sales reports
market-report-title = Sales of { $name }
field-cycle = Order cycle
market-report-all-cycles = All closed cycles
market-report-show = Show
market-report-hint-shop = Paid orders only (cancelled ones and those not paid yet are left out), each cycle in the period of its close. Amounts include VAT; the platform's fee comes on top of sales.
market-report-hint-seller = Your products' paid lines and your own fees, in every shop you sold through, each cycle in the period of its close. Amounts include VAT. Buyers are not named: the shops hand the orders over.
market-report-none = No paid order in this period.
market-report-orders = { $count ->
    [one] { $count } paid order.
   *[other] { $count } paid orders.
}
market-report-paid = Members paid { $amount }, the platform's fee included.
market-report-cycles = Sales per cycle
market-report-chart = Sales per cycle, by closing date
market-report-chart-caption = Goods and fees of each cycle, the oldest on the left; the table gives the same figures.
market-report-chart-cut = { $count ->
    [one] The chart shows the last cycle.
   *[other] The chart shows the last { $count } cycles.
}
market-report-goods = Goods
market-report-fees = Fees
market-report-amount = Sales
market-report-paid-col = Paid
market-report-csv = Download “{ $name }” (CSV)
market-report-producers = Sales per producer
market-report-products = Sales per product
market-report-pickups = Sales per pickup point
market-report-pickup = Pickup point
market-report-cycles-col = Cycles
market-report-fees-title = Fees collected
market-report-no-fee = No fee was charged.
market-report-fee = Fee
market-report-fee-amount = Amount
market-report-fee-to = Goes to
market-report-platform = Platform's technical fee, less its solidarity share
market-report-to-platform = The platform
market-report-members = What each member paid
market-report-member = Member
error-report-period = The end date comes before the start date.
error-report-cycle = Choose one of the closed cycles listed.
market-preparation-pdf = Pick list and labels (PDF)
market-distribution = Distribution
market-distribution-title = Distribution of “{ $name }”
market-distribution-hint = Check off each order handed over. What was missing is refunded to the buyer at once, with the fees on it, and the producer issues a credit note.
market-distribution-open = The cycle is still open: the distribution starts at its close.
market-distribution-progress = Handed over: { $done } of { $count ->
    [one] { $count } order
   *[other] { $count } orders
}
market-collected = Handed over
market-missing = Something missing?
market-missing-submit = Refund what was missing
market-missing-count = { $count } missing
market-leftovers = Leftovers given to solidarity
market-leftovers-hint = What is left after the distribution goes to the solidarity stock; the donation is recorded and counted on the transparency page.
market-donate = Give
flash-order-collected = Order handed over.
flash-order-missing = What was missing is refunded; the producer's credit note is issued.
flash-donated = The donation to the solidarity stock is recorded.
market-transparency-donated = Unsold goods given to the solidarity stock at distributions: { $count ->
    [one] { $count } item
   *[other] { $count } items
}, worth { $amount }.
# AMAP contracts: errors
error-contract-kind = Choose a fixed or a variable contract.
error-contract-every = Choose how often the distributions come.
error-contract-season = The season ends on or after its first day, at most 400 days later.
error-contract-time = Write a time as 18:00.
error-contract-hours = The distribution ends after it starts.
error-contract-capacity = Between 1 and 10,000 subscribers, or leave it empty for no limit.
error-contract-absences = Between 0 and 60 absences.
error-contract-deadline = Between 0 and 30 days before the distribution.
error-contract-plans = Offer at least one of the plans: 1, 3 or 12 instalments.
error-contract-plans-variable = A variable contract is paid distribution by distribution: offer the single plan.
error-contract-variants = Choose at least one product, each once, and how many of it a basket takes (1 to 100).
error-contract-variant-other-seller = This product is not one of the producer's, or is archived.
error-contract-too-many = At most 60 distributions in a season: shorten it or space them out.
error-contract-own-seller = A seller's shop offers contracts for its own products only.
error-contract-past = Every distribution of this season is past its deadline.
error-contract-variant-unknown = This product is not part of the contract.
error-contract-plan = Choose one of the instalment plans the contract offers.
error-contract-variable-lines = In a variable contract, you order for each distribution, from its line in your schedule.
error-contract-fixed-order = A fixed contract's basket is changed for all coming distributions at once.
error-contract-co-self = You already hold this basket: name someone else.
error-contract-member-unknown = Choose a member from the list.
error-contract-quantity = From 0 to { $max } of this product per basket.
error-contract-hand-self = The basket is already yours: name someone else.
error-contract-wallet-short = Your wallet does not hold enough for this: top it up first.
error-roster-needed = Between 1 and 20 volunteers.
error-roster-role-exists = This distribution already has this role.
market-contract-over = This contract's season is over.
market-contract-subscribed = You already subscribed to this contract.
market-instalment-not-due = This instalment is already held or cancelled.
market-subscription-not-active = This subscription is not running.
market-subscription-not-paused = This subscription is not paused.
market-absences-max = You have used all the absences this contract allows.
market-basket-deadline = The deadline for this distribution has passed.
market-basket-not-due = This basket is not due (absent, paused or cancelled).
market-distribution-over = This distribution is over.
market-roster-not-subscriber = Only the contract's subscribers and those who run the shop sign up for its distributions.
market-roster-full = This role has all the volunteers it needs.
# AMAP contracts: pages
market-contracts-link = AMAP contracts
market-subscriptions-link = My AMAP subscriptions
market-contracts-title = Contracts of { $name }
market-contracts-lead = A season contract commits a producer and members: the same basket at every distribution (fixed), or ordered for each one (variable). Each basket's money is held in your wallet and paid to the producer after its distribution.
market-contracts-none = No contract yet.
market-contract-kind-fixed = Fixed basket
market-contract-kind-variable = Variable orders
market-contract-every-week = Every week
market-contract-every-two_weeks = Every two weeks
market-contract-every-four_weeks = Every four weeks
market-contract-every-month = Every month
market-contract-full = Full (waiting list)
market-contract-new = Offer a season contract
market-contract-no-producer = No producer has products yet: a producer first adds its products.
market-field-contract-name = Contract name
market-field-producer = Producer
market-contract-products = Products and season prices
market-contract-products-hint = Tick the products of the producer chosen above; beside each, the most of it one basket may take. Their current prices are frozen for the season.
market-field-max-quantity = Most per basket
market-field-contract-kind = Kind of contract
market-contract-kind-hint = Fixed: each member chooses a basket that comes at every distribution. Variable: members order for each distribution before its deadline.
market-field-season-starts = First distribution day
market-field-season-ends = Season ends on
market-field-every = Distributions
market-field-contract-place = Distribution place
market-field-from-time = From
market-field-to-time = Until
market-field-contract-capacity = Most subscribers
market-capacity-hint = Empty: no limit. When full, new members join a waiting list.
market-field-absences = Absences allowed per season
market-field-deadline-days = Deadline, in days before each distribution
market-field-plans = Payment plans offered
market-plan-1 = In one instalment
market-plan-3 = In 3 instalments
market-plan-12 = In 12 instalments
market-contract-create = Create the contract
market-contract-season = From { $from }
market-contract-season-to = to { $until }
market-contract-rules = Absences allowed this season: { $max } (not billed).
market-contract-deadline = { $count ->
    [one] Absences, orders and changes close 1 day before each distribution.
   *[other] Absences, orders and changes close { $count } days before each distribution.
}
market-season-price = Season price
market-season-price-hint = Prices include VAT and stay the same all season; the platform's technical fee comes on top of each basket.
market-subscription-state-waiting = On the waiting list
market-subscription-state-active = Subscribed
market-subscription-state-paused = Paused
market-subscription-state-ended = Ended
market-waiting-position = place { $number } in line
market-subscription-see = See your subscription
market-subscribe = Subscribe
market-contract-full-hint = This contract is full: you will join the waiting list, and get the first place that frees up. Nothing is held from your wallet until then.
market-your-basket = Your basket
market-basket-season-hint = { $count ->
    [one] This basket comes at the 1 distribution still open.
   *[other] This basket comes at each of the { $count } distributions still open.
}
market-variable-hint = You will order for each distribution from your subscription's page, before its deadline; each order's money is held when you place it.
market-field-plan = Payment plan
market-plan-hint = Your baskets' money is held from your wallet: the first instalment now, the others shortly before their distributions. It goes to the producer after each distribution.
market-field-co-member = Co-holder
market-nobody = Nobody
market-co-member-hint = A member who shares the basket and sees the subscription.
market-join-waiting-list = Join the waiting list
market-subscribe-submit = Subscribe and hold the first instalment
market-distributions = Distributions
market-deadline = Deadline
market-volunteers = Volunteers
market-distribution-done = done
market-roster-withdraw = Withdraw
market-roster-sign-up = Sign up
market-roster-add = Ask for volunteers
market-field-role = Role
market-field-needed = Volunteers needed
market-roster-every = At every distribution from this one on
market-roster-add-submit = Add the role
market-subscribers = Subscribers and waiting list
market-subscribers-none = Nobody has subscribed yet.
market-state = State
market-instalment-short = wallet short
market-subscriptions-title = My AMAP subscriptions
market-subscriptions-none = You have no subscription yet: the shops' contracts are on their pages.
market-shared-by = shared by { $name }
market-handed-to-me = Baskets handed to you
market-handed-by = from { $name }
market-subscription-title = Subscription: { $name }
market-subscriber = Subscriber: { $name }
market-co-member = co-holder: { $name }
market-absences-used = { $count ->
    [one] 1 absence declared.
   *[other] { $count } absences declared.
}
market-absences-allowed = Allowed: { $max }.
market-payments = Payments
market-paid-so-far = Paid to the producer: { $amount }
market-held-now = held in your wallet: { $amount }
market-instalment = Instalment
market-due = Due
market-instalment-state-scheduled = To come
market-instalment-state-held = Held
market-instalment-state-short = Wallet short: top it up, then pay
market-instalment-state-cancelled = Cancelled
market-instalment-pay = Pay now
market-payments-hint = An instalment holds its baskets' money; each basket is paid to the producer after its distribution. Absences, pauses and the end give back what was held for the baskets not delivered.
market-actions = Actions
market-handed-to = collected by { $name }
market-basket-state-due = Due
market-basket-state-absent = Absent (not billed)
market-basket-state-paused = Paused (not billed)
market-basket-state-cancelled = Cancelled (not billed)
market-basket-paid = paid
market-basket-held = held
market-basket-invoice = invoice (PDF)
market-absence-declare = I will be absent
market-absence-withdraw = I will be there
market-basket-more = Order or hand over
market-order-basket = Order for this distribution
market-field-hand-to = Handed to
market-hand-over = Hand over
market-basket-change = Change your basket
market-basket-change-hint = The new basket applies to every distribution whose deadline has not passed; its money is held anew.
market-basket-change-submit = Change the basket
market-co-member-save = Save the co-holder
market-subscription-pause = Pause
market-subscription-resume = Resume
market-waiting-leave = Leave the waiting list
market-subscription-end = End the subscription
market-subscription-end-hint = Ending gives back what is held for the distributions whose deadline has not passed, and frees your place for the first member waiting.
market-subscription-end-title = End this subscription?
market-subscription-end-text = Your subscription to “{ $name }” ends: no more baskets after the distributions already closed, and your place goes to the first member waiting.
flash-contract-created = The contract is created, with its distributions.
flash-contract-waiting = The contract is full: you are on its waiting list.
flash-contract-subscribed = You are subscribed; the first instalment is held from your wallet.
flash-roster-role-added = The role is added.
flash-roster-signed = You signed up. Thank you!
flash-roster-withdrawn = You withdrew.
flash-subscription-basket = Your basket is changed for the coming distributions.
flash-subscription-ordered = Your order for this distribution is saved and held.
flash-subscription-co-member = The co-holder is saved.
flash-subscription-paused = Your subscription is paused.
flash-subscription-resumed = Your subscription is running again.
flash-subscription-ended = Your subscription has ended.
flash-instalment-paid = The instalment is held from your wallet.
flash-absence-declared = Your absence is noted: this basket is not billed.
flash-absence-withdrawn = You will be there after all: the basket is held again.
flash-basket-handed = The basket's collector is saved.
market-contracts-open = Contracts open to subscribers
notification-instalment_short = Your wallet could not hold the instalment of "{ $name }": top it up, then pay it from your subscription.
notification-contract_place = A place freed up in "{ $name }": you are subscribed now.
notification-kind-instalment_short = My wallet is short for an AMAP contract's instalment
notification-kind-contract_place = A place frees up in an AMAP contract I wait for
market-missing-hint = How many were missing in all, per product (sending it again refunds nothing more).

# Time slots and home delivery
error-slot-minutes = A slot lasts from 5 minutes to 24 hours, at most 96 slots per pickup point (0: no slots).
error-slots-taken = Orders are already booked in these slots: they stay as they are.
error-slot-required = Choose a time slot.
error-slot-other-pickup = Choose one of this pickup point's time slots.
error-slot-full = This time slot is full: choose another one.
error-delivery-fee = A delivery fee is from 0 to 1,000 €.
error-delivery-km = A delivery zone is from 1 to 1,000 km.
error-delivery-minimum = A minimum order is from 0 to 100,000 €.
error-delivery-no-position = The delivery zone is counted from the shop: give the shop a position first.
error-delivery-not-offered = This cycle does not deliver: choose a pickup point.
error-delivery-address = Give the delivery address.
error-delivery-position = Say where the address is: choose its commune.
error-delivery-too-far = This address is { $distance } km from the shop; it delivers up to { $max } km.
error-delivery-minimum-not-met = This order is below the minimum for delivery.
field-slot_id = Time slot
field-delivery = Home delivery
field-delivery_address = Delivery address
field-delivery_position = Commune
field-minutes = Slot length (minutes)
field-fee = Delivery fee
field-max_km = Delivery zone (km)
field-minimum = Minimum order
market-slot = Time slot
market-slot-left = { $count ->
    [one] { $count } place left
   *[other] { $count } places left
}
market-slot-full = full
market-slot-at = Slot { $from } – { $to }
market-slots = Time slots
market-slots-none = No time slots: buyers come at any time of the window.
market-slots-none-delivery = No time slots: delivered at any time of the window.
market-field-slot-minutes = Split into slots of (minutes; 0 for none)
market-field-slot-capacity = Orders per slot (empty for no limit)
market-slots-save = Set the time slots
flash-cycle-slots-set = The time slots are set.
market-delivery = Home delivery
market-delivery-default-name = Home delivery
market-delivery-terms = { $amount } per order, up to { $max } km from the shop
market-delivery-minimum = minimum order { $amount }
market-delivery-none = No home delivery in this cycle.
market-delivery-save = Save the delivery terms
market-field-delivery-name = Name buyers read
market-field-delivery-fee = Fee per order (€)
market-field-delivery-km = Up to (km from the shop)
market-field-delivery-minimum = Minimum order (€; empty for none)
market-delivery-address = Delivery address
market-delivery-commune = Commune
market-delivery-to = Delivered to { $place }
market-delivery-distance = { $distance } km from the shop
market-deliveries = Deliveries
flash-cycle-delivery-set = The delivery terms are saved.
## A cycle's caps and its reminder before the close
error-cap-orders = This cycle has reached its maximum number of orders.
error-cap-turnover = This order would take the cycle beyond its maximum turnover: order less.
error-cap-product = Not that many are left of a product in this cycle: what is left is shown next to it.
error-cap-max-orders = A maximum number of orders is a whole number from 1 to 100,000, or empty for no cap.
error-cap-max-turnover = A maximum turnover is an amount from €0.01 to €10,000,000, or empty for no cap.
error-cap-max-quantity = A product's maximum is a whole number from 1 to 1,000,000, or empty for no cap.
error-cycle-remind-hours = The reminder is sent from 0 (never) to 720 hours before the close.
market-caps = Caps (optional)
market-caps-hint = The cycle closes early when one is reached; leave empty for no cap.
market-caps-products = Most of each product in this cycle
market-field-max-orders = Maximum number of orders
market-field-max-turnover = Maximum turnover (€)
market-field-remind-hours = Reminder by mail, hours before the close (0: none)
market-cycle-settings = The cycle
market-cycle-save = Save the cycle
flash-cycle-saved = The cycle is saved.
market-closed-early = Closed early: cap reached.
market-cap-orders = { $count ->
    [one] At most { $count } order in this cycle.
   *[other] At most { $count } orders in this cycle.
}
market-cap-left = { $count ->
    [one] Only { $count } left in this cycle
   *[other] Only { $count } left in this cycle
}
market-cap-none-left = None left in this cycle
field-max_orders = Maximum number of orders
field-max_turnover = Maximum turnover
field-variant_caps = Most of each product
field-remind_hours = Reminder
notification-order_reminder = Your order at { $name }: { $amount }, to collect at { $place } on { $at }. You can change it until { $until }.
notification-cycle_closing = { $name } takes orders until { $until }.
notification-kind-order_reminder = A cycle I ordered in closes soon
notification-kind-cycle_closing = A cycle of a shop I ordered from closes soon
notification-contract_distribution_moved = The distribution of "{ $name }" of { $when } moves to { $new_when }.
notification-contract_distribution_cancelled = The distribution of "{ $name }" of { $when } is cancelled: its basket is not billed, the money held for it is back in your wallet.
notification-kind-contract_distribution_moved = An AMAP distribution I have a basket at moves
notification-kind-contract_distribution_cancelled = An AMAP distribution I have a basket at is cancelled
error-distribution-past = The new date is already past.
error-distribution-after-season = The new date is after the end of the season.
error-distribution-before-season = The new date is before the start of the season.
error-distribution-day-taken = Another distribution of this contract is on that day.
market-distribution-cancelled = This distribution is cancelled.
market-distribution-cancelled-mark = cancelled
market-distribution-change = Move or cancel a distribution
market-distribution-change-hint = Members with a basket there are told. A moved distribution keeps its baskets (paid once, after it); a cancelled one releases what was held for it and bills nothing.
market-field-new-day = New day
market-distribution-move = Move
market-distribution-cancel = Cancel this distribution
market-distribution-cancel-title = Cancel this distribution?
market-distribution-cancel-text = The distribution of “{ $name }” of { $day } is cancelled for everyone: its baskets are not billed and what was held for them goes back to the wallets.
flash-distribution-moved = The distribution is moved; its members are told.
flash-distribution-cancelled = The distribution is cancelled; its members are told and nothing is billed for it.
## Photos of a seller and of its products
market-photos = Photos
market-photo-file = Photo (JPEG, PNG or WebP)
market-photo-hint = Up to 10 MB and 8 photos. It is turned upright and resized; nothing but its pixels is kept (no camera data, no GPS position).
market-photo-add = Add the photo
market-photo-delete = Delete
market-photo-main = Main photo
market-photo-make-main = Make it the main photo
market-photo-after-save = Save the product first, then add its photos here.
error-photo-type = This file is not a JPEG, PNG or WebP image.
error-photo-too-large = This file is over 10 MB: send a smaller photo.
error-photo-dimensions = This image is too large (over 50 million pixels, or 12,000 pixels on a side): send a smaller photo.
error-photo-unreadable = This image is damaged and cannot be read.
error-photo-limit = There are already 8 photos: delete one first.
flash-photo-added = The photo is added.
flash-photo-deleted = The photo is deleted.
flash-photo-main = It is the main photo now.
market-regular-link = My regular orders
market-regular-order-here = Order this every cycle
market-regular-title = My regular orders
market-regular-new-title = A regular order at { $name }
market-regular-one-title = My regular order at { $name }
market-regular-hint = A regular order puts the same products in your basket in every cycle of a shop, when the cycle opens, at the pickup point you prefer. You can still change or cancel that order while the cycle is open, as any order.
market-regular-none = You have no regular order yet.
market-regular-new = Order regularly from a shop
market-regular-state-active = Active
market-regular-state-paused = Paused
market-regular-state-ended = Ended
market-regular-skipping = the next cycle is skipped
market-regular-pause = Pause
market-regular-resume = Resume
market-regular-skip = Skip the next cycle
market-regular-end = End the regular order
market-regular-actions-hint = Pausing stops it until you resume; skipping leaves out only the next cycle it would be placed in; ending stops it for good. An order already placed stays: change or cancel it from the order's page.
market-regular-end-title = End this regular order?
market-regular-end-text = Your regular order at “{ $name }” ends: no cycle will place it any more. An order already placed stays.
market-regular-what = What to order every cycle
market-regular-change = Change the regular order
market-regular-no-product = This shop sells no product yet.
market-regular-field-place = Preferred pickup point
market-regular-place-hint = In each cycle, the pickup point of this place (or address) is chosen; when there is none, the first one, and you are told.
market-regular-field-starts = From
market-regular-field-ends = Until
market-regular-form-hint = Leave a product empty to leave it out. A cycle that does not offer a product, or has no more of it, is ordered without it. The money is held from your wallet when the order is placed.
market-regular-create = Order this every cycle
market-regular-save = Save the changes
market-regular-history = In each cycle
market-regular-history-none = No cycle has opened since.
market-regular-outcome-placed = Placed
market-regular-outcome-skipped = Skipped
market-regular-outcome-short = Not placed: wallet short
market-regular-outcome-nothing = Not placed: nothing available
market-regular-outcome-refused = Not placed
market-regular-pickup = Pickup: { $place }
market-regular-pickup-unmatched = No pickup point of this cycle matched “{ $place }”: the first one was chosen. Change it from the order if you wish.
market-regular-left-out = Left out (not offered or sold out): { $value }.
market-regular-why-short = your wallet did not hold enough. Top it up and order from the shop.
market-regular-why-nothing = none of its products was offered or in stock.
error-regular-quantity = A quantity is a whole number from 1 to 1,000 (leave the product empty to leave it out).
error-regular-variant = This product is not sold by this shop.
error-regular-ends = The last day comes on or after the first, and is not past.
market-regular-ended = This regular order has ended.
market-regular-not-active = This regular order is not active.
market-regular-not-paused = This regular order is not paused.
flash-regular-created = Your regular order is saved: it will be placed in each cycle that opens.
flash-regular-updated = Your regular order is changed for the cycles to come.
flash-regular-paused = Your regular order is paused.
flash-regular-resumed = Your regular order resumes.
flash-regular-skipped = The next cycle will be skipped.
flash-regular-ended = Your regular order has ended.
notification-regular_placed = Your regular order at "{ $name }" is placed in "{ $label }", to collect at { $place }.
notification-regular_not_placed = Your regular order at "{ $name }" was not placed in "{ $label }": { $reason }
notification-kind-regular_placed = My regular order is placed in a cycle
notification-kind-regular_not_placed = My regular order could not be placed in a cycle
notification-order_uncollected = Your order in "{ $label }" at "{ $name }" was not collected by the end of its distribution: its money went to the producers, who had prepared it.
notification-kind-order_uncollected = My order was not collected
market-order-uncollected = Nobody collected this order by the end of its distribution: its money went to the producers on { $time }. A volunteer can still hand it over.
error-donation-beyond-stock = More than what is left in stock: { $count ->
    [one] { $count } unit
   *[other] { $count } units
}.
market-donation-key-reused = This donation's key was already used for another donation: reload the page.

## Replacements at the distribution
market-replace = Something replaced?
market-replace-hint = Say what was handed over instead of what was not there: a product of the same producer, at the same VAT rate, taken from its stock. If it is worth less, the difference is refunded to the buyer at once and the producer issues a credit note; if it is worth more, the buyer pays nothing more. A line is replaced once.
market-replace-what = Not there
market-replace-quantity = How many were not there
market-replace-by = Handed over instead
market-replace-by-quantity = How many handed over
market-replace-submit = Record the replacement
market-replaced-by = { $count ->
    [one] { $count } replaced by { $name }
   *[other] { $count } replaced by { $name }
}
flash-order-replaced = The replacement is recorded; what it is worth less is refunded.
error-replaced-quantity = No more can be replaced than is left of the line (ordered, less what was missing).
error-replacement-same = A product cannot replace itself.
error-replacement-other-seller = Only a product of the same producer can replace it: the producer who was paid for it.
error-replacement-vat = The replacement must have the same VAT rate as what it replaces.
error-replacement-beyond-stock = { $count ->
    [one] Only { $count } unit of it is left in stock.
   *[other] Only { $count } units of it are left in stock.
}
market-line-replaced = This line was already replaced by something else: a line is replaced once.

## The distribution's volunteers
market-cycle-volunteers = Volunteers at the distribution
market-cycle-volunteers-hint = Volunteers hand the orders over at the distribution: they see who collects what, check orders off, record what was missing or replaced and give what is left to solidarity.
market-cycle-volunteers-none = Nobody has volunteered yet.
market-volunteer = Volunteer at the distribution
market-volunteer-withdraw = Withdraw
market-volunteer-remove = Take { $name } off
flash-volunteered = Thank you: you are a volunteer at this distribution.
flash-volunteer-withdrawn = Taken off the distribution's volunteers.

## The transparency log's entries of direct sales
log-type-market-split = Direct sales: what an order paid to sellers, hubs, the platform and solidarity
log-type-market-refund = Direct sales: what a refund at the distribution took back from each

## A producer's deliveries across hubs
market-deliveries-link = What to bring
market-deliveries-title = What { $name } brings
market-deliveries-hint = Every pickup point of every hub's cycle you sell in, from today on: what to bring there, and everything together. An open cycle's quantities are its orders so far.
market-deliveries-none = Nothing to bring for now.
market-deliveries-final = final
market-deliveries-so-far = orders so far

## Several hubs distributing one cycle
market-hub-for = distributing for { $name }
market-hub-fronts = Also ordered at:
market-hubs = Distributing hubs
market-hubs-hint = Other hubs (collectives with a shop) may distribute this cycle: each chooses what it offers among the cycle's products and adds its own pickup points and fees, charged on its orders only.
market-hub-invite = Invite the hub
market-hub-waiting = invited, waiting for the hub to accept
market-hub-offers = { $count ->
    [one] offers { $count } product
   *[other] offers { $count } products
}
market-hub-invitations = Cycles inviting your hubs to distribute
market-hub-invited = { $name } is invited to distribute
market-hub-manage = Distribute
market-hub-title = { $collective }: distributing { $name }
market-hub-offer = What the hub offers
market-hub-offer-save = Save the offer
market-hub-pickup-hint = The hub's pickup points: its orders are collected there.
market-hub-fee-hint = The hub's fees, charged on its orders only, on top of the producers' and the coordinating shop's.
flash-hub-invited = The hub is invited to distribute the cycle.
flash-hub-offer-saved = The hub's offer is saved.
error-hub-unknown = There is no such shop.
error-hub-not-a-hub = Only another collective's shop can distribute this cycle.
error-hub-not-in-cycle = This hub does not distribute this cycle.
error-hub-not-accepted = This hub has not accepted to distribute the cycle yet.
error-hub-offer-too-large = At most 500 products in one offer.
error-variant-not-at-hub = A product of the order is not offered at this hub's pickup points.
error-fee-one-payee = A fee goes either to a producer or to a hub, not to both.
market-hub-distributes = Cycles it distributes
