// The corpus of answer shapes: how real models have answered "write these sections", and what the
// draft must hold for each (every section asked for, under the outline's own title, holding its own
// text and nothing else). When a model is seen answering in a new shape, add it here (and a sim
// directive for it in src/sim/answer-shapes.ts, see README "Answer shapes").
import type { OutlineSection } from '../../src/domain/heading-line.js';

export interface AnswerShape {
  name: string;
  /** The sections asked for. */
  asked: OutlineSection[];
  answer: string;
  /** What each section written must hold, in the order the model wrote them. */
  expected: { index: number; content: string }[];
}

interface Language {
  code: 'en' | 'fr';
  titles: readonly string[];
  bodies: readonly string[];
  preamble: string;
  closing: string;
  note: string;
  unasked: string;
}

const EN: Language = {
  code: 'en',
  titles: ['Acceptance of Terms', 'Description of Service', 'Acceptable Use', 'Intellectual Property'],
  bodies: [
    'By using the Service you accept these Terms.\n\nIf you do not agree, you must not use the Service.',
    'The Service lets customers draft contracts:\n\n- templates;\n- exports in PDF and Word.',
    'You must not misuse the Service.\n\n### Prohibited conduct\n\n1. Scraping the Service.\n2. Reselling access.',
    '**All rights** in the Service belong to [Company Name].\n\nSection 2 of these Terms does not grant a licence.',
  ],
  preamble: 'Sure! Here is the draft you asked for, following your outline.\n\n# Terms of Service\n\n',
  closing: 'Let me know if you would like any changes to these sections.',
  note: '**Note:** Replace the bracketed placeholders before you publish these Terms.',
  unasked: 'Preliminary Remarks',
};

const FR: Language = {
  code: 'fr',
  titles: [
    'Acceptation des conditions',
    'Description du service',
    'Utilisation acceptable',
    'Propriété intellectuelle',
  ],
  bodies: [
    'En utilisant le service, vous acceptez les présentes conditions.\n\nÀ défaut, vous ne devez pas utiliser le service.',
    'Le service permet aux clients de rédiger des contrats :\n\n- des modèles ;\n- des exports en PDF et Word.',
    "Vous ne devez pas détourner le service.\n\n### Comportements interdits\n\n1. L'extraction automatisée.\n2. La revente des accès.",
    "**Tous les droits** sur le service appartiennent à [Nom de la société].\n\nL'article 2 ne confère aucune licence.",
  ],
  preamble: 'Voici le projet demandé, selon votre plan.\n\n# Conditions générales\n\n',
  closing: "N'hésitez pas à me demander des modifications.",
  note: '**Remarque :** remplacez les passages entre crochets avant publication.',
  unasked: 'Remarques préliminaires',
};

type Heading = (n: number, title: string) => string;

/** How models write the heading of section `n`. */
const HEADING_STYLES: Readonly<Record<string, Heading>> = {
  'asked form `## N. Title`': (n, t) => `## ${n}. ${t}`,
  'level 1 `# N. Title`': (n, t) => `# ${n}. ${t}`,
  'level 3 `### N. Title`': (n, t) => `### ${n}. ${t}`,
  'level 4': (n, t) => `#### ${n}. ${t}`,
  'level 6': (n, t) => `###### ${n}. ${t}`,
  'bold line `**N. Title**`': (n, t) => `**${n}. ${t}**`,
  'bold title `## N. **Title**`': (n, t) => `## ${n}. **${t}**`,
  'bold number `**N.** Title`': (n, t) => `**${n}.** ${t}`,
  'no dot `## N Title`': (n, t) => `## ${n} ${t}`,
  'parenthesis `## N) Title`': (n, t) => `## ${n}) ${t}`,
  'colon `## N: Title`': (n, t) => `## ${n}: ${t}`,
  'hyphen `## N - Title`': (n, t) => `## ${n} - ${t}`,
  'en dash `## N – Title`': (n, t) => `## ${n} – ${t}`,
  'em dash `## N — Title`': (n, t) => `## ${n} — ${t}`,
  'closing hashes': (n, t) => `## ${n}. ${t} ##`,
  'Article `## Article N. Title`': (n, t) => `## Article ${n}. ${t}`,
  'Article plain `Article N – Title`': (n, t) => `Article ${n} – ${t}`,
  'ARTICLE capitals': (n, t) => `ARTICLE ${n} - ${t.toUpperCase()}`,
  'Section `### Section N: Title`': (n, t) => `### Section ${n}: ${t}`,
  'Art. bold `**Art. N — Title**`': (n, t) => `**Art. ${n} — ${t}**`,
  'title only `## Title`': (_n, t) => `## ${t}`,
  'title only plain': (_n, t) => t,
  'title only bold `**Title**`': (_n, t) => `**${t}**`,
  'title only with colon `Title:`': (_n, t) => `${t}:`,
  'plain numbered `N. Title`': (n, t) => `${n}. ${t}`,
  'italic line `*N. Title*`': (n, t) => `*${n}. ${t}*`,
  'Clause `Clause N: Title`': (n, t) => `Clause ${n}: ${t}`,
  'indented three spaces': (n, t) => `   ## ${n}. ${t}`,
  'Roman numerals `## IV. Title`': (n, t) => `## ${roman(n)}. ${t}`,
  'Article premier `Article premier – Title`': (n, t) => `Article ${n === 1 ? 'premier' : n} – ${t}`,
  'section sign `§ N Title`': (n, t) => `§ ${n} ${t}`,
  'setext `Title` underlined with `===`': (_n, t) => `${t}\n${'='.repeat(t.length)}`,
  'setext `N. Title` underlined with `---`': (n, t) => `${n}. ${t}\n---`,
  'HTML heading `<h2>N. Title</h2>`': (n, t) => `<h2>${n}. ${t}</h2>`,
  'HTML heading with bold `<h3><strong>Title</strong></h3>`': (_n, t) => `<h3><strong>${t}</strong></h3>`,
  'Part `PART N – TITLE`': (n, t) => `PART ${n} – ${t.toUpperCase()}`,
  'Chapitre `Chapitre N : Title`': (n, t) => `Chapitre ${n} : ${t}`,
  'capitals `## N. TITLE`': (n, t) => `## ${n}. ${t.toUpperCase()}`,
  'accents and case dropped': (n, t) => `## ${n}. ${t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}`,
};

