// The sections of the document in the DOM. Model text is untrusted: tokens and titles only ever go in
// through textContent; the one HTML insertion is the finished section's Markdown, rendered and sanitised
// by our server (GET /generations/:id/sections/:index), never by this script.

/** Tokens kept as separate (animated) elements; older ones are merged into plain text to keep the DOM light. */
const MAX_TOKEN_ELEMENTS = 240;

export class SectionElements {
  private readonly doc: HTMLElement;
  private readonly template: HTMLTemplateElement;
  private readonly fragmentUrl: (index: number) => string;
  /** Bumped whenever a section restarts: a fragment fetched for an older version is dropped. */
  private readonly versions = new Map<number, number>();

  constructor(doc: HTMLElement, template: HTMLTemplateElement, fragmentUrl: (index: number) => string) {
    this.doc = doc;
    this.template = template;
    this.fragmentUrl = fragmentUrl;
  }

  get(index: number): HTMLElement | null {
    return this.doc.querySelector<HTMLElement>(`.doc-section[data-index="${index}"]`);
  }

  /** `section_start`: a new section, or a section written again (its title may change). */
  start(index: number, title: string): void {
    const section = this.get(index) ?? this.create(index);
    this.setTitle(section, title);
    this.restart(section, index);
  }

  /** `token`: appended as its own element, as text. */
  append(index: number, text: string): void {
    const section = this.get(index) ?? this.create(index);
    const live = this.liveText(section);
    const token = document.createElement('span');
    token.className = 'tok';
    token.textContent = text;
    live.append(token);
    if (live.childElementCount > MAX_TOKEN_ELEMENTS) this.mergeOldTokens(live);
  }

  /** `reset`: the unfinished text is thrown away; it is written again. */
  reset(index: number): void {
    const section = this.get(index);
    if (section) this.restart(section, index);
  }

  /** `section_end`: keeps the streamed text visible until the rendered Markdown replaces it. */
  async finish(index: number, title: string, content: string): Promise<void> {
    const section = this.get(index) ?? this.create(index);
    this.setTitle(section, title);
    // Self-check of DESIGN's invariant 2 as this page saw it: the text streamed into the section (the part
    // in the first render plus every token since) must equal its content. Tests read this attribute.
    const streamed = section.querySelector('.section-body.live .live-text')?.textContent ?? '';
    if (streamed !== '') section.dataset.streamed = streamed.trim() === content.trim() ? 'exact' : 'differs';
    section.dataset.state = 'settling';
    const version = this.bump(index);
    const body = await this.fetchRendered(index);
    if (this.versions.get(index) !== version || !section.isConnected) return; // restarted meanwhile
    section.querySelector('.section-body')?.replaceWith(body ?? plainBody(content));
    section.dataset.state = 'done';
    section.classList.add('settled');
  }

  /** Polling fallback: the live text cannot be trusted to be complete, so it is replaced by a note. */
  markPending(index: number): void {
    const section = this.get(index);
    if (!section || section.dataset.state !== 'writing') return;
    const note = document.createElement('p');
    note.className = 'section-body pending-note';
    note.textContent = 'This section is being written; it appears here when finished.';
    section.querySelector('.section-body')?.replaceWith(note);
  }

  indexes(): number[] {
    return [...this.doc.querySelectorAll<HTMLElement>('.doc-section')].map((s) => Number(s.dataset.index));
  }

  finishedCount(): number {
    return this.doc.querySelectorAll('.doc-section[data-state="done"], .doc-section[data-state="settling"]').length;
  }

  private create(index: number): HTMLElement {
    const section = this.template.content.firstElementChild?.cloneNode(true) as HTMLElement;
    const n = String(index);
    for (const el of [section, ...section.querySelectorAll('*')]) {
      for (const attr of [...el.attributes]) if (attr.value.includes('__N__')) el.setAttribute(attr.name, attr.value.replaceAll('__N__', n));
    }
    for (const el of section.querySelectorAll('.section-number, button')) {
      el.textContent = (el.textContent ?? '').replaceAll('__N__', n);
    }
    const next = [...this.doc.querySelectorAll<HTMLElement>('.doc-section')].find((s) => Number(s.dataset.index) > index);
    this.doc.insertBefore(section, next ?? this.doc.querySelector('#doc-error'));
    this.doc.querySelector<HTMLElement>('#doc-empty')?.setAttribute('hidden', '');
    return section;
  }

  private restart(section: HTMLElement, index: number): void {
    this.bump(index);
    section.dataset.state = 'writing';
    delete section.dataset.streamed;
    section.classList.remove('settled');
    const body = section.querySelector('.section-body');
    const fresh = liveBody();
    if (body) body.replaceWith(fresh);
    else section.querySelector('.section-title')?.after(fresh);
  }

  private liveText(section: HTMLElement): HTMLElement {
    const existing = section.querySelector<HTMLElement>('.section-body.live .live-text');
    if (existing) return existing;
    // A token for a section shown as finished: it is being written again.
    this.restart(section, Number(section.dataset.index));
    return section.querySelector<HTMLElement>('.live-text') as HTMLElement;
  }

  private setTitle(section: HTMLElement, title: string): void {
    const name = section.querySelector('.section-name');
    if (name && title !== '') name.textContent = title;
  }

  private bump(index: number): number {
    const version = (this.versions.get(index) ?? 0) + 1;
    this.versions.set(index, version);
    return version;
  }

  private mergeOldTokens(live: HTMLElement): void {
    const old = [...live.children].slice(0, MAX_TOKEN_ELEMENTS / 2);
    const text = document.createTextNode(old.map((el) => el.textContent ?? '').join(''));
    live.insertBefore(text, old[0] ?? null);
    for (const el of old) el.remove();
    live.normalize(); // joins adjacent text nodes
  }

  private async fetchRendered(index: number): Promise<HTMLElement | undefined> {
    try {
      const response = await fetch(this.fragmentUrl(index), { headers: { accept: 'text/html' } });
      if (!response.ok) return undefined;
      const holder = document.createElement('template');
      holder.innerHTML = await response.text(); // our server's sanitised Markdown rendering
      const body = holder.content.firstElementChild;
      return body instanceof HTMLElement && body.classList.contains('md') ? body : undefined;
    } catch {
      return undefined;
    }
  }
}

function liveBody(): HTMLElement {
  const body = document.createElement('div');
  body.className = 'section-body live';
  const text = document.createElement('span');
  text.className = 'live-text';
  const cursor = document.createElement('span');
  cursor.className = 'cursor';
  cursor.setAttribute('aria-hidden', 'true');
  body.append(text, cursor);
  return body;
}

/** When the rendered fragment cannot be fetched: the content as plain text, so nothing is lost. */
function plainBody(content: string): HTMLElement {
  const body = document.createElement('div');
  body.className = 'section-body live';
  body.textContent = content;
  return body;
}
