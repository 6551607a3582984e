// The mutual-aid journey, money to the cent: Alice coordinates a
// neighbourhood collective and makes Bruno (in English) its treasurer;
// Chloé and Dmitri (in English) are members; Alice pays the collective's
// treasury from her wallet. Chloé is going through a hard time: Alice opens
// a pot for her from the form; Dmitri gives 40 € under his name and Bruno
// 25 € anonymously, each wallet down by exactly its gift (no fee between
// members); Chloé asks for 50 € for her rent and Alice, who did not ask
// and is not paid, approves and pays it: Chloé's wallet up by exactly
// 50 €, the pot's figures exact, the gifts named or anonymous as each
// giver chose. Emile, outside the collective and no contributor, sees none
// of the movements nor whom the pot helps, and the public log's entries of
// the gifts and the withdrawal name no one. Then Chloé submits an expense of
// the collective with the photo of its receipt, paid to her wallet: she
// cannot approve it herself, Dmitri (a member) does not see the receipt,
// Bruno (the treasurer) sees it and approves it: Chloé's wallet up by
// exactly the expense, the treasury down by as much, the expense paid.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { T, eur, facts, norm, rows } from '../figures.mjs';
import { backends, journey, signUp, t } from '../support.mjs';

/** "2 contributors", "2 contributeurs" (pots-given-by, a plural form). */
const contributors = (lang, n) => (lang === 'fr' ? `${n} contributeurs` : `${n} contributors`);

/** The table a caption names. */
const captioned = (page, caption) => page.locator('table', { has: page.locator('caption', { hasText: caption }) });

/** The wallet page's figures: its balance, and what is reserved and
 *  available when something is held. */
async function walletIs(page, lang, balance) {
  await page.goto('/wallet');
  assert.deepEqual(
    await facts(page.locator('main dl.facts').first()),
    { [T(lang, 'wallet-balance')]: eur(lang, balance) },
    `${page.url()}`,
  );
}

async function topUp(page, lang, amount) {
  await page.goto('/wallet');
  await page.fill('#topup-amount', amount);
  await page.getByRole('button', { name: T(lang, 'wallet-topup-submit') }).click();
  await page.locator('.flash-ok').waitFor();
}

/** The treasury's balance as the collective's page shows it to a member. */
async function treasury(page, collectiveUrl) {
  await page.goto(collectiveUrl);
  return norm(await page.locator('#treasury + p strong').textContent());
}

/** The pot's figures as its page shows them. */
async function potFacts(page, potUrl) {
  await page.goto(potUrl);
  return facts(page.locator('main dl.facts').first());
}

function potFigures(lang, { helps, given, givers, paidOut, pending, available }) {
  return {
    ...(helps ? { [T(lang, 'pots-beneficiary')]: helps } : {}),
    [T(lang, 'pots-given')]: `${eur(lang, given)} · ${contributors(lang, givers)}`,
    [T(lang, 'pots-paid-out')]: eur(lang, paidOut),
    [T(lang, 'pots-pending')]: eur(lang, pending),
    [T(lang, 'pots-available')]: eur(lang, available),
  };
}

async function give(page, lang, potUrl, amount, { named }) {
  await page.goto(potUrl);
  await page.fill('#g-amount', amount);
  if (named) await page.getByLabel(T(lang, 'pots-field-named')).check();
  await page.getByRole('button', { name: T(lang, 'pots-give'), exact: true }).click();
  await page.getByRole('status').filter({ hasText: T(lang, 'flash-pot-given') }).waitFor();
}

// A PNG of 24×16 pixels, a receipt's photo as small as it gets: its
// chunks with their CRC-32, its rows filtered by nothing, deflated.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = y * (1 + width * 3) + 1 + x * 3;
      raw.set(y < 4 ? [40, 90, 160] : [250, 250, 245 - ((x * 7) % 40)], at);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const COLLECTIVE = 'Entraide des Lilas';
const POT = 'Coup de main pour Chloé';
const EXPENSE = 'Goûter solidaire : courses';

