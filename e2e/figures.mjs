// What the journeys read off the pages, as the pages write it: localized
// messages and amounts, definition lists and tables, spaces made plain.
import { t } from './support.mjs';

/** A message of the locales (`t`), its spaces as `norm` makes them. */
export const T = (lang, key) => norm(t(lang, key));

/** An amount in cents as the pages write it: "1 234,56 €", "€1,234.56".
 *  Compared after `norm`, which makes every kind of space one space. */
export function eur(lang, cents) {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'fr' ? ' ' : ',');
  const hundredths = String(abs % 100).padStart(2, '0');
  return lang === 'fr' ? `${sign}${units},${hundredths} €` : `${sign}€${units}.${hundredths}`;
}

/** Text with its no-break and narrow no-break spaces (French amounts)
 *  and runs of white space made one plain space. */
export function norm(text) {
  return (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/** A definition list as { term: description }, both normalised. */
export async function facts(dl) {
  const pairs = await dl.evaluate((el) => [...el.querySelectorAll(':scope > dt')]
    .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent ?? '']));
  return Object.fromEntries(pairs.map(([k, v]) => [norm(k), norm(v)]));
}

/** The rows of a table's body, each cell's text normalised, a line break
 *  read as a space and the forms (buttons) left out. */
export async function rows(table) {
  return table.evaluate((el) => [...el.querySelectorAll('tbody tr')]
    .map((tr) => [...tr.querySelectorAll('td')].map((td) => {
      const copy = td.cloneNode(true);
      copy.querySelectorAll('form, details').forEach((f) => f.remove());
      copy.querySelectorAll('br').forEach((br) => br.replaceWith(' '));
      return copy.textContent;
    })))
    .then((all) => all.map((cells) => cells.map(norm)));
}
