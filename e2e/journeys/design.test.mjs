// The design system's page (docs/components.html, on the real stylesheet):
// it passes the checks every page passes, the keyboard's focus ring is the
// palette's, and each component's section is screenshot into
// docs/design/<component>.png, which ARCHITECTURE.md shows.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { DESKTOP, launchBrowser, screenshotBoth } from '../support.mjs';

const root = resolve(import.meta.dirname, '../..');
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** The page and the stylesheet over HTTP, as a browser fetches them (axe reads stylesheets, which file:// forbids). */
async function serveDocs() {
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (!['/docs/components.html', '/crates/web/static/style.css', '/crates/web/static/favicon.svg'].includes(path)) {
      return response.writeHead(404).end();
    }
    response.writeHead(200, { 'content-type': types[extname(path)] }).end(readFileSync(join(root, path)));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return server;
}

test('the components page holds at both widths, and each component is screenshot for ARCHITECTURE.md', async () => {
  const server = await serveDocs();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: DESKTOP });
    const problems = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`http://127.0.0.1:${server.address().port}/docs/components.html`);
    const shots = join(root, 'target', 'e2e-screenshots', 'design');
    rmSync(shots, { recursive: true, force: true });
    mkdirSync(shots, { recursive: true });
    await screenshotBoth(page, join(shots, 'components'));

    // The keyboard's focus is ringed in --color-focus; a click's is not.
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement);
      return { tag: document.activeElement.tagName, outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` };
    });
    assert.deepEqual(ring, { tag: 'BUTTON', outline: 'solid 3px rgb(179, 89, 0)' });

    const design = join(root, 'docs', 'design');
    mkdirSync(design, { recursive: true });
    const sections = await page.locator('section.component').evaluateAll((all) => all.map((s) => s.id));
    assert.deepEqual(sections, ['tokens', 'buttons', 'tabs', 'cards', 'tables', 'forms', 'flash', 'progress', 'charts']);
    for (const id of sections) {
      await page.locator(`section#${id}`).screenshot({ path: join(design, `${id}.png`) });
    }
    assert.deepEqual(problems, [], 'no console error');
  } finally {
    await browser.close();
    server.close();
  }
});