function roman(n: number): string {
  return ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'][n] ?? String(n);
}

/** A title as a model rewords it: its last word kept, the rest changed (`The Terms Clause`). */
function reworded(title: string, language: Language): string {
  const last = title.split(' ').at(-1) ?? title;
  return language.code === 'en' ? `The ${last} Clause` : `Clause sur les ${last}`;
}

function asked(language: Language, first = 1): OutlineSection[] {
  return language.titles.map((title, i) => ({ index: first + i, title }));
}

function document(language: Language, heading: Heading, order = [0, 1, 2, 3], separator = '\n\n'): string {
  return order.map((i) => `${heading(i + 1, language.titles[i] ?? '')}\n\n${language.bodies[i]}`).join(separator);
}

function expected(language: Language, order = [0, 1, 2, 3]): AnswerShape['expected'] {
  return order.map((i) => ({ index: i + 1, content: language.bodies[i] ?? '' }));
}

const asKey = HEADING_STYLES['asked form `## N. Title`'] as Heading;

function shapesIn(language: Language): AnswerShape[] {
  const lang = `(${language.code})`;
  const whole = document(language, asKey);
  const styled = Object.entries(HEADING_STYLES).map(([name, heading]) => ({
    name: `${name} ${lang}`,
    asked: asked(language),
    answer: document(language, heading),
    expected: expected(language),
  }));
  const [t1, t2, t3, t4] = language.titles;
  const [b1, b2, b3, b4] = language.bodies;
  return [
    ...styled,
    {
      name: `preamble and document title ${lang}`,
      asked: asked(language),
      answer: language.preamble + whole,
      expected: expected(language),
    },
    {
      name: `closing remark ${lang}`,
      asked: asked(language),
      answer: `${whole}\n\n${language.closing}\n`,
      expected: expected(language),
    },
    {
      name: `notes after a rule ${lang}`,
      asked: asked(language),
      answer: `${whole}\n\n---\n\n${language.note}\n`,
      expected: expected(language),
    },
    {
      name: `rules between sections ${lang}`,
      asked: asked(language),
      answer: document(language, asKey, undefined, '\n\n---\n\n'),
      expected: expected(language),
    },
    {
      name: `fenced answer ${lang}`,
      asked: asked(language),
      answer: `\`\`\`markdown\n${whole}\n\`\`\`\n`,
      expected: expected(language),
    },
    {
      name: `preamble, fence and closing remark ${lang}`,
      asked: asked(language),
      answer: `${language.preamble}\`\`\`md\n${whole}\n\`\`\`\n\n${language.closing}`,
      expected: expected(language),
    },
    {
      name: `section not asked for, inserted and renumbered ${lang}`,
      asked: asked(language),
      answer: `## 1. ${t1}\n\n${b1}\n\n## 2. ${language.unasked}\n\nNot asked for.\n\n## 3. ${t2}\n\n${b2}\n\n## 4. ${t3}\n\n${b3}\n\n## 5. ${t4}\n\n${b4}`,
      expected: expected(language),
    },
    {
      name: `sections past the last one asked ${lang}`,
      asked: asked(language),
      answer: `${whole}\n\n## 5. ${language.unasked}\n\nNot asked for.\n\n## 6. Annex\n\nNor this.`,
      expected: expected(language),
    },
    {
      name: `skipped section ${lang}`,
      asked: asked(language),
      answer: document(language, asKey, [0, 2, 3]),
      expected: expected(language, [0, 2, 3]),
    },
    {
      name: `out of order ${lang}`,
      asked: asked(language),
      answer: document(language, asKey, [0, 2, 1, 3]),
      expected: expected(language, [0, 2, 1, 3]),
    },
    {
      name: `continuation renumbered from 1 ${lang}`,
      asked: asked(language).slice(2),
      answer: `## 1. ${t3}\n\n${b3}\n\n## 2. ${t4}\n\n${b4}`,
      expected: expected(language, [2, 3]),
    },
    {
      name: `continuation repeating a finished section ${lang}`,
      asked: asked(language).slice(2),
      answer: `## 2. ${t2}\n\n${b2}\n\n## 3. ${t3}\n\n${b3}\n\n## 4. ${t4}\n\n${b4}`,
      expected: expected(language, [2, 3]),
    },
    {
      name: `titles reworded, numbers kept ${lang}`,
      asked: asked(language),
      answer: language.titles
        .map((t, i) => `## ${i + 1}. ${reworded(t, language)}\n\n${language.bodies[i]}`)
        .join('\n\n'),
      expected: expected(language),
    },
    {
      name: `CRLF line endings ${lang}`,
      asked: asked(language),
      answer: whole.replaceAll('\n', '\r\n'),
      expected: expected(language),
    },
  ];
}

export const ANSWER_SHAPES: readonly AnswerShape[] = [...shapesIn(EN), ...shapesIn(FR)];
