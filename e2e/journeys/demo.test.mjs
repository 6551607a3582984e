// The demo's widest pages, as its people use them, at a desktop's and a
// phone's width: Camille finds the AMAP's treasury through the collective's
// tabs and opens a majority-judgment vote, whose ballot she fills on a
// phone; Emma (English) reads the garden's Schulze result and the bakery's
// majority-judgment result; the administrator batches the waiting payouts
// on the bank page. Every page is checked by `screenshot` and `finish`
// (support.mjs): no wider than the phone, tap targets, axe-core.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PHONE, backends, journey, t } from '../support.mjs';

const PASSWORD = 'demo-freeco-2026';

async function signIn(j, locale, email) {
  const lang = locale.slice(0, 2);
  const page = await j.person(locale);
  await page.goto('/login');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.getByRole('button', { name: t(lang, 'login-submit') }).click();
  await page.waitForURL((url) => url.pathname === '/');
  return page;
}

/** The page of the decision `question`, reached from its collective's list. */
async function decision(page, collective, question) {
  await page.goto(`/collectives/${collective}`);
  await page.getByRole('link', { name: question }).click();
  await page.waitForURL(/\/decisions\//);
}

for (const backend of backends) {
  test(`the demo's treasury, ballots, results and bank page hold on a phone (${backend})`, async () => {
    const j = await journey('demo', backend, 'demo');
    try {
      // Camille coordinates the AMAP: its page has tabs, the treasury among them.
      const camille = await signIn(j, 'fr-FR', 'camille@demo.freeco.coop');
      await j.screenshot(camille, 'home');
      await camille.goto('/collectives/amap-des-coteaux');
      const tabs = camille.getByRole('navigation', { name: t('fr', 'collective-tabs') });
      assert.equal(await tabs.getByRole('link', { name: t('fr', 'collective-tab-overview') }).getAttribute('aria-current'), 'page');
      await tabs.getByRole('link', { name: t('fr', 'treasury-title') }).click();
      await camille.waitForURL(/#treasury$/);
      await camille.getByRole('group', { name: t('fr', 'treasury-title'), exact: true }).getByRole('table').waitFor();
      await camille.getByRole('group', { name: t('fr', 'payments-title'), exact: true }).getByRole('table').waitFor();
      await j.screenshot(camille, 'collective-treasury');
      await tabs.getByRole('link', { name: t('fr', 'collective-projects-link') }).click();
      await camille.getByRole('navigation', { name: t('fr', 'collective-tabs') })
        .getByRole('link', { name: t('fr', 'collective-projects-link') }).and(camille.locator('[aria-current="page"]')).waitFor();
      await j.screenshot(camille, 'collective-projects');
      await camille.getByRole('navigation', { name: t('fr', 'collective-tabs') }).getByRole('link', { name: t('fr', 'collective-manage') }).click();
      await camille.getByRole('group', { name: t('fr', 'collective-members'), exact: true }).getByRole('table').waitFor();
      await j.screenshot(camille, 'collective-manage');
      // Accept and refuse, save and delete, do not look alike.
      const look = (button) => button.evaluate((b) => getComputedStyle(b).backgroundColor);
      const save = camille.getByRole('button', { name: t('fr', 'save') }).first();
      const createLink = camille.getByRole('button', { name: t('fr', 'manage-create-link') });
      assert.notEqual(await look(save), await look(createLink), 'a secondary action looks secondary');

      // She opens a vote by majority judgment, and fills her ballot on a phone.
      await camille.goto('/collectives/amap-des-coteaux/decisions/new');
      // The form shows the chosen method's settings only: choosing one redisplays it.
      await camille.selectOption('#d-method', 'judgment');
      await camille.locator('#d-scale').waitFor();
      await camille.fill('#d-question', 'Quel légume ajouter aux paniers ?');
      for (const [i, label] of ['Patate douce', 'Chou kale', 'Topinambour'].entries()) {
        await camille.fill(`#d-option-${i}`, label);
      }
      await j.screenshot(camille, 'decision-form');
      await camille.getByRole('button', { name: t('fr', 'decision-open-submit') }).click();
      await camille.getByRole('heading', { name: 'Quel légume ajouter aux paniers ?' }).waitFor();
      await j.screenshot(camille, 'judgment-ballot');
      await camille.setViewportSize(PHONE);
      // One block per option; its six grades one under the other, the worst
      // ("À rejeter") on screen like the others.
      const kale = camille.getByRole('group', { name: 'Chou kale' });
      const grades = kale.getByRole('radio');
      assert.equal(await grades.count(), 6);
      const boxes = [];
      for (let g = 0; g < 6; g++) boxes.push(await grades.nth(g).locator('xpath=..').boundingBox());
      for (let g = 1; g < 6; g++) assert.ok(boxes[g].y >= boxes[g - 1].y + boxes[g - 1].height, 'grades are listed one under the other');
      for (const box of boxes) assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, 'every grade is on screen');
      for (const [option, grade] of [['Patate douce', t('fr', 'grade-6-4')], ['Chou kale', t('fr', 'grade-6-0')], ['Topinambour', t('fr', 'grade-6-2')]]) {
        await camille.getByRole('group', { name: option }).getByLabel(grade, { exact: true }).check();
      }
      await camille.getByRole('button', { name: t('fr', 'ballot-submit') }).click();
      await camille.getByRole('heading', { name: t('fr', 'decision-receipt-title') }).waitFor();
      await j.screenshot(camille, 'judgment-voted');

      // Emma reads the results the demo closed shortly after it started.
      const emma = await signIn(j, 'en-GB', 'emma@demo.freeco.coop');
      await decision(emma, 'quartier-des-tilleuls', 'Quel nom pour le jardin ?');
      for (let i = 0; !(await emma.locator('table.pairwise').count()); i++) {
        assert.ok(i < 100, 'the Schulze decision closes');
        await new Promise((ok) => setTimeout(ok, 300));
        await emma.reload();
      }
      await emma.getByRole('group', { name: t('en', 'decision-pairwise'), exact: true }).waitFor();
      await j.screenshot(emma, 'schulze-result');
      await decision(emma, 'fournil-cooperatif-scop', "Quel nouveau pain pour l'hiver ?");
      await emma.getByRole('heading', { name: t('en', 'decision-result') }).waitFor();
      await j.screenshot(emma, 'judgment-result');
      await emma.goto('/wallet');
      await j.screenshot(emma, 'wallet');
      // A producer's organisation, as a member finds it.
      await emma.goto('/organisations');
      await emma.locator('main a[href^="/organisations/"]').first().click();
      await emma.waitForURL(/\/organisations\/[^/]+$/);
      await j.screenshot(emma, 'organisation');

      // The administrator's bank page: the producer's withdrawal waits for a batch.
      const admin = await signIn(j, 'fr-FR', 'admin@demo.freeco.coop');
      await admin.getByRole('link', { name: t('fr', 'nav-bank') }).click();
      await admin.getByRole('group', { name: t('fr', 'bank-payouts'), exact: true }).getByRole('table').waitFor();
      await j.screenshot(admin, 'bank');
      await admin.getByRole('button', { name: t('fr', 'bank-batch-submit') }).click();
      await admin.getByRole('group', { name: t('fr', 'bank-batches'), exact: true }).getByRole('table').waitFor();
      await j.screenshot(admin, 'bank-batch');
      await admin.goto('/transparency');
      await j.screenshot(admin, 'transparency');

      await j.finish();
      console.log(`screenshots: ${j.shots}`);
    } catch (e) {
      throw new Error(`${e.message}\n--- server log ---\n${j.server.output.join('')}`, { cause: e });
    } finally {
      await j.close();
    }
  });
}
