// The sentences a drafter writes from the client's details, section by section: who the business is,
// its website, contact and effective date where a reader looks for them; the ages, accounts, payments
// and content rules of Terms of Service; the data, processors, cookies, contact and DPO of a privacy
// policy; the parties, direction, purpose and term of an NDA; the governing law and courts of the
// details' jurisdiction. The phrase banks only fill in around them, and sentences that contradict a
// detail (subscriptions for a free service, accounts where there are none) are kept out.
import type { Details, Language } from '../domain/details.js';
import type { TemplateId } from '../domain/templates.js';
import type { DraftFacts } from './details-reader.js';
import { jurisdictionOf, supervisoryAuthority, type Jurisdiction } from './jurisdiction.js';

/** The words the writer calls the business and its offer by. */
export interface Voice {
  language: Language;
  template: TemplateId | undefined;
  company: string;
  service: string;
}

/** What a section must say: sentences, and maybe a list under its lead-in. */
export interface Clause {
  sentences: string[];
  /** The section's own list (the data or processors given), in place of the bank's. */
  list?: { lead: string; items: string[] };
}

/** The rewrite's changes to the facts (revisions.ts): a new jurisdiction, no arbitration. */
export interface FactOverrides {
  country?: string;
  region?: string | null;
  minimumAge?: number;
  termYears?: number;
  noArbitration?: boolean;
}

type Role = string;

/** Section roles by title, in the order they are tried (English and French titles). */
const ROLES: Readonly<Record<'tos' | 'privacy' | 'nda', readonly [Role, RegExp][]>> = {
  tos: [
    ['acceptableUse', /acceptable/],
    ['acceptance', /accept/],
    ['description', /description/],
    ['accounts', /account|compte|inscription|registration/],
    ['userContent', /user content|contenu/],
    ['ip', /intellectual|propriété/],
    ['fees', /fee|payment|subscription|frais|paiement|abonnement/],
    ['privacy', /privacy|vie privée|data protection/],
    ['liability', /liabilit|responsabilit/],
    ['termination', /terminat|résiliation/],
    ['law', /governing|dispute|droit applicable|litige/],
  ],
  privacy: [
    ['california', /california|californie|ccpa/],
    ['bases', /legal bas|bases légales/],
    ['intro', /introduction|scope|champ d/],
    ['collect', /collect/],
    ['use', /how we use|utilisation/],
    ['cookies', /cookie|analytic|audience/],
    ['sharing', /sharing|partage/],
    ['retention', /retention|conservation/],
    ['transfers', /transfer/],
    ['rights', /rights|droits/],
    ['children', /children|mineur/],
    ['contact', /contact|changes|modification/],
  ],
  nda: [
    ['parties', /^parties|purpose/],
    ['definition', /definition|définition/],
    ['exclusions', /exclusion/],
    ['term', /\bterm\b|duration|durée/],
    ['obligations', /obligation/],
    ['disclosures', /disclos|divulgation/],
    ['return', /return|restitution/],
    ['licence', /licen/],
    ['remedies', /remed|recours/],
    ['general', /general|générales|governing|droit applicable/],
  ],
};

const KIND_OF: Readonly<Record<TemplateId, 'tos' | 'privacy' | 'nda'>> = {
  'terms-of-service': 'tos',
  'privacy-policy': 'privacy',
  nda: 'nda',
};

function roleOf(template: TemplateId | undefined, title: string): Role | undefined {
  const lower = title.toLowerCase();
  return ROLES[KIND_OF[template ?? 'terms-of-service']].find(([, pattern]) => pattern.test(lower))?.[0];
}

/** The facts with a rewrite's changes applied. */
export function withOverrides(facts: DraftFacts, overrides: FactOverrides): DraftFacts {
  const details: Details = { ...facts.details };
  if (overrides.country !== undefined) {
    details.governingCountry = overrides.country;
    // A new country without a region drops the old region: it belonged to the old country.
    if (overrides.region === undefined) details.governingRegion = undefined;
  }
  if (overrides.region !== undefined) details.governingRegion = overrides.region ?? undefined;
  if (overrides.minimumAge !== undefined) details.minimumAge = overrides.minimumAge;
  if (overrides.termYears !== undefined) details.termYears = overrides.termYears;
  return { ...facts, details };
}

/** What the section titled `title` must say about the details. */
export function detailClause(title: string, facts: DraftFacts, voice: Voice, overrides: FactOverrides = {}): Clause {
  const role = roleOf(voice.template, title);
  if (!role) return { sentences: [] };
  const words = voice.language === 'fr' ? FRENCH : ENGLISH;
  const writer = words[KIND_OF[voice.template ?? 'terms-of-service']][role];
  if (!writer) return { sentences: [] };
  const d = facts.details;
  const place = jurisdictionOf(d.governingCountry, d.governingRegion, voice.language);
  const context: Context = { d, v: voice, place, dpo: facts.dpo, arbitration: place.us && !overrides.noArbitration };
  const clause = writer(context);
  return { ...clause, sentences: clause.sentences.filter((s): s is string => typeof s === 'string' && s !== '') };
}

