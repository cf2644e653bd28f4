// The simulated writer's phrase bank for a Non-Disclosure Agreement, in English and in French. An NDA
// has its own vocabulary (Disclosing Party, Receiving Party, Confidential Information, the Purpose,
// the Term) and is never worded like Terms of Service: no "these Terms", no "the Service", no users.
// The parties, direction, purpose, term and governing law come from the details (detail-clauses.ts).
import type { Topic } from './phrase-banks.js';

export const NDA_TOPICS: readonly Topic[] = [
  {
    pattern: /^parties\b|\bpurpose\b/,
    sentences: [
      'The parties wish to exchange information for the Purpose and to protect that information against unauthorised use and disclosure.',
      'Each party enters into this Agreement as an independent contractor and not as an agent of the other party.',
      'This Agreement does not oblige either party to disclose any particular information or to enter into any further transaction.',
    ],
    bullets: [],
  },
  {
    pattern: /\bdefinition/,
    sentences: [
      '"Confidential Information" means all information disclosed by the Disclosing Party to the Receiving Party in connection with the Purpose, whether before or after the Effective Date and in whatever form.',
      'Confidential Information includes business plans, customer lists, pricing, financial data, know-how, source code, designs and any information marked or reasonably understood to be confidential.',
      'Information disclosed orally is Confidential Information if it is identified as confidential at the time of disclosure or would be understood as such by a reasonable person.',
      'Copies, notes, analyses and summaries prepared by the Receiving Party that contain or reflect Confidential Information are Confidential Information.',
    ],
    bullets: [
      'technical data, specifications, software and prototypes',
      'commercial information, including prices, margins and supplier terms',
      'information about customers, employees and business partners',
      'the existence and content of the discussions relating to the Purpose',
    ],
  },
  {
    pattern: /\bexclusion/,
    sentences: [
      'The obligations of this Agreement do not apply to information that the Receiving Party can show by written records falls within one of the following exclusions.',
      'The burden of proving that an exclusion applies rests on the Receiving Party.',
      'Information is not excluded merely because individual parts of it are public or known to the Receiving Party.',
    ],
    bullets: [
      'information that is or becomes public through no breach of this Agreement',
      'information that the Receiving Party lawfully knew before the disclosure, free of any duty of confidence',
      'information lawfully received from a third party without a duty of confidentiality',
      'information independently developed without use of the Confidential Information',
    ],
  },
  {
    pattern: /\b(term|duration)\b/,
    sentences: [
      'Either party may end the exchange of information at any time by written notice, without affecting the obligations that apply to information already disclosed.',
      'The obligations of confidentiality continue to apply to trade secrets for as long as the information remains a trade secret under applicable law.',
      'The end of this Agreement does not affect any rights or remedies that accrued before it ended.',
    ],
    bullets: [],
  },
  {
    pattern: /\bobligation/,
    sentences: [
      'The Receiving Party must keep the Confidential Information in strict confidence and must not disclose it to any third party without the prior written consent of the Disclosing Party.',
      'The Receiving Party must use the Confidential Information solely for the Purpose and for no other purpose.',
      'The Receiving Party must protect the Confidential Information with at least the degree of care it uses for its own confidential information, and never less than reasonable care.',
      'The Receiving Party must notify the Disclosing Party in writing as soon as it becomes aware of any unauthorised use or disclosure of Confidential Information.',
      'The Receiving Party must not copy or reproduce Confidential Information except as strictly necessary for the Purpose.',
    ],
    bullets: [
      'limit access to those who need to know for the Purpose',
      'keep Confidential Information separate from other information',
      'not reverse engineer any sample, prototype or software received',
    ],
  },
  {
    pattern: /\b(permitted|compelled|disclosure)/,
    sentences: [
      'The Receiving Party may disclose Confidential Information to its employees, officers and professional advisers who need to know it for the Purpose and who are bound by obligations of confidentiality no less protective than this Agreement.',
      'The Receiving Party is responsible for any breach of this Agreement by the persons to whom it discloses Confidential Information.',
      'Where disclosure is required by law, regulation or a court order, the Receiving Party must, where lawful, give the Disclosing Party prompt written notice so that it may seek a protective order.',
      'Any compelled disclosure must be limited to the part of the Confidential Information that the Receiving Party is legally required to disclose.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(return|destruction)/,
    sentences: [
      'On the written request of the Disclosing Party, or when the Purpose ends, the Receiving Party must return or destroy all materials containing Confidential Information.',
      'The Receiving Party must confirm in writing, signed by an authorised officer, that the return or destruction has been completed.',
      'The Receiving Party may keep copies that it must retain by law or that are held in automatic electronic backups, and those copies remain subject to this Agreement.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(licen[cs]e|warrant)/,
    sentences: [
      'All Confidential Information remains the property of the Disclosing Party.',
      'Nothing in this Agreement grants the Receiving Party any licence or right in any patent, copyright, trade mark or other intellectual property of the Disclosing Party.',
      'Confidential Information is provided "as is", and the Disclosing Party gives no warranty as to its accuracy or completeness.',
      'The Disclosing Party is not liable for any use the Receiving Party makes of the Confidential Information in accordance with this Agreement.',
    ],
    bullets: [],
  },
  {
    pattern: /\bremed/,
    sentences: [
      'The parties acknowledge that an unauthorised disclosure may cause the Disclosing Party harm for which damages alone would not be an adequate remedy.',
      'The Disclosing Party is entitled to seek injunctive relief and specific performance for any actual or threatened breach, in addition to any other remedy available at law.',
      'The Receiving Party must indemnify the Disclosing Party against losses arising from a breach of this Agreement by the Receiving Party or by any person to whom it disclosed Confidential Information.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(general|governing)/,
    sentences: [
      'This Agreement is the entire agreement between the parties about its subject matter and replaces any earlier understanding about it.',
      'This Agreement may be amended only in writing signed by both parties.',
      'Neither party may assign this Agreement without the prior written consent of the other party.',
      'If any provision of this Agreement is held invalid, the remaining provisions continue in full force.',
      'This Agreement may be signed in counterparts, including by electronic signature, each of which is an original.',
    ],
    bullets: [],
  },
];

/** Sentences that fit any section of an NDA. */
export const NDA_GENERIC_SENTENCES: readonly string[] = [
  'A failure or delay in exercising any right under this Agreement is not a waiver of that right.',
  'Headings in this Agreement are for convenience only and do not affect its interpretation.',
  'Each party must act in good faith in the performance of this Agreement.',
  'Nothing in this Agreement creates a partnership, joint venture or agency between the parties.',
  'The rights and remedies under this Agreement are in addition to any rights and remedies provided by law.',
];

export const NDA_GENERIC_BULLETS: readonly string[] = [
  'every notice under this Agreement must be in writing',
  'capitalised terms have the meanings given in this Agreement',
];

export const FR_NDA_TOPICS: readonly Topic[] = [
  {
    pattern: /^parties\b|\bobjet\b/,
    sentences: [
      'Les parties souhaitent échanger des informations dans le cadre de l’Objet et protéger ces informations contre toute utilisation ou divulgation non autorisée.',
      'Le présent Accord n’oblige aucune des parties à communiquer une information déterminée ni à conclure une autre opération.',
      'Chaque partie agit en son nom propre et non en qualité de mandataire de l’autre partie.',
    ],
    bullets: [],
  },
  {
    pattern: /\bdéfinition/,
    sentences: [
      'Les « Informations Confidentielles » désignent toutes les informations communiquées par la Partie Divulgatrice à la Partie Destinataire dans le cadre de l’Objet, avant ou après la Date d’entrée en vigueur, quelle qu’en soit la forme.',
      'Les Informations Confidentielles comprennent notamment les plans d’affaires, listes de clients, prix, données financières, savoir-faire, codes sources et dessins.',
      'Les informations communiquées oralement sont des Informations Confidentielles lorsqu’elles sont identifiées comme telles lors de leur communication.',
      'Les copies, notes, analyses et synthèses établies par la Partie Destinataire à partir des Informations Confidentielles sont elles-mêmes des Informations Confidentielles.',
    ],
    bullets: [
      'les données techniques, spécifications, logiciels et prototypes',
      'les informations commerciales, notamment les prix, marges et conditions des fournisseurs',
      'les informations relatives aux clients, salariés et partenaires',
      'l’existence et le contenu des discussions relatives à l’Objet',
    ],
  },
  {
    pattern: /\bexclusion/,
    sentences: [
      'Les obligations du présent Accord ne s’appliquent pas aux informations dont la Partie Destinataire démontre, par des documents écrits, qu’elles relèvent de l’une des exclusions suivantes.',
      'La charge de la preuve d’une exclusion incombe à la Partie Destinataire.',
      'Une information n’est pas exclue du seul fait que certains de ses éléments sont publics.',
    ],
    bullets: [
      'les informations tombées dans le domaine public sans manquement au présent Accord',
      'les informations que la Partie Destinataire connaissait licitement avant leur communication',
      'les informations reçues licitement d’un tiers non tenu à la confidentialité',
      'les informations développées de manière indépendante, sans recours aux Informations Confidentielles',
    ],
  },
  {
    pattern: /\bdurée/,
    sentences: [
      'Chaque partie peut mettre fin aux échanges d’informations à tout moment par notification écrite, sans effet sur les obligations relatives aux informations déjà communiquées.',
      'Les obligations de confidentialité relatives aux secrets d’affaires demeurent tant que l’information conserve cette qualité au sens de la loi applicable.',
      'La fin du présent Accord est sans effet sur les droits et recours nés avant elle.',
    ],
    bullets: [],
  },
  {
    pattern: /\bobligation/,
    sentences: [
      'La Partie Destinataire s’engage à garder les Informations Confidentielles strictement confidentielles et à ne pas les divulguer à un tiers sans l’accord écrit préalable de la Partie Divulgatrice.',
      'La Partie Destinataire n’utilise les Informations Confidentielles qu’aux seules fins de l’Objet.',
      'La Partie Destinataire protège les Informations Confidentielles avec au moins le même soin que ses propres informations confidentielles, et jamais moins qu’un soin raisonnable.',
      'La Partie Destinataire informe par écrit la Partie Divulgatrice dès qu’elle a connaissance d’une utilisation ou d’une divulgation non autorisée.',
      'La Partie Destinataire ne reproduit les Informations Confidentielles que dans la mesure strictement nécessaire à l’Objet.',
    ],
    bullets: [
      'limiter l’accès aux seules personnes qui en ont besoin pour l’Objet',
      'conserver les Informations Confidentielles séparément des autres informations',
      'ne pas procéder à l’ingénierie inverse des échantillons, prototypes ou logiciels reçus',
    ],
  },
  {
    pattern: /\b(autorisée|imposée|divulgation)/,
    sentences: [
      'La Partie Destinataire peut communiquer les Informations Confidentielles à ses salariés, dirigeants et conseils qui en ont besoin pour l’Objet et qui sont tenus à une obligation de confidentialité au moins équivalente.',
      'La Partie Destinataire répond de tout manquement au présent Accord commis par les personnes auxquelles elle a communiqué des Informations Confidentielles.',
      'Lorsque la loi, un règlement ou une décision de justice impose une divulgation, la Partie Destinataire en informe sans délai la Partie Divulgatrice, dans la mesure permise, afin qu’elle puisse demander une mesure de protection.',
      'Toute divulgation imposée est limitée à la seule partie des Informations Confidentielles que la Partie Destinataire est légalement tenue de divulguer.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(restitution|destruction)/,
    sentences: [
      'À la demande écrite de la Partie Divulgatrice, ou à la fin de l’Objet, la Partie Destinataire restitue ou détruit tous les supports contenant des Informations Confidentielles.',
      'La Partie Destinataire confirme par écrit, sous la signature d’un représentant habilité, que la restitution ou la destruction a été effectuée.',
      'La Partie Destinataire peut conserver les copies qu’elle est légalement tenue de garder ou qui figurent dans des sauvegardes automatiques ; ces copies restent soumises au présent Accord.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(licence|garantie)/,
    sentences: [
      'Les Informations Confidentielles restent la propriété de la Partie Divulgatrice.',
      'Le présent Accord ne confère à la Partie Destinataire aucune licence ni aucun droit sur les brevets, droits d’auteur, marques ou autres droits de propriété intellectuelle de la Partie Divulgatrice.',
      'Les Informations Confidentielles sont communiquées « en l’état », sans garantie d’exactitude ni d’exhaustivité.',
      'La Partie Divulgatrice n’est pas responsable de l’usage que la Partie Destinataire fait des Informations Confidentielles conformément au présent Accord.',
    ],
    bullets: [],
  },
  {
    pattern: /\brecours/,
    sentences: [
      'Les parties reconnaissent qu’une divulgation non autorisée peut causer à la Partie Divulgatrice un préjudice que des dommages et intérêts ne suffiraient pas à réparer.',
      'La Partie Divulgatrice peut solliciter toute mesure conservatoire ou d’exécution forcée en cas de manquement avéré ou imminent, sans préjudice de tout autre recours.',
      'La Partie Destinataire indemnise la Partie Divulgatrice des pertes résultant d’un manquement au présent Accord commis par elle ou par les personnes auxquelles elle a communiqué des Informations Confidentielles.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(dispositions|droit applicable)/,
    sentences: [
      'Le présent Accord constitue l’intégralité de l’accord des parties sur son objet et remplace tout accord antérieur portant sur le même objet.',
      'Le présent Accord ne peut être modifié que par un écrit signé des deux parties.',
      'Aucune partie ne peut céder le présent Accord sans l’accord écrit préalable de l’autre partie.',
      'Si l’une des stipulations est déclarée nulle, les autres stipulations conservent toute leur force.',
      'Le présent Accord peut être signé en plusieurs exemplaires, y compris par signature électronique, chacun ayant valeur d’original.',
    ],
    bullets: [],
  },
];

export const FR_NDA_GENERIC_SENTENCES: readonly string[] = [
  'Le fait de ne pas exercer un droit au titre du présent Accord ne vaut pas renonciation à ce droit.',
  'Les titres des articles sont donnés pour la commodité de lecture et n’ont aucune portée juridique.',
  'Chaque partie exécute le présent Accord de bonne foi.',
  'Le présent Accord ne crée aucune société, association ou relation de mandat entre les parties.',
  'Les droits et recours prévus au présent Accord s’ajoutent à ceux que prévoit la loi.',
];

export const FR_NDA_GENERIC_BULLETS: readonly string[] = [
  'toute notification au titre du présent Accord est faite par écrit',
  'les termes en majuscules ont le sens que leur donne le présent Accord',
];
