import type { Child } from 'hono/jsx';
import {
  COMMON_DETAIL_KEYS,
  detailsJsonSchema,
  LANGUAGES,
  type JsonSchemaProperty,
  type Language,
} from '../domain/details.js';
import { documentName } from '../domain/outlines.js';
import { TEMPLATE_IDS, type TemplateId } from '../domain/templates.js';
import type { FieldErrors } from './form-errors.js';
import { textFor, type Catalogue, type PageLanguage } from './i18n/catalogue.js';

// The start form's details: one input per field of the chosen template's details, derived from its
// JSON Schema (src/domain/details.ts), so the form, the API and the model's brief never disagree.
// Every template's fieldset is in the page (the form works without JavaScript); CSS shows only the
// chosen template's. The server reads only the chosen template's fields.

/** The raw form values, kept to refill the form when a submission is refused. */
export type DetailsFormValues = Record<string, string>;

const FIELD_PREFIX = 'd.';
const YES_NO: Record<string, boolean> = { yes: true, no: false };

type FieldKind = 'text' | 'email' | 'url' | 'date' | 'number' | 'select' | 'yes-no' | 'list';

function kindOf(property: JsonSchemaProperty): FieldKind {
  if (property.type === 'boolean') return 'yes-no';
  if (property.type === 'integer' || property.type === 'number') return 'number';
  if (property.type === 'array') return 'list';
  if (property.enum) return 'select';
  if (property.format === 'email') return 'email';
  if (property.format === 'uri') return 'url';
  if (property.format === 'date') return 'date';
  return 'text';
}

/**
 * The details object of the submitted form, for the request schema to validate: only the chosen
 * template's fields, blanks left out, lists one item a line, yes/no as booleans.
 */
export function detailsFromForm(template: TemplateId, form: Record<string, unknown>): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(detailsJsonSchema(template).properties)) {
    const raw = form[FIELD_PREFIX + key];
    if (typeof raw !== 'string' || raw.trim() === '' || !applies(key, form)) continue;
    const kind = kindOf(property);
    if (kind === 'yes-no') details[key] = YES_NO[raw] ?? raw;
    else if (kind === 'number') details[key] = /^\d{1,4}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    else if (kind === 'list')
      details[key] = raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
    else details[key] = raw;
  }
  return details;
}

/** The raw string values of the details inputs, to refill the form. */
export function detailsFormValues(form: Record<string, unknown>): DetailsFormValues {
  const values: DetailsFormValues = {};
  for (const [name, value] of Object.entries(form)) {
    if (name.startsWith(FIELD_PREFIX) && typeof value === 'string') values[name] = value;
  }
  return values;
}

/**
 * Fields that do not apply given another field's value: hidden by the stylesheet while they do not
 * (src/views/styles.ts) and not read from the form then, so a value chosen before is not sent.
 */
const NOT_APPLICABLE: Readonly<Record<string, { field: string; value: string }>> = {
  discloser: { field: 'kind', value: 'mutual' },
};

function applies(key: string, form: Record<string, unknown>): boolean {
  const rule = NOT_APPLICABLE[key];
  return rule === undefined || form[FIELD_PREFIX + rule.field] !== rule.value;
}

/** A refused field's sentence, next to it (the input names it in aria-describedby). */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="field-error" id={id}>
      {message}
    </p>
  ) : null;
}

function Field(props: { name: string; property: JsonSchemaProperty; value: string; t: Catalogue; error?: string }) {
  const { name, property, value, t, error } = props;
  const id = `detail-${name}`;
  const label = (t.detailLabels as Record<string, string>)[name] ?? property.title ?? name;
  const field = FIELD_PREFIX + name;
  const kind = kindOf(property);
  const described = [error ? `${id}-error` : '', kind === 'list' ? `${id}-hint` : ''].filter((d) => d !== '').join(' ');
  const aria = {
    ...(described === '' ? {} : { 'aria-describedby': described }),
    ...(error ? { 'aria-invalid': 'true' } : {}),
  };
  let input: Child;
  if (kind === 'yes-no' || kind === 'select') {
    const options = kind === 'yes-no' ? ['yes', 'no'] : (property.enum ?? []);
    input = (
      <select id={id} name={field} {...aria}>
        <option value="" selected={value === ''}>
          {t.notSaid}
        </option>
        {options.map((option) => (
          <option value={option} selected={option === value}>
            {t.detailOptions[option] ?? option}
          </option>
        ))}
      </select>
    );
  } else if (kind === 'list') {
    input = (
      <textarea id={id} name={field} rows={3} {...aria}>
        {value}
      </textarea>
    );
  } else {
    const type = kind === 'text' ? 'text' : kind;
    const limits =
      kind === 'number' ? { min: property.minimum, max: property.maximum } : { maxlength: property.maxLength };
    input = <input id={id} name={field} type={type} value={value} {...limits} {...aria} />;
  }
  return (
    <div class="field" data-field={name}>
      <label for={id}>{label}</label>
      {input}
      <FieldError id={`${id}-error`} message={error} />
      {kind === 'list' ? (
        <p class="hint" id={`${id}-hint`}>
          {t.oneALine}
        </p>
      ) : null}
    </div>
  );
}

/** The language choice and the details fieldsets (common, then one per template). */
export function DetailsFields(props: {
  values: DetailsFormValues;
  language: Language;
  lang: PageLanguage;
  errors?: FieldErrors;
}) {
  const { values, language, lang, errors = {} } = props;
  const t = textFor(lang);
  const common = detailsJsonSchema('terms-of-service').properties;
  const isCommon = (key: string) => (COMMON_DETAIL_KEYS as readonly string[]).includes(key);
  const fieldValue = (key: string) => values[FIELD_PREFIX + key] ?? '';
  const errorOf = (key: string) => errors[FIELD_PREFIX + key];
  const open =
    Object.values(values).some((v) => v !== '') || Object.keys(errors).some((f) => f.startsWith(FIELD_PREFIX));
  return (
    <>
      <div class="field">
        <label for="language">{t.fieldLanguage}</label>
        <select id="language" name="language">
          {LANGUAGES.map((code) => (
            <option value={code} selected={code === language} lang={code}>
              {t.languageNames[code]}
            </option>
          ))}
        </select>
      </div>
      <details class="details-fields" open={open}>
        <summary>{t.detailsSummary}</summary>
        <fieldset>
          <legend>{t.detailsBusiness}</legend>
          {COMMON_DETAIL_KEYS.map((key) => (
            <Field name={key} property={common[key] ?? {}} value={fieldValue(key)} t={t} error={errorOf(key)} />
          ))}
        </fieldset>
        {TEMPLATE_IDS.map((template) => (
          <fieldset data-template={template}>
            <legend>{documentName(template, lang)}</legend>
            {Object.entries(detailsJsonSchema(template).properties)
              .filter(([key]) => !isCommon(key))
              .map(([key, property]) => (
                <Field name={key} property={property} value={fieldValue(key)} t={t} error={errorOf(key)} />
              ))}
          </fieldset>
        ))}
      </details>
    </>
  );
}
