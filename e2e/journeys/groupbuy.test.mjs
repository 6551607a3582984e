// The group buying journey: Alice proposes a winter order of flour to an
// outside mill (through the API, so that its deadline comes within the
// journey: a form takes minutes, not seconds); Bruno, Chloé and Dmitri top
// up their wallets and commit on the purchase's page, the last one seeing
// the tier drop; the deadline passes and the settlement job runs; each
// sees what was allocated, the final price and the money released, and
// the mill receives its order with the PDF and the CSV attached.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PHONE, backends, journey, signUp, t } from '../support.mjs';

const PASSWORD = 'un mot de passe solide';

async function token(base, email) {
  const response = await fetch(`${base}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, name: 'journey' }),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return JSON.parse(text).secret;
}

for (const backend of backends) {
  test(`members pool an order, the tier drops, and each pays the final price (${backend})`, async () => {
    const j = await journey('groupbuy', backend);
    try {
      const alice = await signUp(j, 'fr-FR', 'Alice Martin', 'alice@example.org');
      const members = [
        ['en', await signUp(j, 'en-GB', 'Bruno Petit', 'bruno@example.org'), '60', '10'],
        ['fr', await signUp(j, 'fr-FR', 'Chloé Durand', 'chloe@example.org'), '30', '5'],
        ['en', await signUp(j, 'en-GB', 'Dmitri Leroy', 'dmitri@example.org'), '20', ''],
      ];
      for (const [lang, page] of members) {
        await page.goto('/wallet');
        await page.fill('#topup-amount', '300');
        await page.getByRole('button', { name: t(lang, 'wallet-topup-submit') }).click();
        await page.locator('.flash-ok').waitFor();
      }

      const secret = await token(j.server.base, 'alice@example.org');
      const proposed = await fetch(`${j.server.base}/api/v1/groupbuy/purchases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'Farine d’hiver', supplier_name: 'Moulin de la Vallée', supplier_contact: 'commandes@moulin.example',
          minimum: 30000, deadline_at: Date.now() + 30000, if_short: 'cancel',
          products: [{
            name: 'Farine T80', unit: 'kg', pack_size: 25, step: 5, vat_rate: 550, retail_price: 400,
            tiers: [{ from: 1, to: 99, unit_price: 320 }, { from: 100, to: 499, unit_price: 280 }, { from: 500, unit_price: 250 }],
          }],
          pickups: [{ commune: 'Mornant', place: 'Salle des fêtes', hours: 'samedi 10 h – 12 h' }],
        }),
      });
      const purchase = JSON.parse(await proposed.text());
      assert.equal(proposed.status, 201, JSON.stringify(purchase));
      const flour = purchase.products[0].id;

      // Each commits on the page; the third brings the flour to five sacks.
      for (const [lang, page, quantity, tolerance] of members) {
        await page.goto('/groupbuy');
        await page.getByRole('link', { name: 'Farine d’hiver' }).click();
        await page.fill(`#q-${flour}`, quantity);
        if (tolerance) await page.fill(`#t-${flour}`, tolerance);
        await page.getByRole('button', { name: t(lang, 'groupbuy-commit') }).click();
        await page.locator('.flash-ok').filter({ hasText: t(lang, 'flash-groupbuy-committed') }).waitFor();
      }
      const dmitri = members[2][1];
      const current = dmitri.locator('tr[aria-current="true"]');
      assert.match(await current.innerText(), /100–499 kg/);
      assert.match(await current.innerText(), /2\.80/);
      await j.screenshot(dmitri, 'committed');

      // The deadline passes: the job settles the purchase.
      const [, bruno] = members[0];
      for (let tries = 0; ; tries += 1) {
        await bruno.goto(`/groupbuy/${purchase.id}`);
        if ((await bruno.locator('p.notice').count()) > 0) break;
        assert.ok(tries < 120, 'the purchase was settled');
        await bruno.waitForTimeout(500);
      }
      for (const [lang, page, quantity, tolerance] of members) {
        await page.goto(`/groupbuy/${purchase.id}`);
        await page.getByText(t(lang, 'groupbuy-settled').slice(0, 30)).waitFor();
        // What each asked, and got: its quantity and its tolerance (five
        // sacks: 110 kg asked, 15 kg of tolerance fill the fifth).
        const allocated = Number(quantity) + Number(tolerance || 0);
        const line = page.locator('li', { hasText: 'Farine T80' });
        assert.match(await line.innerText(), new RegExp(`${allocated} kg`));
        assert.match(await line.innerText(), /2[.,]80/);
        assert.match(await page.locator('main').innerText(), new RegExp(t(lang, 'groupbuy-released').replace(':', '')));
      }
      await j.screenshot(bruno, 'settled');
      await bruno.setViewportSize(PHONE);
      await j.screenshot(bruno, 'settled-phone');

      // The mill's order: what to deliver at each pickup point.
      const mail = await j.smtp.mailTo('commandes@moulin.example', 'order.pdf');
      assert.match(mail, /order\.csv/);
      await alice.goto(`/groupbuy/${purchase.id}/order`);
      await alice.getByRole('heading', { name: /Mornant/ }).waitFor();
      assert.match(await alice.locator('main').innerText(), /Bruno Petit/);
      await j.screenshot(alice, 'order');
      await j.finish();
    } finally {
      await j.close();
    }
  });
}
