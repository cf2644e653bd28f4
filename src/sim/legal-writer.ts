// The simulated model's writing: a deterministic legal document that follows the section list the
// service asks for. The service's prompt names the sections (`Write exactly these sections, in this
// order:` then `## N. Title` lines); the service then parses the headings back out of the stream, so
// the simulator must reproduce them exactly while the prose in between only has to look plausible.
import type { Language } from '../domain/details.js';
import type { TemplateId } from '../domain/templates.js';
import { contradictsDetails, detailClause, withOverrides, type FactOverrides } from './detail-clauses.js';
import { readFacts, type DraftFacts } from './details-reader.js';
import { parseDirectives, stripDirectives, type Injection } from './directives.js';
import {
  NDA_GENERIC_BULLETS,
  NDA_GENERIC_SENTENCES,
  NDA_TOPICS,
  FR_NDA_GENERIC_BULLETS,
  FR_NDA_GENERIC_SENTENCES,
  FR_NDA_TOPICS,
} from './nda-banks.js';
import { allUserText, lastUserText, messageText, type ChatMessage } from './openai-format.js';
import {
  CONNECTIVES,
  GENERIC_BULLETS,
  GENERIC_SENTENCES,
  LIST_LEAD_INS,
  TOPICS,
  XSS_PAYLOADS,
  CONTROL_PAYLOADS,
  UNICODE_PAYLOADS,
  type Topic,
} from './phrase-banks.js';
import {
  FR_CONNECTIVES,
  FR_GENERIC_BULLETS,
  FR_GENERIC_SENTENCES,
  FR_LIST_LEAD_INS,
  FR_TOPICS,
} from './phrase-banks-fr.js';
import {
  FR_PRIVACY_GENERIC_BULLETS,
  FR_PRIVACY_GENERIC_SENTENCES,
  FR_PRIVACY_TOPICS,
  PRIVACY_GENERIC_BULLETS,
  PRIVACY_GENERIC_SENTENCES,
  PRIVACY_TOPICS,
} from './privacy-banks.js';
import { createRng, hashString, type Rng } from './prng.js';
import { readRevision, reviseSection, revisionInstruction } from './revisions.js';

/** The payloads each `inject=` directive spreads over a document's sections. */
const INJECTED: Record<Injection, readonly string[]> = {
  xss: XSS_PAYLOADS,
  control: CONTROL_PAYLOADS,
  unicode: UNICODE_PAYLOADS,
};

/** The words a draft is written with: its language's, and its document's own vocabulary. */
interface Bank {
  language: Language;
  topics: readonly Topic[];
  sentences: readonly string[];
  bullets: readonly string[];
  connectives: readonly string[];
  leadIns: readonly string[];
  company: string;
}

type Vocabulary = Pick<Bank, 'topics' | 'sentences' | 'bullets'>;

const VOCABULARIES: Readonly<Record<Language, Readonly<Record<'tos' | 'privacy' | 'nda', Vocabulary>>>> = {
  en: {
    tos: { topics: TOPICS, sentences: GENERIC_SENTENCES, bullets: GENERIC_BULLETS },
    privacy: { topics: PRIVACY_TOPICS, sentences: PRIVACY_GENERIC_SENTENCES, bullets: PRIVACY_GENERIC_BULLETS },
    nda: { topics: NDA_TOPICS, sentences: NDA_GENERIC_SENTENCES, bullets: NDA_GENERIC_BULLETS },
  },
  fr: {
    tos: { topics: FR_TOPICS, sentences: FR_GENERIC_SENTENCES, bullets: FR_GENERIC_BULLETS },
    privacy: {
      topics: FR_PRIVACY_TOPICS,
      sentences: FR_PRIVACY_GENERIC_SENTENCES,
      bullets: FR_PRIVACY_GENERIC_BULLETS,
    },
    nda: { topics: FR_NDA_TOPICS, sentences: FR_NDA_GENERIC_SENTENCES, bullets: FR_NDA_GENERIC_BULLETS },
  },
};

function bankFor(language: Language, template: TemplateId | undefined): Bank {
  const kind = template === 'nda' ? 'nda' : template === 'privacy-policy' ? 'privacy' : 'tos';
  return language === 'fr'
    ? {
        language,
        ...VOCABULARIES.fr[kind],
        connectives: FR_CONNECTIVES,
        leadIns: FR_LIST_LEAD_INS,
        company: 'la Société',
      }
    : { language, ...VOCABULARIES.en[kind], connectives: CONNECTIVES, leadIns: LIST_LEAD_INS, company: 'the Company' };
}