/** Bank sentences a detail rules out: they would contradict the text the details call for. */
export function contradictsDetails(sentence: string, d: Details, template: TemplateId | undefined): boolean {
  if (
    d.payments === 'none' &&
    /\b(fees?|subscriptions?|renew|billing|refund|frais|abonnement|paiement)/i.test(sentence)
  )
    return true;
  if (d.payments === 'one-time' && /\b(subscriptions?|renew|billing period|abonnements?)\b/i.test(sentence))
    return true;
  if (
    d.userAccounts === false &&
    /\b(accounts?|comptes?|password|identifiants|registration|inscription)\b/i.test(sentence)
  )
    return true;
  if (
    d.userContent === false &&
    /\b(content you submit|you submit|submit, post|contenus? qu’il publie|signaler un contenu)/i.test(sentence)
  )
    return true;
  if (d.cookies === false && /cookie/i.test(sentence)) return true;
  // An age given is the only age: no other age in the bank's wording.
  if (d.minimumAge !== undefined && /\b(eighteen|sixteen|seize ans|dix-huit ans)\b/i.test(sentence)) return true;
  if (template === 'nda' && /\b(these Terms|the Service|présentes conditions)\b/.test(sentence)) return true;
  return false;
}

interface Context {
  d: Details;
  v: Voice;
  place: Jurisdiction;
  dpo: string | undefined;
  arbitration: boolean;
}

type ClauseWriter = (c: Context) => { sentences: (string | false | undefined)[]; list?: Clause['list'] };
type Words = Readonly<Record<'tos' | 'privacy' | 'nda', Readonly<Record<Role, ClauseWriter>>>>;

const MONTHS = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
};

/** 2026-01-01 as "1 January 2026" or "1er janvier 2026". */
function formatDate(iso: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  const dayNumber = Number(day);
  const dayText = language === 'fr' && dayNumber === 1 ? '1er' : String(dayNumber);
  return `${dayText} ${MONTHS[language][Number(month) - 1]} ${year}`;
}

function joinList(items: readonly string[], language: Language): string {
  if (items.length <= 1) return items[0] ?? '';
  const and = language === 'fr' ? ' et ' : ' and ';
  return `${items.slice(0, -1).join(', ')}${and}${items.at(-1)}`;
}

/** A list under its lead-in, when there are items. */
const listed = (lead: string, items: string[]) => (items.length > 0 ? { lead, items } : undefined);

const clean = (text: string) => text.replace(/[\s.;:]+$/, '');
const LOCATION = /\b(gps|location|géolocalisation|localisation|geolocation)\b/i;

// --- English ---------------------------------------------------------------------------------------

function legalParty(c: Context): string {
  const { legalName, tradingName } = c.d;
  if (legalName && tradingName && legalName !== tradingName) return `${legalName} ("${tradingName}")`;
  return legalName ?? c.v.company;
}

/** The business as the "we" of a policy: `Acme SAS ("Snapify", "we")`. */
function weParty(c: Context): string {
  const { legalName, tradingName } = c.d;
  if (legalName && tradingName && legalName !== tradingName) return `${legalName} ("${tradingName}", "we")`;
  return `${legalName ?? c.v.company} ("we")`;
}

/** The NDA's two parties by name, or the placeholder a model writes for a name it was not given. */
function parties(c: Context, unnamed: { business: string; other: string }): { business: string; other: string } {
  return {
    business: c.d.legalName ?? c.d.tradingName ?? unnamed.business,
    other: c.d.counterparty ?? unnamed.other,
  };
}

const partiesEn = (c: Context) => parties(c, { business: '[Company Name]', other: '[Counterparty Name]' });

