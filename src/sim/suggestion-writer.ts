// The simulated model's review of a draft: when the service asks for suggestions (its task line,
// src/domain/suggestion-prompt.ts), the simulator reads the draft, the business details and the scope
// back out of the request and proposes a few plausible improvements, one JSON object per line: a
// governing law that is missing or differs from the details (a section edited since, a draft that
// names another jurisdiction), vague wording ("within a reasonable time"), a liability cap that
// protects one party only, a contact email the draft never gives, and (when nothing else fits)
// undefined terms, in the draft's language (suggestion-words.ts). The same request always gives the
// same lines.
// `[[sim:suggest=malformed]]` mixes in lines a reader must drop (prose, bad JSON, out-of-range sections);
// `suggest=array`, `fenced` and `object` answer in the other JSON shapes models use instead of lines: a
// pretty-printed array, the same in a ```json fence after a sentence, `{"suggestions": […]}`.
import { DRAFT_TAG, SUGGEST_SCOPE_LINE, SUGGEST_TASK_LINE } from '../domain/suggestion-prompt.js';
import { parseDirectives, type PromptDirectives } from './directives.js';
import { allUserText, lastUserText, messageText, type ChatMessage } from './openai-format.js';
import { SUGGESTION_WORDS, type SuggestionWords } from './suggestion-words.js';

type Messages = readonly Pick<ChatMessage, 'role' | 'content'>[];

interface DraftSection {
  index: number;
  title: string;
  content: string;
}

interface Proposal {
  section: number;
  summary: string;
  instruction: string;
}

/** True when the request is the service's suggestion prompt rather than a drafting one. */
export function isSuggestionRequest(messages: Messages): boolean {
  return lastUserText(messages).includes(SUGGEST_TASK_LINE);
}

/** The reply: JSON lines, at most one per kind of problem, most important first. */
export function writeSuggestions(request: { messages: Messages }): string {
  const all = allUserText(request.messages);
  const sections = draftSections(all);
  const scope = scopeOf(lastUserText(request.messages));
  const inScope = (s: DraftSection) => scope === undefined || s.index === scope;
  // In the draft's language, as the service tells a model (src/domain/suggestion-prompt.ts).
  const french = request.messages.some((m) => m.role === 'system' && /The draft is in French/.test(messageText(m)));
  const w = SUGGESTION_WORDS[french ? 'fr' : 'en'];
  const proposals = [
    governingLaw(sections, all, w),
    ...vagueWording(sections.filter(inScope), w),
    oneSidedLiability(sections, w),
    contactEmail(sections, all, w),
  ].filter((p): p is Proposal => p !== undefined && (scope === undefined || p.section === scope));
  const target = sections.find(inScope) ?? sections.at(-1);
  if (proposals.length === 0 && target) proposals.push(undefinedTerms(target, w));
  const parsed = parseDirectives(all);
  return inShape(proposals, parsed.ok ? parsed.directives?.suggest : undefined);
}

/** The proposals in the shape a directive asks for; JSON lines by default. */
function inShape(proposals: readonly Proposal[], shape: PromptDirectives['suggest']): string {
  const lines = proposals.map((p) => JSON.stringify(p));
  switch (shape) {
    case 'malformed':
      return [...MALFORMED_LINES, ...lines].join('\n');
    case 'array':
      return JSON.stringify(proposals, null, 2);
    case 'fenced':
      return `Here are the improvements I suggest:\n\n\`\`\`json\n${JSON.stringify(proposals, null, 2)}\n\`\`\`\n\nLet me know if you want more.`;
    case 'object':
      return JSON.stringify({ suggestions: proposals });
    default:
      return lines.join('\n');
  }
}

/** Lines the service must drop, one of each kind it guards against. */
export const MALFORMED_LINES: readonly string[] = [
  'Here are my suggestions for the draft:',
  '```json',
  '{"section": 0, "summary": "Out of range", "instruction": "Change nothing."}',
  '{"section": 999, "summary": "Out of range", "instruction": "Change nothing."}',
  '{"section": 1, "summary": "", "instruction": "An empty summary."}',
  `{"section": 1, "summary": "${'Far too long. '.repeat(30)}", "instruction": "A summary past its cap."}`,
  '{"section": "1", "summary": "A section that is a string", "instruction": "Change nothing."}',
  '{"section": 1, "summary": "Cut short',
  '[1, 2, 3]',
  '```',
];

