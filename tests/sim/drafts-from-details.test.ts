import { describe, expect, it } from 'vitest';
import type { Details, Language } from '../../src/domain/details.js';
import { documentOf, resolveOutline } from '../../src/domain/outlines.js';
import { buildMessages, type FinishedSection, type TemplateId } from '../../src/domain/templates.js';
import { buildSuggestionMessages } from '../../src/domain/suggestion-prompt.js';
import { SuggestionReader } from '../../src/domain/suggestion-reader.js';
import { writeDocument } from '../../src/sim/legal-writer.js';
import { writeSuggestions } from '../../src/sim/suggestion-writer.js';

// The simulated model drafts from the details the service's request carries, as a model given them
// would: each detail reaches the text where a drafter puts it, an NDA reads as an NDA, no sentence
// is written twice, and a rewrite carries out its instruction.

const COMMON: Details = {
  legalName: 'Acme Solutions SAS',
  tradingName: 'Snapify',
  website: 'https://snapify.example',
  contactEmail: 'legal@snapify.example',
  governingCountry: 'France',
  governingRegion: 'Paris',
  effectiveDate: '2026-03-01',
};

const FULL: Record<TemplateId, Details> = {
  'terms-of-service': { ...COMMON, userAccounts: true, payments: 'subscription', userContent: true, minimumAge: 16 },
  'privacy-policy': {
    ...COMMON,
    dataCategories: ['GPS location', 'Email address', 'Photos'],
    cookies: true,
    analytics: true,
    euUsers: true,
    californiaUsers: true,
    processors: ['Stripe', 'Amazon Web Services'],
  },
  nda: {
    ...COMMON,
    kind: 'one-way',
    counterparty: 'Beta Industries GmbH',
    discloser: 'business',
    purpose: 'evaluating a joint photo-printing venture',
    termYears: 3,
  },
};

const PROMPT = 'A photo-sharing app. Our DPO can be reached at dpo@snapify.example.';

function draft(
  template: TemplateId,
  details: Details,
  language: Language,
  options: { finished?: FinishedSection[]; only?: number[]; instruction?: string; prompt?: string } = {},
) {
  const document = documentOf({ template, outline: resolveOutline(template, details, language), language });
  const write = document.sections
    .map((title, i) => ({ index: i + 1, title }))
    .filter((s) => !options.only || options.only.includes(s.index));
  const messages = buildMessages({
    template: document,
    prompt: options.prompt ?? PROMPT,
    details,
    language,
    write,
    finished: options.finished ?? [],
    instruction: options.instruction,
  });
  return { text: writeDocument({ messages }), document };
}

function sectionsOf(text: string): FinishedSection[] {
  return text
    .split(/^(?=## \d+\. )/m)
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const [heading = '', ...body] = part.trim().split('\n');
      const match = /^## (\d+)\. (.+)$/.exec(heading);
      return { index: Number(match?.[1]), title: match?.[2] ?? '', content: body.join('\n').trim() };
    });
}

