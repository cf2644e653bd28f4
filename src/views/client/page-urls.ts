// Where the page reads from, as the server rendered it into #generation's data: the owner's page
// (`/generations/ID`, the JSON API) or a share link's read-only routes (`/s/TOKEN/…`). The page's
// requests carry nothing else: the owner's session cookie is sent by the browser, HttpOnly.

function data(name: 'pageBase' | 'jsonUrl' | 'eventsUrl'): string {
  return document.getElementById('generation')?.dataset[name] ?? '';
}

/** A route of the page itself, e.g. `/sections/3` or `/document.md`. */
export const pageUrl = (path: string) => `${data('pageBase')}${path}`;

/** The generation's JSON state (status and stored sections). */
export const jsonUrl = () => data('jsonUrl');

/** The event stream after `seq`. */
export const eventsUrl = (seq: number) => `${data('eventsUrl')}?after=${seq}`;