/** `## N. Title` sections of the draft between its tags. */
function draftSections(text: string): DraftSection[] {
  const open = text.indexOf(`<${DRAFT_TAG}>`);
  const close = text.indexOf(`</${DRAFT_TAG}>`, open);
  if (open < 0 || close < 0) return [];
  const draft = text.slice(open + DRAFT_TAG.length + 2, close);
  const sections: DraftSection[] = [];
  for (const part of draft.split(/^(?=## \d+\. )/m)) {
    const match = /^## (\d+)\. (.+)\n?([\s\S]*)$/.exec(part.trim());
    if (match?.[1] && match[2])
      sections.push({ index: Number(match[1]), title: match[2].trim(), content: match[3] ?? '' });
  }
  return sections;
}

function scopeOf(task: string): number | undefined {
  const match = new RegExp(`${SUGGEST_SCOPE_LINE} (\\d+)\\.`).exec(task);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** A business detail line of the brief (`- Contact email: …`). */
function detail(text: string, label: string): string | undefined {
  return new RegExp(`^- ${label}: (.{1,200})$`, 'm').exec(text)?.[1]?.trim();
}

function governingLaw(sections: readonly DraftSection[], text: string, w: SuggestionWords): Proposal | undefined {
  const target =
    sections.find((s) => /governing|applicable|droit applicable|general provisions|dispositions/i.test(s.title)) ??
    sections.at(-1);
  if (!target) return undefined;
  const country = detail(text, 'Country of governing law');
  const region = detail(text, 'State or region of governing law');
  // The jurisdiction the section names, if it names one (a placeholder names none).
  const named = (/\blaws of (?:the State of )?([A-Z][\p{L}'’-]*(?: [A-Z][\p{L}'’-]*)*)/u.exec(target.content) ??
    /\bdroit de (?:l’État de )?([A-Z][\p{L}'’-]*(?: [A-Z][\p{L}'’-]*)*)/u.exec(target.content))?.[1];
  if (country) {
    if (target.content.includes(country)) return undefined;
    const place = region ? `${region}, ${country}` : country;
    return {
      section: target.index,
      summary: named ? w.lawNamed(target.index, named, place) : w.lawMissing(target.index, place),
      instruction: w.lawInstruction(place, region ?? country),
    };
  }
  if (/governed by|régie?s? par/i.test(target.content) && !named) return undefined;
  return {
    section: target.index,
    summary: named ? w.lawForeign(target.index, named) : w.lawNone,
    instruction: w.lawPlaceholder,
  };
}

function vagueWording(sections: readonly DraftSection[], w: SuggestionWords): Proposal[] {
  const found: Proposal[] = [];
  for (const { phrase, fix } of w.vague) {
    const section = sections.find((s) => phrase.test(s.content) && !found.some((f) => f.section === s.index));
    const words = section ? phrase.exec(section.content)?.[0] : undefined;
    if (!section || !words) continue;
    found.push({
      section: section.index,
      summary: w.vagueSummary(words, section.index),
      instruction: w.vagueInstruction(words, fix),
    });
    if (found.length === 2) break;
  }
  return found;
}

function oneSidedLiability(sections: readonly DraftSection[], w: SuggestionWords): Proposal | undefined {
  const section = sections.find(
    (s) => /liabilit|indemn|remedies|responsabilit|recours/i.test(s.title) && w.oneSided.test(s.content),
  );
  if (!section) return undefined;
  return { section: section.index, summary: w.liabilitySummary(section.index), instruction: w.liabilityInstruction };
}

function contactEmail(sections: readonly DraftSection[], text: string, w: SuggestionWords): Proposal | undefined {
  const email = detail(text, 'Contact email');
  if (!email || sections.some((s) => s.content.includes(email))) return undefined;
  const target =
    sections.find((s) => /contact|notice|changes|general|dispositions|modification/i.test(s.title)) ?? sections.at(-1);
  if (!target) return undefined;
  return { section: target.index, summary: w.contactSummary(email), instruction: w.contactInstruction(email) };
}

function undefinedTerms(section: DraftSection, w: SuggestionWords): Proposal {
  return {
    section: section.index,
    summary: w.termsSummary(section.index),
    instruction: w.termsInstruction(section.index),
  };
}
