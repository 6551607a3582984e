// The market journey, as two producers, an AMAP and two members would live it:
// Alice makes her farm a seller, adds tomatoes to its catalogue and
// imports more products from a CSV file; Bruno makes his apiary a seller
// under the VAT franchise, with its honey; Chloé
// opens her AMAP's shop, creates a cycle and invites both, who
// accept and bring their tomatoes and honey; Chloé adds
// a pickup point and an admin fee, and offers a season contract (AMAP)
// for the farm's eggs; Dmitri tops up his wallet, finds the
// organic tomatoes with the market's search, reads the
// price's breakdown, orders on his phone and sees where each euro goes,
// then subscribes to the eggs' basket and sees its schedule, the first
// instalment held from his wallet (the basket is paid to the farm, and
// invoiced, by the delivery job after the distribution, days later: the
// HTTP tests cover that part, the journey cannot move the server's clock);
// Émile, who joined the AMAP and whose wallet is empty, orders honey and
// tomatoes and pays by card at checkout, then volunteers for the
// distribution; Chloé closes
// the cycle and prints the pick list; at the distribution, on Émile's
// phone, a kilo is missing and refunded at once; Dmitri opens the
// farm's invoice and its credit note; the farm's sale is paid into its
// sales account, and Alice sends it to the farm's bank account: the
// administrator's SEPA batch pays it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PHONE, backends, journey, signUp, t } from '../support.mjs';

