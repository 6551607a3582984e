// What every browser journey needs: a real SMTP listener, a real freeco
// server on SQLite or PostgreSQL, Debian's Chromium, screenshots at a
// desktop's and a phone's width, and the checks every page must pass there.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
// The test command installs aiosmtpd and schemathesis into target/py.
const venv = join(root, 'target/py/bin');
export const python = process.env.FREECO_E2E_PYTHON ?? join(venv, 'python');
export const schemathesis = join(venv, 'schemathesis');
export const specValidator = join(venv, 'openapi-spec-validator');
const binary = process.env.FREECO_BIN ?? join(root, 'target/debug/freeco');
const postgresUrl = process.env.FREECO_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

// The backends every journey runs on, as the Rust tests do.
export const backends = ['sqlite', 'postgres'];

async function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function waitFor(what, check, timeoutMs = 20000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Runs a command to its end, resolving to its exit code and its whole output. */
export function run(command, args, options = {}) {
  return new Promise((ok, fail) => {
    const output = [];
    const child = spawn(command, args, options);
    child.stdout.on('data', (d) => output.push(d.toString()));
    child.stderr.on('data', (d) => output.push(d.toString()));
    child.on('error', fail);
    child.on('exit', (code) => ok({ code, output: output.join('') }));
  });
}

function started(name, child, output) {
  child.stdout.on('data', (d) => output.push(d.toString()));
  child.stderr.on('data', (d) => output.push(d.toString()));
  child.on('exit', (code) => {
    if (code !== null && code !== 0) output.push(`${name} exited with ${code}\n`);
  });
  return child;
}

/** aiosmtpd writing every message it receives into a Maildir. */
export async function startSmtp(dir) {
  const port = await freePort();
  const maildir = join(dir, 'maildir');
  const output = [];
  const child = started(
    'aiosmtpd',
    spawn(python, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir]),
    output,
  );
  await waitFor('the SMTP listener', () => canConnect(port));
  return {
    url: `smtp://127.0.0.1:${port}`,
    output,
    stop: () => child.kill(),
    /** The first message to `to` whose text contains `needle`, with soft line breaks undone. */
    async mailTo(to, needle) {
      return waitFor(`a mail to ${to} containing ${needle}`, () => {
        for (const sub of ['new', 'cur']) {
          let names = [];
          try {
            names = readdirSync(join(maildir, sub));
          } catch {
            continue;
          }
          for (const name of names) {
            const text = unfoldQuotedPrintable(readFileSync(join(maildir, sub, name), 'utf8'));
            if (text.match(/^To: (.*)$/m)?.[1].includes(to) && text.includes(needle)) return text;
          }
        }
        return null;
      });
    },
  };
}

function unfoldQuotedPrintable(text) {
  if (!/Content-Transfer-Encoding: quoted-printable/i.test(text)) return text;
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

export function linkIn(mail, path) {
  const match = mail.match(new RegExp(`https?://[^\\s]*${path.replace(/[?]/g, '\\?')}[^\\s]*`));
  if (!match) throw new Error(`no link to ${path} in:\n${mail}`);
  return match[0];
}

async function canConnect(port) {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.on('error', () => ok(false));
  });
}

/** Runs one SQL statement with psql on `url` (by default the database
 *  FREECO_TEST_POSTGRES names): its rows, each an array of columns. */
function psql(sql, url = postgresUrl) {
  return rowsOf(execFileSync('psql', [url, '-qAt', '-F', '\t', '-c', sql], { stdio: 'pipe' }).toString());
}

function rowsOf(text) {
  return text.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
}

// One SQL statement on an SQLite file, as the server's second writer:
// waits up to 10 s for the server's lock (busy timeout), commits, and
// prints each row tab-separated (NULL as an empty column).
const SQLITE_RUN = `
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10)
rows = db.execute(sys.argv[2]).fetchall()
db.commit()
for row in rows:
    print('\\t'.join('' if v is None else str(v) for v in row))
`;

