import type { Generation } from '../db/generation-store.js';
import { TEMPLATE_IDS, type TemplateId } from '../domain/templates.js';
import { documentName } from '../domain/outlines.js';
import { DetailsFields, FieldError, type DetailsFormValues } from './details-form.js';
import type { Language } from '../domain/details.js';
import { fieldLabel, type FieldErrors } from './form-errors.js';
import { textFor, type PageLanguage } from './i18n/catalogue.js';
import { Layout } from './layout.js';
import { MyDocuments } from './my-documents.js';

/** What the form is refilled with after a refused submission. */
export interface HomeFormValues {
  prompt: string;
  template: TemplateId;
  language: Language;
  details: DetailsFormValues;
}

export interface HomePageProps {
  /** The page's language (the reader's); also the draft language the form offers first. */
  lang: PageLanguage;
  simulated: boolean;
  promptMaxChars: number;
  /** The caller's drafts on this page of the list (newest first), matching `query` when given. */
  documents: readonly Generation[];
  query?: string | undefined;
  nextCursor?: string | undefined;
  /** A refused submission: a sentence per field at fault, shown next to it; the fields keep what was typed. */
  errors?: FieldErrors;
  values?: HomeFormValues;
  /** Signed in with an API key (API_KEYS is set): offer to sign out. */
  signedIn?: boolean;
}

/**
 * Start a draft: a plain HTML form posting to /generations, which answers with a redirect to the new
 * generation's page. So the shareable URL is in the address bar, and starting works without JavaScript;
 * the script only adds the live character counter.
 */
// As long as the page's markup: it reads top to bottom as the page does.
export function HomePage(props: HomePageProps) {
  const { lang, simulated, promptMaxChars, documents, query, nextCursor, errors = {}, values, signedIn } = props;
  const t = textFor(lang);
  const prompt = values?.prompt ?? '';
  const selected = values?.template ?? 'terms-of-service';
  return (
    <Layout title={t.homeTitle} lang={lang} simulated={simulated} script="home-page">
      <div class="home">
        <section aria-labelledby="new-title">
          <p class="eyebrow">{t.homeEyebrow}</p>
          <h1 id="new-title">{t.homeHeading}</h1>
          <p class="lede">{t.homeLede}</p>
          {/* novalidate: the server checks every field and answers in the page's language (kept in the
              action's ?lang=), next to the field; the browser's own messages would be in its language. */}
          <form class="card" method="post" action={`/generations?lang=${lang}`} id="start-form" novalidate>
            <ErrorSummary errors={errors} lang={lang} />
            <div class="field">
              <label for="template">{t.fieldDocument}</label>
              <select id="template" name="template">
                {TEMPLATE_IDS.map((id) => (
                  <option value={id} selected={id === selected}>
                    {documentName(id, lang)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="prompt">{t.fieldPrompt}</label>
              <textarea
                id="prompt"
                name="prompt"
                maxlength={promptMaxChars}
                aria-describedby={`${errors.prompt ? 'prompt-error ' : ''}prompt-hint prompt-count`}
                aria-invalid={errors.prompt ? 'true' : undefined}
                placeholder={t.promptPlaceholder}
              >
                {prompt}
              </textarea>
              <FieldError id="prompt-error" message={errors.prompt} />
              <p class="hint" id="prompt-hint">
                {t.promptHint}
              </p>
              <p class="counter" id="prompt-count" data-max={String(promptMaxChars)}>
                {t.promptCount(prompt.length, promptMaxChars)}
              </p>
            </div>
            <DetailsFields
              values={values?.details ?? {}}
              language={values?.language ?? lang}
              lang={lang}
              errors={errors}
            />
            <button type="submit" class="primary" id="start-button">
              {t.startButton}
            </button>
          </form>
        </section>

        <section aria-labelledby="recent-title">
          <h2 id="recent-title" class="eyebrow">
            {t.recentHeading}
          </h2>
          <MyDocuments lang={lang} t={t} documents={documents} query={query} nextCursor={nextCursor} />
          {signedIn ? (
            <form method="post" action="/logout" class="sign-out">
              <button type="submit" id="sign-out-button">
                {t.signOut}
              </button>
            </form>
          ) : null}
        </section>
      </div>
    </Layout>
  );
}

/**
 * The fields at fault, listed above the form with links to them. Focused when the page loads
 * (autofocus), so keyboard and screen reader users start from what to correct.
 */
function ErrorSummary({ errors, lang }: { errors: FieldErrors; lang: PageLanguage }) {
  const fields = Object.keys(errors);
  if (fields.length === 0) return null;
  const t = textFor(lang);
  const idOf = (field: string) => (field.startsWith('d.') ? `detail-${field.slice(2)}` : field);
  return (
    <div class="form-error" role="alert" id="form-error" tabindex={-1} autofocus>
      <p>{t.formErrorTitle}</p>
      <ul>
        {fields.map((field) => (
          <li>
            <a href={`#${idOf(field)}`}>{t.formErrorLine(fieldLabel(field, t), errors[field] ?? '')}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
