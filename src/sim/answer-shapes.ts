// The shapes real models answer "write these sections" in, so that tests drive each one through the
// real API, worker and SSE path (`shape=` directive, several joined by `+`: `shape=h3+fenced`). The
// document is written as always (`## N. Title` sections, legal-writer.ts), then reshaped here: its
// headings rewritten, sections skipped, added or swapped, text wrapped around it, or cut short by the
// token limit. The prose itself is untouched, so a reshaped draft must store exactly what an
// unshaped one with the same prompt stores.
import { messageText, lastUserText, type ChatMessage } from './openai-format.js';

type Heading = (n: number, title: string) => string;

/** Heading styles: how the model writes the line heading section `n`. */
const HEADINGS = {
  h1: (n, t) => `# ${n}. ${t}`,
  h3: (n, t) => `### ${n}. ${t}`,
  h4: (n, t) => `#### ${n}. ${t}`,
  h6: (n, t) => `###### ${n}. ${t}`,
  bold: (n, t) => `**${n}. ${t}**`,
  'bold-title': (n, t) => `## ${n}. **${t}**`,
  'bold-number': (n, t) => `**${n}.** ${t}`,
  'no-dot': (n, t) => `## ${n} ${t}`,
  paren: (n, t) => `## ${n}) ${t}`,
  colon: (n, t) => `## ${n}: ${t}`,
  dash: (n, t) => `## ${n} – ${t}`,
  article: (n, t) => `## Article ${n}. ${t}`,
  'article-plain': (n, t) => `Article ${n} – ${t}`,
  section: (n, t) => `### Section ${n}: ${t}`,
  art: (n, t) => `**Art. ${n} — ${t}**`,
  'title-only': (_n, t) => `## ${t}`,
  'title-plain': (_n, t) => t,
  'title-bold': (_n, t) => `**${t}**`,
  'plain-numbered': (n, t) => `${n}. ${t}`,
  upper: (n, t) => `## ${n}. ${t.toUpperCase()}`,
  roman: (n, t) => `## ${roman(n)}. ${t}`,
  html: (n, t) => `<h2>${n}. ${t}</h2>`,
  setext: (_n, t) => `${t}\n${'='.repeat(t.length)}`,
  /** A bold lead with the section's first words on the same line (see below). */
  'run-in': (n, t) => `**${n}. ${t}.**`,
} satisfies Record<string, Heading>;

