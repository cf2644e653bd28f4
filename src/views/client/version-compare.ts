// The versions card's comparison: two versions of the chosen section, compared by the server on their
// rendered text (GET …/versions/A/diff/B), shown with added words in <ins> and removed ones in <del>.
// The page builds those elements from the answer's parts with textContent, never from HTML, so a text
// holding markup shows it as text. The comparison is shown in the card's dialog (version-dialog.ts).

import type { LiveDocument } from './live-document.js';
import { T } from './labels.js';
import type { VersionDialog } from './version-dialog.js';

interface DiffPart {
  kind: 'added' | 'removed' | 'unchanged';
  text: string;
}

interface VersionDiff {
  from: { version: number };
  to: { version: number };
  parts: DiffPart[];
}

const TAGS = { added: 'ins', removed: 'del', unchanged: 'span' } as const;

export interface VersionCompare {
  /** Offers `from` and `to` as the next comparison (the list's two newest, or an item and the newest). */
  propose(from: number | undefined, to: number | undefined): void;
  /** Compares `from` with `to` now; `trigger` gets the focus back when the comparison is closed. */
  compare(from: number, to: number, trigger: HTMLElement | null): Promise<void>;
}

/** Wires the compare form; `sectionUrl` is the chosen section's API address, `sectionName` its name. */
export function wireCompare(
  root: HTMLElement,
  doc: LiveDocument,
  sectionUrl: () => string,
  dialog: VersionDialog,
  sectionName: () => string,
): VersionCompare | undefined {
  const form = root.querySelector<HTMLFormElement>('#versions-compare');
  if (!form) return undefined;
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;

  async function compare(from: number, to: number, trigger: HTMLElement | null): Promise<void> {
    field('from').value = String(from);
    field('to').value = String(to);
    const url = `${sectionUrl()}/versions/${from}/diff/${to}`;
    const response = await fetch(url, { headers: { accept: 'application/json' } }).catch(() => undefined);
    if (!response?.ok) {
      doc.note(T.diffUnreadable);
      return;
    }
    show((await response.json()) as VersionDiff, trigger);
  }

  function show(diff: VersionDiff, trigger: HTMLElement | null): void {
    const heading = document.createElement('p');
    heading.className = 'hint';
    const changed = diff.parts.some((part) => part.kind !== 'unchanged');
    heading.textContent = changed ? T.diffHeading(diff.from.version, diff.to.version) : T.diffSame;
    const body = document.createElement('div');
    body.className = 'version-diff';
    for (const part of diff.parts) {
      const element = document.createElement(TAGS[part.kind] ?? 'span');
      element.textContent = part.text;
      body.append(element);
    }
    dialog.open(T.diffTitle(sectionName(), diff.from.version, diff.to.version), [heading, body], trigger);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const [from, to] = [Number(field('from').value), Number(field('to').value)];
    if (from >= 1 && to >= 1) void compare(from, to, event.submitter);
  });

  return {
    propose(from, to) {
      field('from').value = from === undefined ? '' : String(from);
      field('to').value = to === undefined ? '' : String(to);
    },
    compare,
  };
}