/** French when any system or user message asks for the document in French. */
function languageOf(messages: readonly Pick<ChatMessage, 'role' | 'content'>[]): Language {
  const asked = messages.some((m) => m.role !== 'assistant' && /write the document in french/i.test(messageText(m)));
  return asked ? 'fr' : 'en';
}

const SECTIONS_MARKER = 'Write exactly these sections, in this order:';

export interface SectionHeading {
  /** The number as written in the request ("3"). */
  number: string;
  title: string;
}

const DEFAULT_SECTIONS: readonly SectionHeading[] = [
  { number: '1', title: 'General' },
  { number: '2', title: 'Terms' },
  { number: '3', title: 'Miscellaneous' },
];

/** Word budget of a section's body (heading excluded); injected payloads and what the details call for come on top. */
export const SECTION_WORDS = { min: 60, max: 140 } as const;

const HEADING_LINE = /^##\s*(\d+)\.\s+(.*\S)\s*$/;

/**
 * The headings listed after the last marker line, up to the first blank line after them; undefined
 * when the prompt has no marker or lists no heading. Lines that are not `## N. Title` are skipped.
 */
export function requestedSections(prompt: string): SectionHeading[] | undefined {
  const lines = prompt.split(/\r?\n/);
  const markerAt = lines.findLastIndex((line) => line.trim().toLowerCase().endsWith(SECTIONS_MARKER.toLowerCase()));
  if (markerAt < 0) return undefined;
  const headings: SectionHeading[] = [];
  for (const line of lines.slice(markerAt + 1)) {
    if (line.trim() === '') {
      if (headings.length > 0) break;
      continue; // tolerate a blank line between the marker and the first heading
    }
    const match = HEADING_LINE.exec(line.trim());
    if (match?.[1] && match[2]) headings.push({ number: match[1], title: match[2].replace(/\s+/g, ' ') });
  }
  return headings.length > 0 ? headings : undefined;
}

function headingLine(heading: SectionHeading): string {
  return `## ${heading.number}. ${heading.title}`;
}

/**
 * Writes the whole reply for a chat request: every section the last user message asks for as
 * `## N. Title`, a blank line, then 2–4 paragraphs (sometimes a bulleted list), sections separated by
 * a blank line. The client's name, business and details come from the user messages (the service
 * sends the client's brief before the task); what each section must say about the details is drafted
 * first (detail-clauses.ts), the phrase bank fills in around it, and no sentence is written twice in a
 * draft: neither in this reply nor in the sections already written (given back as the assistant's
 * earlier answer). The same messages always give the same text.
 */
export function writeDocument(request: { messages: readonly Pick<ChatMessage, 'role' | 'content'>[] }): string {
  const rawPrompt = allUserText(request.messages);
  const parsed = parseDirectives(rawPrompt);
  const directives = parsed.ok ? parsed.directives : undefined;
  const injected = directives?.inject === undefined ? [] : INJECTED[directives.inject];
  const prompt = stripDirectives(rawPrompt);
  const language = languageOf(request.messages);
  const task = stripDirectives(lastUserText(request.messages));
  const instruction = revisionInstruction(task);
  const revision = instruction ? readRevision(instruction) : undefined;
  const read = readFacts(prompt);
  const facts = revision ? withOverrides(read, revision.overrides) : read;
  const bank = bankFor(language, facts.template);
  const client = describeClient(prompt, facts, bank);
  const asked = requestedSections(task) ?? DEFAULT_SECTIONS;
  const headings = [...asked, ...extraSections(asked, directives?.extra ?? 0)];
  const written = new SentenceLedger(earlierAnswers(request.messages));
  const draft: Draft = { prompt, client, bank, facts, overrides: revision?.overrides ?? {}, written };
  // A model that runs on repeats itself as it goes: its sections past the last asked for are as long
  // as the asked ones, whatever they already said (the service must hang up on them, not read them).
  const runOn = (): Draft => ({ ...draft, written: new SentenceLedger('') });
  return headings
    .map((heading, index) => {
      // Spread the payloads so each appears exactly once, whatever the number of sections.
      const payloads = injected.filter((_, i) => i % headings.length === index);
      const writer = index < asked.length ? draft : runOn();
      const section = writeSection(heading, index, writer, payloads, directives?.format === 'rich');
      return revision ? reviseSection(section, revision, language) : section;
    })
    .join('\n\n');
}