const ENGLISH: Words = {
  tos: {
    acceptance: (c) => ({
      sentences: [
        `These Terms of Service ("Terms") are a binding agreement between you and ${legalParty(c)}, which operates ${c.v.service}${c.d.website ? ` at ${c.d.website}` : ''}.`,
        c.d.effectiveDate && `These Terms take effect on ${formatDate(c.d.effectiveDate, 'en')}.`,
        c.d.minimumAge !== undefined && `You must be at least ${c.d.minimumAge} years old to use ${c.v.service}.`,
        c.d.contactEmail && `Questions about these Terms may be sent to ${c.d.contactEmail}.`,
      ],
    }),
    description: (c) => ({
      sentences: [
        c.d.website &&
          `${c.v.service} is made available through the website ${c.d.website} and any related applications.`,
        c.d.payments === 'none' && `${c.v.service} is provided free of charge.`,
        c.d.payments === 'one-time' && `Some features of ${c.v.service} are sold for a one-time payment.`,
        c.d.payments === 'subscription' && `Access to ${c.v.service} is offered on a paid subscription basis.`,
        c.d.userAccounts === false && `${c.v.service} can be used without creating an account.`,
        c.d.userContent === true && `Users may publish their own content through ${c.v.service}.`,
        c.d.userContent === false && `${c.v.service} does not allow users to publish their own content.`,
      ],
    }),
    accounts: (c) => ({
      sentences: [
        c.d.minimumAge !== undefined
          ? `You must be at least ${c.d.minimumAge} years old to create an account, and by registering you confirm that you meet this age requirement.`
          : 'You must be at least 18 years old, or the age of majority where you live, to create an account.',
        'Each account is personal to the person who registers it.',
      ],
    }),
    acceptableUse: (c) => ({
      sentences: [
        c.d.minimumAge !== undefined &&
          `You must not use ${c.v.service} if you are under ${c.d.minimumAge} years of age or if the law of your country forbids you to use it.`,
        c.d.userContent === true &&
          `You must not post content that is unlawful, infringing, hateful, harassing or misleading.`,
        c.d.userContent === false &&
          `You must not attempt to upload or publish content through ${c.v.service}, which does not host content from its users.`,
      ],
    }),
    userContent: (c) => ({
      sentences: [
        `You keep ownership of the content you post on ${c.v.service}, and you grant ${c.v.company} a worldwide, non-exclusive, royalty-free licence to host, display and distribute it for the operation of ${c.v.service}.`,
        `${c.v.company} may remove any content that breaches these Terms and may suspend the users who post it.`,
        c.d.contactEmail && `Content that you believe is unlawful can be reported to ${c.d.contactEmail}.`,
      ],
    }),
    ip: (c) => ({
      sentences: [
        c.d.website && `The content of the website ${c.d.website} is protected by intellectual property law.`,
      ],
    }),
    fees: (c) => ({
      sentences: [
        c.d.payments === 'subscription' &&
          'Subscriptions renew automatically at the end of each billing period unless you cancel before the renewal date.',
        c.d.payments === 'subscription' &&
          'You may cancel your subscription at any time; cancellation takes effect at the end of the current billing period.',
        c.d.payments === 'one-time' &&
          'Paid features are sold for a one-time payment, charged when you place your order, with no recurring charge.',
        c.d.contactEmail && `Billing questions may be sent to ${c.d.contactEmail}.`,
      ],
    }),
    privacy: (c) => ({
      sentences: [
        `${c.d.legalName ?? c.v.company} processes personal data as described in its Privacy Policy${c.d.website ? `, available at ${c.d.website}` : ''}.`,
        c.d.contactEmail && `You may contact ${c.v.company} about your personal data at ${c.d.contactEmail}.`,
      ],
    }),
    liability: (c) => ({
      sentences: [
        // Terms of Service always cap the operator's liability: the clause a reviewer looks at first.
        `The aggregate liability of ${c.v.company} for all claims relating to ${c.v.service} shall not exceed the amounts paid by you in the twelve months preceding the claim.`,
        !c.place.us &&
          c.d.governingCountry &&
          `Nothing in these Terms limits any liability that cannot be limited under the laws of ${c.d.governingCountry}.`,
      ],
    }),
    termination: (c) => ({
      sentences: [
        c.d.userAccounts !== false &&
          `You may close your account at any time${c.d.contactEmail ? ` by writing to ${c.d.contactEmail}` : ''}.`,
      ],
    }),
    law: (c) => lawEn(c, 'these Terms'),
  },
  privacy: {
    intro: (c) => ({
      sentences: [
        `This Privacy Policy explains how ${weParty(c)} processes personal data when you use ${c.v.service}${c.d.website ? ` at ${c.d.website}` : ''}.`,
        `${c.d.legalName ?? c.v.company} is the controller of the personal data described in this Policy.`,
        c.d.effectiveDate && `This Policy takes effect on ${formatDate(c.d.effectiveDate, 'en')}.`,
      ],
    }),
    collect: (c) => {
      const categories = c.d.dataCategories ?? [];
      const location = categories.find((item) => LOCATION.test(item));
      return {
        sentences: [
          location &&
            `We collect ${location.toLowerCase()} only with your permission, which you can withdraw at any time in your device settings.`,
        ],
        list: listed('We collect the following categories of personal data:', categories),
      };
    },
    use: (c) => ({
      sentences: [
        (c.d.dataCategories?.length ?? 0) > 0 &&
          `We use ${joinList(c.d.dataCategories ?? [], 'en').toLowerCase()} only for the purposes set out in this section.`,
      ],
    }),
    bases: (c) => ({
      sentences: [
        c.d.euUsers === true &&
          `Where the General Data Protection Regulation (GDPR) or the UK GDPR applies, ${c.d.legalName ?? c.v.company} is the controller of your personal data.`,
        c.d.euUsers === true && complaintEn(c),
      ],
    }),
    cookies: (c) => ({
      sentences: [
        c.d.cookies === true &&
          `${c.v.service} uses cookies and similar technologies to keep you signed in, remember your preferences and keep ${c.v.service} secure.`,
        c.d.cookies === true &&
          'Non-essential cookies are set only with your consent, which you can give or refuse in our cookie banner.',
        c.d.cookies === false && `${c.v.service} does not place cookies on your device.`,
        c.d.analytics === true &&
          (c.d.cookies === false
            ? `We measure the audience of ${c.v.service} with analytics tools that work without cookies.`
            : `We use analytics cookies to measure the audience of ${c.v.service} and understand how it is used.`),
        c.d.analytics === false && 'We do not use cookies or other tools for analytics or advertising.',
      ],
    }),
    sharing: (c) => {
      const processors = c.d.processors ?? [];
      return {
        sentences: [
          processors.length === 0 && 'We share personal data only with processors bound by written contracts.',
        ],
        list: listed(
          'We share personal data with the following processors, which process it on our behalf and on our instructions:',
          processors,
        ),
      };
    },
    retention: () => ({ sentences: [] }),
    transfers: (c) => ({
      sentences: [
        (c.d.processors?.length ?? 0) > 0 &&
          `Where ${joinList(c.d.processors ?? [], 'en')} process personal data outside the European Economic Area, the transfer is covered by the standard contractual clauses or an adequacy decision.`,
      ],
    }),
    rights: (c) => ({
      sentences: [
        c.d.contactEmail && `To exercise your rights, write to us at ${c.d.contactEmail}.`,
        c.dpo && `You may also contact our data protection officer (DPO) at ${c.dpo}.`,
        c.d.euUsers !== true && complaintEn(c),
      ],
    }),
    california: (c) => ({
      sentences: [
        c.d.contactEmail && `California residents may exercise these rights by writing to ${c.d.contactEmail}.`,
      ],
    }),
    children: () => ({ sentences: [] }),
    contact: (c) => ({
      sentences: [
        `This Policy is published by ${c.d.legalName ?? c.v.company}${c.d.website ? ` at ${c.d.website}` : ''}.`,
        c.d.contactEmail && `Questions about this Policy or your personal data may be sent to ${c.d.contactEmail}.`,
        c.dpo && `Our data protection officer can be reached at ${c.dpo}.`,
        (c.d.governingCountry || c.d.governingRegion) &&
          `This Policy is governed by ${c.place.law}, and ${c.place.courts} have jurisdiction over any dispute about it.`,
      ],
    }),
  },
  nda: {
    parties: (c) => {
      const { business, other } = partiesEn(c);
      const trading = c.d.tradingName && c.d.tradingName !== business ? ` (trading as "${c.d.tradingName}")` : '';
      const site = c.d.website ? `, whose website is ${c.d.website},` : '';
      const date = c.d.effectiveDate ? formatDate(c.d.effectiveDate, 'en') : '[Effective Date]';
      return {
        sentences: [
          `This Non-Disclosure Agreement (the "Agreement") is made on ${date} (the "Effective Date") between ${business}${trading}${site} and ${other}.`,
          ...directionEn(c, business, other),
          c.d.purpose
            ? `The parties will exchange Confidential Information solely for the following purpose: ${clean(c.d.purpose)} (the "Purpose").`
            : 'The parties will exchange Confidential Information solely for the purpose of [Purpose] (the "Purpose").',
        ],
      };
    },
    obligations: (c) => {
      const { business, other } = partiesEn(c);
      if (c.d.kind === 'mutual')
        return {
          sentences: [
            `Each of ${business} and ${other}, whenever it receives Confidential Information, is bound by the obligations of the Receiving Party in this section.`,
          ],
        };
      const receiver = c.d.discloser === 'counterparty' ? business : c.d.discloser === 'business' ? other : undefined;
      return {
        sentences: [receiver && `${receiver}, as the Receiving Party, is bound by every obligation in this section.`],
      };
    },
    term: (c) => {
      const years = c.d.termYears;
      const date = c.d.effectiveDate ? ` (${formatDate(c.d.effectiveDate, 'en')})` : '';
      return {
        sentences: [
          years !== undefined
            ? `This Agreement starts on the Effective Date${date} and continues for a term of ${years} ${years === 1 ? 'year' : 'years'} (the "Term").`
            : 'This Agreement starts on the Effective Date and continues for a term of [Number] years (the "Term").',
          years !== undefined
            ? `The obligations of confidentiality apply to Confidential Information disclosed during the Term and continue for ${years} ${years === 1 ? 'year' : 'years'} after the end of the Term.`
            : 'The obligations of confidentiality continue for [Number] years after the end of the Term.',
        ],
      };
    },
    return: (c) => ({
      sentences: [
        c.d.contactEmail &&
          `Requests for return or destruction addressed to ${c.d.legalName ?? c.v.company} must be sent to ${c.d.contactEmail}.`,
      ],
    }),
    general: (c) => ({
      sentences: [
        ...lawEn(c, 'this Agreement').sentences,
        c.d.contactEmail &&
          `Notices to ${c.d.legalName ?? c.v.company} under this Agreement must be sent to ${c.d.contactEmail}.`,
      ],
    }),
  },
};

