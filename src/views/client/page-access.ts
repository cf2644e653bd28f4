// When the server requires API keys, the page carries a token for its own generation's API routes
// (src/api/middleware/page-tokens.ts) in #generation's data; every request of the page to /api adds it.

function pageToken(): string | undefined {
  return document.getElementById('generation')?.dataset.pageToken || undefined;
}

/** Headers for the page's fetches to /api: the page token as a bearer, when there is one. */
export function apiHeaders(headers: Record<string, string>): Record<string, string> {
  const token = pageToken();
  return token ? { ...headers, authorization: `Bearer ${token}` } : headers;
}

/** The event stream's URL (already with a query) plus the page token, which EventSource-style requests cannot send as a header. */
export function withAccessToken(url: string): string {
  const token = pageToken();
  return token ? `${url}&access_token=${encodeURIComponent(token)}` : url;
}
