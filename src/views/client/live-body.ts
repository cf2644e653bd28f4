// The body of the section being written: the rendering of its text so far, updated on every token.
//
// Each update renders the whole text again (a section is a few kilobytes: well under a millisecond), then
// changes the DOM as little as it can: the blocks (paragraphs, lists, headings) that rendered the same as
// last time stay as they are, and only the ones after them are replaced. The text that is new since the
// last update is wrapped in `.tok` elements, which fade in; the typing cursor is put at the end of the
// last block, so it sits on the line being written rather than on a line of its own.
//
// The HTML comes from markdown-it with raw HTML off (live-markdown.ts), or, when it could not be loaded,
// the text goes in as a text node: model text is never inserted as HTML any other way.

/** Elements the cursor goes inside of (the last one in the last one…); inline ones such as <strong> it follows. */
const BLOCKS = new Set(['P', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'DIV']);

/** Each block's rendering when it was put in, before its new text was wrapped in `.tok` elements. */
const rendered = new WeakMap<Node, string>();

/** A fresh body: `formatted` when its text is shown as Markdown (styled as the server's `.md` rendering). */
export function liveBody(formatted: boolean): HTMLElement {
  const body = document.createElement('div');
  body.className = formatted ? 'section-body live md' : 'section-body live';
  const text = document.createElement('div');
  text.className = 'live-text';
  const cursor = document.createElement('span');
  cursor.className = 'cursor';
  cursor.setAttribute('aria-hidden', 'true');
  body.append(text, cursor);
  return body;
}

/** Shows rendered Markdown (`html`) or plain text (`plain`) in a body made by liveBody; `cursor` false drops it. */
export function showInBody(body: HTMLElement, content: { html: string } | { plain: string }, cursor = true): void {
  const text = body.querySelector<HTMLElement>('.live-text');
  if (!text) return;
  const caret = body.querySelector<HTMLElement>('.cursor');
  caret?.remove();
  const before = text.textContent ?? '';

  const next = 'html' in content ? parse(content.html) : [document.createTextNode(content.plain)];
  const current = [...text.childNodes];
  let kept = 0;
  const same = (i: number) => rendered.get(current[i] as Node) === signature(next[i] as Node);
  while (kept < current.length && kept < next.length && same(kept)) kept += 1;
  for (const node of current.slice(kept)) node.remove();
  for (const node of next.slice(kept)) {
    rendered.set(node, signature(node));
    text.append(node);
  }

  markNewText(text, commonPrefixLength(before, text.textContent ?? ''));
  if (!caret || !cursor) return;
  // An empty section keeps its cursor outside the text, so that `.live-text:empty` still means "no text yet".
  if (text.textContent === '') body.append(caret);
  else lastBlock(text).append(caret);
}

/** Takes over a body the server rendered (SectionLiveText): its blocks count as unchanged from here on. */
export function adoptBody(body: HTMLElement): void {
  const text = body.querySelector<HTMLElement>('.live-text');
  if (!text) return;
  for (const node of [...text.childNodes]) {
    if (node instanceof Text && node.data.trim() === '') node.remove();
    else rendered.set(node, signature(node));
  }
  const caret = body.querySelector<HTMLElement>('.cursor');
  if (caret && text.textContent !== '') lastBlock(text).append(caret);
}

function parse(html: string): Node[] {
  const holder = document.createElement('template');
  holder.innerHTML = html; // markdown-it's output: raw HTML escaped, links and images made safe
  // The newlines markdown-it puts between blocks show nowhere; without them the text is the text read.
  return [...holder.content.childNodes].filter((node) => !(node instanceof Text && node.data.trim() === ''));
}

function signature(node: Node): string {
  return node instanceof Element ? node.outerHTML : (node.textContent ?? '');
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
  return i;
}

/** Wraps the text from character `from` on (of `root`'s text) in `.tok` elements. */
function markNewText(root: HTMLElement, from: number): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const pieces: { node: Text; cut: number }[] = [];
  let offset = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const start = offset;
    offset += node.data.length;
    // Whitespace between blocks (markdown-it's newlines) is not text anyone sees.
    if (offset > from && node.data.trim() !== '') pieces.push({ node, cut: Math.max(0, from - start) });
  }
  for (const { node, cut } of pieces) {
    const fresh = cut > 0 ? node.splitText(cut) : node;
    const token = document.createElement('span');
    token.className = 'tok';
    fresh.replaceWith(token);
    token.append(fresh);
  }
}

function lastBlock(root: HTMLElement): HTMLElement {
  let element = root;
  while (element.lastElementChild instanceof HTMLElement && BLOCKS.has(element.lastElementChild.tagName)) {
    element = element.lastElementChild;
  }
  return element;
}
