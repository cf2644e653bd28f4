// How the simulated model follows a rewrite's instruction, as a model would: what the instruction
// changes about the facts (a governing law, the courts, an age, a term of years, no arbitration) is
// drafted from the start (detail-clauses.ts), and what it says about the wording is carried out on
// the section written afresh: wording it names removed or replaced, a vague phrase made concrete, a
// liability cap made mutual, a contact email added, terms defined. So the old wording an instruction
// names is gone and the new is there, whether the instruction is one of the simulator's own
// suggestions (suggestion-writer.ts) or the client's own words.
import type { Language } from '../domain/details.js';
import { INSTRUCTION_TAG } from '../domain/templates.js';
import type { FactOverrides } from './detail-clauses.js';
import { countryOfAdjective } from './jurisdiction.js';

/** The instruction of a rewrite request (between its tags in the task message), if any. */
export function revisionInstruction(task: string): string | undefined {
  // The tag on a line of its own: the task's sentence that names the tag is not the instruction.
  const match = new RegExp(`^<${INSTRUCTION_TAG}>\\n([\\s\\S]*?)\\n</${INSTRUCTION_TAG}>$`, 'm').exec(task);
  return match?.[1]?.trim() || undefined;
}

/** What an instruction asks for. */
export interface Revision {
  instruction: string;
  overrides: FactOverrides;
  /** Sentences (and list items) matching one of these are left out. */
  drop: RegExp[];
  /** Literal replacements: [old, new]. */
  replace: [string, string][];
}

const PLACE = String.raw`([A-Z\u00C0-\u00DD][\p{L}'’.-]*(?:[ -][A-Z\u00C0-\u00DD][\p{L}'’.-]*)*)`;
/** Words after "remove the …" that name nothing to remove. */
const NOT_A_SUBJECT = new Set([
  ...['other', 'any', 'this', 'that', 'these', 'those', 'rest', 'each', 'every', 'all'],
  ...['sentence', 'sentences', 'clause', 'clauses', 'paragraph', 'provision', 'wording', 'language', 'part', 'text'],
]);

export function readRevision(instruction: string): Revision {
  const overrides: FactOverrides = {};
  const drop: RegExp[] = [];
  const replace: [string, string][] = [];

  // The simulator's own suggestion: "governed by the laws of Region, Country and that the courts of …".
  const suggested =
    /governed by the laws of (.+?) and that (?:the courts of .+?|its courts) have exclusive/.exec(instruction) ??
    /soumis au droit du pays suivant : (.+?), et que (?:les tribunaux de .+?|ses tribunaux) sont seuls compétents/.exec(
      instruction,
    );
  const named =
    suggested?.[1] ??
    new RegExp(
      String.raw`\b(?:governing law|governed by|laws? of|jurisdiction)\b[^.;\n]*?\b(?:be|is|to|of|:)\s+(?:the\s+)?(?:laws? of\s+)?${PLACE}`,
      'u',
    ).exec(instruction)?.[1];
  if (named) Object.assign(overrides, placeOf(named));
  const adjective =
    /\bdroit (français|belge|suisse|luxembourgeois|canadien|allemand|espagnol|italien|monégasque)\b/i.exec(
      instruction,
    )?.[1];
  const country = adjective ? countryOfAdjective(adjective) : undefined;
  if (country) overrides.country = country;
  const courts =
    new RegExp(String.raw`\bcourts (?:of|in|located in)\s+${PLACE}`, 'u').exec(instruction)?.[1] ??
    new RegExp(String.raw`\btribunaux (?:de|du ressort de)\s+${PLACE}`, 'u').exec(instruction)?.[1];
  if (courts && courts !== overrides.country && !courts.startsWith('[')) overrides.region = courts;

  if (
    /\b(remove|delete|drop|strike|no|without|not)\b[^.;\n]{0,40}\barbitra/i.test(instruction) ||
    /\b(supprim|retir|sans)\w*\b[^.;\n]{0,40}\barbitr/i.test(instruction)
  ) {
    overrides.noArbitration = true;
    drop.push(/arbitra/i);
  }
  const age = /\b(?:minimum age|at least|âge minimum|au moins)\D{0,20}?(\d{2})\b/i.exec(instruction)?.[1];
  if (age && Number(age) >= 13 && Number(age) <= 21) overrides.minimumAge = Number(age);
  const term = /\b(?:term|durée)\b[^.;\n]{0,40}?(\d{1,2})\s*(?:years?|ans?)\b/i.exec(instruction)?.[1];
  if (term) overrides.termYears = Number(term);

  for (const match of instruction.matchAll(
    /\b(?:remove|delete|drop|strike out|strike)\s+(?:the\s+|any\s+|all\s+)?(?:(?:sentences?|clauses?|paragraphs?|provisions?|wording|language|parts?|mentions?|references?)\s+(?:about|on|regarding|concerning|of|to|mentioning|that mentions?)\s+(?:the\s+|any\s+)?)?(?:["“]([^"”]+)["”]|([a-z][a-z-]{3,}))/gi,
  )) {
    const [, quoted, word] = match;
    if (quoted) drop.push(new RegExp(escapeRegExp(quoted), 'i'));
    else if (word && !NOT_A_SUBJECT.has(word.toLowerCase()))
      drop.push(new RegExp(escapeRegExp(word.slice(0, Math.max(4, word.length - 3))), 'i'));
  }
  for (const match of instruction.matchAll(/\breplace ["“]([^"”]+)["”] (?:with|by) ["“]([^"”]+)["”]/gi)) {
    if (match[1] && match[2]) replace.push([match[1], match[2]]);
  }
  const vague =
    /^Replace "([^"]+)" with a concrete term, (.+?), and keep/.exec(instruction) ??
    /^Remplacer « ([^»]+) » par un terme précis, (.+?), et conserver/.exec(instruction);
  if (vague?.[1] && vague[2]) replace.push([vague[1], vague[2]]);
  return { instruction, overrides, drop, replace };
}