/** `freeco serve` (or `demo`) on a random port with its own data folder and database. */
export async function startServer(backend, smtpUrl, dir, command = 'serve') {
  const port = await freePort();
  const env = {
    ...process.env,
    FREECO_DATA_DIR: join(dir, 'data'),
    FREECO_BASE_URL: `http://127.0.0.1:${port}`,
    FREECO_SMTP_URL: smtpUrl,
    FREECO_JOB_POLL_MS: '50',
    FREECO_LOG: 'warn',
    FREECO_BANK_IBAN: 'FR76 3000 6000 0112 3456 7890 189',
    FREECO_BANK_HOLDER: 'Freeco e2e',
  };
  delete env.DATABASE_URL;
  let dropDatabase = () => {};
  if (backend === 'postgres') {
    const name = `freeco_e2e_${process.pid}_${port}`;
    psql(`CREATE DATABASE ${name}`);
    env.DATABASE_URL = postgresUrl.replace(/\/[^/]*$/, `/${name}`);
    dropDatabase = () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const output = [];
  const child = started('freeco', spawn(binary, [command, '--bind', `127.0.0.1:${port}`], { env }), output);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    `freeco to answer on ${base}\n${output.join('')}`,
    async () => (await fetch(`${base}/readyz`).catch(() => null))?.ok,
    60000,
  );
  return {
    base,
    output,
    /** Runs one SQL statement on this server's own database (SQLite's
     *  file in its data folder, or its PostgreSQL database) and commits:
     *  what a journey needs to move simulated time, as the Rust tests do
     *  (times are ms since the epoch in the rows). Its rows, each an array
     *  of columns as text. */
    sql(statement) {
      if (backend === 'postgres') return psql(statement, env.DATABASE_URL);
      const file = join(env.FREECO_DATA_DIR, 'freeco.sqlite3');
      return rowsOf(execFileSync(python, ['-c', SQLITE_RUN, file, statement], { stdio: 'pipe' }).toString());
    },
    /** Runs `freeco <args…>` on this server's data (an operator's command). */
    cli(...args) {
      return execFileSync(binary, args, { env, stdio: 'pipe' }).toString();
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((ok) => (child.exitCode !== null ? ok() : child.on('exit', ok)));
      dropDatabase();
    },
  };
}

/** Debian's Chromium, launched as this machine allows. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// What a finger must be able to hit: at least 44 px each way (WCAG 2.5.5).
// A checkbox or a radio counts by its label, which it must sit in.
const TAP_TARGETS = [
  'button',
  'select',
  'textarea',
  'input:not([type=hidden]):not([type=checkbox]):not([type=radio])',
  'header.site nav a',
  'nav.tabs a',
  'label:has(> input[type=checkbox])',
  'label:has(> input[type=radio])',
].join(', ');

/** What the page shown now breaks at `size`, in words: at a phone's width,
 *  a document wider than the screen and tap targets under 44 px; at both,
 *  axe-core's serious and critical violations. Empty when all is well. */
export async function pageProblems(page, size) {
  await page.setViewportSize(size);
  const found = [];
  if (size.width === PHONE.width) {
    const layout = await page.evaluate((selector) => {
      const small = [];
      for (const el of document.querySelectorAll(selector)) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue; // not displayed
        if (r.width < 44 || r.height < 44) {
          const name = (el.textContent || el.getAttribute('name') || el.id).trim().replace(/\s+/g, ' ').slice(0, 40);
          small.push(`tap target ${el.tagName.toLowerCase()} "${name}" is ${Math.round(r.width)}×${Math.round(r.height)} px`);
        }
      }
      for (const el of document.querySelectorAll('input[type=checkbox], input[type=radio]')) {
        if (!el.closest('label')) small.push(`${el.type} ${el.name} has no label around it to tap`);
      }
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth, small };
    }, TAP_TARGETS);
    if (layout.scrollWidth > layout.innerWidth) {
      found.push(`the document is ${layout.scrollWidth} px wide on a ${layout.innerWidth} px screen`);
    }
    found.push(...layout.small);
  }
  // Evaluated as the test browser's own script, which the page's CSP does
  // not govern: the CSP stays whole, and the journeys still see violations.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe ${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`));
  found.push(...violations);
  return found.map((problem) => `${page.url()} at ${size.width} px: ${problem}`);
}

/** Screenshots of the page shown now at a desktop's and a phone's width,
 *  each checked by `pageProblems`; the page is left at the desktop width. */
