// Governing law and courts as a drafter words them from the details' country and region: the laws of
// France and the courts of Paris for a French business, the laws of the State of California and its
// state and federal courts for a Californian one, a bracketed placeholder when the details say
// nothing (the service's rules forbid inventing a jurisdiction). Arbitration is a United States
// habit: only a US jurisdiction gets an arbitration clause.
import type { Language } from '../domain/details.js';

export interface Jurisdiction {
  /** "the laws of France", "le droit français". */
  law: string;
  /** "the courts of Paris, France"; in French without its article: "tribunaux de Paris (France)". */
  courts: string;
  /** The country given is the United States. */
  us: boolean;
  /** The country given, if any (the supervisory authority is looked up by it). */
  country: string | undefined;
}

const US = /^(united states( of america)?|usa|u\.s\.(a\.)?|us|[ée]tats-unis( d[’']am[ée]rique)?)$/i;

/** French adjectives of the countries a French draft most often names ("le droit français"). */
const FR_ADJECTIVES: Readonly<Record<string, string>> = {
  France: 'français',
  Belgique: 'belge',
  Belgium: 'belge',
  Suisse: 'suisse',
  Switzerland: 'suisse',
  Luxembourg: 'luxembourgeois',
  Canada: 'canadien',
  Allemagne: 'allemand',
  Germany: 'allemand',
  Espagne: 'espagnol',
  Spain: 'espagnol',
  Italie: 'italien',
  Italy: 'italien',
  Monaco: 'monégasque',
};

/** Country names a French text takes "au"/"aux" before ("au Canada", "aux Pays-Bas"); the rest take "en". */
const FR_AU = /^(canada|luxembourg|royaume-uni|portugal|japon|brésil|maroc|sénégal|québec|danemark|mexique)$/i;
const FR_AUX = /^(pays-bas|[ée]tats-unis|émirats arabes unis)$/i;

function inCountryFr(country: string): string {
  if (FR_AUX.test(country)) return `aux ${country}`;
  if (FR_AU.test(country)) return `au ${country}`;
  return `en ${country}`;
}

/** The country a French adjective names, for an instruction such as "droit français". */
export function countryOfAdjective(adjective: string): string | undefined {
  const lower = adjective.toLowerCase();
  // The first entry of each adjective is the French name of the country.
  return Object.entries(FR_ADJECTIVES).find(([, adj]) => adj === lower)?.[0];
}

export function jurisdictionOf(
  country: string | undefined,
  region: string | undefined,
  language: Language,
): Jurisdiction {
  const us = country !== undefined && US.test(country.trim());
  if (language === 'fr') return { ...french(country, region, us), us, country };
  return { ...english(country, region, us), us, country };
}

function english(country: string | undefined, region: string | undefined, us: boolean) {
  if (us) {
    const state = region ?? '[State]';
    return {
      law: `the laws of the State of ${state}, United States`,
      courts: `the state and federal courts located in ${state}`,
    };
  }
  if (country && region) return { law: `the laws of ${country}`, courts: `the courts of ${region}, ${country}` };
  if (country) return { law: `the laws of ${country}`, courts: `the competent courts of ${country}` };
  if (region) return { law: `the laws of ${region}`, courts: `the courts of ${region}` };
  return { law: 'the laws of [Governing Jurisdiction]', courts: 'the courts of [Governing Jurisdiction]' };
}

function french(country: string | undefined, region: string | undefined, us: boolean) {
  if (us) {
    const state = region ?? '[État]';
    return {
      law: `le droit de l’État de ${state} (États-Unis)`,
      courts: `tribunaux de l’État et tribunaux fédéraux situés dans l’État de ${state}`,
    };
  }
  if (country) {
    const adjective = FR_ADJECTIVES[country];
    const law = adjective ? `le droit ${adjective}` : `le droit en vigueur ${inCountryFr(country)}`;
    const courts = region ? `tribunaux de ${region} (${country})` : `juridictions compétentes ${inCountryFr(country)}`;
    return { law, courts };
  }
  if (region) return { law: `le droit en vigueur à ${region}`, courts: `tribunaux de ${region}` };
  return { law: 'le droit de [Juridiction applicable]', courts: 'tribunaux de [Juridiction applicable]' };
}

/** The data protection authority a complaint goes to, for the countries whose authority is well known. */
export function supervisoryAuthority(country: string | undefined, language: Language): string | undefined {
  const known: Record<string, Record<Language, string>> = {
    France: {
      en: 'the Commission nationale de l’informatique et des libertés (CNIL)',
      fr: 'la Commission nationale de l’informatique et des libertés (CNIL)',
    },
    'United Kingdom': {
      en: "the Information Commissioner's Office (ICO)",
      fr: 'l’Information Commissioner’s Office (ICO)',
    },
    Ireland: { en: 'the Data Protection Commission', fr: 'la Data Protection Commission' },
    Belgique: { en: 'the Belgian Data Protection Authority', fr: 'l’Autorité de protection des données' },
    Belgium: { en: 'the Belgian Data Protection Authority', fr: 'l’Autorité de protection des données' },
  };
  return country ? known[country]?.[language] : undefined;
}
