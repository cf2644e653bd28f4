// The simulated model's writing: a deterministic legal document that follows the section list the
// service asks for. The service's prompt names the sections (`Write exactly these sections, in this
// order:` then `## N. Title` lines); the service then parses the headings back out of the stream, so
// the simulator must reproduce them exactly while the prose in between only has to look plausible.
import { parseDirectives, stripDirectives, type Injection } from './directives.js';
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
import { createRng, hashString, type Rng } from './prng.js';
import { reviseSection, revisionInstruction } from './revisions.js';

/** The payloads each `inject=` directive spreads over a document's sections. */
const INJECTED: Record<Injection, readonly string[]> = {
  xss: XSS_PAYLOADS,
  control: CONTROL_PAYLOADS,
  unicode: UNICODE_PAYLOADS,
};

/** The words a draft is written with: English by default, French when the request asks for it. */
interface Bank {
  topics: readonly Topic[];
  sentences: readonly string[];
  bullets: readonly string[];
  connectives: readonly string[];
  leadIns: readonly string[];
  company: string;
  service: (prompt: string) => string;
  french: boolean;
}

const ENGLISH: Bank = {
  topics: TOPICS,
  sentences: GENERIC_SENTENCES,
  bullets: GENERIC_BULLETS,
  connectives: CONNECTIVES,
  leadIns: LIST_LEAD_INS,
  company: 'the Company',
  service: serviceNoun,
  french: false,
};

const FRENCH: Bank = {
  topics: FR_TOPICS,
  sentences: FR_GENERIC_SENTENCES,
  bullets: FR_GENERIC_BULLETS,
  connectives: FR_CONNECTIVES,
  leadIns: FR_LIST_LEAD_INS,
  company: 'la Société',
  service: () => 'la Plateforme',
  french: true,
};

/** French when any system or user message asks for the document in French. */
function bankFor(messages: readonly Pick<ChatMessage, 'role' | 'content'>[]): Bank {
  const asked = messages.some((m) => m.role !== 'assistant' && /write the document in french/i.test(messageText(m)));
  return asked ? FRENCH : ENGLISH;
}

/** The business's name from the service's details lines (`- Trading or product name: Acme`), if any. */
function namedInDetails(prompt: string): string | undefined {
  for (const label of ['Trading or product name', 'Legal name']) {
    const match = new RegExp(`^- ${label}: (.{1,200})$`, 'm').exec(prompt);
    if (match?.[1]) return match[1].trim();
  }
  return undefined;
}

export const SECTIONS_MARKER = 'Write exactly these sections, in this order:';

export interface SectionHeading {
  /** The number as written in the request ("3"). */
  number: string;
  title: string;
}

export const DEFAULT_SECTIONS: readonly SectionHeading[] = [
  { number: '1', title: 'General' },
  { number: '2', title: 'Terms' },
  { number: '3', title: 'Miscellaneous' },
];

/** Word budget of a section's body (heading excluded); injected payloads come on top. */
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

export function headingLine(heading: SectionHeading): string {
  return `## ${heading.number}. ${heading.title}`;
}

/**
 * Writes the whole reply for a chat request: every section the last user message asks for as
 * `## N. Title`, a blank line, then 2–4 paragraphs (sometimes a bulleted list), sections separated by
 * a blank line. The client's name and business come from any user message (the service sends the
 * client's brief before the task). The same messages always give the same text.
 */
export function writeDocument(request: { messages: readonly Pick<ChatMessage, 'role' | 'content'>[] }): string {
  const rawPrompt = allUserText(request.messages);
  const parsed = parseDirectives(rawPrompt);
  const directives = parsed.ok ? parsed.directives : undefined;
  const injected = directives?.inject === undefined ? [] : INJECTED[directives.inject];
  const prompt = stripDirectives(rawPrompt);
  const bank = bankFor(request.messages);
  const client = describeClient(prompt, bank);
  const task = stripDirectives(lastUserText(request.messages));
  const asked = requestedSections(task) ?? DEFAULT_SECTIONS;
  const headings = [...asked, ...extraSections(asked, directives?.extra ?? 0)];
  const instruction = revisionInstruction(task);
  return headings
    .map((heading, index) => {
      // Spread the payloads so each appears exactly once, whatever the number of sections.
      const payloads = injected.filter((_, i) => i % headings.length === index);
      const section = writeSection(heading, index, prompt, client, payloads, bank, directives?.format === 'rich');
      return instruction ? reviseSection(section, instruction) : section;
    })
    .join('\n\n');
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

/** What the prompt tells about the client, to make the prose about its business. */
function describeClient(prompt: string, words: Bank): ClientFacts {
  const quoted = [...prompt.matchAll(/["“]([^"”\n]{2,60})["”]/g)]
    .map((m) => m[1] ?? '')
    .find((name) => /^[A-Z0-9]/.test(name));
  const business = words.french
    ? undefined
    : BUSINESS_PATTERNS.map((pattern) => pattern.exec(prompt)?.[1]).find(Boolean);
  const company = namedInDetails(prompt) ?? quoted ?? words.company;
  return { company, service: words.service(prompt), business: business?.trim() };
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

function writeSection(
  heading: SectionHeading,
  index: number,
  prompt: string,
  client: ClientFacts,
  payloads: readonly string[],
  bank: Bank,
  rich = false,
): string {
  const line = headingLine(heading);
  // Seeded per section: a section's text depends only on its heading and the users' text.
  const rng = createRng(hashString(`${line}\n${prompt}`));
  const topic = bank.topics.find((t) => t.pattern.test(heading.title.toLowerCase()));
  const fill = (template: string) =>
    capitalise(template.replaceAll('{company}', client.company).replaceAll('{service}', client.service));

  const bulletBank = topic ? topic.bullets : bank.bullets;
  const listed = bulletBank.length >= 3 && (rng.chance(0.3) || rich);
  const items = listed
    ? rng
        .shuffled(bulletBank)
        .slice(0, rng.int(3, Math.min(4, bulletBank.length)))
        .map(fill)
    : [];
  const list = items.map((item) => `- ${rich ? boldOpening(item) : item}`);
  const lead = list.length > 0 ? bank.leadIns[rng.int(0, bank.leadIns.length - 1)] : undefined;
  const leadIn = rich && lead ? `### Key points\n\n${lead}` : lead;

  const sentences: string[] = [];
  let words = wordCount(list.join(' ')) + wordCount(leadIn ?? '');
  if (index === 0 && client.business) {
    const intro = fill(`{company} operates ${client.business}, referred to in this document as {service}.`);
    sentences.push(intro);
    words += wordCount(intro);
  }
  const target = rng.int(SECTION_WORDS.min + 10, SECTION_WORDS.max - 20);
  const pool = [...rng.shuffled(topic?.sentences ?? []), ...rng.shuffled(bank.sentences)];
  for (const template of pool) {
    if (words >= target && sentences.length >= 2) break;
    const sentence = withConnective(template, sentences.length > 0, rng, bank.connectives);
    const count = wordCount(fill(sentence));
    if (words + count > SECTION_WORDS.max) continue;
    sentences.push(fill(sentence));
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