function directionEn(c: Context, business: string, other: string): string[] {
  if (c.d.kind === 'mutual')
    return [
      'This Agreement is mutual: each party may disclose Confidential Information to the other, and each party is the "Disclosing Party" for the information it discloses and the "Receiving Party" for the information it receives.',
    ];
  if (c.d.kind !== 'one-way' && c.d.discloser === undefined) return [];
  const [discloser, receiver] = c.d.discloser === 'counterparty' ? [other, business] : [business, other];
  return [
    `This Agreement is one-way: ${discloser} (the "Disclosing Party") will disclose Confidential Information to ${receiver} (the "Receiving Party"), and ${receiver} discloses none under it.`,
  ];
}

function lawEn(c: Context, doc: string): { sentences: (string | false | undefined)[] } {
  const Doc = doc.charAt(0).toUpperCase() + doc.slice(1);
  const verb = doc === 'these Terms' ? 'are' : 'is';
  const courts = c.place.courts.charAt(0).toUpperCase() + c.place.courts.slice(1);
  return {
    sentences: [
      `${Doc} ${verb} governed by and construed in accordance with ${c.place.law}, without regard to its conflict of law rules.`,
      c.arbitration
        ? `Any dispute arising out of ${doc} that is not resolved by negotiation within thirty days shall be finally settled by binding arbitration conducted by a single arbitrator in ${c.d.governingRegion ?? '[State]'}.`
        : `${courts} have exclusive jurisdiction over any dispute arising out of or in connection with ${doc}.`,
      c.arbitration && `${courts} have exclusive jurisdiction over any matter that is not subject to arbitration.`,
      !c.place.us &&
        c.d.governingCountry &&
        doc === 'these Terms' &&
        'If you are a consumer, you keep the protection of the mandatory rules of the country where you live.',
    ],
  };
}

