// The API against its own description: the OpenAPI document validates as
// OpenAPI 3.1, and a short property-based schemathesis run against a server
// with the demo data finds no 5xx, no answer outside the document, no
// schema-violating input accepted and (where JSON Schema can say the
// server's rules) no schema-valid input refused.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { backends, run, schemathesis, specValidator, startServer } from '../support.mjs';

// Per operation: about 95 operations, so some 1,400 cases per database.
const examples = process.env.FREECO_SCHEMATHESIS_EXAMPLES ?? '15';
// The test command generates the same cases on every run (hypothesis's
// derandomised mode), so a CI run never fails at random. scripts/fuzz-api
// runs with fresh random input (FREECO_SCHEMATHESIS_SEED=random) and prints
// the seed it used; FREECO_SCHEMATHESIS_SEED=<that seed> replays it.
const seed = process.env.FREECO_SCHEMATHESIS_SEED ?? '';
// Hypothesis filters out more of some operations' generated input (the
// camt.053 bodies sent as application/xml, a decision's input with its
// cross-field rules) than its health check allows; that check is about the
// generator, not the API, so it is off in every mode.
const generation = ['--suppress-health-check', 'filter_too_much'].concat(
  seed === '' ? ['--generation-deterministic'] : seed === 'random' ? [] : ['--seed', seed]);

for (const backend of backends) {
  test(`the OpenAPI document is valid 3.1 and the API keeps to it (${backend})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'freeco-api-'));
    const server = await startServer(backend, '', dir, 'demo');
    try {
      const spec = await (await fetch(`${server.base}/api/openapi.json`)).json();
      assert.match(spec.openapi, /^3\.1\./);
      const specFile = join(dir, 'openapi.json');
      writeFileSync(specFile, JSON.stringify(spec));
      const validation = await run(specValidator, [specFile]);
      assert.equal(validation.code, 0, validation.output);

      const login = await fetch(`${server.base}/api/v1/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'camille@demo.freeco.coop', password: 'demo-freeco-2026', name: 'schemathesis' }),
      });
      assert.equal(login.status, 201);
      const { secret } = await login.json();

      // The statuses that refuse schema-violating input, and the operations
      // whose rules JSON Schema cannot say (a SIRET's Luhn check, known time
      // zones, data the server holds…), where schema-valid input may still be
      // refused: e2e/schemathesis.toml says which and why.
      const configFile = resolve(import.meta.dirname, '../schemathesis.toml');

      const result = await run(schemathesis, [
        '--config-file', configFile,
        'run', `${server.base}/api/openapi.json`,
        '--header', `Authorization: Bearer ${secret}`,
        // No --checks: every check runs, schemathesis's default. Checks
        // named on the command line would override the configuration's
        // per-operation settings.
        // Erasing the account or revoking the run's own token would end the run early;
        // crates/web/tests/http.rs covers both.
        '--exclude-name', 'DELETE /api/v1/me',
        '--exclude-name', 'DELETE /api/v1/me/tokens/{id}',
        '--max-examples', examples,
        ...generation,
        '--workers', '2',
        '--no-color',
      ]);
      assert.equal(result.code, 0, `schemathesis found problems:\n${result.output}`);
      const methods = ['get', 'put', 'post', 'delete', 'patch'];
      const operations = Object.values(spec.paths).flatMap((item) => Object.keys(item).filter((k) => methods.includes(k))).length;
      assert.match(result.output, new RegExp(`Selected: ${operations - 2}/${operations}`), 'every other operation was tested');
    } catch (e) {
      e.message += `\n--- server log ---\n${server.output.join('')}`;
      throw e;
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
