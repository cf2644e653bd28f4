// How a title the model wrote is compared with the outline's: the way a reader would, not byte for
// byte. Case, accents, punctuation, Markdown emphasis and spacing do not count ("**Propriete
// intellectuelle :**" is "Propriété intellectuelle"); a paraphrase that keeps most of the words
// ("Service Description" for "Description of Service") is similar, not equal.

/** Lower case, no accents, every run of non-letters and non-digits one space. Ends are kept as given. */
export function foldTitle(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ');
}

/** The folded title, trimmed: what two titles are compared by. */
export function titleKey(text: string): string {
  return foldTitle(text).trim();
}

// Words too common to tell two titles apart (English and French).
const FILLER = new Set([
  'of',
  'and',
  'the',
  'a',
  'an',
  'to',
  'for',
  'in',
  'on',
  'de',
  'des',
  'du',
  'la',
  'le',
  'les',
  'et',
  'd',
  'l',
  'a',
  'au',
  'aux',
]);

/** A title's telling words, plurals made singular (`accounts`, `frais`… a rough stem is enough here). */
function words(key: string): Set<string> {
  return new Set(
    key
      .split(' ')
      .filter((word) => word !== '' && !FILLER.has(word))
      .map((word) => (word.length > 3 ? word.replace(/[sx]$/, '') : word)),
  );
}

/**
 * Whether `written` is the outline's `title` reworded: equal once folded, one the other's start (a
 * title run on), or sharing at least half of their words (Dice coefficient ≥ 0.5); with `loosely`,
 * sharing one telling word is enough (`Your Account` for `User Accounts and Registration`).
 */
export function similarTitles(written: string, title: string, loosely = false): boolean {
  const a = titleKey(written);
  const b = titleKey(title);
  if (a === '' || b === '') return false;
  if (a === b || a.startsWith(`${b} `) || b.startsWith(`${a} `)) return true;
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 || wb.size === 0) return false;
  let shared = 0;
  for (const word of wa) if (wb.has(word)) shared += 1;
  return loosely ? shared > 0 : (2 * shared) / (wa.size + wb.size) >= 0.5;
}
