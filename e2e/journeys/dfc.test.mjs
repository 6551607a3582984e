// The Data Food Consortium's catalogue format, checked with the DFC's own
// connector (@datafoodconsortium/connector), as another platform would use
// it: it reads a producer's catalogue from Freeco's DFC endpoint and finds
// the names, sizes, prices and VAT rates the producer set; it writes a
// catalogue that Freeco imports into another producer's; a document off
// the ontology is refused with what is wrong, and nothing is imported.
// Nothing is fetched from the network: the connector is given the 1.16
// context it ships and a small measures thesaurus of our own.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Connector, ConnectorImporterJsonldStream } from '@datafoodconsortium/connector';
import context from '@datafoodconsortium/connector/lib/context.js';
import { backends, startServer } from '../support.mjs';

const PASSWORD = 'demo-freeco-2026';

// The URLs the 1.16 context is published at: Freeco writes the first, the
// NPM connector the second.
const CONTEXTS = [
  'https://w3id.org/dfc/ontology/context/context_1.16.0.json',
  'https://www.datafoodconsortium.org/wp-content/plugins/wordpress-context-jsonld/context_1.16.0.jsonld',
];

// The few units of the DFC's measures taxonomy these tests use, as a SKOS
// thesaurus the connector loads (the taxonomies are not in its package).
const M = 'https://github.com/datafoodconsortium/taxonomies/releases/latest/download/measures.rdf#';
function concept(id, narrower = []) {
  const node = { '@id': M + id, '@type': 'skos:Concept', 'skos:prefLabel': [{ '@value': id, '@language': 'en' }] };
  if (narrower.length > 0) node['skos:narrower'] = narrower.map((n) => ({ '@id': M + n }));
  return node;
}
const measures = {
  '@context': { skos: 'http://www.w3.org/2004/02/skos/core#' },
  '@graph': [
    { '@id': M + 'Measures', '@type': 'skos:ConceptScheme', 'skos:hasTopConcept': [{ '@id': M + 'Unit' }] },
    concept('Unit', ['QuantityUnit', 'CurrencyUnit']),
    concept('QuantityUnit', ['Gram', 'Kilogram', 'Millilitre', 'Litre', 'Piece']),
    concept('CurrencyUnit', ['Euro']),
    ...['Gram', 'Kilogram', 'Millilitre', 'Litre', 'Piece', 'Euro'].map((u) => concept(u)),
  ],
};

/** A connector that never goes to the network: the 1.16 context from its
 *  own package, every other document refused, every object from its store. */
async function offlineConnector() {
  const connector = new Connector();
  const documentLoader = {
    async load(url) {
      if (CONTEXTS.includes(url)) return { '@context': context };
      throw new Error(`the connector asked for ${url}`);
    },
  };
  connector.setDefaultImporter(new ConnectorImporterJsonldStream({ context, documentLoader }));
  connector.setDefaultFetchFunction(async (url) => {
    throw new Error(`the connector tried to fetch ${url}`);
  });
  await connector.loadMeasures(JSON.stringify(measures));
  return connector;
}

async function token(base, email) {
  const response = await fetch(`${base}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, name: 'dfc' }),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return JSON.parse(text).secret;
}

async function get(base, secret, path) {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${secret}` } });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text);
}

function importDfc(base, secret, seller, body) {
  return fetch(`${base}/api/v1/market/sellers/${seller}/catalogue.dfc`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/ld+json' },
    body,
  });
}