export async function screenshotBoth(page, path) {
  const found = [];
  for (const [size, suffix] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${path}-${suffix}.png`, fullPage: true });
    found.push(...(await pageProblems(page, size)));
  }
  await page.setViewportSize(DESKTOP);
  assert.deepEqual(found, [], 'the page holds at both widths');
}

/** Everything one journey on one backend needs, ended by `finish` and torn down by `close`. */
export async function journey(name, backend, command = 'serve') {
  const dir = mkdtempSync(join(tmpdir(), `freeco-e2e-${name}-`));
  const smtp = await startSmtp(dir);
  const server = await startServer(backend, smtp.url, dir, command);
  const browser = await launchBrowser();
  const shots = join(root, 'target', 'e2e-screenshots', `${name}-${backend}`);
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  let step = 0;
  const problems = [];
  // Per person: the HTML pages its browser loaded by GET, to check again.
  const people = [];
  return {
    smtp,
    server,
    shots,
    problems,
    /** A browser profile of its own (cookies, language), reporting console
     *  errors and CSP violations, and remembering the pages it loads. */
    async person(locale) {
      const context = await browser.newContext({ locale, baseURL: server.base, viewport: DESKTOP });
      const page = await context.newPage();
      page.on('console', (m) => m.type() === 'error' && problems.push(`${locale}: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`${locale}: ${e.message}`));
      const loaded = new Set();
      let shown = null;
      page.on('response', (response) => {
        const request = response.request();
        if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
          shown = { get: request.method() === 'GET', html: (response.headers()['content-type'] ?? '').startsWith('text/html') };
        }
      });
      page.on('load', () => {
        if (shown?.get && shown.html) loaded.add(page.url().split('#')[0]);
      });
      people.push({ page, loaded });
      return page;
    },
    /** Screenshots at both widths, and every check of `pageProblems`. */
    async screenshot(page, label) {
      step += 1;
      await screenshotBoth(page, join(shots, `${String(step).padStart(2, '0')}-${label}`));
    },
    /** The journey's last step: no console error on the way, then every
     *  page each person loaded, loaded again and checked at a phone's width
     *  (a one-time link used since may now answer with an error page). */
    async finish() {
      assert.deepEqual(problems, [], 'no console error or CSP violation');
      const found = [];
      for (const { page, loaded } of people) {
        for (const url of [...loaded]) {
          await page.goto(url);
          found.push(...(await pageProblems(page, PHONE)));
        }
      }
      assert.deepEqual(found, [], 'every page visited holds at a phone\'s width');
    },
    async close() {
      await browser.close();
      await server.stop();
      smtp.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const messages = {};
/** A single-line message of locales/<lang>/*.ftl (the kernel's and the
 *  modules'), so the journeys check the real wording. */
export function t(lang, key) {
  // The kernel's locales/, and each module's crates/<module>/locales/.
  const dirs = [join(root, 'locales', lang)].concat(
    readdirSync(join(root, 'crates'))
      .map((crate) => join(root, 'crates', crate, 'locales', lang))
      .filter((dir) => existsSync(dir)),
  );
  messages[lang] ??= Object.fromEntries(
    dirs
      .flatMap((dir) => readdirSync(dir).filter((name) => name.endsWith('.ftl')).map((name) => join(dir, name)))
      .flatMap((path) => readFileSync(path, 'utf8').split('\n'))
      .map((line) => line.match(/^([a-z][a-z0-9_-]*) = (.*)$/))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
  const text = messages[lang][key];
  if (text === undefined) throw new Error(`no message ${key} in ${lang}`);
  return text;
}

const PASSWORD = 'un mot de passe solide';

/** A member who signs up through the API, confirms from the mail, signs in
 *  and accepts the charter: its page, in its own browser profile. */
export async function signUp(j, locale, name, email) {
  const lang = locale.slice(0, 2);
  const signup = await fetch(`${j.server.base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': lang },
    body: JSON.stringify({ email, password: PASSWORD, display_name: name }),
  });
  assert.equal(signup.status, 202, await signup.text());
  const mail = await j.smtp.mailTo(email, '/confirm?token=');
  const page = await j.person(locale);
  await page.goto(linkIn(mail, '/confirm?token='));
  await page.fill('#password', PASSWORD);
  await page.getByRole('button', { name: t(lang, 'confirm-submit') }).click();
  await page.getByRole('button', { name: t(lang, 'charter-accept') }).click();
  await page.getByRole('heading', { name: t(lang, 'home-my-collectives') }).waitFor();
  return page;
}
