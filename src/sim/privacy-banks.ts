// The simulated writer's phrase bank for a privacy policy, in English and in French: "this Policy",
// "we" and "you", never "these Terms". The data, processors, contact, DPO and jurisdiction come from
// the details (detail-clauses.ts); these sentences fill the rest of each section.
import type { Topic } from './phrase-banks.js';

export const PRIVACY_TOPICS: readonly Topic[] = [
  {
    pattern: /\b(california|ccpa)/,
    sentences: [
      'California residents have the right to know which categories of personal information we collect, use and disclose, and for what purposes.',
      'California residents may ask us to delete their personal information or to correct inaccurate personal information.',
      'We do not sell personal information and do not share it for cross-context behavioural advertising.',
      'We will not discriminate against you for exercising any of your rights under the California Consumer Privacy Act.',
    ],
    bullets: [],
  },
  {
    pattern: /\blegal bas/,
    sentences: [
      'We process personal data only where we have a legal basis to do so.',
      'Where we rely on consent, you may withdraw it at any time without affecting the lawfulness of processing carried out before the withdrawal.',
      'Where we rely on our legitimate interests, we balance them against your interests and fundamental rights.',
    ],
    bullets: [
      'the performance of a contract with you',
      'compliance with a legal obligation',
      'our legitimate interests in operating and improving {service}',
      'your consent, where we ask for it',
    ],
  },
  {
    pattern: /\b(rights|choices)/,
    sentences: [
      'You may ask us for access to the personal data we hold about you and for a copy of it.',
      'You may ask us to correct inaccurate data or to erase data we no longer need.',
      'You may object to processing based on our legitimate interests and to direct marketing at any time.',
      'We answer every request within one month and may ask you to prove your identity first.',
    ],
    bullets: [
      'the right of access',
      'the right to rectification',
      'the right to erasure',
      'the right to restrict or object to processing',
      'the right to data portability',
    ],
  },
  {
    pattern: /\b(introduction|scope)/,
    sentences: [
      'This Policy explains which personal data we collect, why we collect it, how long we keep it and the rights you have over it.',
      'This Policy applies to personal data collected through {service} and in our dealings with customers, visitors and prospects.',
      'Please read this Policy together with any other notice we give you when we collect your personal data.',
    ],
    bullets: [],
  },
  {
    pattern: /\bcollect/,
    sentences: [
      'We collect the personal data you give us when you create an account, contact us or use {service}.',
      'We also collect some data automatically, such as technical data about the device and browser you use.',
      'We collect only the data we need for the purposes described in this Policy.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(use|purposes?)\b/,
    sentences: [
      'We use personal data to provide {service}, to manage your account and to answer your requests.',
      'We use personal data to keep {service} secure, to prevent fraud and to comply with our legal obligations.',
      'We do not use personal data for decisions based solely on automated processing that have legal effects on you.',
    ],
    bullets: [
      'to provide and maintain {service}',
      'to communicate with you about {service}',
      'to improve {service} and develop new features',
    ],
  },
  {
    pattern: /\b(cookie|analytic|tracking)/,
    sentences: [
      'Strictly necessary cookies are set without consent because {service} cannot work without them.',
      'You can withdraw your consent to cookies at any time from the cookie settings of {service} or in your browser.',
      'Cookies are kept for at most thirteen months, after which your consent is asked again.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(sharing|disclos)/,
    sentences: [
      'We do not sell your personal data.',
      'Our processors act only on our documented instructions and under written contracts that require them to protect your data.',
      'We may disclose personal data where the law requires it, or to protect our rights, your safety or the safety of others.',
      'If our business is sold or merged, personal data may be transferred to the buyer, which must respect this Policy.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(retention|security)/,
    sentences: [
      'We keep personal data only as long as we need it for the purposes for which it was collected, and then delete or anonymise it.',
      'Account data is kept for as long as your account is open and deleted within twelve months after it is closed, unless the law requires longer.',
      'We protect personal data with technical and organisational measures, including encryption in transit, access controls and regular reviews.',
      'If a personal data breach is likely to put your rights at risk, we will tell you and the competent authority as the law requires.',
    ],
    bullets: [],
  },
  {
    pattern: /\btransfer/,
    sentences: [
      'Some of our processors may process personal data outside the country where it was collected.',
      'Where personal data leaves the European Economic Area or the United Kingdom, we rely on an adequacy decision or on the standard contractual clauses approved by the European Commission.',
      'You may ask us for a copy of the safeguards that apply to a transfer.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(children|minor)/,
    sentences: [
      '{service} is not directed to children under sixteen, and we do not knowingly collect their personal data.',
      'If you believe that a child has given us personal data, please contact us so that we can delete it.',
      'Where the law requires parental consent for a minor, we ask for it before collecting the minor’s data.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(changes?|contact)\b/,
    sentences: [
      'We may update this Policy to reflect changes in {service} or in the law.',
      'If a change is significant, we will tell you before it takes effect, by email or through {service}.',
      'The date at the top of this Policy shows when it was last updated.',
    ],
    bullets: [],
  },
];

/** Sentences that fit any section of a privacy policy. */
export const PRIVACY_GENERIC_SENTENCES: readonly string[] = [
  'We process personal data lawfully, fairly and transparently.',
  'Our staff may access personal data only where their role requires it.',
  'This Policy does not limit any right you have under applicable data protection law.',
  'We review the way we handle personal data regularly.',
  'We train the people who handle personal data on our behalf in data protection.',
  'We keep a record of our processing activities and update it when our processing changes.',
  'We assess the risks of any new processing before it starts.',
  'Where a processing activity ends, the personal data it used is deleted or anonymised.',
];

export const PRIVACY_GENERIC_BULLETS: readonly string[] = [
  'we process only the data we need',
  'we keep data only as long as necessary',
];

export const FR_PRIVACY_TOPICS: readonly Topic[] = [
  {
    pattern: /\b(californie|ccpa)/,
    sentences: [
      'Les résidents de Californie ont le droit de savoir quelles catégories d’informations personnelles nous collectons, utilisons et communiquons, et à quelles fins.',
      'Les résidents de Californie peuvent nous demander de supprimer ou de corriger leurs informations personnelles.',
      'Nous ne vendons pas d’informations personnelles et ne les partageons pas à des fins de publicité comportementale.',
      'Nous ne vous traiterons pas différemment parce que vous exercez vos droits au titre du California Consumer Privacy Act.',
    ],
    bullets: [],
  },
  {
    pattern: /\bbases légales/,
    sentences: [
      'Nous ne traitons des données personnelles que lorsque nous disposons d’une base légale pour le faire.',
      'Lorsque le traitement repose sur votre consentement, vous pouvez le retirer à tout moment, sans effet sur la licéité du traitement antérieur.',
      'Lorsque le traitement repose sur notre intérêt légitime, nous le mettons en balance avec vos intérêts et vos droits fondamentaux.',
    ],
    bullets: [
      'l’exécution d’un contrat conclu avec vous',
      'le respect d’une obligation légale',
      'notre intérêt légitime à exploiter et améliorer {service}',
      'votre consentement, lorsque nous le recueillons',
    ],
  },
  {
    pattern: /\b(droits|choix)/,
    sentences: [
      'Vous pouvez nous demander l’accès aux données personnelles que nous détenons sur vous et en obtenir une copie.',
      'Vous pouvez nous demander de rectifier des données inexactes ou d’effacer celles dont nous n’avons plus besoin.',
      'Vous pouvez vous opposer à tout moment au traitement fondé sur notre intérêt légitime et à la prospection commerciale.',
      'Nous répondons à chaque demande dans un délai d’un mois et pouvons vous demander de justifier de votre identité.',
    ],
    bullets: [
      'le droit d’accès',
      'le droit de rectification',
      'le droit à l’effacement',
      'le droit à la limitation du traitement et le droit d’opposition',
      'le droit à la portabilité',
    ],
  },
  {
    pattern: /\b(introduction|champ d)/,
    sentences: [
      'La présente politique explique quelles données personnelles nous collectons, pourquoi, combien de temps nous les conservons et quels sont vos droits.',
      'La présente politique s’applique aux données personnelles collectées par l’intermédiaire de {service} et dans nos relations avec nos clients, visiteurs et prospects.',
      'Elle se lit avec toute autre information que nous vous donnons lors de la collecte de vos données.',
    ],
    bullets: [],
  },
  {
    pattern: /\bcollect/,
    sentences: [
      'Nous collectons les données personnelles que vous nous communiquez lorsque vous créez un compte, nous contactez ou utilisez {service}.',
      'Nous collectons aussi certaines données automatiquement, comme les données techniques relatives à votre appareil et à votre navigateur.',
      'Nous ne collectons que les données nécessaires aux finalités décrites dans la présente politique.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(utilisation|finalités)/,
    sentences: [
      'Nous utilisons les données personnelles pour fournir {service}, gérer votre compte et répondre à vos demandes.',
      'Nous utilisons les données personnelles pour assurer la sécurité de {service}, prévenir la fraude et respecter nos obligations légales.',
      'Nous ne prenons aucune décision produisant des effets juridiques à votre égard sur le seul fondement d’un traitement automatisé.',
    ],
    bullets: [
      'fournir et maintenir {service}',
      'communiquer avec vous au sujet de {service}',
      'améliorer {service} et développer de nouvelles fonctionnalités',
    ],
  },
  {
    pattern: /\b(cookie|audience|traceur)/,
    sentences: [
      'Les cookies strictement nécessaires sont déposés sans consentement, car {service} ne peut fonctionner sans eux.',
      'Vous pouvez retirer votre consentement aux cookies à tout moment depuis les paramètres de cookies de {service} ou de votre navigateur.',
      'Les cookies sont conservés treize mois au plus, après quoi votre consentement vous est de nouveau demandé.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(partage|communication)/,
    sentences: [
      'Nous ne vendons pas vos données personnelles.',
      'Nos sous-traitants n’agissent que sur nos instructions documentées et sont tenus par contrat de protéger vos données.',
      'Nous pouvons communiquer des données personnelles lorsque la loi l’exige ou pour protéger nos droits, votre sécurité ou celle d’autrui.',
      'En cas de cession ou de fusion de notre activité, les données personnelles peuvent être transmises à l’acquéreur, qui est tenu de respecter la présente politique.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(conservation|sécurité)/,
    sentences: [
      'Nous ne conservons les données personnelles que le temps nécessaire aux finalités pour lesquelles elles ont été collectées, puis nous les supprimons ou les anonymisons.',
      'Les données du compte sont conservées tant que le compte est ouvert, puis supprimées dans les douze mois suivant sa clôture, sauf obligation légale contraire.',
      'Nous protégeons les données personnelles par des mesures techniques et organisationnelles, notamment le chiffrement des échanges, le contrôle des accès et des revues régulières.',
      'Si une violation de données est susceptible d’engendrer un risque pour vos droits, nous vous en informons, ainsi que l’autorité compétente, comme la loi l’exige.',
    ],
    bullets: [],
  },
  {
    pattern: /\btransfert/,
    sentences: [
      'Certains de nos sous-traitants peuvent traiter des données personnelles hors du pays où elles ont été collectées.',
      'Lorsque des données quittent l’Espace économique européen ou le Royaume-Uni, nous nous appuyons sur une décision d’adéquation ou sur les clauses contractuelles types approuvées par la Commission européenne.',
      'Vous pouvez nous demander une copie des garanties applicables à un transfert.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(mineur|enfant)/,
    sentences: [
      '{service} ne s’adresse pas aux enfants de moins de seize ans et nous ne collectons pas sciemment leurs données personnelles.',
      'Si vous pensez qu’un enfant nous a communiqué des données personnelles, contactez-nous afin que nous les supprimions.',
      'Lorsque la loi exige le consentement des titulaires de l’autorité parentale, nous le recueillons avant toute collecte.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(modification|contact)/,
    sentences: [
      'Nous pouvons mettre à jour la présente politique pour tenir compte de l’évolution de {service} ou de la loi.',
      'Toute modification importante vous est signalée avant son entrée en vigueur, par courriel ou dans {service}.',
      'La date figurant en tête de la présente politique indique sa dernière mise à jour.',
    ],
    bullets: [],
  },
];

export const FR_PRIVACY_GENERIC_SENTENCES: readonly string[] = [
  'Nous traitons les données personnelles de manière licite, loyale et transparente.',
  'Seuls les membres de notre personnel dont les fonctions l’exigent ont accès aux données personnelles.',
  'La présente politique ne limite aucun des droits que vous tenez de la réglementation applicable.',
  'Nous réexaminons régulièrement la manière dont nous traitons les données personnelles.',
  'Les personnes qui traitent des données personnelles pour notre compte sont formées à leur protection.',
  'Nous tenons un registre de nos activités de traitement et le mettons à jour à chaque changement.',
  'Nous évaluons les risques de tout nouveau traitement avant sa mise en œuvre.',
  'Lorsqu’un traitement prend fin, les données personnelles qu’il utilisait sont supprimées ou anonymisées.',
];

export const FR_PRIVACY_GENERIC_BULLETS: readonly string[] = [
  'nous ne traitons que les données nécessaires',
  'nous ne conservons les données que le temps nécessaire',
];
