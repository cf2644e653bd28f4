import { businessName, type Details, type Language } from '../domain/details.js';
import { documentOf, type OutlinedGeneration } from '../domain/outlines.js';
import { cleanText } from '../domain/storable-text.js';
import type { FinishedSection, TemplateId } from '../domain/templates.js';
import { textFor } from './i18n/catalogue.js';

// What frames a draft's sections, computed once from its template, language and details, and laid
// out by every format: the page (document-frame-view.tsx, print included), the .md and .docx files
// (src/api/exports.ts, docx-document.ts) and the PDF (pdf-document.ts). Above the sections, the title
// block: the document's title, who issues it (or, for an agreement, the parties), how to reach it and
// when it takes effect. Below them, for an agreement, one signature block per party. Plain data (no
// functions), so it crosses to the PDF worker thread as it is; every text went through the text policy.

/** A line of the title block: what it says, and what it is (the page styles each kind). */
interface FrameLine {
  kind: 'business' | 'contact' | 'party' | 'date';
  text: string;
}

/** A line to sign or write on, after each field of a signature block in a file: room for a name by hand. */
export const FILL_IN_LINE = '_'.repeat(32);

interface SignatureBlock {
  /** `For Trailhead Ltd (the “Disclosing Party”)`. */
  heading: string;
  /** The lines to fill in by hand: Signature, Name, Title, Date. */
  fields: readonly string[];
}

export interface DocumentFrame {
  language: Language;
  title: string;
  lines: FrameLine[];
  /** An agreement's signature blocks, one per party; none for a notice such as Terms of Service. */
  signatures?: { heading: string; intro: string; blocks: SignatureBlock[] };
  /** The running header of a file's pages: the business and the title. */
  header: string;
  /** `Page N of M` in the draft's language, as its two words (a file's footer puts the numbers between). */
  pageWords: { page: string; of: string };
}

/** The templates that are agreements between parties, signed by each; the others are notices. */
const AGREEMENTS: ReadonlySet<TemplateId> = new Set(['nda']);

export interface FramedGeneration extends OutlinedGeneration {
  language: Language;
  details?: Details | null;
}

export function documentFrame(generation: FramedGeneration): DocumentFrame {
  const t = textFor(generation.language);
  const details = cleanDetails(generation.details ?? {});
  const title = cleanText(documentOf(generation).name);
  const business = businessName(details);
  const lines: FrameLine[] = [];
  let signatures: DocumentFrame['signatures'];

  if (AGREEMENTS.has(generation.template)) {
    const parties = agreementParties(details, t);
    const [first, second] = parties.map((p) => (p.role ? t.frameRole(p.name, p.role) : p.name));
    lines.push({ kind: 'party', text: t.frameBetween(first ?? '') }, { kind: 'party', text: t.frameAnd(second ?? '') });
    signatures = {
      heading: t.signaturesHeading,
      intro: t.signaturesIntro,
      blocks: parties.map((p) => ({
        heading: t.signatureFor(p.role ? t.frameRole(p.signer, p.role) : p.signer),
        fields: t.signatureFields,
      })),
    };
  } else if (details.legalName || details.tradingName) {
    const named =
      details.legalName && details.tradingName && details.legalName !== details.tradingName
        ? t.frameTradingAs(details.legalName, details.tradingName)
        : (business ?? '');
    lines.push({ kind: 'business', text: named });
  }
  const contact = [details.website, details.contactEmail].filter((v) => v !== undefined);
  if (contact.length > 0) lines.push({ kind: 'contact', text: contact.join(' · ') });
  if (details.effectiveDate) lines.push({ kind: 'date', text: t.frameEffective(t.frameDate(details.effectiveDate)) });

  return {
    language: generation.language,
    title,
    lines,
    ...(signatures ? { signatures } : {}),
    header: business ? `${business} · ${title}` : title,
    pageWords: { ...t.pageWords },
  };
}

interface Party {
  /** As the title block names it (the trading name given too). */
  name: string;
  /** As it signs: its legal name. */
  signer: string;
  role?: string;
}

/**
 * The business first, then the other party. A party not named is a bracketed placeholder, as the
 * model writes one for a fact it was not given. Roles only for a one-way agreement whose discloser is
 * known: in a mutual one each party is both.
 */
function agreementParties(details: Details, t: ReturnType<typeof textFor>): [Party, Party] {
  const legal = details.legalName ?? details.tradingName ?? t.frameCompanyPlaceholder;
  const name =
    details.legalName && details.tradingName && details.legalName !== details.tradingName
      ? t.frameTradingAs(details.legalName, details.tradingName)
      : legal;
  const other = details.counterparty ?? t.frameOtherPartyPlaceholder;
  const business: Party = { name, signer: legal };
  const counterparty: Party = { name: other, signer: other };
  if (details.kind === 'one-way' && details.discloser) {
    const businessDiscloses = details.discloser === 'business';
    business.role = businessDiscloses ? t.frameRoles.discloser : t.frameRoles.recipient;
    counterparty.role = businessDiscloses ? t.frameRoles.recipient : t.frameRoles.discloser;
  }
  return [business, counterparty];
}

/** The text fields through the text policy, whatever was stored (no invisible formatting in a file). */
function cleanDetails(details: Details): Details {
  const clean = (value: string | undefined) => (value === undefined ? undefined : cleanText(value));
  return {
    ...details,
    legalName: clean(details.legalName),
    tradingName: clean(details.tradingName),
    counterparty: clean(details.counterparty),
    website: clean(details.website),
    contactEmail: clean(details.contactEmail),
  };
}

/** The sections through the text policy, whatever was stored: what every file format lays out. */
export function cleanSections(sections: readonly FinishedSection[]): FinishedSection[] {
  return sections.map((s) => ({ ...s, title: cleanText(s.title), content: cleanText(s.content) }));
}