for (const backend of backends) {
  test(`a farm sells through an AMAP's order cycle, every euro's path shown (${backend})`, async () => {
    const j = await journey('market', backend);
    try {
      const alice = await signUp(j, 'fr-FR', 'Alice Martin', 'alice@example.org');
      const chloe = await signUp(j, 'en-GB', 'Chloé Durand', 'chloe@example.org');
      const dmitri = await signUp(j, 'fr-FR', 'Dmitri Leroy', 'dmitri@example.org');
      const bruno = await signUp(j, 'fr-FR', 'Bruno Petit', 'bruno@example.org');
      const emile = await signUp(j, 'en-GB', 'Émile Roux', 'emile@example.org');

      // Alice's farm becomes a seller, with a product in two sizes.
      await alice.goto('/organisations');
      await alice.fill('#org-name', 'Ferme des Lilas');
      await alice.selectOption('#org-kind', 'company');
      await alice.fill('#org-siret', '404 833 048 00022');
      await alice.getByRole('button', { name: t('fr', 'create') }).click();
      await alice.getByRole('heading', { name: 'Ferme des Lilas' }).waitFor();
      await alice.goto('/market');
      await alice.getByRole('link', { name: t('fr', 'market-become-seller') }).click();
      await alice.fill('#s-legal', 'EARL Ferme des Lilas');
      await alice.fill('#s-vat', 'FR 83 404 833 048');
      await alice.getByLabel(t('fr', 'market-claim-environment')).check();
      await alice.getByRole('button', { name: t('fr', 'save') }).click();
      await alice.getByRole('status').filter({ hasText: t('fr', 'flash-seller-saved') }).waitFor();
      await alice.getByRole('link', { name: t('fr', 'market-product-new') }).click();
      await alice.fill('#p-name', 'Tomates rondes');
      await alice.selectOption('#p-category', 'vegetables');
      await alice.selectOption('#p-label', 'ab');
      await alice.fill('#p-origin', 'Mornant');
      await alice.selectOption('#v-unit-0', 'g');
      await alice.fill('#v-size-0', '1000');
      await alice.fill('#v-price-0', '4,50');
      await alice.selectOption('#v-mode-0', 'count');
      await alice.fill('#v-stock-0', '20');
      await alice.getByRole('button', { name: t('fr', 'market-add-variant') }).click();
      await alice.selectOption('#v-unit-1', 'g');
      await alice.fill('#v-size-1', '500');
      await alice.fill('#v-price-1', '2,40');
      await alice.selectOption('#v-mode-1', 'unlimited');
      await j.screenshot(alice, 'product-form');
      await alice.getByRole('button', { name: t('fr', 'market-product-add') }).click();
      await alice.getByRole('status').filter({ hasText: t('fr', 'flash-product-saved') }).waitFor();
      await alice.getByRole('cell', { name: /Tomates rondes/ }).waitFor();
      // More products come from a spreadsheet, as a CSV file.
      await alice.locator('details.csv summary').click();
      await alice.setInputFiles('#csv-file', {
        name: 'catalogue.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('product,category,vat_rate,unit,size,price,stock,allergens\nŒufs frais,eggs,5.5,piece,6,3.90,30,eggs\nBrioche,bread,5.5,g,500,"7,50",12,gluten|eggs|milk\n'),
      });
      await alice.getByRole('button', { name: t('fr', 'market-csv-import'), exact: true }).click();
      await alice.getByRole('status').filter({ hasText: /Catalogue importé : 2 produits ajoutés/ }).waitFor();
      await alice.getByRole('cell', { name: /Œufs frais/ }).waitFor();
      await j.screenshot(alice, 'catalogue');

      // Bruno's apiary sells under the VAT franchise: no VAT number.
      await bruno.goto('/organisations');
      await bruno.fill('#org-name', 'Rucher de Bruno');
      await bruno.selectOption('#org-kind', 'company');
      await bruno.fill('#org-siret', '356 299 810 00016');
      await bruno.getByRole('button', { name: t('fr', 'create') }).click();
      await bruno.getByRole('heading', { name: 'Rucher de Bruno' }).waitFor();
      await bruno.goto('/market');
      await bruno.getByRole('link', { name: t('fr', 'market-become-seller') }).click();
      await bruno.fill('#s-legal', 'Bruno Petit EI');
      await bruno.getByRole('button', { name: t('fr', 'save') }).click();
      await bruno.getByRole('status').filter({ hasText: t('fr', 'flash-seller-saved') }).waitFor();
      await bruno.getByRole('link', { name: t('fr', 'market-product-new') }).click();
      await bruno.fill('#p-name', 'Miel de fleurs');
      await bruno.selectOption('#p-category', 'grocery');
      await bruno.selectOption('#v-unit-0', 'g');
      await bruno.fill('#v-size-0', '500');
      await bruno.fill('#v-price-0', '8');
      await bruno.selectOption('#v-mode-0', 'count');
      await bruno.fill('#v-stock-0', '10');
      await bruno.getByRole('button', { name: t('fr', 'market-product-add') }).click();
      await bruno.getByRole('status').filter({ hasText: t('fr', 'flash-product-saved') }).waitFor();

      // Chloé's AMAP opens its shop and a cycle with the farm's 1 kg tomatoes.
      await chloe.goto('/collectives');
      await chloe.fill('#c-name', 'AMAP des Lilas');
      await chloe.selectOption('#c-kind', 'amap');
      await chloe.getByRole('button', { name: t('en', 'create') }).click();
      await chloe.getByRole('heading', { name: 'AMAP des Lilas' }).waitFor();
      // Émile joins the AMAP through a shared link: he will volunteer at
      // its distribution.
      const collectiveUrl = chloe.url();
      await chloe.goto(`${collectiveUrl}/manage`);
      await chloe.getByRole('button', { name: t('en', 'manage-create-link') }).click();
      const invitation = await chloe.locator('#invitation-link').textContent();
      await emile.goto(invitation);
      await emile.getByRole('button', { name: t('en', 'invitation-accept') }).click();
      await emile.waitForURL(collectiveUrl);
      await chloe.goto('/market');
      await chloe.getByRole('link', { name: t('en', 'market-shop-new') }).click();
      await chloe.fill('#s-name', "AMAP des Lilas' shop");
      await chloe.getByRole('button', { name: t('en', 'market-shop-create') }).click();
      await chloe.getByRole('status').filter({ hasText: t('en', 'flash-shop-created') }).waitFor();
      const shopUrl = chloe.url();
      await chloe.fill('#c-name', 'Week 49');
      await chloe.getByRole('button', { name: t('en', 'market-cycle-create') }).click();
      await chloe.getByRole('status').filter({ hasText: /The order cycle is created/ }).waitFor();
      const manageUrl = chloe.url();
      await chloe.selectOption('#m-seller', { label: 'Ferme des Lilas' });
      await chloe.getByRole('button', { name: t('en', 'market-add'), exact: true }).click();
      await chloe.getByText(t('en', 'market-invitation-waiting')).waitFor();
      // The farm is invited: Alice accepts from the market and chooses what it brings.
      await alice.goto('/market');
      await alice.locator('a[href$="/manage"]', { hasText: 'Week 49' }).click();
      await alice.getByRole('button', { name: t('fr', 'market-accept') }).click();
      await alice.getByRole('status').filter({ hasText: t('fr', 'flash-cycle-accepted') }).waitFor();
      await alice.getByLabel(/Tomates rondes · 1 kg/).check();
      await alice.getByRole('button', { name: t('fr', 'market-offer-save') }).click();
      await alice.getByRole('status').filter({ hasText: t('fr', 'flash-cycle-offer-saved') }).waitFor();
      // And the apiary, with its honey.
      await chloe.goto(manageUrl);
      await chloe.selectOption('#m-seller', { label: 'Rucher de Bruno' });
      await chloe.getByRole('button', { name: t('en', 'market-add'), exact: true }).click();
      await chloe.getByText(t('en', 'market-invitation-waiting')).waitFor();
      await bruno.goto('/market');
      await bruno.locator('a[href$="/manage"]', { hasText: 'Week 49' }).click();
      await bruno.getByRole('button', { name: t('fr', 'market-accept') }).click();
      await bruno.getByRole('status').filter({ hasText: t('fr', 'flash-cycle-accepted') }).waitFor();
      await bruno.getByLabel(/Miel de fleurs · 500 g/).check();
      await bruno.getByRole('button', { name: t('fr', 'market-offer-save') }).click();
      await bruno.getByRole('status').filter({ hasText: t('fr', 'flash-cycle-offer-saved') }).waitFor();
      await chloe.goto(manageUrl);
      await chloe.fill('#k-place', 'Village hall');
      await chloe.fill('#k-capacity', '30');
      await chloe.getByRole('button', { name: t('en', 'market-pickup-add') }).click();
      await chloe.getByRole('status').filter({ hasText: t('en', 'flash-cycle-pickup-added') }).waitFor();
      await chloe.fill('#f-name', 'Running the AMAP');
      await chloe.selectOption('#f-kind', 'admin');
      await chloe.selectOption('#f-calculator', 'percent');
      await chloe.fill('#f-amount', '5');
      await chloe.getByRole('button', { name: t('en', 'market-fee-add') }).click();
      await chloe.getByRole('status').filter({ hasText: t('en', 'flash-cycle-fee-added') }).waitFor();
      await j.screenshot(chloe, 'cycle-managed');
      // The AMAP offers a season contract for the farm's eggs: a basket
      // every week for three weeks, from the day after tomorrow.
      // A date in the members' zone, as the form takes it (en-CA writes YYYY-MM-DD).
      const day = (days) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
        .format(new Date(Date.now() + days * 86400000));
      await chloe.goto(shopUrl);
      await chloe.getByRole('link', { name: t('en', 'market-contracts-link') }).click();
      await chloe.fill('#k-name', 'Panier d’œufs');
      await chloe.selectOption('#k-seller', { label: 'Ferme des Lilas' });
      await chloe.getByLabel(/Œufs frais/).check();
      await chloe.fill('#k-starts', day(2));
      await chloe.fill('#k-ends', day(16));
      await chloe.fill('#k-place', 'Village hall');
      await chloe.fill('#k-deadline', '1');
      await chloe.getByRole('button', { name: t('en', 'market-contract-create') }).click();
      await chloe.getByRole('status').filter({ hasText: t('en', 'flash-contract-created') }).waitFor();
      await j.screenshot(chloe, 'contract');

      // Dmitri tops up, reads the breakdown and orders, on his phone.
      await dmitri.setViewportSize(PHONE);
      await dmitri.goto('/wallet');
      await dmitri.fill('#topup-amount', '30');
      await dmitri.getByRole('button', { name: t('fr', 'wallet-topup-submit') }).click();
      await dmitri.goto('/market');
      await dmitri.fill('#m-q', 'tomates');
      await dmitri.getByLabel(t('fr', 'market-organic-only')).check();
      await dmitri.getByRole('button', { name: t('fr', 'market-search-submit') }).click();
      await j.screenshot(dmitri, 'search');
      await dmitri.getByRole('link', { name: 'Tomates rondes' }).click();
      await dmitri.locator('article.product', { hasText: 'Tomates rondes' }).locator('details.breakdown summary').first().click();
      // 4,50 € + 5 % of admin fee.
      await dmitri.getByRole('cell', { name: /4,73/ }).first().waitFor();
      await j.screenshot(dmitri, 'shop-front-breakdown');
      await dmitri.getByLabel(/1 kg/).fill('2');
      await dmitri.getByLabel(/Village hall/).check();
      await dmitri.getByRole('button', { name: t('fr', 'market-order-submit') }).click();
      await dmitri.getByRole('status').filter({ hasText: /Votre commande est passée : 9,93/ }).waitFor();
      await dmitri.getByRole('rowheader', { name: 'Ferme des Lilas' }).waitFor();
      await dmitri.getByRole('rowheader', { name: 'AMAP des Lilas' }).waitFor();
      await j.screenshot(dmitri, 'order-shares');
      // He also subscribes to the eggs' basket, and sees its schedule: three
      // distributions, each basket's money held from his wallet.
      await dmitri.goto('/market/subscriptions');
      await dmitri.getByRole('link', { name: 'Panier d’œufs' }).click();
      await dmitri.getByLabel(/Œufs frais/).fill('1');
      await dmitri.getByRole('button', { name: t('fr', 'market-subscribe-submit') }).click();
      await dmitri.getByRole('status').filter({ hasText: t('fr', 'flash-contract-subscribed') }).waitFor();
      // 3,90 € and the platform's 5 %, three times.
      await dmitri.getByRole('cell', { name: /^12,30/ }).waitFor();
      assert.equal(await dmitri.getByRole('cell', { name: `${t('fr', 'market-basket-state-due')} · ${t('fr', 'market-basket-held')}` }).count(), 3);
      await j.screenshot(dmitri, 'subscription');
      await dmitri.setViewportSize({ width: 1280, height: 800 });
      // Émile's wallet is empty: he orders honey and tomatoes and pays by card.
      await emile.goto(shopUrl);
      await emile.getByRole('link', { name: /Week 49/ }).first().click();
      const cycleUrl = new URL(emile.url()).pathname;
      await emile.locator('article.product', { hasText: 'Miel de fleurs' }).getByLabel(/500 g/).fill('1');
      await emile.locator('article.product', { hasText: 'Tomates rondes' }).getByLabel(/1 kg/).fill('1');
      await emile.getByLabel(/Village hall/).check();
      await emile.getByLabel(/By card/).check();
      await emile.getByRole('button', { name: t('en', 'market-order-submit') }).click();
      await emile.getByRole('status').filter({ hasText: /Your order is placed/ }).waitFor();
      await emile.getByRole('rowheader', { name: 'Rucher de Bruno' }).waitFor();
      await j.screenshot(emile, 'order-by-card');
      // As a member of the AMAP, he volunteers to hand the orders over at
      // the distribution.
      await emile.goto(cycleUrl);
      await emile.getByRole('button', { name: t('en', 'market-volunteer') }).click();
      await emile.getByRole('status').filter({ hasText: t('en', 'flash-volunteered') }).waitFor();
      await emile.locator('#volunteers').getByRole('listitem').filter({ hasText: 'Émile Roux' }).waitFor();

      // Chloé closes the cycle: asked first, then the money is taken.
      await chloe.goto(manageUrl);
      await chloe.getByRole('button', { name: t('en', 'market-close-confirm') }).click();
      await chloe.getByRole('button', { name: t('en', 'market-close-confirm') }).click();
      await chloe.getByRole('status').filter({ hasText: t('en', 'flash-cycle-closed') }).waitFor();
      // What to prepare, per pickup point, with one label per order.
      await chloe.getByRole('link', { name: t('en', 'market-preparation') }).click();
      await chloe.getByRole('listitem').filter({ hasText: 'Dmitri Leroy' }).waitFor();
      await chloe.getByRole('listitem').filter({ hasText: 'Émile Roux' }).waitFor();
      await j.screenshot(chloe, 'preparation');
      // The pick list and the labels print as a PDF.
      const pickList = await chloe.request.get(
        await chloe.getByRole('link', { name: t('en', 'market-preparation-pdf') }).getAttribute('href'));
      assert.equal(pickList.status(), 200);
      assert.equal(pickList.headers()['content-type'], 'application/pdf');
      // At the distribution, on his phone, Émile the volunteer finds a kilo
      // missing from Dmitri's order (refunded at once), then hands both
      // orders over; he runs nothing else of the shop.
      await emile.setViewportSize(PHONE);
      await emile.goto(cycleUrl);
      await emile.locator('#volunteers').getByRole('link', { name: t('en', 'market-distribution') }).click();
      const dmitriOrder = emile.locator('article.handover', { hasText: 'Dmitri Leroy' });
      await dmitriOrder.getByText(t('en', 'market-missing')).click();
      await dmitriOrder.getByLabel('Tomates rondes · 1 kg').fill('1');
      await dmitriOrder.getByRole('button', { name: t('en', 'market-missing-submit') }).click();
      await emile.getByRole('status').filter({ hasText: t('en', 'flash-order-missing') }).waitFor();
      await emile.locator('article.handover', { hasText: 'Dmitri Leroy' }).getByRole('button', { name: t('en', 'market-collected') }).click();
      await emile.getByRole('status').filter({ hasText: t('en', 'flash-order-collected') }).waitFor();
      await emile.locator('article.handover', { hasText: 'Émile Roux' }).getByRole('button', { name: t('en', 'market-collected') }).click();
      await emile.getByRole('status').filter({ hasText: t('en', 'flash-order-collected') }).waitFor();
      await j.screenshot(emile, 'distribution');
      await emile.setViewportSize({ width: 1280, height: 800 });
      await dmitri.goto('/market');
      await dmitri.getByRole('link', { name: /Commande/ }).click();
      await dmitri.getByText(t('fr', 'market-order-paid')).waitFor();
      // The farm's invoice and its credit note for the missing kilo open as PDF.
      // (Émile's order took the farm's second number, at the close.)
      const invoice = dmitri.getByRole('link', { name: /Facture n° 000001/ });
      await dmitri.getByRole('link', { name: /Avoir n° 000003/ }).waitFor();
      const pdf = await dmitri.request.get(await invoice.getAttribute('href'));
      assert.equal(pdf.status(), 200);
      assert.equal(pdf.headers()['content-type'], 'application/pdf');
      assert.ok((await pdf.body()).subarray(0, 5).toString() === '%PDF-');
      // Everyone sees where the market's money went, from the transparency page.
      await dmitri.goto('/transparency');
      await dmitri.getByRole('link', { name: t('fr', 'market-transparency-link') }).click();
      await dmitri.getByRole('heading', { name: t('fr', 'market-transparency-title') }).waitFor();
      // The farm's sales account holds the sale; Alice sends it to the bank.
      await alice.goto('/market');
      await alice.getByRole('link', { name: 'Ferme des Lilas' }).click();
      await alice.getByRole('link', { name: t('fr', 'market-account') }).click();
      // Dmitri's 2 kg less the missing one, and Émile's kilo.
      await alice.locator('.amount-big', { hasText: '9,00 €' }).waitFor();
      await alice.fill('#w-iban', 'FR14 2004 1010 0505 0001 3M02 606');
      await alice.fill('#w-amount', '9');
      await alice.getByRole('button', { name: t('fr', 'market-payout-submit') }).click();
      await alice.getByRole('status').filter({ hasText: t('fr', 'flash-withdrawal-requested') }).waitFor();
      await j.screenshot(alice, 'sales-account');
      // The administrator batches the waiting payouts: the farm's is in the SEPA file.
      j.server.cli('admin', 'promote', 'chloe@example.org');
      await chloe.goto('/bank');
      await chloe.getByRole('button', { name: t('en', 'bank-batch-submit') }).click();
      const batch = chloe.getByRole('group', { name: t('en', 'bank-batches'), exact: true }).getByRole('link');
      const sepa = await chloe.request.get(await batch.first().getAttribute('href'));
      assert.equal(sepa.status(), 200);
      const xml = await sepa.text();
      assert.match(xml, /<IBAN>FR1420041010050500013M02606<\/IBAN>/);
      assert.match(xml, /<InstdAmt Ccy="EUR">9.00<\/InstdAmt>/);

      await j.finish();
      console.log(`screenshots: ${j.shots}`);
    } catch (e) {
      throw new Error(`${e.message}\n--- server log ---\n${j.server.output.join('')}\n--- smtp ---\n${j.smtp.output.join('')}`, { cause: e });
    } finally {
      await j.close();
    }
  });
}