function roman(n: number): string {
  const digits: [number, string][] = [
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = n;
  let written = '';
  for (const [value, letters] of digits) {
    for (; rest >= value; rest -= value) written += letters;
  }
  return written;
}

/** What is done to the answer as a whole. */
const STRUCTURES = [
  /** The second section is left out (the first call only: asked again on its own, it is written). */
  'skip',
  /** A section nobody asked for after the first, the ones after it renumbered. */
  'unasked',
  /** The second and third sections written in each other's place. */
  'shuffled',
  /** "Sure! Here is…" and a document title before the first section. */
  'preamble',
  /** "Let me know if…" after the last section. */
  'closing',
  /** `---` then a note to the user after the last section. */
  'notes',
  /** The whole answer in a ```markdown fence. */
  'fenced',
  /** The reply cut by the token limit (finish_reason `length`) in the second section's text. */
  'cut',
  /** Asked to continue a cut section, the model starts it over, heading and all. */
  'restart',
  /** Asked to continue a cut section, the model first says so ("Sure, continuing from where I left off:"). */
  'resume-remark',
] as const;

export const ANSWER_SHAPES = [...Object.keys(HEADINGS), ...STRUCTURES] as readonly string[];
type AnswerShape = keyof typeof HEADINGS | (typeof STRUCTURES)[number];

const isHeadingStyle = (shape: string): shape is keyof typeof HEADINGS => Object.hasOwn(HEADINGS, shape);

/** The task line of a continuation after a cut (src/domain/templates.ts, CUT_SECTION_LINE). */
const CONTINUE_LINE = /cut off by the length limit in the middle of section/i;

interface Words {
  preamble: string;
  closing: string;
  note: string;
  unasked: string;
  unaskedText: string;
  resumeRemark: string;
}

const ENGLISH: Words = {
  preamble: 'Sure! Here is the draft you asked for, following your outline.\n\n# Draft\n\n',
  closing: 'Let me know if you would like any changes to these sections.',
  note: '**Note:** Replace the bracketed placeholders before you use this document.',
  unasked: 'Preliminary Remarks',
  unaskedText: 'These remarks were not asked for and must not reach the draft.',
  resumeRemark: 'Sure, continuing from where I left off:\n\n',
};

const FRENCH: Words = {
  preamble: 'Voici le projet demandé, selon votre plan.\n\n# Projet\n\n',
  closing: "N'hésitez pas à me demander des modifications.",
  note: '**Remarque :** remplacez les passages entre crochets avant toute utilisation.',
  unasked: 'Remarques préliminaires',
  unaskedText: "Ces remarques n'ont pas été demandées et ne doivent pas figurer dans le projet.",
  resumeRemark: 'Voici la suite :\n\n',
};

interface Section {
  number: number;
  title: string;
  body: string;
}

const HEADING_LINE = /^## (\d+)\. (.*)$/gm;

function sectionsOf(text: string): Section[] {
  const heads = [...text.matchAll(HEADING_LINE)];
  return heads.map((head, i) => ({
    number: Number(head[1]),
    title: head[2] ?? '',
    body: text.slice((head.index ?? 0) + head[0].length, heads[i + 1]?.index ?? text.length).trim(),
  }));
}

/** The answer reshaped, and whether it ends cut by the token limit. Unchanged without shapes. */
export function shapeAnswer(
  text: string,
  shapes: readonly string[] | undefined,
  messages: readonly Pick<ChatMessage, 'role' | 'content'>[],
): { text: string; cut: boolean } {
  if (!shapes || shapes.length === 0) return { text, cut: false };
  const has = (shape: AnswerShape) => shapes.includes(shape);
  const french = messages.some((m) => m.role !== 'assistant' && /write the document in french/i.test(messageText(m)));
  const words = french ? FRENCH : ENGLISH;
  const continuation = CONTINUE_LINE.test(lastUserText(messages));
  let sections = sectionsOf(text);
  const first = sections[0];
  // A continuation goes on with the text of the section it was cut in: no heading, mid-line.
  const continued = continuation && first && !has('restart') ? ` ${first.body}` : undefined;
  if (continued !== undefined) sections = sections.slice(1);
  if (has('skip') && !continuation && sections.length >= 3) sections = sections.filter((_, i) => i !== 1);
  if (has('shuffled') && sections.length >= 3) {
    const [a, b, c, ...rest] = sections as [Section, Section, Section, ...Section[]];
    sections = [a, c, b, ...rest];
  }
  if (has('unasked') && !continuation && sections.length >= 2) {
    const [head, ...rest] = sections as [Section, ...Section[]];
    const inserted = { number: head.number + 1, title: words.unasked, body: words.unaskedText };
    sections = [head, inserted, ...rest.map((s) => ({ ...s, number: s.number + 1 }))];
  }
  const style = shapes.find(isHeadingStyle);
  const heading: Heading = style ? HEADINGS[style] : (n, t) => `## ${n}. ${t}`;
  let cutAt: number | undefined;
  const between = style === 'run-in' ? ' ' : '\n\n';
  const parts = sections.map((s) => `${heading(s.number, s.title)}${between}${s.body}`);
  let answer = (continued ?? '') + (continued !== undefined && parts.length > 0 ? '\n\n' : '') + parts.join('\n\n');
  if (has('cut') && !continuation) {
    // Before the first space past the middle of the second section's text (the first's, if it is alone).
    const target = sections[1] ?? sections[0];
    const bodyAt = target ? answer.indexOf(target.body) : -1;
    const space = target && bodyAt >= 0 ? target.body.indexOf(' ', Math.floor(target.body.length / 2)) : -1;
    if (space > 0) cutAt = bodyAt + space;
  }
  if (cutAt !== undefined) answer = answer.slice(0, cutAt);
  // A continuation goes on inside the fence the first reply opened, and has nothing before it.
  if (has('fenced')) answer = `${continuation ? '' : '```markdown\n'}${answer}${cutAt === undefined ? '\n```' : ''}`;
  if (has('preamble') && !continuation) answer = words.preamble + answer;
  if (has('resume-remark') && continuation) answer = words.resumeRemark + answer;
  if (cutAt === undefined) {
    if (has('notes')) answer += `\n\n---\n\n${words.note}`;
    if (has('closing')) answer += `\n\n${words.closing}`;
  }
  return { text: answer, cut: cutAt !== undefined };
}
