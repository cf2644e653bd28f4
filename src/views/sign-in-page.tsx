import { Layout } from './layout.js';

export interface SignInPageProps {
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
export function SignInPage({ simulated, next, error }: SignInPageProps) {
  return (
    <Layout title="Sign in" simulated={simulated}>
      <section class="home" aria-labelledby="sign-in-title">
        <div>
          <h1 id="sign-in-title">Sign in</h1>
          <p class="lede">
            This server keeps each team's drafts apart. Sign in with your API key to see and start yours.
          </p>
          <form class="card" method="post" action="/login" id="sign-in-form">
            {error ? (
              <p class="form-error" role="alert" id="form-error">
                {error}
              </p>
            ) : null}
            <input type="hidden" name="next" value={next} />
            <div class="field">
              <label for="key">API key</label>
              <input id="key" name="key" type="password" autocomplete="current-password" required maxlength={512} />
            </div>
            <button type="submit" class="primary" id="sign-in-button">
              Sign in
            </button>
          </form>
        </div>
      </section>
    </Layout>
  );
}
