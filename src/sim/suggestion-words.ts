// The simulated reviewer's words in each language: the service tells a model to write its summaries
// and instructions in the draft's language (src/domain/suggestion-prompt.ts), so the simulator does
// too. The instructions are the ones revisions.ts carries out when a suggestion is applied: the two
// files name the same patterns.
import type { Language } from '../domain/details.js';

export interface SuggestionWords {
  lawNamed: (section: number, named: string, place: string) => string;
  lawMissing: (section: number, place: string) => string;
  lawInstruction: (place: string, courts: string) => string;
  lawForeign: (section: number, named: string) => string;
  lawNone: string;
  lawPlaceholder: string;
  /** Vague phrases and the concrete wording a rewrite should use instead. */
  vague: readonly { phrase: RegExp; fix: string }[];
  vagueSummary: (words: string, section: number) => string;
  vagueInstruction: (words: string, fix: string) => string;
  /** What a one-sided liability clause says (a cap, an indemnity). */
  oneSided: RegExp;
  liabilitySummary: (section: number) => string;
  liabilityInstruction: string;
  contactSummary: (email: string) => string;
  contactInstruction: (email: string) => string;
  termsSummary: (section: number) => string;
  termsInstruction: (section: number) => string;
}

export const SUGGESTION_WORDS: Readonly<Record<Language, SuggestionWords>> = {
  en: {
    lawNamed: (n, named, place) =>
      `Section ${n} applies the laws of ${named}, but the business's governing law is that of ${place}.`,
    lawMissing: (n, place) => `Section ${n} does not name ${place} as the governing law.`,
    lawInstruction: (place, courts) =>
      `State that this document is governed by the laws of ${place} and that the courts of ${courts} have exclusive jurisdiction over disputes; remove any other governing law or venue.`,
    lawForeign: (n, named) => `Section ${n} applies the laws of ${named}, a jurisdiction the client never gave.`,
    lawNone: 'The draft has no governing-law clause.',
    lawPlaceholder:
      'State that this document is governed by the laws of [Governing Jurisdiction] and that its courts have exclusive jurisdiction over disputes, with [Governing Jurisdiction] as a placeholder for the client to fill in.',
    vague: [
      { phrase: /within a reasonable time/i, fix: 'within 30 days' },
      { phrase: /\bpromptly\b/i, fix: 'within 5 business days' },
      { phrase: /\bfrom time to time\b/i, fix: 'as at the date of this document' },
      { phrase: /\breasonable cooperation\b/i, fix: 'the cooperation listed in this section' },
    ],
    vagueSummary: (words, n) => `"${words}" in section ${n} is vague: nobody can tell when it is breached.`,
    vagueInstruction: (words, fix) =>
      `Replace "${words}" with a concrete term, ${fix}, and keep the rest of the section as it is.`,
    oneSided: /shall not exceed|indemnify|hold harmless/i,
    liabilitySummary: (n) => `The liability terms of section ${n} protect one party only.`,
    liabilityInstruction:
      "Make the limitation of liability mutual: cap each party's aggregate liability at the amounts paid in the twelve months before the claim, make any indemnity reciprocal, and keep for both parties the exclusions for fraud, death and personal injury.",
    contactSummary: (email) => `The contact email ${email} from the business details appears nowhere in the draft.`,
    contactInstruction: (email) => `Add that notices and questions about this document go to ${email}.`,
    termsSummary: (n) => `Section ${n} uses capitalised terms it does not define.`,
    termsInstruction: (n) =>
      `Define each capitalised term the first time section ${n} uses it, or refer to the section that defines it, and keep the rest unchanged.`,
  },
  fr: {
    lawNamed: (n, named, place) =>
      `L’article ${n} applique le droit de ${named}, alors que le droit applicable de l’entreprise est celui du pays suivant : ${place}.`,
    lawMissing: (n, place) => `L’article ${n} ne désigne pas le droit applicable de l’entreprise (${place}).`,
    lawInstruction: (place, courts) =>
      `Indiquer que le présent document est soumis au droit du pays suivant : ${place}, et que les tribunaux de ${courts} sont seuls compétents ; supprimer toute autre loi ou juridiction.`,
    lawForeign: (n, named) => `L’article ${n} applique le droit de ${named}, que le client n’a jamais indiqué.`,
    lawNone: 'Le projet ne contient aucune clause de droit applicable.',
    lawPlaceholder:
      'Indiquer que le présent document est soumis au droit du pays suivant : [Juridiction applicable], et que ses tribunaux sont seuls compétents, [Juridiction applicable] restant à compléter par le client.',
    vague: [
      { phrase: /dans un délai raisonnable/i, fix: 'dans un délai de 30 jours' },
      { phrase: /\bsans délai\b/i, fix: 'dans un délai de 5 jours ouvrés' },
      { phrase: /dans la mesure du possible/i, fix: 'sauf cas de force majeure' },
    ],
    vagueSummary: (words, n) => `« ${words} » à l’article ${n} est imprécis : nul ne peut dire quand il est méconnu.`,
    vagueInstruction: (words, fix) =>
      `Remplacer « ${words} » par un terme précis, ${fix}, et conserver le reste de l’article.`,
    oneSided: /est limitée aux sommes|indemnise/i,
    liabilitySummary: (n) => `Les clauses de responsabilité de l’article ${n} ne protègent qu’une seule partie.`,
    liabilityInstruction:
      'Rendre la limitation de responsabilité réciproque : plafonner la responsabilité totale de chaque partie aux sommes versées au cours des douze mois précédant la réclamation, rendre toute garantie réciproque et conserver pour les deux parties les exclusions en cas de faute lourde, de dol ou de dommage corporel.',
    contactSummary: (email) =>
      `L’adresse de contact ${email} indiquée dans les informations de l’entreprise n’apparaît nulle part dans le projet.`,
    contactInstruction: (email) =>
      `Ajouter que les notifications et questions relatives au présent document sont adressées à ${email}.`,
    termsSummary: (n) => `L’article ${n} emploie des termes en majuscules qu’il ne définit pas.`,
    termsInstruction: (n) =>
      `Définir chaque terme en majuscules lors de sa première utilisation à l’article ${n}, ou renvoyer à l’article qui le définit, et conserver le reste.`,
  },
};
