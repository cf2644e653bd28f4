// The French phrase bank of the simulated legal writer for Terms of Service (conditions générales
// d’utilisation), used when the service asks for a draft in French; the privacy policy and NDA banks
// are in privacy-banks.ts and nda-banks.ts. Same placeholders as phrase-banks.ts: {company} and
// {service}. Governing law, ages, payments, accounts and content rules come from the details
// (detail-clauses.ts), never from here.
import type { Topic } from './phrase-banks.js';

export const FR_TOPICS: readonly Topic[] = [
  {
    pattern: /\b(compte|inscription)/,
    sentences: [
      'L’utilisateur s’engage à fournir des informations exactes, à jour et complètes lors de son inscription.',
      'L’utilisateur est responsable de la confidentialité de ses identifiants et de toute activité réalisée depuis son compte.',
      'L’utilisateur informe {company} sans délai de toute utilisation non autorisée de son compte.',
      '{company} peut refuser une inscription ou clôturer un compte en cas de fraude ou d’usage abusif avéré.',
      'Le compte est personnel et ne peut être ni partagé, ni cédé, ni vendu.',
    ],
    bullets: [
      'garder ses identifiants confidentiels',
      'choisir un mot de passe robuste et unique',
      'se déconnecter après chaque session sur un appareil partagé',
    ],
  },
  {
    pattern: /\bcontenu/,
    sentences: [
      'L’utilisateur demeure titulaire des droits sur les contenus qu’il publie.',
      'L’utilisateur garantit qu’il dispose de tous les droits nécessaires sur les contenus qu’il publie.',
      '{company} peut retirer sans préavis tout contenu manifestement illicite qui lui est signalé.',
      'Tout utilisateur peut signaler un contenu illicite au moyen de l’outil de signalement de {service}.',
    ],
    bullets: [
      'les contenus haineux, diffamatoires ou violents',
      'les contenus portant atteinte aux droits des tiers',
      'les contenus publicitaires non sollicités',
    ],
  },
  {
    pattern: /\butilisation acceptable/,
    sentences: [
      'L’utilisateur s’engage à utiliser {service} conformément aux lois en vigueur et aux présentes Conditions.',
      'L’utilisateur s’interdit toute action de nature à perturber, surcharger ou endommager {service}.',
      'L’utilisateur s’interdit toute tentative d’accès non autorisé aux systèmes de {company}.',
      '{company} peut suspendre l’accès de tout utilisateur qui enfreint le présent article.',
    ],
    bullets: [
      'diffuser des contenus illicites ou trompeurs',
      'usurper l’identité d’un tiers',
      'introduire des virus ou tout code malveillant',
      'extraire des données de manière automatisée sans autorisation',
    ],
  },
  {
    pattern: /\bacceptation/,
    sentences: [
      'L’accès à {service} et son utilisation emportent l’acceptation pleine et entière des présentes Conditions.',
      'Si l’utilisateur n’accepte pas les présentes Conditions, il doit renoncer à utiliser {service}.',
      'L’utilisateur qui agit pour le compte d’une organisation déclare être habilité à l’engager.',
    ],
    bullets: [],
  },
  {
    pattern: /\bdescription/,
    sentences: [
      '{company} s’efforce d’assurer la disponibilité de {service}, sans garantir une disponibilité ininterrompue.',
      '{company} peut faire évoluer les fonctionnalités de {service} afin de l’améliorer.',
      'Les interruptions programmées pour maintenance sont annoncées à l’avance dans la mesure du possible.',
    ],
    bullets: [],
  },
  {
    pattern: /\bpropriété/,
    sentences: [
      '{service} et l’ensemble de ses éléments sont la propriété exclusive de {company} ou de ses concédants.',
      '{company} concède à l’utilisateur un droit personnel, non exclusif et non transférable d’utiliser {service}.',
      'Toute reproduction ou représentation de {service}, totale ou partielle, sans autorisation est interdite.',
      'Les marques et logos de {company} ne peuvent être utilisés sans son accord écrit préalable.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(frais|paiement|abonnement|prix)/,
    sentences: [
      'Les prix de {service} sont indiqués toutes taxes comprises avant la validation de toute commande.',
      'Le paiement est exigible à la commande, par les moyens de paiement proposés dans {service}.',
      'Toute modification de prix est annoncée au moins trente jours avant son application.',
      'Le consommateur dispose d’un droit de rétractation de quatorze jours dans les conditions prévues par la loi.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(vie privée|données)/,
    sentences: [
      '{company} traite les données personnelles des utilisateurs conformément à la réglementation applicable.',
      'Les modalités de ce traitement sont décrites dans la politique de confidentialité de {company}.',
      'L’utilisateur peut exercer ses droits d’accès, de rectification et d’effacement en contactant {company}.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(garantie|responsabilit)/,
    sentences: [
      '{company} fournit {service} en l’état, sans garantie autre que celles prévues par la loi.',
      '{company} ne saurait être tenue responsable des dommages indirects résultant de l’utilisation de {service}.',
      'La responsabilité totale de {company} est limitée aux sommes versées par l’utilisateur au cours des douze mois précédant le fait générateur.',
      'Aucune stipulation ne limite la responsabilité de {company} en cas de faute lourde, de dol ou de dommage corporel.',
    ],
    bullets: [
      'la perte de chiffre d’affaires ou de bénéfices',
      'la perte ou l’altération de données',
      'l’atteinte à l’image',
    ],
  },
  {
    pattern: /\brésiliation/,
    sentences: [
      'L’utilisateur peut mettre fin à son utilisation de {service} à tout moment.',
      '{company} peut suspendre ou résilier l’accès de l’utilisateur en cas de manquement grave aux présentes Conditions, après mise en demeure restée sans effet pendant quinze jours.',
      'Les stipulations qui, par nature, survivent à la résiliation restent en vigueur.',
    ],
    bullets: [],
  },
  {
    pattern: /\b(droit applicable|litige)/,
    sentences: [
      'Les parties recherchent une solution amiable à tout différend avant toute action en justice.',
      'Le consommateur peut recourir gratuitement à un médiateur de la consommation.',
    ],
    bullets: [],
  },
];

export const FR_GENERIC_SENTENCES: readonly string[] = [
  'Les présentes dispositions s’appliquent à toute utilisation de {service}.',
  'Chaque partie s’engage à exécuter ses obligations de bonne foi et avec diligence.',
  'Aucune renonciation à l’une des stipulations des présentes Conditions ne vaut renonciation aux autres stipulations.',
  'Si l’une des stipulations est déclarée nulle, les autres stipulations conservent toute leur force et leur portée.',
  'Les titres des articles sont donnés pour la commodité de lecture et n’ont aucune portée juridique.',
  'Les présentes Conditions constituent l’intégralité de l’accord des parties sur leur objet.',
  'Aucune disposition des présentes Conditions ne limite les droits que la loi accorde aux consommateurs.',
  '{company} peut céder les présentes Conditions à toute société qui reprend l’exploitation de {service}.',
];

export const FR_GENERIC_BULLETS: readonly string[] = [
  'respecter la réglementation applicable',
  'ne pas porter atteinte aux droits des tiers',
  'informer {company} de toute utilisation non autorisée',
];

export const FR_CONNECTIVES: readonly string[] = ['En outre, ', 'Par ailleurs, ', 'À ce titre, ', 'En particulier, '];

export const FR_LIST_LEAD_INS: readonly string[] = [
  'Sont notamment concernés :',
  'Cela comprend notamment :',
  'À titre d’exemple :',
];
