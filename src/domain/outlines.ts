import type { Details, Language } from './details.js';
import type { Template, TemplateId } from './templates.js';

// Which sections a document has, in which language: a function of the template and the business's
// details. A detail left out keeps the section a draft without details has always had; a detail
// that rules a subject out (no payments, no EU users) removes its section, and one that brings a
// subject in (user content, California users) adds one. The list is resolved once, when the
// generation is created, and stored with it: every later step reads it through `sectionTitles`.

type Title = Readonly<Record<Language, string>>;

interface OutlineEntry {
  title: Title | ((details: Details) => Title);
  /** Absent: always present. */
  when?: (details: Details) => boolean;
}

const not = (value: boolean | undefined) => value !== false;

const OUTLINES: Readonly<Record<TemplateId, readonly OutlineEntry[]>> = {
  'terms-of-service': [
    { title: { en: 'Acceptance of Terms', fr: 'Acceptation des conditions' } },
    { title: { en: 'Description of Service', fr: 'Description du service' } },
    {
      title: { en: 'User Accounts and Registration', fr: 'Comptes utilisateurs et inscription' },
      when: (d) => not(d.userAccounts),
    },
    { title: { en: 'Acceptable Use', fr: 'Utilisation acceptable' } },
    { title: { en: 'User Content', fr: 'Contenu des utilisateurs' }, when: (d) => d.userContent === true },
    { title: { en: 'Intellectual Property', fr: 'Propriété intellectuelle' } },
    {
      title: (d) =>
        d.payments === 'subscription'
          ? { en: 'Subscriptions, Fees and Payment', fr: 'Abonnements, frais et paiement' }
          : { en: 'Fees and Payment', fr: 'Frais et paiement' },
      when: (d) => d.payments !== 'none',
    },
    { title: { en: 'Privacy and Data Protection', fr: 'Vie privée et protection des données' } },
    {
      title: {
        en: 'Disclaimers and Limitation of Liability',
        fr: 'Exclusions de garantie et limitation de responsabilité',
      },
    },
    { title: { en: 'Termination', fr: 'Résiliation' } },
    { title: { en: 'Governing Law and Dispute Resolution', fr: 'Droit applicable et règlement des litiges' } },
  ],
  'privacy-policy': [
    { title: { en: 'Introduction and Scope', fr: 'Introduction et champ d’application' } },
    { title: { en: 'Information We Collect', fr: 'Informations que nous collectons' } },
    { title: { en: 'How We Use Information', fr: 'Utilisation des informations' } },
    {
      title: (d) =>
        d.euUsers === true
          ? { en: 'Legal Bases and Your Rights under the GDPR', fr: 'Bases légales et vos droits au titre du RGPD' }
          : { en: 'Legal Bases for Processing', fr: 'Bases légales du traitement' },
      when: (d) => not(d.euUsers),
    },
    {
      title: { en: 'Cookies and Analytics', fr: 'Cookies et mesure d’audience' },
      when: (d) => d.cookies === true || d.analytics === true,
    },
    { title: { en: 'Sharing and Disclosure', fr: 'Partage et communication' } },
    { title: { en: 'Data Retention and Security', fr: 'Conservation et sécurité des données' } },
    {
      title: { en: 'International Data Transfers', fr: 'Transferts internationaux de données' },
      when: (d) => not(d.euUsers),
    },
    { title: { en: 'Your Rights and Choices', fr: 'Vos droits et vos choix' } },
    {
      title: { en: 'California Privacy Rights (CCPA)', fr: 'Droits des résidents de Californie (CCPA)' },
      when: (d) => d.californiaUsers === true,
    },
    { title: { en: "Children's Privacy", fr: 'Protection des mineurs' } },
    {
      title: { en: 'Changes to This Policy and Contact Information', fr: 'Modifications de la politique et contact' },
    },
  ],
  nda: [
    { title: { en: 'Parties and Purpose', fr: 'Parties et objet' } },
    { title: { en: 'Definition of Confidential Information', fr: 'Définition des informations confidentielles' } },
    { title: { en: 'Exclusions from Confidential Information', fr: 'Exclusions' } },
    {
      title: (d) =>
        d.kind === 'mutual'
          ? { en: 'Obligations of Each Party', fr: 'Obligations de chacune des parties' }
          : { en: 'Obligations of the Receiving Party', fr: 'Obligations de la partie destinataire' },
    },
    { title: { en: 'Permitted and Compelled Disclosures', fr: 'Divulgations autorisées et imposées' } },
    { title: { en: 'Term and Duration of Obligations', fr: 'Durée des obligations' } },
    { title: { en: 'Return and Destruction of Information', fr: 'Restitution et destruction des informations' } },
    { title: { en: 'No Licence and No Warranty', fr: 'Absence de licence et de garantie' } },
    { title: { en: 'Remedies', fr: 'Recours' } },
    { title: { en: 'General Provisions and Governing Law', fr: 'Dispositions générales et droit applicable' } },
  ],
};

const DOCUMENT_NAMES: Readonly<Record<TemplateId, Title>> = {
  'terms-of-service': { en: 'Terms of Service', fr: 'Conditions générales d’utilisation' },
  'privacy-policy': { en: 'Privacy Policy', fr: 'Politique de confidentialité' },
  nda: { en: 'Non-Disclosure Agreement', fr: 'Accord de confidentialité' },
};

/** The section titles of a new document, in order: section N is `titles[N - 1]`. */
export function resolveOutline(template: TemplateId, details: Details, language: Language): string[] {
  return OUTLINES[template]
    .filter((entry) => entry.when?.(details) ?? true)
    .map((entry) => (typeof entry.title === 'function' ? entry.title(details) : entry.title)[language]);
}

/** What a generation's sections are called: the outline stored with it (rows older than it: the template's). */
export interface OutlinedGeneration {
  template: TemplateId;
  outline: readonly string[] | null;
  language?: Language;
}

/** The one place every step (worker, page, regenerate, webhooks) learns a generation's sections from. */
export function sectionTitles(generation: OutlinedGeneration): readonly string[] {
  return generation.outline ?? resolveOutline(generation.template, {}, generation.language ?? 'en');
}

/** The generation's document: its name in its language and its stored section list. */
export function documentOf(generation: OutlinedGeneration): Template {
  const { template, language = 'en' } = generation;
  return { id: template, name: documentName(template, language), sections: sectionTitles(generation) };
}

/** The document's name in its language ("Privacy Policy", "Politique de confidentialité"). */
export function documentName(template: TemplateId, language: Language = 'en'): string {
  return DOCUMENT_NAMES[template][language];
}
