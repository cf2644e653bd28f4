// The sections of the document in the DOM. Model text is untrusted: titles only ever go in through
// textContent; the text being written is rendered by markdown-it with the server's own options and rules
// (live-markdown.ts, live-body.ts), and a finished section is swapped for the server's rendering
// (GET /generations/:id/sections/:index), which looks the same, so the swap does not move anything.

import { adoptBody, liveBody, showInBody } from './live-body.js';
import type { LiveMarkdown } from './live-markdown.js';
import { T } from './labels.js';

export class SectionElements {
  private readonly doc: HTMLElement;
  private readonly template: HTMLTemplateElement;
  private readonly fragmentUrl: (index: number) => string;
  /** undefined when markdown-it could not be loaded: the text being written is then shown as plain text. */
  private readonly markdown: LiveMarkdown | undefined;
  /** Bumped whenever a section restarts: a fragment fetched for an older version is dropped. */
  private readonly versions = new Map<number, number>();
  /** The text of each section being written, exactly as received (the DOM holds its rendering). */
  private readonly texts = new Map<number, string>();

  constructor(
    doc: HTMLElement,
    template: HTMLTemplateElement,
    fragmentUrl: (index: number) => string,
    markdown?: LiveMarkdown,
  ) {
    this.doc = doc;
    this.template = template;
    this.fragmentUrl = fragmentUrl;
    this.markdown = markdown;
    // The server rendered the text of a section being written as this script would: it carries on from
    // there (as plain text if markdown-it could not be loaded).
    for (const section of doc.querySelectorAll<HTMLElement>('.doc-section[data-state="writing"]')) {
      const body = section.querySelector<HTMLElement>('.section-body.live');
      const index = Number(section.dataset.index);
      const text = body?.querySelector<HTMLTemplateElement>('template.live-source')?.content.textContent ?? '';
      this.texts.set(index, text);
      if (body && markdown) adoptBody(body);
      else {
        this.restart(section, index);
        this.texts.set(index, text);
        this.show(section, text);
      }
    }
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

  /** `token`: the section's text so far is shown again, formatted, with the new part fading in. */
  append(index: number, text: string): void {
    const section = this.get(index) ?? this.create(index);
    // A token for a section shown as finished (or as a pending note): it is being written again.
    if (!this.texts.has(index)) this.restart(section, index);
    const sofar = (this.texts.get(index) ?? '') + text;
    this.texts.set(index, sofar);
    this.show(section, sofar);
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
    const live = section.querySelector<HTMLElement>('.section-body.live');
    const streamed = live ? (this.texts.get(index) ?? '') : '';
    if (streamed !== '') section.dataset.streamed = streamed.trim() === content.trim() ? 'exact' : 'differs';
    this.texts.delete(index);
    section.dataset.state = 'settling';
    // The whole content, rendered as the server renders it, while the server's rendering is fetched: what
    // was held back (an unfinished last line) shows now, and the swap that follows changes nothing visible.
    if (live?.querySelector('.live-text')) this.showIn(live, content, false);
    const version = this.bump(index);
    const body = await this.fetchRendered(index);
    if (this.versions.get(index) !== version || !section.isConnected) return; // restarted meanwhile
    section.querySelector('.section-body')?.replaceWith(body ?? this.localBody(content));
    section.dataset.state = 'done';
    section.classList.add('settled');
  }

  /** Polling fallback: the live text cannot be trusted to be complete, so it is replaced by a note. */
  markPending(index: number): void {
    const section = this.get(index);
    if (section?.dataset.state !== 'writing') return;
    const note = document.createElement('p');
    note.className = 'section-body pending-note';
    note.textContent = T.pendingSection;
    this.texts.delete(index);
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
      for (const attr of [...el.attributes])
        if (attr.value.includes('__N__')) el.setAttribute(attr.name, attr.value.replaceAll('__N__', n));
    }
    for (const el of section.querySelectorAll('.section-number, button')) {
      el.textContent = (el.textContent ?? '').replaceAll('__N__', n);
    }
    const next = [...this.doc.querySelectorAll<HTMLElement>('.doc-section')].find(
      (s) => Number(s.dataset.index) > index,
    );
    // Before the failure note and the signature blocks, which stay last.
    this.doc.insertBefore(section, next ?? this.doc.querySelector('#doc-error, #doc-signatures'));
    this.doc.querySelector<HTMLElement>('#doc-empty')?.setAttribute('hidden', '');
    return section;
  }

  private restart(section: HTMLElement, index: number): void {
    this.bump(index);
    this.texts.set(index, '');
    section.dataset.state = 'writing';
    delete section.dataset.streamed;
    section.classList.remove('settled');
    const body = section.querySelector('.section-body');
    const fresh = liveBody(this.markdown !== undefined);
    if (body) body.replaceWith(fresh);
    else section.querySelector('.section-title')?.after(fresh);
  }

  /** The text so far of a section being written, formatted when markdown-it is there. */
  private show(section: HTMLElement, text: string): void {
    const body = section.querySelector<HTMLElement>('.section-body.live');
    if (body) this.showIn(body, text, true);
  }

  private showIn(body: HTMLElement, text: string, writing: boolean): void {
    if (!this.markdown) showInBody(body, { plain: text }, writing);
    else showInBody(body, { html: writing ? this.markdown.partial(text) : this.markdown.final(text) }, writing);
  }

  /** When the server's rendering cannot be fetched: our own (the same markdown-it), or plain text. */
  private localBody(content: string): HTMLElement {
    if (!this.markdown) return plainBody(content);
    const body = document.createElement('div');
    body.className = 'section-body md';
    body.innerHTML = this.markdown.final(content); // markdown-it with raw HTML off, links and images made safe
    return body;
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

/** Without markdown-it: the content as plain text, so nothing is lost. */
function plainBody(content: string): HTMLElement {
  const body = document.createElement('div');
  body.className = 'section-body live';
  body.textContent = content;
  return body;
}
