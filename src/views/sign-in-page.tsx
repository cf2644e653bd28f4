import { textFor, type PageLanguage } from './i18n/catalogue.js';
import { Layout } from './layout.js';

export interface SignInPageProps {
  lang: PageLanguage;
  simulated: boolean;
  /** Where to go once signed in (a path of this site, already checked). */
  next: string;
  /** Fixed text only: nothing the client sent is echoed. */
  error?: string;
}

/**
 * Asked once per browser when API_KEYS is set: the key is posted (never put in a URL), checked, and
 * exchanged for a signed session cookie; the key itself is not kept anywhere in the browser.
 */
export function SignInPage({ lang, simulated, next, error }: SignInPageProps) {
  const t = textFor(lang);
  return (
    <Layout title={t.signInTitle} lang={lang} simulated={simulated}>
      <section class="home" aria-labelledby="sign-in-title">
        <div>
          <h1 id="sign-in-title">{t.signInTitle}</h1>
          <p class="lede">{t.signInLede}</p>
          <form class="card" method="post" action="/login" id="sign-in-form">
            <input type="hidden" name="next" value={next} />
            <div class="field">
              <label for="key">{t.signInKey}</label>
              <input
                id="key"
                name="key"
                type="password"
                autocomplete="current-password"
                required
                maxlength={512}
                {...(error ? { 'aria-invalid': 'true', 'aria-describedby': 'form-error', autofocus: true } : {})}
              />
              {error ? (
                <p class="field-error" role="alert" id="form-error">
                  {error}
                </p>
              ) : null}
            </div>
            <button type="submit" class="primary" id="sign-in-button">
              {t.signInButton}
            </button>
          </form>
        </div>
      </section>
    </Layout>
  );
}
