// A section's versions as the tests compare them: every kept one, oldest first, with its text. The
// API lists summaries a page at a time, newest first (GET …/versions?before=), and gives each text on
// its own (GET …/versions/:version); this walks both.

export interface VersionWithText {
  version: number;
  title: string;
  content: string;
  source: string;
  instruction?: string;
  createdAt: string;
}

export async function versionsWithText(
  apiUrl: string,
  id: string,
  index: number,
  headers: Record<string, string> = {},
): Promise<VersionWithText[]> {
  const base = `${apiUrl}/api/generations/${id}/sections/${index}/versions`;
  const get = async (url: string) => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    return (await response.json()) as any;
  };
  const numbers: number[] = [];
  for (let before: number | undefined; ;) {
    const page = await get(`${base}?limit=100${before === undefined ? '' : `&before=${before}`}`);
    numbers.push(...(page.versions as { version: number }[]).map((v) => v.version));
    before = page.nextBefore;
    if (before === undefined) break;
  }
  const versions = await Promise.all(numbers.map((n) => get(`${base}/${n}`) as Promise<VersionWithText>));
  return versions.reverse();
}