/** "Paris, France" → region Paris, country France; "the State of Texas" → Texas, United States. */
function placeOf(named: string): FactOverrides {
  const place = named.trim().replace(/[.,;]+$/, '');
  const state = /^(?:the )?State of (.+)$/i.exec(place)?.[1];
  if (state) return { country: 'United States', region: state };
  const parts = place.split(/,\s*/);
  if (parts.length >= 2) return { country: parts.at(-1), region: parts.slice(0, -1).join(', ') };
  return { country: place };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ADDED: Readonly<Record<Language, { mutual: string; notices: (email: string) => string; defined: string }>> = {
  en: {
    mutual: 'The limitations and exclusions in this section apply equally to both parties.',
    notices: (email) => `Notices and questions about this document must be sent to ${email}.`,
    defined:
      'Capitalised terms used in this section have the meanings given to them where they are first defined in this document.',
  },
  fr: {
    mutual: 'Les limitations et exclusions du présent article s’appliquent de la même manière aux deux parties.',
    notices: (email) => `Les notifications et questions relatives au présent document sont adressées à ${email}.`,
    defined:
      'Les termes en majuscules employés au présent article ont le sens qui leur est donné lors de leur première définition.',
  },
};

/** The section (heading line, blank line, body) with the instruction's wording changes carried out. */
export function reviseSection(section: string, revision: Revision, language: Language): string {
  const [heading = '', ...rest] = section.split('\n');
  let body = rest.join('\n');
  for (const [old, replacement] of revision.replace) body = body.split(old).join(replacement);
  if (revision.drop.length > 0) body = dropMatching(body, revision.drop);

  const { instruction } = revision;
  const added: string[] = [];
  const words = ADDED[language];
  if (
    /^(Make the limitation of liability mutual|Rendre la limitation de responsabilité réciproque)/.test(instruction)
  ) {
    body = body
      .replace(
        /La responsabilité totale de .+? est limitée aux sommes versées par l’utilisateur/g,
        'La responsabilité totale de chaque partie est limitée aux sommes versées au titre du présent document',
      )
      .replace(/The aggregate liability of .+? for all claims/g, "Each party's aggregate liability for all claims")
      .replace(/shall not exceed the amounts paid by you/g, 'shall not exceed the amounts paid under these terms')
      .replace(
        /You agree to indemnify and hold harmless .+? from any claims/g,
        'Each party shall indemnify and hold harmless the other from any claims',
      );
    added.push(words.mutual);
  }
  const email = /(?:go to|sont adressées à) (\S+@[^\s.]+(?:\.[^\s.]+)+)\.?$/.exec(instruction)?.[1];
  if (email && !body.includes(email)) added.push(words.notices(email));
  if (/^(Define each capitalised term|Définir chaque terme en majuscules)/.test(instruction)) added.push(words.defined);

  const text = `${heading}\n${body}`;
  return added.length === 0 ? text : `${text}\n\n${added.join(' ')}`;
}

/** The body without the sentences and list items that match: paragraph by paragraph. */
function dropMatching(body: string, patterns: readonly RegExp[]): string {
  const hit = (text: string) => patterns.some((pattern) => pattern.test(text));
  return body
    .split('\n\n')
    .map((block) => {
      if (/^(- |### )/m.test(block))
        return block
          .split('\n')
          .filter((line) => !hit(line))
          .join('\n');
      return block
        .split(/(?<=[.!?])\s+(?=[A-Z\u00C0-\u00DD«"“])/u)
        .filter((sentence) => !hit(sentence))
        .join(' ');
    })
    .filter((block) => block.trim() !== '')
    .join('\n\n');
}