for (const backend of backends) {
  test(`a pot helps a member, a withdrawal is approved by another, an expense is paid from the treasury, to the cent (${backend})`, async () => {
    const j = await journey('aid', backend);
    try {
      const alice = await signUp(j, 'fr-FR', 'Alice Martin', 'alice@example.org');
      const bruno = await signUp(j, 'en-GB', 'Bruno Petit', 'bruno@example.org');
      const chloe = await signUp(j, 'fr-FR', 'Chloé Durand', 'chloe@example.org');
      const dmitri = await signUp(j, 'en-GB', 'Dmitri Ivanov', 'dmitri@example.org');
      const emile = await signUp(j, 'fr-FR', 'Emile Blanc', 'emile@example.org');
      for (const [page, lang, amount] of [[alice, 'fr', '500'], [bruno, 'en', '500'], [chloe, 'fr', '20'], [dmitri, 'en', '500']]) {
        await topUp(page, lang, amount);
        await walletIs(page, lang, Number(amount) * 100);
      }

      // Alice's collective; Bruno, Chloé and Dmitri join it by a link.
      await alice.goto('/collectives');
      await alice.fill('#c-name', COLLECTIVE);
      await alice.selectOption('#c-kind', 'association');
      await alice.getByRole('button', { name: T('fr', 'create') }).click();
      await alice.getByRole('heading', { name: COLLECTIVE }).waitFor();
      const collectiveUrl = new URL(alice.url()).pathname;
      await alice.goto(`${collectiveUrl}/manage`);
      await alice.getByRole('button', { name: T('fr', 'manage-create-link') }).click();
      const invitation = await alice.locator('#invitation-link').textContent();
      for (const [page, lang] of [[bruno, 'en'], [chloe, 'fr'], [dmitri, 'en']]) {
        await page.goto(invitation);
        await page.getByRole('button', { name: T(lang, 'invitation-accept') }).click();
        await page.waitForURL(new RegExp(`${collectiveUrl}$`));
      }
      // Bruno becomes its treasurer, from the members' table.
      await alice.goto(`${collectiveUrl}/manage`);
      const brunoRow = alice.locator('section[aria-labelledby="members"] tr', { hasText: 'Bruno Petit' });
      await brunoRow.locator('select[name="role"]').selectOption('treasurer');
      await brunoRow.getByRole('button', { name: T('fr', 'save') }).click();
      await alice.getByRole('status').filter({ hasText: T('fr', 'flash-role-saved') }).waitFor();
      await bruno.goto(collectiveUrl);
      await bruno.locator('ul.members li', { hasText: `Bruno Petit — ${T('en', 'role-treasurer')}` }).waitFor();

      // Alice pays 200 € into the treasury: the 5 % fee on top, shown first.
      await alice.goto('/wallet');
      await alice.selectOption('#pc-to', { label: COLLECTIVE });
      await alice.fill('#pc-amount', '200');
      await alice.getByRole('button', { name: T('fr', 'wallet-pay-collective-submit'), exact: true }).click();
      await alice.getByRole('heading', { name: T('fr', 'payment-confirm-title') }).waitFor();
      assert.equal(norm(await alice.locator('dd.amount-big').textContent()), eur('fr', 21000));
      await alice.getByRole('button', { name: T('fr', 'payment-confirm-submit') }).click();
      await alice.locator('.flash-ok').waitFor();
      await walletIs(alice, 'fr', 50000 - 21000);
      assert.equal(await treasury(alice, collectiveUrl), eur('fr', 20000));

      // ---- 1. Alice opens a pot for Chloé from the form.
      await alice.goto('/funding/pots');
      await alice.getByRole('link', { name: T('fr', 'pots-open') }).click();
      await alice.waitForURL(/\/funding\/pots\/new$/);
      await alice.selectOption('#p-collective', { label: COLLECTIVE });
      await alice.fill('#p-title', POT);
      await alice.fill('#p-purpose', 'Chloé a perdu son emploi : aidons-la à passer l\'hiver.');
      await alice.selectOption('#p-beneficiary', { label: 'Chloé Durand' });
      await j.screenshot(alice, 'pot-new-form');
      await alice.getByRole('button', { name: T('fr', 'pots-open') }).click();
      await alice.getByRole('status').filter({ hasText: T('fr', 'flash-pot-opened') }).waitFor();
      await alice.getByRole('heading', { name: POT }).waitFor();
      const potUrl = new URL(alice.url()).pathname;
      assert.match(potUrl, /^\/funding\/pots\/[^/]+$/);
      assert.equal(norm(await alice.locator('p.meta .state').textContent()), T('fr', 'pots-state-open'));
      await alice.getByText(T('fr', 'pots-no-gift')).waitFor();

      // Dmitri gives 40 € under his name, Bruno 25 € anonymously: each
      // wallet down by exactly its gift.
      await give(dmitri, 'en', potUrl, '40.00', { named: true });
      await give(bruno, 'en', potUrl, '25', { named: false });
      await walletIs(dmitri, 'en', 50000 - 4000);
      await walletIs(bruno, 'en', 50000 - 2500);
      for (const [page, lang] of [[alice, 'fr'], [dmitri, 'en']]) {
        assert.deepEqual(
          await potFacts(page, potUrl),
          potFigures(lang, { helps: 'Chloé Durand', given: 6500, givers: 2, paidOut: 0, pending: 0, available: 6500 }),
        );
      }
      // The pots' list says as much.
      await dmitri.goto('/funding/pots');
      const card = dmitri.locator('ul.cards li', { hasText: POT });
      assert.equal(
        norm(await card.locator('span.meta').nth(1).textContent()),
        `${T('en', 'pots-given')} ${eur('en', 6500)} · ${T('en', 'pots-available')} ${eur('en', 6500)}`,
      );
      // A member who neither helps nor coordinates asks for nothing.
      await dmitri.goto(potUrl);
      assert.equal(await dmitri.locator('#w-amount').count(), 0, 'no withdrawal form for Dmitri');

      // Emile, outside the collective, gave nothing: he sees the figures,
      // neither whom the pot helps nor any movement.
      assert.deepEqual(
        await potFacts(emile, potUrl),
        potFigures('fr', { given: 6500, givers: 2, paidOut: 0, pending: 0, available: 6500 }),
      );
      await emile.getByText(T('fr', 'pots-movements-hidden')).waitFor();
      assert.equal(await emile.locator('table').count(), 0, 'no movement shown to Emile');
      assert.equal(await emile.getByText('Dmitri Ivanov').count(), 0);
      await j.screenshot(emile, 'pot-outsider');

      // ---- 2. Chloé asks for 50 € for her rent: held in the pot at once.
      await chloe.goto(potUrl);
      await chloe.fill('#w-amount', '50');
      await chloe.fill('#w-reason', 'Loyer de janvier');
      await chloe.getByRole('button', { name: T('fr', 'pots-ask'), exact: true }).click();
      await chloe.getByRole('status').filter({ hasText: T('fr', 'flash-pot-requested') }).waitFor();
      assert.deepEqual(
        await potFacts(chloe, potUrl),
        potFigures('fr', { helps: 'Chloé Durand', given: 6500, givers: 2, paidOut: 0, pending: 5000, available: 1500 }),
      );
      const asked = [eur('fr', 5000), T('fr', 'pots-withdrawal-state-requested')];
      assert.deepEqual(
        (await rows(captioned(chloe, T('fr', 'pots-withdrawals')))).map((r) => r.slice(1)),
        [[`Loyer de janvier ${t('fr', 'pots-asked-by').replace('{ $name }', 'Chloé Durand')}`, 'Chloé Durand', ...asked]],
      );
      // She cancels her own ask, never pays it to herself.
      const chloeWithdrawals = captioned(chloe, T('fr', 'pots-withdrawals'));
      assert.equal(await chloeWithdrawals.getByRole('button', { name: T('fr', 'pots-pay') }).count(), 0);
      assert.equal(await chloeWithdrawals.getByRole('button', { name: T('fr', 'pots-cancel') }).count(), 1);
      // Bruno, treasurer but not coordinator, sees it and decides nothing.
      await bruno.goto(potUrl);
      const brunoWithdrawals = captioned(bruno, T('en', 'pots-withdrawals'));
      assert.deepEqual(
        (await rows(brunoWithdrawals)).map((r) => r.slice(3)),
        [[eur('en', 5000), T('en', 'pots-withdrawal-state-requested')]],
      );
      assert.equal(await brunoWithdrawals.getByRole('button').count(), 0, 'no verdict for a treasurer');
      await j.screenshot(bruno, 'pot-asked-en');

      // Alice, who did not ask and is not paid, approves and pays it.
      await alice.goto(potUrl);
      await j.screenshot(alice, 'pot-to-approve');
      await captioned(alice, T('fr', 'pots-withdrawals')).getByRole('button', { name: T('fr', 'pots-pay') }).click();
      await alice.getByRole('status').filter({ hasText: T('fr', 'flash-pot-paid') }).waitFor();
      await walletIs(chloe, 'fr', 2000 + 5000);
      const paid = [
        `Loyer de janvier ${t('fr', 'pots-asked-by').replace('{ $name }', 'Chloé Durand')}`,
        'Chloé Durand',
        eur('fr', 5000),
        `${T('fr', 'pots-withdrawal-state-paid')} Alice Martin`,
      ];
      assert.deepEqual(
        await potFacts(chloe, potUrl),
        potFigures('fr', { helps: 'Chloé Durand', given: 6500, givers: 2, paidOut: 5000, pending: 0, available: 1500 }),
      );
      assert.deepEqual((await rows(captioned(chloe, T('fr', 'pots-withdrawals')))).map((r) => r.slice(1)), [paid]);
      assert.equal(await captioned(chloe, T('fr', 'pots-withdrawals')).getByRole('button').count(), 0, 'decided');
      // The gifts, newest first: Bruno anonymous to Chloé, Dmitri by name;
      // each giver sees its own gift as its own.
      assert.deepEqual(
        (await rows(captioned(chloe, T('fr', 'pots-gifts')))).map((r) => r.slice(1)),
        [[T('fr', 'pots-anonymous'), eur('fr', 2500)], ['Dmitri Ivanov', eur('fr', 4000)]],
      );
      await j.screenshot(chloe, 'pot-paid');
      await bruno.goto(potUrl);
      assert.deepEqual(
        (await rows(captioned(bruno, T('en', 'pots-gifts')))).map((r) => r.slice(1)),
        [[`Bruno Petit · ${T('en', 'pots-mine')}`, eur('en', 2500)], ['Dmitri Ivanov', eur('en', 4000)]],
      );
      await dmitri.goto(potUrl);
      assert.deepEqual(
        (await rows(captioned(dmitri, T('en', 'pots-gifts')))).map((r) => r.slice(1)),
        [[T('en', 'pots-anonymous'), eur('en', 2500)], [`Dmitri Ivanov · ${T('en', 'pots-mine')}`, eur('en', 4000)]],
      );
      assert.deepEqual(
        (await rows(captioned(dmitri, T('en', 'pots-withdrawals')))).map((r) => r.slice(2)),
        [['Chloé Durand', eur('en', 5000), `${T('en', 'pots-withdrawal-state-paid')} Alice Martin`]],
      );
      await j.screenshot(dmitri, 'pot-paid-en');
      // The gifts and the withdrawal moved no wallet but theirs.
      await walletIs(dmitri, 'en', 46000);
      await walletIs(bruno, 'en', 47500);
      await walletIs(alice, 'fr', 29000);
      assert.equal(await treasury(alice, collectiveUrl), eur('fr', 20000), 'the pot is not the treasury');

      // Each one's statement names the pot; the public log, which anyone
      // reads, carries the kind and the amount only: neither the giver,
      // nor the pot, nor whom it helps.
      for (const [page, lang, amount, code] of [
        [bruno, 'en', -2500, 'transfer-code-funding-pot_gift'],
        [dmitri, 'en', -4000, 'transfer-code-funding-pot_gift'],
        [chloe, 'fr', 5000, 'transfer-code-funding-pot_withdrawal'],
      ]) {
        await page.goto('/wallet');
        const line = page.locator('section[aria-labelledby="statement"] tbody tr').first();
        const [, what, moved] = (await rows(page.locator('section[aria-labelledby="statement"] table'))).at(0);
        assert.deepEqual([what, moved], [`${T(lang, code)} — ${POT}`, eur(lang, amount)]);
        const entry = await line.locator('a[href^="/transparency/entries/"]').getAttribute('href');
        await emile.goto(entry);
        const shown = await facts(emile.locator('main dl.facts'));
        assert.equal(shown[T('fr', 'log-entry-detail')], T('fr', code));
        assert.equal(shown[T('fr', 'field-amount')], eur('fr', Math.abs(amount)));
        const text = norm(await emile.locator('main').textContent());
        for (const name of ['Bruno', 'Dmitri', 'Chloé', 'Alice', POT]) assert.ok(!text.includes(name), `${entry} names no one: ${text}`);
      }
      await j.screenshot(emile, 'log-entry-withdrawal');

      // ---- 3. Chloé submits an expense with the photo of its receipt.
      await chloe.goto(collectiveUrl);
      await chloe.getByRole('navigation', { name: T('fr', 'collective-tabs') }).getByRole('link', { name: T('fr', 'expenses-link') }).click();
      await chloe.waitForURL(new RegExp(`${collectiveUrl}/expenses$`));
      const expensesUrl = new URL(chloe.url()).pathname;
      await chloe.getByText(T('fr', 'expenses-none')).waitFor();
      await chloe.fill('#e-title', EXPENSE);
      await chloe.fill('#e-amount', '37,85');
      await chloe.setInputFiles('#e-receipt', { name: 'ticket.png', mimeType: 'image/png', buffer: png(24, 16) });
      assert.ok(await chloe.getByLabel(T('fr', 'expenses-pay-to-wallet')).isChecked(), 'paid to her wallet by default');
      await j.screenshot(chloe, 'expense-form');
      await chloe.getByRole('button', { name: T('fr', 'expenses-submit'), exact: true }).click();
      await chloe.getByRole('status').filter({ hasText: T('fr', 'flash-expense-submitted') }).waitFor();
      await chloe.getByRole('heading', { name: EXPENSE }).waitFor();
      const expenseUrl = new URL(chloe.url()).pathname;
      assert.match(expenseUrl, new RegExp(`^${expensesUrl}/[^/]+$`));
      const receiptUrl = `${expenseUrl}/receipt`;
      assert.equal(norm(await chloe.locator('p.meta .state').textContent()), T('fr', 'expenses-state-submitted'));
      const submitted = await facts(chloe.locator('main dl.facts'));
      assert.match(submitted[T('fr', 'expenses-submitted-by')], /^Chloé Durand · /);
      assert.deepEqual(submitted, {
        [T('fr', 'pots-field-amount')]: eur('fr', 3785),
        [T('fr', 'expenses-submitted-by')]: submitted[T('fr', 'expenses-submitted-by')],
        [T('fr', 'expenses-field-pay-to')]: T('fr', 'expenses-pay-to-wallet'),
      });
      // She sees her receipt, kept as a JPEG of its pixels; she cannot
      // approve her own expense, only withdraw it.
      await chloe.locator('img.receipt').waitFor({ state: 'attached' });
      assert.equal(await chloe.getByRole('button', { name: T('fr', 'expenses-approve') }).count(), 0, 'no approval of one\'s own');
      assert.equal(await chloe.getByRole('button', { name: T('fr', 'expenses-refuse') }).count(), 0);
      await chloe.getByRole('button', { name: T('fr', 'expenses-cancel') }).waitFor();
      const own = await chloe.request.get(receiptUrl);
      assert.equal(own.status(), 200);
      assert.equal(own.headers()['content-type'], 'image/jpeg');
      assert.deepEqual([...(await own.body()).subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
      await j.screenshot(chloe, 'expense-submitted');

      // Dmitri, a member, sees the expense listed, not its receipt.
      await dmitri.goto(expensesUrl);
      assert.deepEqual(
        (await rows(dmitri.locator('main table'))).map((r) => r.slice(1)),
        [[EXPENSE, 'Chloé Durand', eur('en', 3785), T('en', 'expenses-state-submitted')]],
      );
      await dmitri.getByRole('link', { name: EXPENSE }).click();
      await dmitri.getByText(T('en', 'expenses-receipt-private')).waitFor();
      assert.equal(await dmitri.locator('img.receipt').count(), 0);
      assert.equal(await dmitri.getByRole('button', { name: T('en', 'expenses-approve') }).count(), 0);
      assert.equal((await dmitri.request.get(receiptUrl)).status(), 403, 'the receipt is not Dmitri\'s to see');

      // Bruno, the treasurer, sees the receipt and approves: paid at once
      // into Chloé's wallet, out of the treasury.
      await bruno.goto(expensesUrl);
      await j.screenshot(bruno, 'expenses-list-en');
      await bruno.getByRole('link', { name: EXPENSE }).click();
      await bruno.waitForURL(new RegExp(`${expenseUrl}$`));
      const image = bruno.locator('img.receipt');
      await image.scrollIntoViewIfNeeded();
      await bruno.waitForFunction((img) => img.complete && img.naturalWidth > 0, await image.elementHandle());
      assert.deepEqual(await image.evaluate((img) => [img.naturalWidth, img.naturalHeight]), [24, 16], 'the receipt as photographed');
      await j.screenshot(bruno, 'expense-to-approve-en');
      await bruno.getByRole('button', { name: T('en', 'expenses-approve') }).click();
      await bruno.getByRole('status').filter({ hasText: T('en', 'flash-expense-approved') }).waitFor();
      assert.equal(norm(await bruno.locator('p.meta .state').textContent()), T('en', 'expenses-state-paid'));
      assert.match(
        (await facts(bruno.locator('main dl.facts')))[T('en', 'expenses-decided-by')],
        /^Bruno Petit · /,
      );
      assert.equal(await bruno.getByRole('button', { name: T('en', 'expenses-approve') }).count(), 0, 'decided once');
      await j.screenshot(bruno, 'expense-paid-en');
      await walletIs(chloe, 'fr', 7000 + 3785);
      await chloe.goto(expenseUrl);
      assert.equal(norm(await chloe.locator('p.meta .state').textContent()), T('fr', 'expenses-state-paid'));
      assert.equal(await chloe.getByRole('button', { name: T('fr', 'expenses-cancel') }).count(), 0);
      await j.screenshot(chloe, 'expense-paid');
      await chloe.goto(expensesUrl);
      assert.deepEqual(
        (await rows(chloe.locator('main table'))).map((r) => r.slice(1)),
        [[EXPENSE, 'Chloé Durand', eur('fr', 3785), T('fr', 'expenses-state-paid')]],
      );
      await j.screenshot(chloe, 'expenses-list');

      // The treasury: 200 € in, 37.85 € out to Chloé.
      assert.equal(await treasury(bruno, collectiveUrl), eur('en', 20000 - 3785));
      const out = bruno.locator('#treasury ~ .table-scroll table tbody tr', { hasText: EXPENSE });
      assert.equal(await out.count(), 1, 'one line for the expense');
      const [, what, by, amount] = (await out.evaluate((tr) => [...tr.querySelectorAll('td')].map((td) => {
        const copy = td.cloneNode(true);
        copy.querySelectorAll('br').forEach((br) => br.replaceWith(' '));
        return copy.textContent;
      }))).map(norm);
      assert.match(what, new RegExp(`Chloé Durand — ${EXPENSE} \\([0-9a-f]{8}\\)$`));
      assert.equal(by, `Chloé Durand ${t('en', 'treasury-approved-by-name').replace('{ $name }', 'Bruno Petit')}`);
      assert.equal(amount, eur('en', -3785));
      await j.screenshot(bruno, 'treasury-en');
      await walletIs(alice, 'fr', 29000);
      await walletIs(bruno, 'en', 47500);
      await walletIs(dmitri, 'en', 46000);

      await alice.goto('/funding/pots');
      await j.screenshot(alice, 'pots-list');
      await j.finish();
      console.log(`screenshots: ${j.shots}`);
    } catch (e) {
      throw new Error(`${e.message}\n--- server log ---\n${j.server.output.join('')}`, { cause: e });
    } finally {
      await j.close();
    }
  });
}
