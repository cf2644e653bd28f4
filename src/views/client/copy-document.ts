// "Copy text": the finished sections go on the clipboard twice, as formatted text (HTML: headings, lists,
// bold, as the page shows them) for word processors and mail, and as plain text (what a reader sees,
// without Markdown marks) for anything else. Both are read from the page itself: the finished sections
// are the server's sanitised rendering, so the HTML holds nothing the page does not already show.

import type { LiveDocument } from './live-document.js';
import { T } from './labels.js';

/** The finished sections as HTML and as plain text, framed as the files are: the title block above, an
 *  agreement's signature blocks below. */
export function documentForClipboard(): { html: string; text: string } {
  const title = document.querySelector('#document .doc-title')?.textContent ?? '';
  const html: string[] = [`<h1>${escapeHtml(title)}</h1>`];
  const text: string[] = [title];
  for (const line of document.querySelectorAll('#document .doc-frame-line')) {
    html.push(`<p>${escapeHtml(line.textContent ?? '')}</p>`);
    text.push(line.textContent ?? '');
  }
  for (const section of document.querySelectorAll<HTMLElement>('#document .doc-section[data-state="done"]')) {
    const heading = section.querySelector('.section-title');
    const number = heading?.querySelector('.section-number')?.textContent ?? '';
    const name = heading?.querySelector('.section-name')?.textContent ?? '';
    const body = section.querySelector<HTMLElement>('.section-body');
    html.push(`<h2>${escapeHtml(`${number} ${name}`)}</h2>`, body?.innerHTML ?? '');
    // innerText of the rendered body: its line breaks as laid out, list items on their own lines.
    text.push(`${number} ${name}`, (body?.innerText ?? '').trim());
  }
  const signatures = document.querySelector<HTMLElement>('#doc-signatures');
  if (signatures) {
    const heading = signatures.querySelector('.section-name')?.textContent ?? '';
    const intro = signatures.querySelector(':scope > p')?.textContent ?? '';
    html.push(`<h2>${escapeHtml(heading)}</h2>`, `<p>${escapeHtml(intro)}</p>`);
    text.push(heading, intro);
    for (const block of signatures.querySelectorAll('.signature-block')) {
      const party = block.querySelector('.signature-party')?.textContent ?? '';
      const fields = [...block.querySelectorAll('dt')].map(
        (dt) => `${dt.textContent ?? ''} ${signatures.dataset.fillIn ?? ''}`,
      );
      html.push(`<p><strong>${escapeHtml(party)}</strong></p>`, ...fields.map((f) => `<p>${escapeHtml(f)}</p>`));
      text.push(party, ...fields);
    }
  }
  return { html: html.join('\n'), text: text.join('\n\n') };
}

export async function copyDocument(doc: LiveDocument): Promise<void> {
  const { html, text } = documentForClipboard();
  try {
    await navigator.clipboard.write([
      new ClipboardItem({
        'text/html': new Blob([html], { type: 'text/html' }),
        'text/plain': new Blob([text], { type: 'text/plain' }),
      }),
    ]);
    doc.note(T.copied);
  } catch {
    try {
      await navigator.clipboard.writeText(text);
      doc.note(T.copied);
    } catch {
      doc.note(T.copyRefused);
    }
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