for (const backend of backends) {
  test(`the DFC connector reads Freeco's catalogue and Freeco imports the connector's (${backend})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'freeco-dfc-'));
    const server = await startServer(backend, '', dir, 'demo');
    try {
      const base = server.base;
      // Lucas runs the farm, Amina the bakery.
      const lucas = await token(base, 'lucas@demo.freeco.coop');
      const amina = await token(base, 'amina@demo.freeco.coop');
      const sellers = await get(base, lucas, '/api/v1/market/sellers');
      const farm = sellers.find((s) => s.name === 'Ferme des Quatre Saisons').id;
      const bakery = sellers.find((s) => s.name === 'Fournil Coopératif').id;

      // (a) Another platform reads the farm's catalogue, without an account.
      const response = await fetch(`${base}/api/dfc/enterprises/${farm}/catalog`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/ld+json');
      const connector = await offlineConnector();
      const objects = await connector.import(await response.text());
      const enterprise = objects.find((o) => o.isSemanticTypeOf('dfc-b:Enterprise'));
      assert.equal(enterprise.getName(), 'Ferme des Quatre Saisons');
      assert.equal(enterprise.getVatNumber(), 'FR83404833048');
      // What is sold: the supplied products that are not product groups
      // (a group lists its variants).
      const supplied = objects.filter(
        (o) => o.isSemanticTypeOf('dfc-b:SuppliedProduct') && o.getSemanticPropertyAll('dfc-b:hasVariant').length === 0,
      );
      const units = {
        g: connector.MEASURES.UNIT.QUANTITYUNIT.GRAM,
        ml: connector.MEASURES.UNIT.QUANTITYUNIT.MILLILITRE,
        piece: connector.MEASURES.UNIT.QUANTITYUNIT.PIECE,
      };
      const read = [];
      for (const product of supplied) {
        const quantity = product.getQuantity();
        const [item] = await product.getCatalogItems();
        const [offer] = await item.getOfferers();
        const price = offer.getPrice();
        assert.equal(await price.getQuantityUnit(), connector.MEASURES.UNIT.CURRENCYUNIT.EURO);
        read.push({
          name: product.getName(),
          unit: await quantity.getQuantityUnit(),
          size: quantity.getQuantityValue(),
          price: price.getQuantityValue(),
          vat: price.getVatRate(),
          sku: item.getSku(),
        });
      }
      const products = await get(base, lucas, `/api/v1/market/sellers/${farm}/products`);
      const variants = products.flatMap((p) => p.variants.map((v) => ({ p, v })));
      assert.ok(variants.length > 0, 'the demo farm sells something');
      assert.equal(read.length, variants.length);
      for (const { p, v } of variants) {
        const found = read.find((r) => r.name.startsWith(`${p.name} `) && r.size === v.size && r.unit === units[v.unit]);
        assert.ok(found, `${p.name} ${v.size} ${v.unit} is read by the connector: ${JSON.stringify(read.map((r) => r.name))}`);
        assert.equal(found.price, v.price / 100);
        assert.equal(found.vat, p.vat_rate / 100);
        assert.equal(found.sku, v.sku);
      }

      // (b) A catalogue the connector writes, imported into the bakery.
      const writer = await offlineConnector();
      const unit = writer.MEASURES.UNIT;
      const there = 'https://other-platform.example/api/dfc/enterprises/7';
      const sold = [
        { id: 1, name: 'Pommes Reinette', value: 1.5, unit: unit.QUANTITYUNIT.KILOGRAM, price: 3.2, vat: 5.5, stock: 12, sku: 'POM-1' },
        { id: 2, name: 'Miel de châtaignier', value: 250, unit: unit.QUANTITYUNIT.GRAM, price: 7.9, vat: 5.5, sku: 'MIEL' },
        { id: 3, name: 'Cidre brut', value: 0.75, unit: unit.QUANTITYUNIT.LITRE, price: 4, vat: 20, sku: '' },
      ];
      const build = (lines) => {
        const all = [];
        for (const line of lines) {
          const offer = writer.createOffer({
            semanticId: `${there}/offers/${line.id}`,
            price: writer.createPrice({ value: line.price, vatRate: line.vat, unit: unit.CURRENCYUNIT.EURO }),
          });
          const item = writer.createCatalogItem({
            semanticId: `${there}/catalog_items/${line.id}`,
            sku: line.sku,
            stockLimitation: line.stock,
            offers: [offer],
          });
          offer.setOfferedItem(item);
          const product = writer.createSuppliedProduct({
            semanticId: `${there}/supplied_products/${line.id}`,
            name: line.name,
            description: `${line.name}, de notre verger`,
            quantity: writer.createQuantity({ value: line.value, unit: line.unit }),
            catalogItems: [item],
          });
          all.push(product, item, offer);
        }
        return writer.export(all);
      };
      const before = await get(base, amina, `/api/v1/market/sellers/${bakery}/products`);
      // Written with an unknown unit, a VAT rate France does not have and
      // no price: refused, each error naming its product; nothing written.
      const wrong = await build([
        sold[0],
        { ...sold[1], unit: { getSemanticId: () => `${M}Barrel` } },
        { ...sold[2], vat: 7 },
      ]);
      const refused = await importDfc(base, amina, bakery, wrong);
      assert.equal(refused.status, 422);
      assert.equal(refused.headers.get('content-type'), 'application/problem+json');
      const problem = await refused.json();
      assert.deepEqual(
        problem.errors.map((e) => [e.line, e.code]),
        [[2, 'error-dfc-unit'], [3, 'error-vat-rate']],
        JSON.stringify(problem),
      );
      assert.deepEqual(await get(base, amina, `/api/v1/market/sellers/${bakery}/products`), before);

      const document = await build(sold);
      // Only the bakery's administrators import into it.
      assert.equal((await importDfc(base, lucas, bakery, document)).status, 403);
      const imported = await importDfc(base, amina, bakery, document);
      const done = await imported.text();
      assert.equal(imported.status, 200, done);
      assert.deepEqual(JSON.parse(done), { created: 3, updated: 0 });
      const after = await get(base, amina, `/api/v1/market/sellers/${bakery}/products`);
      assert.equal(after.length, before.length + 3);
      const product = (name) => after.find((p) => p.name === name);
      assert.equal(product('Pommes Reinette').vat_rate, 550);
      assert.equal(product('Pommes Reinette').description, 'Pommes Reinette, de notre verger');
      assert.deepEqual(
        product('Pommes Reinette').variants.map((v) => [v.unit, v.size, v.price, v.stock_mode, v.stock, v.sku]),
        [['g', 1500, 320, 'count', 12, 'POM-1']],
      );
      assert.deepEqual(
        product('Miel de châtaignier').variants.map((v) => [v.unit, v.size, v.price, v.stock_mode]),
        [['g', 250, 790, 'unlimited']],
      );
      assert.equal(product('Cidre brut').vat_rate, 2000);
      assert.deepEqual(
        product('Cidre brut').variants.map((v) => [v.unit, v.size, v.price]),
        [['ml', 750, 400]],
      );
      // The same document again updates the same products.
      const again = await importDfc(base, amina, bakery, document);
      assert.deepEqual(await again.json(), { created: 0, updated: 3 });
      assert.deepEqual(await get(base, amina, `/api/v1/market/sellers/${bakery}/products`), after);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