function complaintEn(c: Context): string {
  const authority = supervisoryAuthority(c.d.governingCountry, 'en');
  return authority
    ? `You have the right to lodge a complaint with ${authority}.`
    : 'You have the right to lodge a complaint with the data protection authority of the country where you live.';
}

// --- French ----------------------------------------------------------------------------------------

function legalPartyFr(c: Context): string {
  const { legalName, tradingName } = c.d;
  if (legalName && tradingName && legalName !== tradingName) return `${legalName} (« ${tradingName} »)`;
  return legalName ?? c.v.company;
}

function wePartyFr(c: Context): string {
  const { legalName, tradingName } = c.d;
  if (legalName && tradingName && legalName !== tradingName) return `${legalName} (« ${tradingName} », « nous »)`;
  return `${legalName ?? c.v.company} (« nous »)`;
}

const partiesFr = (c: Context) => parties(c, { business: '[Nom de la société]', other: '[Nom de l’autre partie]' });

const FRENCH: Words = {
  tos: {
    acceptance: (c) => ({
      sentences: [
        `Les présentes conditions générales d’utilisation (les « Conditions ») forment un contrat entre vous et ${legalPartyFr(c)}, qui exploite ${c.v.service}${c.d.website ? ` à l’adresse ${c.d.website}` : ''}.`,
        c.d.effectiveDate && `Les présentes Conditions entrent en vigueur le ${formatDate(c.d.effectiveDate, 'fr')}.`,
        c.d.minimumAge !== undefined && `Vous devez avoir au moins ${c.d.minimumAge} ans pour utiliser ${c.v.service}.`,
        c.d.contactEmail &&
          `Toute question relative aux présentes Conditions peut être adressée à ${c.d.contactEmail}.`,
      ],
    }),
    description: (c) => ({
      sentences: [
        c.d.website && `${c.v.service} est accessible sur le site ${c.d.website} et les applications associées.`,
        c.d.payments === 'none' && `L’utilisation de ${c.v.service} est gratuite.`,
        c.d.payments === 'one-time' &&
          `Certaines fonctionnalités de ${c.v.service} sont vendues contre un paiement unique.`,
        c.d.payments === 'subscription' && `L’accès à ${c.v.service} est proposé sous forme d’abonnement payant.`,
        c.d.userAccounts === false && `${c.v.service} s’utilise sans création de compte.`,
        c.d.userContent === true && `Les utilisateurs peuvent publier leurs propres contenus sur ${c.v.service}.`,
        c.d.userContent === false && `${c.v.service} ne permet pas aux utilisateurs de publier leurs propres contenus.`,
      ],
    }),
    accounts: (c) => ({
      sentences: [
        c.d.minimumAge !== undefined
          ? `Vous devez avoir au moins ${c.d.minimumAge} ans pour créer un compte ; en vous inscrivant, vous confirmez remplir cette condition d’âge.`
          : 'Vous devez être majeur pour créer un compte.',
        'Chaque compte est strictement personnel.',
      ],
    }),
    acceptableUse: (c) => ({
      sentences: [
        c.d.minimumAge !== undefined &&
          `Vous ne pouvez pas utiliser ${c.v.service} si vous avez moins de ${c.d.minimumAge} ans ou si la loi de votre pays vous l’interdit.`,
        c.d.userContent === true &&
          'Vous vous interdisez de publier des contenus illicites, contrefaisants, haineux, harcelants ou trompeurs.',
        c.d.userContent === false &&
          `Vous vous interdisez de tenter de publier des contenus sur ${c.v.service}, qui n’héberge pas de contenus d’utilisateurs.`,
      ],
    }),
    userContent: (c) => ({
      sentences: [
        `Vous restez titulaire des droits sur les contenus que vous publiez sur ${c.v.service} et vous concédez à ${c.v.company} une licence mondiale, non exclusive et gratuite pour les héberger, les afficher et les diffuser aux fins de l’exploitation de ${c.v.service}.`,
        `${c.v.company} peut retirer tout contenu contraire aux présentes Conditions et suspendre les utilisateurs qui le publient.`,
        c.d.contactEmail && `Tout contenu que vous estimez illicite peut être signalé à ${c.d.contactEmail}.`,
      ],
    }),
    ip: (c) => ({
      sentences: [
        c.d.website && `Le contenu du site ${c.d.website} est protégé par le droit de la propriété intellectuelle.`,
      ],
    }),
    fees: (c) => ({
      sentences: [
        c.d.payments === 'subscription' &&
          'Les abonnements sont renouvelés automatiquement à chaque échéance, sauf résiliation avant la date de renouvellement.',
        c.d.payments === 'subscription' &&
          'Vous pouvez résilier votre abonnement à tout moment ; la résiliation prend effet à la fin de la période en cours.',
        c.d.payments === 'one-time' &&
          'Les fonctionnalités payantes sont vendues contre un paiement unique, débité lors de la commande, sans paiement récurrent.',
        c.d.contactEmail && `Toute question relative à la facturation peut être adressée à ${c.d.contactEmail}.`,
      ],
    }),
    privacy: (c) => ({
      sentences: [
        `${c.d.legalName ?? c.v.company} traite les données personnelles comme le décrit sa politique de confidentialité${c.d.website ? `, disponible sur ${c.d.website}` : ''}.`,
        c.d.contactEmail &&
          `Vous pouvez contacter ${c.v.company} au sujet de vos données personnelles à l’adresse ${c.d.contactEmail}.`,
      ],
    }),
    liability: (c) => ({
      sentences: [
        `La responsabilité totale de ${c.v.company} est limitée aux sommes versées par l’utilisateur au cours des douze mois précédant le fait générateur.`,
        !c.place.us &&
          c.d.governingCountry &&
          `Aucune stipulation des présentes Conditions ne limite une responsabilité que ${c.place.law} interdit de limiter.`,
      ],
    }),
    termination: (c) => ({
      sentences: [
        c.d.userAccounts !== false &&
          `Vous pouvez clôturer votre compte à tout moment${c.d.contactEmail ? ` en écrivant à ${c.d.contactEmail}` : ''}.`,
      ],
    }),
    law: (c) => lawFr(c, 'les présentes Conditions'),
  },
  privacy: {
    intro: (c) => ({
      sentences: [
        `La présente politique de confidentialité explique comment ${wePartyFr(c)} traite les données personnelles lorsque vous utilisez ${c.v.service}${c.d.website ? ` à l’adresse ${c.d.website}` : ''}.`,
        `${c.d.legalName ?? c.v.company} est responsable du traitement des données personnelles décrites dans la présente politique.`,
        c.d.effectiveDate && `La présente politique entre en vigueur le ${formatDate(c.d.effectiveDate, 'fr')}.`,
      ],
    }),
    collect: (c) => {
      const categories = c.d.dataCategories ?? [];
      const location = categories.find((item) => LOCATION.test(item));
      return {
        sentences: [
          location &&
            `Nous ne collectons les données suivantes qu’avec votre autorisation, que vous pouvez retirer à tout moment dans les réglages de votre appareil : ${location}.`,
        ],
        list: listed('Nous collectons les catégories de données personnelles suivantes :', categories),
      };
    },
    use: (c) => ({
      sentences: [
        (c.d.dataCategories?.length ?? 0) > 0 &&
          `Nous n’utilisons les données suivantes qu’aux fins décrites au présent article : ${joinList(c.d.dataCategories ?? [], 'fr')}.`,
      ],
    }),
    bases: (c) => ({
      sentences: [
        c.d.euUsers === true &&
          `Lorsque le Règlement général sur la protection des données (RGPD) ou le RGPD britannique s’applique, ${c.d.legalName ?? c.v.company} est responsable du traitement de vos données personnelles.`,
        c.d.euUsers === true && complaintFr(c),
      ],
    }),
    cookies: (c) => ({
      sentences: [
        c.d.cookies === true &&
          `${c.v.service} utilise des cookies et technologies similaires pour maintenir votre connexion, mémoriser vos préférences et sécuriser ${c.v.service}.`,
        c.d.cookies === true &&
          'Les cookies non essentiels ne sont déposés qu’avec votre consentement, que vous donnez ou refusez dans notre bandeau cookies.',
        c.d.cookies === false && `${c.v.service} ne dépose aucun cookie sur votre appareil.`,
        c.d.analytics === true &&
          (c.d.cookies === false
            ? `Nous mesurons l’audience de ${c.v.service} avec des outils qui n’utilisent pas de cookies.`
            : `Nous utilisons des cookies de mesure d’audience pour comprendre comment ${c.v.service} est utilisée.`),
        c.d.analytics === false && 'Nous n’utilisons ni cookies ni autres outils de mesure d’audience ou de publicité.',
      ],
    }),
    sharing: (c) => {
      const processors = c.d.processors ?? [];
      return {
        sentences: [
          processors.length === 0 &&
            'Nous ne partageons les données personnelles qu’avec des sous-traitants liés par contrat écrit.',
        ],
        list: listed(
          'Nous partageons des données personnelles avec les sous-traitants suivants, qui les traitent pour notre compte et sur nos instructions :',
          processors,
        ),
      };
    },
    retention: () => ({ sentences: [] }),
    transfers: (c) => ({
      sentences: [
        (c.d.processors?.length ?? 0) > 0 &&
          `Lorsque ${joinList(c.d.processors ?? [], 'fr')} traitent des données personnelles hors de l’Espace économique européen, le transfert est encadré par les clauses contractuelles types ou par une décision d’adéquation.`,
      ],
    }),
    rights: (c) => ({
      sentences: [
        c.d.contactEmail && `Pour exercer vos droits, écrivez-nous à l’adresse ${c.d.contactEmail}.`,
        c.dpo && `Vous pouvez également contacter notre délégué à la protection des données (DPO) : ${c.dpo}.`,
        c.d.euUsers !== true && complaintFr(c),
      ],
    }),
    california: (c) => ({
      sentences: [
        c.d.contactEmail && `Les résidents de Californie peuvent exercer ces droits en écrivant à ${c.d.contactEmail}.`,
      ],
    }),
    children: () => ({ sentences: [] }),
    contact: (c) => ({
      sentences: [
        `La présente politique est publiée par ${c.d.legalName ?? c.v.company}${c.d.website ? ` sur ${c.d.website}` : ''}.`,
        c.d.contactEmail &&
          `Toute question relative à la présente politique ou à vos données personnelles peut être adressée à ${c.d.contactEmail}.`,
        c.dpo && `Notre délégué à la protection des données est joignable à l’adresse suivante : ${c.dpo}.`,
        (c.d.governingCountry || c.d.governingRegion) &&
          `La présente politique est régie par ${c.place.law} et tout litige qui s’y rapporte relève des ${c.place.courts}.`,
      ],
    }),
  },
  nda: {
    parties: (c) => {
      const { business, other } = partiesFr(c);
      const trading =
        c.d.tradingName && c.d.tradingName !== business ? ` (sous le nom commercial « ${c.d.tradingName} »)` : '';
      const site = c.d.website ? `, dont le site est ${c.d.website},` : '';
      const date = c.d.effectiveDate ? formatDate(c.d.effectiveDate, 'fr') : '[Date d’entrée en vigueur]';
      return {
        sentences: [
          `Le présent accord de confidentialité (l’« Accord ») est conclu le ${date} (la « Date d’entrée en vigueur ») entre ${business}${trading}${site} et ${other}.`,
          ...directionFr(c, business, other),
          c.d.purpose
            ? `Les parties échangent des Informations Confidentielles aux seules fins suivantes : ${clean(c.d.purpose)} (l’« Objet »).`
            : 'Les parties échangent des Informations Confidentielles aux seules fins de [Objet] (l’« Objet »).',
        ],
      };
    },
    obligations: (c) => {
      const { business, other } = partiesFr(c);
      if (c.d.kind === 'mutual')
        return {
          sentences: [
            `${business} et ${other} sont chacune tenues, pour les Informations Confidentielles qu’elles reçoivent, des obligations de la Partie Destinataire prévues au présent article.`,
          ],
        };
      const receiver = c.d.discloser === 'counterparty' ? business : c.d.discloser === 'business' ? other : undefined;
      return {
        sentences: [
          receiver &&
            `${receiver}, en qualité de Partie Destinataire, est tenue de chacune des obligations du présent article.`,
        ],
      };
    },
    term: (c) => {
      const years = c.d.termYears;
      const date = c.d.effectiveDate ? ` (${formatDate(c.d.effectiveDate, 'fr')})` : '';
      const span = years === undefined ? '[Nombre] ans' : `${years} ${years === 1 ? 'an' : 'ans'}`;
      return {
        sentences: [
          `Le présent Accord prend effet à la Date d’entrée en vigueur${date} pour une durée de ${span} (la « Durée »).`,
          `Les obligations de confidentialité s’appliquent aux Informations Confidentielles communiquées pendant la Durée et demeurent pendant ${span} après la fin de la Durée.`,
        ],
      };
    },
    return: (c) => ({
      sentences: [
        c.d.contactEmail &&
          `Les demandes de restitution ou de destruction adressées à ${c.d.legalName ?? c.v.company} sont envoyées à ${c.d.contactEmail}.`,
      ],
    }),
    general: (c) => ({
      sentences: [
        ...lawFr(c, 'le présent Accord').sentences,
        c.d.contactEmail &&
          `Les notifications adressées à ${c.d.legalName ?? c.v.company} au titre du présent Accord sont envoyées à ${c.d.contactEmail}.`,
      ],
    }),
  },
};

