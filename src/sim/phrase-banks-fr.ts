// The French phrase bank of the simulated legal writer, used when the service asks for a draft in
// French. Same placeholders as phrase-banks.ts: {company} and {service}.
import type { Topic } from './phrase-banks.js';

export const FR_TOPICS: readonly Topic[] = [
  {
    pattern: /\b(confidenti|divulgation|destinataire)/,
    sentences: [
      'La partie destinataire s’engage à ne pas divulguer les informations confidentielles à un tiers sans l’accord écrit préalable de la partie divulgatrice.',
      'Les informations confidentielles ne peuvent être utilisées qu’aux seules fins de l’objet défini au présent accord.',
      'Lorsque la loi ou une décision de justice impose une divulgation, la partie destinataire en informe sans délai la partie divulgatrice.',
    ],
    bullets: [
      'les informations déjà connues du public',
      'les informations reçues licitement d’un tiers',
      'les informations développées de manière indépendante',
    ],
  },
  {
    pattern: /\b(donnée|personnel|cookie|rgpd|ccpa|mineur|traitement|vie privée)/,
    sentences: [
      '{company} collecte les données personnelles que vous fournissez directement lorsque vous utilisez {service}.',
      '{company} met en œuvre des mesures techniques et organisationnelles appropriées pour protéger vos données personnelles.',
      'Vous pouvez demander l’accès à vos données, leur rectification ou leur effacement en contactant {company}.',
    ],
    bullets: ['les données d’identification', 'les données de connexion', 'les données de paiement'],
  },
  {
    pattern: /\b(frais|paiement|abonnement|prix)/,
    sentences: [
      'Les prix de {service} sont indiqués toutes taxes comprises avant la validation de toute commande.',
      'Les abonnements sont renouvelés automatiquement à chaque échéance, sauf résiliation avant la date de renouvellement.',
    ],
    bullets: ['les frais d’abonnement', 'les frais ponctuels', 'les taxes applicables'],
  },
];

export const FR_GENERIC_SENTENCES: readonly string[] = [
  'Les présentes dispositions s’appliquent à toute utilisation de {service} proposée par {company}.',
  '{company} peut modifier les présentes conditions à tout moment, sous réserve d’en informer les utilisateurs dans un délai raisonnable.',
  'Chaque partie s’engage à exécuter ses obligations de bonne foi et avec diligence.',
  'Aucune renonciation à l’une des stipulations du présent document ne vaut renonciation aux autres stipulations.',
  'Si l’une des stipulations est déclarée nulle, les autres stipulations conservent toute leur force et leur portée.',
  'Toute notification au titre du présent document est faite par écrit et adressée à {company}.',
  'L’utilisateur reste seul responsable de l’usage qu’il fait de {service} et du respect de la réglementation applicable.',
  '{company} ne saurait être tenue responsable des dommages indirects résultant de l’utilisation de {service}.',
  'Les titres des articles sont donnés pour la commodité de lecture et n’ont aucune portée juridique.',
  'Le présent document constitue l’intégralité de l’accord des parties sur son objet.',
  '{company} s’efforce d’assurer la disponibilité de {service}, sans garantir une disponibilité ininterrompue.',
  'Les parties rechercheront une solution amiable à tout différend avant de saisir la juridiction compétente.',
  'Les obligations qui, par leur nature, survivent à la fin du présent document restent en vigueur.',
  'Aucune disposition du présent document ne limite les droits que la loi accorde aux consommateurs.',
];

export const FR_GENERIC_BULLETS: readonly string[] = [
  'respecter la réglementation applicable',
  'ne pas porter atteinte aux droits des tiers',
  'informer {company} de toute utilisation non autorisée',
  'conserver la confidentialité de ses identifiants',
];

export const FR_CONNECTIVES: readonly string[] = ['En outre, ', 'Par ailleurs, ', 'À ce titre, ', 'En particulier, '];

export const FR_LIST_LEAD_INS: readonly string[] = ['Sont notamment concernés :', 'Cela comprend notamment :'];
