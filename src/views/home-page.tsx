import type { Generation } from '../db/generation-store.js';
import { getTemplate, TEMPLATE_IDS, type TemplateId } from '../domain/templates.js';
import { STATUS_LABELS } from './client/labels.js';
import { DetailsFields, type DetailsFormValues } from './details-form.js';
import type { Language } from '../domain/details.js';
import { Layout } from './layout.js';

/** What the form is refilled with after a refused submission. */
export interface HomeFormValues {
  prompt: string;
  template: TemplateId;
  language: Language;
  details: DetailsFormValues;
}

export interface HomePageProps {
  simulated: boolean;
  promptMaxChars: number;
  recent: readonly Generation[];
  /** Shown above the form when a submitted request was refused; the fields keep what was typed. */
  error?: string;
  values?: HomeFormValues;
  /** Signed in with an API key (API_KEYS is set): offer to sign out. */
  signedIn?: boolean;
}

/**
 * Start a draft: a plain HTML form posting to /generations, which answers with a redirect to the new
 * generation's page. So the shareable URL is in the address bar, and starting works without JavaScript;
 * the script only adds the live character counter.
 */
export function HomePage({ simulated, promptMaxChars, recent, error, values, signedIn }: HomePageProps) {
  const prompt = values?.prompt ?? '';
  const selected = values?.template ?? 'terms-of-service';
  return (
    <Layout title="New draft" simulated={simulated} script="home-page">
      <div class="home">
        <section aria-labelledby="new-title">
          <p class="eyebrow">New draft</p>
          <h1 id="new-title">Draft a legal document</h1>
          <p class="lede">
            Describe the business and what the document must cover. You can watch every section being written, pause it,
            and rewrite any section afterwards.
          </p>
          <form class="card" method="post" action="/generations" id="start-form">
            {error ? (
              <p class="form-error" role="alert" id="form-error">
                {error}
              </p>
            ) : null}
            <div class="field">
              <label for="template">Document</label>
              <select id="template" name="template">
                {TEMPLATE_IDS.map((id) => (
                  <option value={id} selected={id === selected}>
                    {getTemplate(id).name}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="prompt">About the business</label>
              <textarea
                id="prompt"
                name="prompt"
                maxlength={promptMaxChars}
                aria-describedby="prompt-hint prompt-count"
                placeholder="A photo sharing app for hikers, based in France, with a paid Pro plan"
              >
                {prompt}
              </textarea>
              <p class="hint" id="prompt-hint">
                What users can do, how it is paid for, anything special. Give the business details below, or write them
                here: placeholders are used for anything you leave out.
              </p>
              <p class="counter" id="prompt-count" data-max={String(promptMaxChars)}>
                {`${prompt.length} / ${promptMaxChars} characters`}
              </p>
            </div>
            <DetailsFields values={values?.details ?? {}} language={values?.language ?? 'en'} />
            <button type="submit" class="primary" id="start-button">
              Start drafting
            </button>
          </form>
        </section>

        <section aria-labelledby="recent-title">
          <h2 id="recent-title" class="eyebrow">
            Your recent drafts
          </h2>
          {recent.length === 0 ? (
            <p class="hint">None yet.</p>
          ) : (
            <ul class="recent">
              {recent.map((g) => (
                <li>
                  <a href={`/generations/${g.id}`}>
                    <span class="meta">
                      <span class="badge" data-status={g.status}>
                        {STATUS_LABELS[g.status]}
                      </span>
                      <span>{getTemplate(g.template).name}</span>
                      <time datetime={g.createdAt.toISOString()}>
                        {g.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
                      </time>
                    </span>
                    <span class="excerpt">{g.prompt}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          {signedIn ? (
            <form method="post" action="/logout" class="sign-out">
              <button type="submit" id="sign-out-button">
                Sign out
              </button>
            </form>
          ) : null}
        </section>
      </div>
    </Layout>
  );
}