function directionFr(c: Context, business: string, other: string): string[] {
  if (c.d.kind === 'mutual')
    return [
      'Le présent Accord est réciproque : chaque partie peut communiquer des Informations Confidentielles à l’autre et est « Partie Divulgatrice » pour les informations qu’elle communique et « Partie Destinataire » pour celles qu’elle reçoit.',
    ];
  if (c.d.kind !== 'one-way' && c.d.discloser === undefined) return [];
  const [discloser, receiver] = c.d.discloser === 'counterparty' ? [other, business] : [business, other];
  return [
    `Le présent Accord est unilatéral : ${discloser} (la « Partie Divulgatrice ») communique des Informations Confidentielles à ${receiver} (la « Partie Destinataire »), qui n’en communique aucune à ce titre.`,
  ];
}

function lawFr(c: Context, doc: string): { sentences: (string | false | undefined)[] } {
  const Doc = doc.charAt(0).toUpperCase() + doc.slice(1);
  const plural = doc.startsWith('les ');
  // "à le présent Accord" is "au présent Accord", "à les présentes" is "aux présentes".
  const toDoc = plural ? `aux ${doc.slice(4)}` : `au ${doc.slice(3)}`;
  return {
    sentences: [
      `${Doc} ${plural ? 'sont régies' : 'est régi'} par ${c.place.law}.`,
      c.arbitration
        ? `Tout différend relatif ${toDoc} qui n’est pas résolu à l’amiable dans un délai de trente jours est tranché définitivement par un arbitre unique siégeant dans l’État de ${c.d.governingRegion ?? '[État]'}.`
        : `Tout litige relatif ${toDoc} relève de la compétence exclusive des ${c.place.courts}.`,
      c.arbitration &&
        `Les litiges qui ne relèvent pas de l’arbitrage relèvent de la compétence exclusive des ${c.place.courts}.`,
      !c.place.us &&
        c.d.governingCountry &&
        plural &&
        'Si vous êtes un consommateur, vous conservez la protection des dispositions impératives de la loi de votre pays de résidence.',
    ],
  };
}

function complaintFr(c: Context): string {
  const authority = supervisoryAuthority(c.d.governingCountry, 'fr');
  return authority
    ? `Vous avez le droit d’introduire une réclamation auprès de ${authority}.`
    : 'Vous avez le droit d’introduire une réclamation auprès de l’autorité de protection des données de votre pays de résidence.';
}
