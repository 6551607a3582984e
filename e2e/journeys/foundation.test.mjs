// The Foundation journey, as two people would live it: Alice signs up,
// confirms her address from the mail, accepts the charter, creates a
// collective and invites Bob by e-mail; Bob, whose browser speaks English,
// signs up from the invitation and joins; Alice switches to English.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backends, journey, linkIn, t } from '../support.mjs';

for (const backend of backends) {
  test(`sign up, confirm, accept the charter, create a collective, invite, join, switch language (${backend})`, async () => {
    const j = await journey('foundation', backend);
    try {
      // Alice, French browser.
      const alice = await j.person('fr-FR');
      await alice.goto('/');
      assert.equal(await alice.getAttribute('html', 'lang'), 'fr');
      await j.screenshot(alice, 'home-fr');
      await alice.getByRole('main').getByRole('link', { name: t('fr', 'nav-signup') }).click();
      await alice.fill('#display_name', 'Alice Martin');
      await alice.fill('#email', 'alice@example.org');
      await alice.fill('#password', 'un mot de passe solide');
      await j.screenshot(alice, 'signup-form');
      await alice.getByRole('button', { name: t('fr', 'signup-submit') }).click();
      await alice.getByRole('heading', { name: t('fr', 'signup-done-title') }).waitFor();
      await j.screenshot(alice, 'signup-check-mailbox');

      // The confirmation arrives over SMTP, in French.
      const aliceMail = await j.smtp.mailTo('alice@example.org', '/confirm?token=');
      assert.match(aliceMail, new RegExp(t('fr', 'mail-confirm-subject')));
      await alice.goto(linkIn(aliceMail, '/confirm?token='));
      // The link alone does not confirm: she types her password.
      await alice.getByRole('heading', { name: t('fr', 'confirm-title') }).waitFor();
      await alice.fill('#password', 'un mot de passe solide');
      await alice.getByRole('button', { name: t('fr', 'confirm-submit') }).click();
      await alice.getByRole('heading', { name: t('fr', 'charter-title') }).waitFor();
      await j.screenshot(alice, 'charter-to-accept');
      await alice.getByRole('button', { name: t('fr', 'charter-accept') }).click();
      await alice.getByRole('heading', { name: t('fr', 'home-my-collectives') }).waitFor();

      // She creates a collective.
      await alice.goto('/collectives');
      await alice.fill('#c-name', 'Jardin partagé des Lilas');
      await alice.selectOption('#c-kind', 'association');
      await alice.fill('#c-description', 'Un potager collectif au pied des immeubles.');
      await j.screenshot(alice, 'collective-form');
      await alice.getByRole('button', { name: t('fr', 'create') }).click();
      await alice.getByRole('heading', { name: 'Jardin partagé des Lilas' }).waitFor();
      const collectiveUrl = alice.url();
      assert.match(collectiveUrl, /\/collectives\/jardin-partage-des-lilas$/);
      await j.screenshot(alice, 'collective-created');

      // And invites Bob by e-mail.
      await alice.getByRole('link', { name: t('fr', 'collective-manage') }).click();
      await alice.fill('#invite-email', 'bob@example.org');
      await alice.getByRole('button', { name: t('fr', 'manage-send-invitation') }).click();
      await alice.locator('li', { hasText: 'bob@example.org' }).waitFor();
      await j.screenshot(alice, 'invitation-sent');

      // Bob, English browser, opens the invitation, signs up from it, confirms, accepts the charter.
      const invitation = await j.smtp.mailTo('bob@example.org', '/invitations/');
      const bob = await j.person('en-GB');
      await bob.goto(linkIn(invitation, '/invitations/'));
      assert.equal(await bob.getAttribute('html', 'lang'), 'en');
      await bob.getByText('Jardin partagé des Lilas').first().waitFor();
      await j.screenshot(bob, 'bob-invitation');
      await bob.getByRole('main').getByRole('link', { name: t('en', 'nav-signup') }).click();
      await bob.fill('#display_name', 'Bob Smith');
      await bob.fill('#email', 'bob@example.org');
      await bob.fill('#password', 'a long enough password');
      await bob.getByRole('button', { name: t('en', 'signup-submit') }).click();
      await bob.getByRole('heading', { name: t('en', 'signup-done-title') }).waitFor();
      const bobMail = await j.smtp.mailTo('bob@example.org', '/confirm?token=');
      assert.match(bobMail, new RegExp(t('en', 'mail-confirm-subject')));
      await bob.goto(linkIn(bobMail, '/confirm?token='));
      await bob.fill('#password', 'a long enough password');
      await bob.getByRole('button', { name: t('en', 'confirm-submit') }).click();
      await bob.getByRole('heading', { name: t('en', 'charter-title') }).waitFor();
      await bob.getByRole('button', { name: t('en', 'charter-accept') }).click();
      // Accepting the charter brings him back to the invitation.
      await bob.getByRole('button', { name: t('en', 'invitation-accept') }).click();
      await bob.waitForURL(collectiveUrl);
      await bob.locator('ul.members li', { hasText: 'Bob Smith' }).waitFor();
      await j.screenshot(bob, 'bob-joined');

      // Alice sees Bob among the members, then switches to English; the choice stays.
      await alice.goto(collectiveUrl);
      await alice.locator('ul.members li', { hasText: 'Bob Smith' }).waitFor();
      await j.screenshot(alice, 'alice-sees-bob');
      await alice.getByRole('button', { name: 'English' }).click();
      await alice.getByRole('link', { name: t('en', 'collective-manage') }).waitFor();
      assert.equal(await alice.getAttribute('html', 'lang'), 'en');
      assert.equal(alice.url(), collectiveUrl);
      await j.screenshot(alice, 'alice-in-english');
      await alice.goto('/');
      await alice.getByRole('heading', { name: t('en', 'home-my-collectives') }).waitFor();
      await j.screenshot(alice, 'alice-home-in-english');

      // The public transparency page: the log's signed state and how to check it.
      await alice.getByRole('link', { name: t('en', 'nav-transparency') }).click();
      await alice.getByRole('heading', { name: t('en', 'transparency-title') }).waitFor();
      await alice.getByText('freeco verify --url').waitFor();
      await j.screenshot(alice, 'transparency');

      // Alice tops up her wallet (demo payment, said so) and pays Bob, who sees it.
      await alice.getByRole('link', { name: t('en', 'nav-wallet') }).click();
      await alice.getByText(t('en', 'wallet-demo-provider')).waitFor();
      await alice.fill('#topup-amount', '20');
      await alice.getByRole('button', { name: t('en', 'wallet-topup-submit') }).click();
      await alice.getByText('€20.00').first().waitFor();
      await alice.selectOption('#pay-to', { label: 'Bob Smith' });
      await alice.fill('#pay-amount', '5.50');
      await alice.fill('#pay-message', 'Seeds for the garden');
      await alice.getByRole('button', { name: t('en', 'wallet-pay-submit'), exact: true }).click();
      // The fee (none between members) is shown before anything moves.
      await alice.getByRole('heading', { name: t('en', 'payment-confirm-title') }).waitFor();
      await alice.getByText('€0.00').first().waitFor();
      await j.screenshot(alice, 'payment-confirm');
      await alice.getByRole('button', { name: t('en', 'payment-confirm-submit') }).click();
      await alice.getByText('€14.50').first().waitFor();
      // Her own reference for topping up by bank transfer.
      await alice.getByRole('heading', { name: t('en', 'wallet-bank-transfer') }).waitFor();
      await alice.getByText(/^RF\d\d /).waitFor();
      await j.screenshot(alice, 'alice-wallet');
      await bob.goto('/wallet');
      await bob.getByText('Seeds for the garden').waitFor();
      await bob.getByText('€5.50').first().waitFor();
      await j.screenshot(bob, 'bob-wallet');

      // Bob checks, in his browser, that the payment is in the signed log.
      await bob.getByRole('button', { name: t('en', 'wallet-verify') }).first().click();
      await bob.getByText(/Verified in your browser: signed log of \d+ entries, and the entry names your wallet/).waitFor();
      await j.screenshot(bob, 'bob-verified');
      // Served a changed entry, the same check fails.
      await bob.route('**/api/v1/log/entries?*', async (route) => {
        const response = await route.fetch();
        const page = await response.json();
        page.entries[0].body = page.entries[0].body.replace(/"amount":\d+/, '"amount":55000');
        await route.fulfill({ response, json: page });
      });
      await bob.getByRole('button', { name: t('en', 'wallet-verify') }).first().click();
      await bob.getByText(/Not verified \(root\)/).waitFor();
      await bob.unroute('**/api/v1/log/entries?*');

      await j.finish();
      console.log(`screenshots: ${j.shots}`);
    } catch (e) {
      throw new Error(`${e.message}\n--- server log ---\n${j.server.output.join('')}\n--- smtp ---\n${j.smtp.output.join('')}`, { cause: e });
    } finally {
      await j.close();
    }
  });
}