/** The text of the assistant's earlier answers: the sections already written, given as context. */
function earlierAnswers(messages: readonly Pick<ChatMessage, 'role' | 'content'>[]): string {
  return messages
    .filter((m) => m.role === 'assistant')
    .map(messageText)
    .join('\n\n');
}

/** The sentences (and list items) a draft holds already: none is written twice. */
class SentenceLedger {
  private readonly used = new Set<string>();
  constructor(private readonly earlier: string) {}

  has(sentence: string): boolean {
    if (this.used.has(sentence)) return true;
    // Earlier, the sentence may have opened with a connective ("Accordingly, we …").
    const tail = sentence.slice(1);
    return (
      this.earlier !== '' &&
      (this.earlier.includes(sentence) || this.earlier.includes(`${sentence.charAt(0).toLowerCase()}${tail}`))
    );
  }

  add(sentence: string): void {
    this.used.add(sentence);
  }
}

interface Draft {
  prompt: string;
  client: ClientFacts;
  bank: Bank;
  facts: DraftFacts;
  overrides: FactOverrides;
  written: SentenceLedger;
}

/** Sections a model that runs on writes after the last one it was asked for. */
function extraSections(asked: readonly SectionHeading[], count: number): SectionHeading[] {
  const last = Number(asked.at(-1)?.number ?? 0);
  return Array.from({ length: count }, (_, i) => ({
    number: String(last + i + 1),
    title: `Additional Provisions ${i + 1}`,
  }));
}

interface ClientFacts {
  company: string;
  service: string;
  /** "a dog-walking marketplace", when the prompt says what the business is. */
  business: string | undefined;
}