/** Every sentence and list item of the text, headings left out. */
function sentencesOf(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .flatMap((line) => (line.startsWith('- ') ? [line] : line.split(/(?<=[.!?:])\s+(?=[A-ZÀ-Ý«"])/u)))
    .map((s) => s.trim());
}

const repeated = (items: readonly string[]) => items.filter((item, i) => items.indexOf(item) !== i);

const section = (text: string, pattern: RegExp) => sectionsOf(text).find((s) => pattern.test(s.title))?.content ?? '';

const CASES = (['terms-of-service', 'privacy-policy', 'nda'] as const).flatMap((template) =>
  (['en', 'fr'] as const).map((language) => [template, language] as const),
);

describe('the simulated model drafts from the details', () => {
  it.each(CASES)(
    '%s in %s: every detail reaches the text, no sentence twice, no foreign jurisdiction',
    (template, language) => {
      const { text } = draft(template, FULL[template], language);
      const fr = language === 'fr';
      for (const value of [
        COMMON.legalName,
        COMMON.tradingName,
        COMMON.website,
        COMMON.contactEmail,
        'France',
        'Paris',
      ])
        expect(text, value).toContain(value);
      expect(text).toContain(fr ? '1er mars 2026' : '1 March 2026');
      expect(text).not.toMatch(/Delaware|Wilmington|arbitra/i);
      expect(repeated(sentencesOf(text))).toEqual([]);
      // Deterministic.
      expect(draft(template, FULL[template], language).text).toBe(text);
    },
  );

  it.each(['en', 'fr'] as const)(
    'terms of service in %s: the age, accounts, payments and content rules given',
    (language) => {
      const { text } = draft('terms-of-service', FULL['terms-of-service'], language);
      const fr = language === 'fr';
      expect(text).toContain(fr ? 'au moins 16 ans' : 'at least 16 years old');
      expect(text).not.toMatch(/eighteen|\b18\b|dix-huit|majeur/i);
      expect(section(text, fr ? /Comptes/ : /Accounts/)).toMatch(
        fr ? /16 ans pour créer un compte/ : /16 years old to create an account/,
      );
      expect(section(text, fr ? /Abonnements/ : /Subscriptions/)).toMatch(
        fr ? /abonnements sont renouvelés/i : /Subscriptions renew/,
      );
      expect(section(text, fr ? /Contenu/ : /User Content/)).toMatch(
        fr ? /contenus que vous publiez/ : /content you post/,
      );
      expect(section(text, fr ? /Droit applicable/ : /Governing Law/)).toMatch(
        fr
          ? /régies par le droit français.*tribunaux de Paris \(France\)/s
          : /laws of France.*courts of Paris, France/s,
      );

      const free = draft(
        'terms-of-service',
        { ...FULL['terms-of-service'], payments: 'none', userAccounts: false, userContent: false },
        language,
      ).text;
      expect(free).not.toMatch(fr ? /abonnement|mot de passe|identifiants/i : /subscription|password|your account/i);
      expect(free).toMatch(fr ? /est gratuite/ : /provided free of charge/);
      expect(free).toMatch(fr ? /sans création de compte/ : /without creating an account/);
      expect(free).toMatch(fr ? /ne permet pas aux utilisateurs de publier/ : /does not allow users to publish/);
    },
  );

  it.each(['en', 'fr'] as const)(
    'a privacy policy in %s: its data, processors, cookies, contact and DPO',
    (language) => {
      const { text } = draft('privacy-policy', FULL['privacy-policy'], language);
      const fr = language === 'fr';
      for (const item of ['GPS location', 'Email address', 'Photos'])
        expect(section(text, fr ? /collectons/ : /Collect/)).toContain(`- ${item}`);
      for (const processor of ['Stripe', 'Amazon Web Services'])
        expect(section(text, fr ? /Partage/ : /Sharing/)).toContain(`- ${processor}`);
      expect(section(text, /Cookies/)).toMatch(/cookies/);
      expect(section(text, fr ? /^Vos droits/ : /^Your Rights/)).toContain('dpo@snapify.example');
      expect(section(text, fr ? /contact/ : /Contact/)).toContain('legal@snapify.example');
      expect(text).toMatch(fr ? /RGPD/ : /GDPR/);
      expect(text).toContain('CNIL');
      expect(text).not.toMatch(/these Terms|présentes Conditions/);
    },
  );

  it.each(['en', 'fr'] as const)(
    'an NDA in %s: its parties, direction, purpose and term, in NDA vocabulary',
    (language) => {
      const { text } = draft('nda', FULL.nda, language);
      const fr = language === 'fr';
      const words = fr
        ? ['Partie Divulgatrice', 'Partie Destinataire', 'Informations Confidentielles', 'Durée', 'Objet']
        : ['Disclosing Party', 'Receiving Party', 'Confidential Information', 'Term', 'Purpose'];
      for (const word of words) expect(text).toContain(word);
      expect(text).not.toMatch(/these Terms|the Service|\busers?\b|présentes Conditions|la Plateforme/);
      const parties = section(text, fr ? /Parties/ : /Parties/);
      expect(parties).toContain('Beta Industries GmbH');
      expect(parties).toContain('evaluating a joint photo-printing venture');
      expect(parties).toMatch(
        fr
          ? /unilatéral : Acme Solutions SAS \(la « Partie Divulgatrice »\).*Beta Industries GmbH \(la « Partie Destinataire »\)/
          : /one-way: Acme Solutions SAS \(the "Disclosing Party"\).*Beta Industries GmbH \(the "Receiving Party"\)/,
      );
      const term = section(text, fr ? /Durée/ : /Term/);
      expect(term).toContain(fr ? '3 ans' : '3 years');
      expect(text).not.toMatch(/five years|cinq ans/);

      const mutual = draft('nda', { ...FULL.nda, kind: 'mutual', discloser: undefined, termYears: 5 }, language).text;
      expect(mutual).toMatch(fr ? /réciproque/ : /This Agreement is mutual/);
      expect(section(mutual, fr ? /Durée/ : /Term/)).toContain(fr ? '5 ans' : '5 years');
      const theirs = draft('nda', { ...FULL.nda, discloser: 'counterparty' }, language).text;
      expect(theirs).toMatch(
        fr ? /Beta Industries GmbH \(la « Partie Divulgatrice »\)/ : /Beta Industries GmbH \(the "Disclosing Party"\)/,
      );
    },
  );

  it('a US business gets its state law and courts, and arbitration; no placeholder when the details name them', () => {
    const details = { ...FULL['terms-of-service'], governingCountry: 'United States', governingRegion: 'California' };
    const law = section(draft('terms-of-service', details, 'en').text, /Governing Law/);
    expect(law).toContain('the laws of the State of California');
    expect(law).toMatch(/state and federal courts located in California/);
    expect(law).not.toContain('Delaware');
    const none = section(draft('terms-of-service', { legalName: 'Acme' }, 'en').text, /Governing Law/);
    expect(none).toContain('[Governing Jurisdiction]');
    expect(none).not.toContain('Delaware');
  });

  it('writes no sentence of the sections already written when it continues a draft', () => {
    for (const template of ['terms-of-service', 'privacy-policy', 'nda'] as const) {
      for (const language of ['en', 'fr'] as const) {
        const whole = draft(template, FULL[template], language);
        const count = whole.document.sections.length;
        const half = Math.floor(count / 2);
        const first = sectionsOf(draft(template, FULL[template], language, { only: range(1, half) }).text);
        const rest = draft(template, FULL[template], language, { finished: first, only: range(half + 1, count) }).text;
        const all = [...first.map((s) => s.content), rest].join('\n\n');
        expect(repeated(sentencesOf(all)), `${template} ${language}`).toEqual([]);
      }
    }
  });
});

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('a rewrite carries out its instruction', () => {
  it('"governing law should be France, remove the arbitration clause": no Delaware, no arbitration, French courts', () => {
    const details = { ...FULL['terms-of-service'], governingCountry: 'United States', governingRegion: 'Delaware' };
    const { text, document } = draft('terms-of-service', details, 'en');
    const index = document.sections.findIndex((t) => /Governing Law/.test(t)) + 1;
    const before = section(text, /Governing Law/);
    expect(before).toMatch(/Delaware/);
    expect(before).toMatch(/arbitration/);
    const finished = sectionsOf(text).filter((s) => s.index !== index);
    const instruction = 'The governing law should be France, with the courts of Paris; remove the arbitration clause.';
    const after = draft('terms-of-service', details, 'en', { finished, only: [index], instruction }).text;
    expect(after.startsWith(`## ${index}. Governing Law and Dispute Resolution`)).toBe(true);
    expect(after).not.toMatch(/Delaware|Wilmington|arbitra/i);
    expect(after).toContain('the laws of France');
    expect(after).toContain('courts of Paris, France');
  });

  it('in French too: "droit français", no arbitration', () => {
    const details = { ...FULL.nda, governingCountry: 'United States', governingRegion: 'Delaware' };
    const { text, document } = draft('nda', details, 'fr');
    const index = document.sections.length;
    expect(section(text, /Dispositions/)).toMatch(/Delaware.*arbitre/s);
    const finished = sectionsOf(text).filter((s) => s.index !== index);
    const instruction = 'Appliquer le droit français, tribunaux de Lyon, et supprimer la clause d’arbitrage.';
    const after = draft('nda', details, 'fr', { finished, only: [index], instruction }).text;
    expect(after).not.toMatch(/Delaware|arbitr/i);
    expect(after).toContain('régi par le droit français');
    expect(after).toContain('tribunaux de Lyon (France)');
  });

  it('a minimum age, a term of years, a phrase to remove or replace', () => {
    const tos = draft('terms-of-service', FULL['terms-of-service'], 'en');
    const accounts = tos.document.sections.findIndex((t) => /Accounts/.test(t)) + 1;
    const older = draft('terms-of-service', FULL['terms-of-service'], 'en', {
      only: [accounts],
      instruction: 'Raise the minimum age to 18 and remove the password list.',
    }).text;
    expect(older).toContain('at least 18 years old to create an account');
    expect(older).not.toMatch(/\b16\b|password/i);
    const nda = draft('nda', FULL.nda, 'en');
    const term = nda.document.sections.findIndex((t) => /Term/.test(t)) + 1;
    const longer = draft('nda', FULL.nda, 'en', { only: [term], instruction: 'Make the term 5 years.' }).text;
    expect(longer).toContain('a term of 5 years');
    expect(longer).not.toContain('3 years');
    const renamed = draft('nda', FULL.nda, 'en', {
      only: [term],
      instruction: 'Replace "the Term" with "the Confidentiality Period".',
    }).text;
    expect(renamed).not.toContain('the Term');
    expect(renamed).toContain('the Confidentiality Period');
    const privacy = draft('privacy-policy', FULL['privacy-policy'], 'en');
    const cookies = privacy.document.sections.findIndex((t) => /Cookies/.test(t)) + 1;
    const noBanner = draft('privacy-policy', FULL['privacy-policy'], 'en', {
      only: [cookies],
      instruction: 'Remove the sentence about the banner.',
    }).text;
    expect(noBanner).not.toMatch(/banner/);
    expect(noBanner).toMatch(/cookies/);
  });
});

describe('an applied suggestion carries out its instruction, in every template and language', () => {
  it.each(CASES)('%s in %s', (template, language) => {
    // Drafted before the jurisdiction and contact were known (or edited since), reviewed with them.
    const { governingCountry: _c, governingRegion: _r, contactEmail: _e, ...drafted } = FULL[template];
    const { text, document } = draft(template, drafted, language);
    const sections = sectionsOf(text);
    const messages = buildSuggestionMessages({
      template: document,
      prompt: PROMPT,
      details: FULL[template],
      language,
      sections,
    });
    const reader = new SuggestionReader(sections.length);
    const found = [...reader.push(writeSuggestions({ messages })), ...reader.end()];
    expect(found.some((s) => /Paris, France/.test(s.instruction))).toBe(true);
    // In the draft's language, as the service asks.
    for (const s of found) expect(s.summary).toMatch(language === 'fr' ? /article|projet|adresse/ : /^(Section|The|")/);
    expect(found.some((s) => s.instruction.includes('legal@snapify.example'))).toBe(true);
    for (const suggestion of found) {
      const finished = sections.filter((s) => s.index !== suggestion.section);
      const rewritten = draft(template, FULL[template], language, {
        finished,
        only: [suggestion.section],
        instruction: suggestion.instruction,
      }).text;
      if (/Paris, France/.test(suggestion.instruction)) {
        expect(rewritten).toMatch(language === 'fr' ? /droit français/ : /the laws of France/);
        expect(rewritten).toContain('Paris');
        expect(rewritten).not.toMatch(/\[Governing Jurisdiction\]|\[Juridiction applicable\]|Delaware/);
      }
      if (suggestion.instruction.includes('legal@snapify.example'))
        expect(rewritten).toContain('legal@snapify.example');
      const vague = /^(?:Replace "([^"]+)"|Remplacer « ([^»]+) »)/.exec(suggestion.instruction);
      if (vague) expect(rewritten).not.toContain(vague[1] ?? vague[2]);
      if (/mutual|réciproque/.test(suggestion.instruction))
        expect(rewritten).toMatch(/apply equally to both parties|de la même manière aux deux parties/);
      expect(repeated(sentencesOf(rewritten))).toEqual([]);
    }
  });
});
