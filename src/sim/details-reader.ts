// What the simulated model knows about the client: only what a real request carries. The service
// states the business's details as `- Label: value` lines between <business_details> tags in its
// brief (src/domain/templates.ts), names the document in the brief's first line, and passes the
// client's own words between <client_requirements> tags. This module reads them back from the chat
// messages, so the simulator drafts from the details as a model given them would.
import {
  DETAIL_VALUE_WORDS,
  DETAILS_SCHEMAS,
  detailLabel,
  LANGUAGES,
  type Details,
  type Language,
} from '../domain/details.js';
import { documentName } from '../domain/outlines.js';
import { TEMPLATE_IDS, type TemplateId } from '../domain/templates.js';

export interface DraftFacts {
  /** The document the brief asks for; undefined for a request that is not the service's. */
  template: TemplateId | undefined;
  details: Details;
  /** The data protection officer's address or email, when the client's requirements give one. */
  dpo: string | undefined;
}

/** Every detail key of every template, by its label in the brief. */
const KEYS_BY_LABEL: ReadonlyMap<string, string> = new Map(
  TEMPLATE_IDS.flatMap((template) =>
    Object.keys(DETAILS_SCHEMAS[template].shape).map((key) => [detailLabel(template, key), key] as const),
  ),
);

const NUMERIC = new Set(['minimumAge', 'termYears']);
const LISTS = new Set(['dataCategories', 'processors']);

/** The facts of the client's brief (the user messages' text). */
export function readFacts(userText: string): DraftFacts {
  return { template: templateOf(userText), details: detailsOf(userText), dpo: dpoOf(userText) };
}

function templateOf(text: string): TemplateId | undefined {
  const asked = /^Draft an? (.+?) for the client described below\./m.exec(text)?.[1];
  const reviewed = /^The draft is an? (.+?)\.$/m.exec(text)?.[1];
  const name = asked ?? reviewed;
  if (!name) return undefined;
  return TEMPLATE_IDS.find((id) => LANGUAGES.some((language: Language) => documentName(id, language) === name));
}

function between(text: string, tag: string): string | undefined {
  const open = text.indexOf(`<${tag}>\n`);
  const close = text.indexOf(`\n</${tag}>`, open);
  return open < 0 || close < 0 ? undefined : text.slice(open + tag.length + 3, close);
}

function detailsOf(text: string): Details {
  const block = between(text, 'business_details');
  if (!block) return {};
  const details: Record<string, unknown> = {};
  for (const line of block.split('\n')) {
    const match = /^- ([^:]+): (.+)$/.exec(line);
    const key = match?.[1] ? KEYS_BY_LABEL.get(match[1]) : undefined;
    if (!key || !match?.[2] || details[key] !== undefined) continue;
    details[key] = detailValue(key, match[2].trim());
  }
  return details as Details;
}

function detailValue(key: string, text: string): unknown {
  const coded = Object.entries(DETAIL_VALUE_WORDS[key] ?? {}).find(([, words]) => words === text)?.[0];
  if (coded) return coded;
  if (NUMERIC.has(key)) return Number(text);
  if (LISTS.has(key))
    return text
      .split(';')
      .map((item) => item.trim())
      .filter(Boolean);
  if (text === 'yes') return true;
  if (text === 'no') return false;
  return text;
}

const DPO_WORDS = String.raw`\b(?:DPO|data protection officer|d[ée]l[ée]gu[ée]e? à la protection des donn[ée]es)\b`;

/** The DPO's email, or else the address after "DPO:", from the client's requirements. */
function dpoOf(text: string): string | undefined {
  const requirements = between(text, 'client_requirements') ?? '';
  const email = new RegExp(`${DPO_WORDS}[^\\n@]{0,80}?([\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+)`, 'i').exec(requirements);
  if (email?.[1]) return email[1];
  const address = new RegExp(`${DPO_WORDS}[^:\\n]{0,40}:\\s*([^\\n]{4,200}?)\\s*(?:$|\\n|\\.\\s)`, 'im').exec(
    requirements,
  );
  return address?.[1]?.replace(/\.$/, '');
}