/** What the brief tells about the client: its name from the details (or a quoted name), what it offers. */
function describeClient(prompt: string, facts: DraftFacts, bank: Bank): ClientFacts {
  const quoted = [...prompt.matchAll(/["“]([^"”\n]{2,60})["”]/g)]
    .map((m) => m[1] ?? '')
    .find((name) => /^[A-Z0-9]/.test(name));
  const french = bank.language === 'fr';
  const business = french ? undefined : BUSINESS_PATTERNS.map((pattern) => pattern.exec(prompt)?.[1]).find(Boolean);
  const { legalName, tradingName } = facts.details;
  // An agreement names its party by its legal name; a user-facing document by the name users know.
  const named = facts.template === 'nda' ? (legalName ?? tradingName) : (tradingName ?? legalName);
  const company = named ?? quoted ?? bank.company;
  return { company, service: french ? 'la Plateforme' : serviceNoun(prompt), business: business?.trim() };
}

const BUSINESS_END = String.raw`(?=\s+(?:called|named|based|that|which|located|in|with|where|whose)\b|[.,;:!?\n"“]|$)`;
const BUSINESS_PATTERNS = [
  new RegExp(
    String.raw`\b(?:for|operates|operating|runs|running|is)\s+(an?\s+[a-z][a-z0-9&' -]{2,60}?)${BUSINESS_END}`,
    'i',
  ),
  new RegExp(String.raw`["”],\s+(an?\s+[a-z][a-z0-9&' -]{2,60}?)${BUSINESS_END}`, 'i'),
];

function serviceNoun(prompt: string): string {
  if (/\bmarketplace\b/i.test(prompt)) return 'the Marketplace';
  if (/\b(mobile app|app|application)\b/i.test(prompt)) return 'the App';
  if (/\bplatform\b/i.test(prompt)) return 'the Platform';
  if (/\b(saas|software)\b/i.test(prompt)) return 'the Software';
  if (/\b(store|shop|e-?commerce)\b/i.test(prompt)) return 'the Store';
  return 'the Service';
}

// Long, as one section's writing reads in order: its list, the sentences its details call for, then
// filler up to its word count, its paragraphs and the payloads a test asked for.
function writeSection(
  heading: SectionHeading,
  index: number,
  draft: Draft,
  payloads: readonly string[],
  rich = false,
): string {
  const { client, bank, facts, written } = draft;
  const line = headingLine(heading);
  // Seeded per section: a section's text depends only on its heading and the users' text.
  const rng = createRng(hashString(`${line}\n${draft.prompt}`));
  const topic = bank.topics.find((t) => t.pattern.test(heading.title.toLowerCase()));
  const fill = (template: string) =>
    capitalise(template.replaceAll('{company}', client.company).replaceAll('{service}', client.service));
  const voice = { language: bank.language, template: facts.template, company: client.company, service: client.service };
  const clause = detailClause(heading.title, facts, voice, draft.overrides);
  const fits = (template: string) => !contradictsDetails(template, facts.details, facts.template);
  const fresh = (text: string) => !written.has(text);

  // The section's list: the details' own (data, processors), else now and then the bank's.
  const bulletBank = (topic ? topic.bullets : bank.bullets).filter(fits);
  let lead: string | undefined;
  let items: string[] = [];
  if (clause.list) {
    lead = clause.list.lead;
    items = clause.list.items;
  } else if (bulletBank.length >= 3 && (rng.chance(0.3) || rich)) {
    const chosen = rng.shuffled(bulletBank).map(fill).filter(fresh);
    items = chosen.slice(0, rng.int(3, Math.min(4, bulletBank.length)));
    lead = rng.shuffled(bank.leadIns).find(fresh);
    if (rich && (!lead || items.length < 2)) {
      // `format=rich` promises a list in every section: past the bank's fresh items, it repeats some.
      lead ??= bank.leadIns[rng.int(0, bank.leadIns.length - 1)];
      if (items.length < 2) items = rng.shuffled(bulletBank).slice(0, 3).map(fill);
    }
    if (!lead || items.length < 2) [lead, items] = [undefined, []];
  }
  if (lead) written.add(lead);
  for (const item of items) written.add(item);
  const list = items.map((item) => `- ${rich ? boldOpening(item) : item}`);
  const leadIn = rich && lead ? `### Key points\n\n${lead}` : lead;

  const sentences: string[] = [];
  let words = wordCount(list.join(' ')) + wordCount(leadIn ?? '');
  const take = (sentence: string) => {
    sentences.push(sentence);
    written.add(sentence);
    words += wordCount(sentence);
  };
  // An agreement between two parties describes no service to its users.
  if (index === 0 && client.business && facts.template !== 'nda') {
    const intro = fill(`{company} operates ${client.business}, referred to in this document as {service}.`);
    if (fresh(intro)) take(intro);
  }
  // What the details call for is written whatever the word budget: a model given them would.
  for (const sentence of clause.sentences.map(capitalise)) if (fresh(sentence)) take(sentence);
  const target = rng.int(SECTION_WORDS.min + 10, SECTION_WORDS.max - 20);
  const pool = [...rng.shuffled(topic?.sentences ?? []), ...rng.shuffled(bank.sentences)].filter(fits);
  for (const template of pool) {
    if (words >= target && sentences.length >= 2) break;
    const plain = fill(template);
    if (!fresh(plain)) continue;
    const sentence = withConnective(template, sentences.length > 0, rng, bank.connectives);
    const count = wordCount(fill(sentence));
    if (words + count > SECTION_WORDS.max) continue;
    sentences.push(fill(sentence));
    written.add(plain);
    words += count;
  }

  const paragraphs = splitIntoParagraphs(sentences, rng.int(2, 4));
  for (const payload of payloads) {
    const at = rng.int(0, paragraphs.length - 1);
    paragraphs[at] = `${paragraphs[at]} Further particulars are available at ${payload} upon request.`;
  }
  const blocks = [...paragraphs];
  if (leadIn) blocks.splice(1, 0, leadIn, list.join('\n'));
  return [line, ...blocks].join('\n\n');
}

// Now and then a sentence opens with a connective. Only sentences that start with a placeholder or an
// ordinary capitalised word can take one (a leading quote or acronym would read wrongly lower-cased).
function withConnective(template: string, allowed: boolean, rng: Rng, connectives: readonly string[]): string {
  if (!allowed || !rng.chance(0.25)) return template;
  const connective = connectives[rng.int(0, connectives.length - 1)] ?? '';
  if (template.startsWith('{')) return connective + template;
  // A defined term ("Confidential Information", "Receiving Party") keeps its capital.
  if (/^[A-Z][a-z]+ [A-Z]/.test(template)) return template;
  if (/^[A-Z][a-z]/.test(template)) return connective + template.charAt(0).toLowerCase() + template.slice(1);
  return template;
}

function splitIntoParagraphs(sentences: readonly string[], wanted: number): string[] {
  const count = Math.max(1, Math.min(wanted, sentences.length));
  const base = Math.floor(sentences.length / count);
  const extra = sentences.length % count;
  const paragraphs: string[] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const size = base + (i < extra ? 1 : 0);
    paragraphs.push(sentences.slice(start, start + size).join(' '));
    start += size;
  }
  return paragraphs;
}

/** `**The Company** shall…`: the first two words of a list item in bold. */
function boldOpening(item: string): string {
  const words = item.split(' ');
  return words.length < 3 ? item : `**${words.slice(0, 2).join(' ')}** ${words.slice(2).join(' ')}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}
