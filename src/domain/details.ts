import { z } from 'zod';
import { storableString } from './storable-text.js';
import type { TemplateId } from './templates.js';

// The business's details, defined once per template. These schemas validate `POST /api/generations`
// and the page's form, are listed (as JSON Schema) by `GET /api/templates` and in the OpenAPI
// document, decide which sections a document has (outlines.ts) and are told to the model.
// Every field is optional: a client gives what it knows, the prompt can say the rest.

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Storable, trimmed text of at most `max` characters; an empty string counts as not given. */
const text = (label: string, max: number) =>
  storableString()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .meta({ title: label });

const list = (label: string, itemMax: number, maxItems: number) =>
  z
    .array(storableString().trim().min(1, 'must not be empty').max(itemMax, `must be at most ${itemMax} characters`))
    .max(maxItems, `must have at most ${maxItems} items`)
    .optional()
    .meta({ title: label });

const flag = (label: string) => z.boolean().optional().meta({ title: label });

const commonShape = {
  legalName: text('Legal name', 200),
  tradingName: text('Trading or product name', 200),
  website: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) address' })
    .max(300, 'must be at most 300 characters')
    .optional()
    .meta({ title: 'Website' }),
  contactEmail: z.email({ error: 'must be an email address' }).max(254).optional().meta({ title: 'Contact email' }),
  governingCountry: text('Country of governing law', 100),
  governingRegion: text('State or region of governing law', 100),
  effectiveDate: z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }).optional().meta({ title: 'Effective date' }),
};

/** The fields every template has. */
export const COMMON_DETAIL_KEYS = Object.keys(commonShape) as readonly (keyof typeof commonShape)[];

export const DETAILS_SCHEMAS = {
  'terms-of-service': z.strictObject({
    ...commonShape,
    userAccounts: flag('Users have accounts'),
    payments: z.enum(['none', 'one-time', 'subscription']).optional().meta({ title: 'Payments' }),
    userContent: flag('Users post their own content'),
    minimumAge: z.number().int().min(13).max(21).optional().meta({ title: 'Minimum age' }),
  }),
  'privacy-policy': z.strictObject({
    ...commonShape,
    dataCategories: list('Categories of personal data', 100, 20),
    cookies: flag('Uses cookies'),
    analytics: flag('Uses analytics'),
    euUsers: flag('Has EU or UK users (GDPR)'),
    californiaUsers: flag('Has California users (CCPA)'),
    processors: list('Processors data is shared with', 100, 20),
  }),
  nda: z.strictObject({
    ...commonShape,
    kind: z.enum(['mutual', 'one-way']).optional().meta({ title: 'Mutual or one-way' }),
    counterparty: text('The other party', 200),
    discloser: z.enum(['business', 'counterparty']).optional().meta({ title: 'Who discloses (one-way)' }),
    purpose: text('Purpose', 500),
    termYears: z.number().int().min(1).max(20).optional().meta({ title: 'Term (years)' }),
  }),
} as const satisfies Record<TemplateId, z.ZodObject>;

export type TosDetails = z.output<(typeof DETAILS_SCHEMAS)['terms-of-service']>;
export type PrivacyDetails = z.output<(typeof DETAILS_SCHEMAS)['privacy-policy']>;
export type NdaDetails = z.output<(typeof DETAILS_SCHEMAS)['nda']>;
/** The details of any template, as stored (jsonb) and read back. */
export type Details = Partial<TosDetails & PrivacyDetails & NdaDetails>;

export function detailsSchema(template: TemplateId): z.ZodObject {
  return DETAILS_SCHEMAS[template];
}

/** A template's details as JSON Schema (what clients, the OpenAPI document and the page's form read). */
export function detailsJsonSchema(template: TemplateId): JsonSchemaObject {
  const { $schema: _drop, ...schema } = z.toJSONSchema(DETAILS_SCHEMAS[template], { io: 'input' });
  return schema as JsonSchemaObject;
}

export interface JsonSchemaObject {
  type: 'object';
  properties: Record<string, JsonSchemaProperty>;
  [key: string]: unknown;
}

export interface JsonSchemaProperty {
  title?: string;
  type?: string;
  format?: string;
  enum?: string[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: { maxLength?: number };
}

/** The fields given (not undefined, not an empty list): what the model is told and the store keeps. */
export function givenDetails(details: Details): Details {
  const given = Object.entries(details).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
  return Object.fromEntries(given) as Details;
}

/** The name the document calls the business by: its trading name, else its legal name. */
export function businessName(details: Details | null | undefined): string | undefined {
  return details?.tradingName ?? details?.legalName;
}

/** The field's label (its schema title) for the model's brief and the page's form. */
export function detailLabel(template: TemplateId, key: string): string {
  const field = DETAILS_SCHEMAS[template].shape[key as keyof (typeof DETAILS_SCHEMAS)[TemplateId]['shape']];
  const meta = field ? z.globalRegistry.get(field) : undefined;
  return typeof meta?.title === 'string' ? meta.title : key;
}

/** `Label: value` lines of the given details, in schema order (the model's brief). */
export function describeDetails(template: TemplateId, details: Details): string[] {
  const given = givenDetails(details) as Record<string, unknown>;
  return Object.keys(DETAILS_SCHEMAS[template].shape)
    .filter((key) => given[key] !== undefined)
    .map((key) => `- ${detailLabel(template, key)}: ${formatValue(key, given[key])}`);
}

/**
 * How a coded value reads in the brief: "business" alone does not tell a model who discloses, nor
 * "none" that the service is free. The simulator reads the words back (src/sim/details-reader.ts).
 */
export const DETAIL_VALUE_WORDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  discloser: { business: 'the client (the business above)', counterparty: 'the other party' },
  payments: {
    none: 'none (the service is free)',
    'one-time': 'one-time payments',
    subscription: 'recurring subscriptions',
  },
};

function formatValue(key: string, value: unknown): string {
  const worded = typeof value === 'string' ? DETAIL_VALUE_WORDS[key]?.[value] : undefined;
  if (worded) return worded;
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  // One line per detail: a line break inside a value cannot start a line of its own in the brief.
  return String(value).replace(/\s+/g, ' ');
}
