// Checks, in the member's own browser, that a transfer is in the instance's
// transparency log: the checkpoint's Ed25519 signature against the published
// key, then the entry's inclusion proof (RFC 9162) against the signed root.
// Nothing here trusts the page's server-side rendering.
'use strict';

const b64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const leafHash = (entry) => sha256(concat(Uint8Array.of(0), entry));
const nodeHash = (left, right) => sha256(concat(Uint8Array.of(1), left, right));
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

async function getJson(path) {
  const response = await fetch(path, { credentials: 'omit' });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

// C2SP signed note: the text, a blank line, then "— name base64(keyid || signature)".
async function openCheckpoint(note, verifierKey) {
  // name+keyid+base64(0x01 || key); the base64 part may itself contain '+'.
  const first = verifierKey.indexOf('+');
  const second = verifierKey.indexOf('+', first + 1);
  const name = verifierKey.slice(0, first);
  const key = b64(verifierKey.slice(second + 1));
  if (key[0] !== 1 || key.length !== 33) throw new Error('bad key');
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  const publicKey = await crypto.subtle.importKey('raw', key.slice(1), { name: 'Ed25519' }, false, ['verify']);
  for (const line of note.slice(split + 2).split('\n')) {
    const match = line.match(/^\u2014 (\S+) (\S+)$/);
    if (!match || match[1] !== name) continue;
    const blob = b64(match[2]);
    const signed = await crypto.subtle.verify('Ed25519', publicKey, blob.slice(4), new TextEncoder().encode(text));
    if (signed) {
      const [origin, size, root] = text.split('\n');
      return { origin, size: Number(size), root: b64(root) };
    }
  }
  throw new Error('signature');
}

// RFC 9162 section 2.1.3.2.
async function rootFromInclusion(leaf, index, size, proof) {
  if (index >= size) throw new Error('index');
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) throw new Error('proof too long');
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error('proof too short');
  return r;
}

async function verify(index) {
  const { verifier_key: verifierKey } = await getJson('/api/v1/log/key');
  const note = await (await fetch('/api/v1/log/checkpoint', { credentials: 'omit' })).text();
  const checkpoint = await openCheckpoint(note, verifierKey);
  const { entries } = await getJson(`/api/v1/log/entries?start=${index}&limit=1`);
  if (!entries.length || entries[0].index !== index) throw new Error('entry missing');
  const { hashes } = await getJson(`/api/v1/log/proof/inclusion?index=${index}&size=${checkpoint.size}`);
  const root = await rootFromInclusion(
    await leafHash(new TextEncoder().encode(entries[0].body)), index, checkpoint.size, hashes.map(b64));
  if (!equal(root, checkpoint.root)) throw new Error('root');
  return { checkpoint, body: entries[0].body };
}

// The log names a transfer's sides by commitments: HMAC-SHA256 keyed with the
// account's proof key, over the side, a line feed and the entry's nonce. Only
// the holder of the key can tell that an entry is its own. Entries written
// before commitments name accounts by id: nothing to check there (null).
async function isOwn(body, side, proofKey) {
  const entry = JSON.parse(body);
  if (!entry.nonce || !proofKey) return null;
  const text = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', text.encode(proofKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, text.encode(`${side}\n${entry.nonce}`)));
  const hex = Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
  return hex === entry[side];
}

for (const button of document.querySelectorAll('button[data-verify-index]')) {
  const status = document.getElementById(button.getAttribute('aria-controls'));
  button.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = button.dataset.checking;
    try {
      const { checkpoint, body } = await verify(Number(button.dataset.verifyIndex));
      const own = await isOwn(body, button.dataset.side, button.closest('table').dataset.proofKey);
      if (own === false) throw new Error('not yours');
      const said = own ? button.dataset.okOwn : button.dataset.ok;
      status.textContent = said.replace('{size}', checkpoint.size);
      status.className = 'ok';
    } catch (e) {
      status.textContent = `${button.dataset.failed} (${e.message})`;
      status.className = 'field-error';
    } finally {
      button.disabled = false;
    }
  });
}
