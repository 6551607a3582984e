// The projects journey, as three members of a collective would live it:
// Alice proposes a project in her collective, which validates its projects
// by a collective decision; Bruno and Chloé join it and discuss it in its
// forum (Chloé mentions Alice, who sees it behind the bell); Alice puts the
// project to the vote by consent; all three vote and each keeps a receipt;
// once everyone has voted Alice closes the vote; all see the result, find
// their receipt among the counted ballots, and the project is validated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backends, journey, signUp as member, t } from '../support.mjs';

for (const backend of backends) {
  test(`propose a project, discuss it, validate it by consent, see the result and the receipts (${backend})`, async () => {
    const j = await journey('projects', backend);
    try {
      const alice = await member(j, 'fr-FR', 'Alice Martin', 'alice@example.org');
      const bruno = await member(j, 'fr-FR', 'Bruno Petit', 'bruno@example.org');
      const chloe = await member(j, 'en-GB', 'Chloé Durand', 'chloe@example.org');

      // Alice's collective validates its projects by a collective decision.
      await alice.goto('/collectives');
      await alice.fill('#c-name', 'Jardin des Lilas');
      await alice.selectOption('#c-kind', 'association');
      await alice.getByRole('button', { name: t('fr', 'create') }).click();
      await alice.getByRole('heading', { name: 'Jardin des Lilas' }).waitFor();
      const collectiveUrl = alice.url();
      await alice.getByRole('link', { name: t('fr', 'collective-projects-link') }).click();
      await alice.selectOption('#p-rule', 'decision');
      await alice.getByRole('button', { name: t('fr', 'save') }).click();
      await alice.getByText(t('fr', 'project-rule-now-decision')).waitFor();
      // Bruno and Chloé join the collective through a shared link.
      await alice.goto(`${collectiveUrl}/manage`);
      await alice.getByRole('button', { name: t('fr', 'manage-create-link') }).click();
      const invitation = await alice.locator('#invitation-link').textContent();
      for (const [person, lang] of [[bruno, 'fr'], [chloe, 'en']]) {
        await person.goto(invitation);
        await person.getByRole('button', { name: t(lang, 'invitation-accept') }).click();
        await person.waitForURL(collectiveUrl);
      }

      // Alice proposes the project from the form.
      await alice.goto(collectiveUrl);
      await alice.getByRole('link', { name: t('fr', 'collective-projects-link') }).click();
      await alice.getByRole('link', { name: t('fr', 'project-propose') }).click();
      await alice.fill('#p-title', 'Serre partagée');
      await alice.fill('#p-summary', 'Une serre pour les semis de printemps');
      await alice.fill('#p-objectives', 'Construire une **serre** de 20 m² avec du bois local.');
      await alice.fill('#p-place', 'Parcelle nord');
      await alice.fill('#p-headcount', '3');
      // The 18 skills stay folded until asked for.
      await alice.locator('details.skills summary').click();
      await alice.check('input[name="skill_carpentry"]');
      await alice.selectOption('#p-rk-0', 'money');
      await alice.fill('#p-rl-0', 'Bois et polycarbonate');
      await alice.fill('#p-ra-0', '450');
      await j.screenshot(alice, 'propose-form');
      await alice.getByRole('button', { name: t('fr', 'project-propose-submit') }).click();
      await alice.getByRole('heading', { name: 'Serre partagée' }).waitFor();
      const projectUrl = alice.url();
      await alice.getByText(t('fr', 'project-validated-by-decision')).waitFor();
      await j.screenshot(alice, 'project-proposed');

      // Bruno and Chloé join it.
      for (const [person, lang] of [[bruno, 'fr'], [chloe, 'en']]) {
        await person.goto(projectUrl);
        await person.getByRole('button', { name: t(lang, 'project-join') }).click();
        await person.getByRole('button', { name: t(lang, 'project-leave') }).waitFor();
      }
      await chloe.locator('ul.members li', { hasText: 'Bruno Petit' }).waitFor();
      await j.screenshot(chloe, 'project-joined-en');

      // They discuss it in its forum; Chloé mentions Alice.
      await bruno.goto(projectUrl);
      await bruno.getByRole('navigation', { name: t('fr', 'project-tabs') }).getByRole('link', { name: t('fr', 'project-tab-forum') }).click();
      await bruno.fill('#t-title', 'Qui a une remorque ?');
      await bruno.fill('#t-body', 'Il faut aller chercher **8 plaques** à la ressourcerie.');
      await bruno.getByRole('button', { name: t('fr', 'forum-post') }).click();
      await bruno.getByRole('heading', { name: 'Qui a une remorque ?' }).waitFor();
      const threadUrl = bruno.url();
      await chloe.goto(threadUrl);
      await chloe.fill('#reply-body', 'I have a trailer on Saturday. @Alice Martin, shall we go together?');
      await chloe.getByRole('button', { name: t('en', 'forum-post') }).click();
      await chloe.getByText('I have a trailer on Saturday.').waitFor();
      await j.screenshot(chloe, 'forum-thread-en');
      await alice.goto('/');
      const bell = alice.locator('a.bell .count');
      await bell.waitFor();
      assert.ok(Number(await bell.textContent()) >= 1);
      await alice.locator('a.bell').click();
      await alice.getByRole('link', { name: /Chloé Durand vous mentionne dans « Qui a une remorque \? »/ }).click();
      await alice.waitForURL(new RegExp(`${threadUrl.replace(/[?]/g, '\\?')}#p-`));
      await j.screenshot(alice, 'mention-followed');

      // Alice puts the project to the collective's vote, by consent.
      await alice.goto(projectUrl);
      await alice.selectOption('#v-method', 'consent');
      await alice.getByRole('button', { name: t('fr', 'project-ask-validation') }).click();
      await alice.getByRole('heading', { name: /Validate|Valider le projet/ }).waitFor();
      const decisionUrl = alice.url();
      assert.match(decisionUrl, /\/decisions\//);

      // Each votes; each keeps the receipt the page shows once.
      const receipts = {};
      for (const [name, person, lang, reason] of [
        ['alice', alice, 'fr', ''],
        ['bruno', bruno, 'fr', 'Bonne idée, je fournis les vis.'],
        ['chloe', chloe, 'en', ''],
      ]) {
        await person.goto(decisionUrl);
        await person.getByLabel(t(lang, 'ballot-no-objection')).check();
        if (reason) await person.fill('#reason', reason);
        await person.getByRole('button', { name: t(lang, 'ballot-submit') }).click();
        await person.getByRole('heading', { name: t(lang, 'decision-receipt-title') }).waitFor();
        receipts[name] = (await person.locator('.receipt code.receipt-value').textContent()).trim();
        assert.match(receipts[name], /^[0-9a-f]{64}$/);
        await j.screenshot(person, `receipt-${name}`);
      }

      // Chloé asks a question beside the vote; Bruno answers it.
      await chloe.goto(decisionUrl);
      await chloe.fill('#comment-body', 'Who keeps the trailer between uses, @Bruno Petit?');
      await chloe.getByRole('button', { name: t('en', 'discussion-send') }).first().click();
      await chloe.getByRole('status').filter({ hasText: t('en', 'flash-comment-posted') }).waitFor();
      await bruno.goto(decisionUrl);
      await bruno.getByText(t('fr', 'discussion-reply'), { exact: true }).click();
      await bruno.getByLabel(/Votre réponse à Chloé Durand/).fill('Moi, dans mon garage.');
      await bruno.getByRole('button', { name: t('fr', 'discussion-send') }).first().click();
      await bruno.getByRole('status').filter({ hasText: t('fr', 'flash-comment-posted') }).waitFor();
      await bruno.locator('li.comment.reply .comment-body').getByText('Moi, dans mon garage.').waitFor();
      await j.screenshot(bruno, 'discussion');

      // Everyone has voted: Alice closes the vote and sees the result.
      await alice.goto(decisionUrl);
      await alice.getByRole('button', { name: t('fr', 'decision-close-early') }).click();
      // Closing cannot be undone: a page asks first.
      await alice.getByRole('heading', { name: t('fr', 'confirm-close-vote-title') }).waitFor();
      await j.screenshot(alice, 'confirm-close');
      await alice.getByRole('button', { name: t('fr', 'decision-close-early') }).click();
      await alice.getByRole('status').filter({ hasText: t('fr', 'flash-vote-closed') }).waitFor();
      await alice.getByText(t('fr', 'decision-passed')).first().waitFor();
      await alice.locator('svg.chart-bars').waitFor();
      await alice.getByText('Bonne idée, je fournis les vis.').waitFor();
      await j.screenshot(alice, 'result');
      // Each finds its own receipt among the counted ballots.
      for (const [name, person, lang] of [['alice', alice, 'fr'], ['bruno', bruno, 'fr'], ['chloe', chloe, 'en']]) {
        await person.goto(decisionUrl);
        await person.getByText(t(lang, 'decision-your-receipt-counted')).waitFor();
        assert.equal((await person.locator('p.ok code.receipt-value').textContent()).trim(), receipts[name]);
        const published = await person.evaluate(async (url) => (await fetch(url)).json(), `${decisionUrl.replace('/decisions/', '/api/v1/decisions/')}/ballots`);
        assert.ok(published.some((b) => b.receipt === receipts[name]), `${name}'s receipt is published`);
      }
      await j.screenshot(chloe, 'result-en');

      // The passed decision validates the project (a durable job does it).
      for (let i = 0; ; i++) {
        await bruno.goto(projectUrl);
        if ((await bruno.locator('.state').first().textContent()).includes(t('fr', 'project-state-validated'))) break;
        assert.ok(i < 50, 'the project is validated');
        await new Promise((ok) => setTimeout(ok, 200));
      }
      await j.screenshot(bruno, 'project-validated');

      // The project's other pages, and the member's own, are checked too
      // (each at a phone's width by finish()).
      for (const tab of ['agenda', 'tasks', 'list', 'forum']) {
        await bruno.goto(`${projectUrl}/${tab}`);
      }
      await j.screenshot(bruno, 'project-forum');
      await bruno.goto('/skills');
      await chloe.goto('/account');
      await j.screenshot(chloe, 'account-en');
      await chloe.goto('/account/notifications');
      await j.screenshot(chloe, 'notification-preferences-en');
      await alice.goto('/organisations');
      await alice.goto('/projects');
      await alice.goto('/projects/new');

      await j.finish();
      console.log(`screenshots: ${j.shots}`);
    } catch (e) {
      throw new Error(`${e.message}\n--- server log ---\n${j.server.output.join('')}\n--- smtp ---\n${j.smtp.output.join('')}`, { cause: e });
    } finally {
      await j.close();
    }
  });
}
