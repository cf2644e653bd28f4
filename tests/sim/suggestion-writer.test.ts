import { describe, expect, it } from 'vitest';
import { buildMessages, getTemplate, type FinishedSection } from '../../src/domain/templates.js';
import { documentOf, resolveOutline } from '../../src/domain/outlines.js';
import { buildSuggestionMessages } from '../../src/domain/suggestion-prompt.js';
import { SuggestionReader } from '../../src/domain/suggestion-reader.js';
import type { Details } from '../../src/domain/details.js';
import { writeDocument } from '../../src/sim/legal-writer.js';
import { isSuggestionRequest, MALFORMED_LINES, writeSuggestions } from '../../src/sim/suggestion-writer.js';

/** A whole draft as the simulator writes it, split back into sections. */
function simulatedDraft(details: Details, prompt = 'A photo-sharing app'): FinishedSection[] {
  const template = documentOf({
    template: 'terms-of-service',
    outline: resolveOutline('terms-of-service', details, 'en'),
  });
  const write = template.sections.map((title, i) => ({ index: i + 1, title }));
  const text = writeDocument({ messages: buildMessages({ template, prompt, details, write, finished: [] }) });
  return text.split(/^(?=## \d+\. )/m).map((part, i) => {
    const [heading = '', ...body] = part.trim().split('\n');
    return { index: i + 1, title: heading.replace(/^## \d+\. /, ''), content: body.join('\n').trim() };
  });
}

/**
 * The draft reviewed with `details`. The simulator drafts from the details, so the draft is written
 * without the jurisdiction and contact (as a section edited since, or a draft from another model,
 * would lack them): the review then has something to propose about them.
 */
function review(details: Details, section?: number, prompt = 'A photo-sharing app') {
  const template = documentOf({
    template: 'terms-of-service',
    outline: resolveOutline('terms-of-service', details, 'en'),
  });
  const { governingCountry: _country, governingRegion: _region, contactEmail: _email, ...drafted } = details;
  const sections = simulatedDraft(drafted, prompt);
  const messages = buildSuggestionMessages({ template, prompt, details, sections, section });
  return { messages, sections, template };
}

const parseAll = (text: string, count: number, only?: number) => {
  const reader = new SuggestionReader(count, only);
  return { found: [...reader.push(text), ...reader.end()], reader };
};

describe('the simulated model asked for suggestions', () => {
  it('proposes concrete ones from the details and the draft: governing law, vague wording, one-sided liability, contact', () => {
    const details: Details = {
      tradingName: 'Snapify',
      governingCountry: 'France',
      contactEmail: 'legal@snapify.example',
    };
    const { messages, template } = review(details);
    expect(isSuggestionRequest(messages)).toBe(true);
    expect(
      isSuggestionRequest(
        buildMessages({ template: getTemplate('nda'), prompt: 'x', write: [{ index: 1, title: 'A' }], finished: [] }),
      ),
    ).toBe(false);
    const text = writeSuggestions({ messages });
    const { found, reader } = parseAll(text, template.sections.length);
    expect(reader.dropped).toBe(0);
    expect(found.length).toBeGreaterThanOrEqual(3);
    const governing = template.sections.findIndex((t) => /Governing Law/.test(t)) + 1;
    expect(found[0]).toMatchObject({ section: governing });
    expect(found[0]?.instruction).toContain('France');
    expect(found.some((s) => /contact email legal@snapify\.example/.test(s.summary))).toBe(true);
    expect(found.some((s) => /protect one party only/.test(s.summary))).toBe(true);
    // Deterministic: the same request, the same lines.
    expect(writeSuggestions({ messages })).toBe(text);
  });

  it('keeps to the section asked for', () => {
    const details: Details = { governingCountry: 'France' };
    const { template } = review(details);
    const liability = template.sections.findIndex((t) => /Liability/.test(t)) + 1;
    const { messages } = review(details, liability);
    const { found } = parseAll(writeSuggestions({ messages }), template.sections.length);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((s) => s.section))).toEqual(new Set([liability]));
  });

  it('mixes in malformed lines on request, which the reader drops one by one', () => {
    const { messages, template } = review({}, undefined, 'A shop [[sim:suggest=malformed]]');
    const text = writeSuggestions({ messages });
    expect(text.startsWith(MALFORMED_LINES[0]!)).toBe(true);
    const { found, reader } = parseAll(text, template.sections.length);
    // Prose, fences and a list of numbers are not suggestions; every object that is not a valid one is dropped.
    expect(reader.dropped).toBe(MALFORMED_LINES.filter((line) => line.startsWith('{')).length);
    expect(found.length).toBeGreaterThan(0);
    for (const s of found) expect(s.section).toBeGreaterThanOrEqual(1);
  });

  it.each(['array', 'fenced', 'object'])('answers as a JSON %s on request, read as the same suggestions', (shape) => {
    const details: Details = { governingCountry: 'France', contactEmail: 'legal@snapify.example' };
    const directive = `[[sim:suggest=${shape}]]`;
    const { messages, template } = review(details, undefined, `A photo-sharing app ${directive}`);
    const text = writeSuggestions({ messages });
    // The same review without the directive: JSON lines.
    const plain = messages.map((m) => ({ ...m, content: m.content.replace(directive, '') }));
    const lines = writeSuggestions({ messages: plain });
    expect(text).not.toBe(lines);
    const { found, reader } = parseAll(text, template.sections.length);
    expect(reader.dropped).toBe(0);
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found).toEqual(parseAll(lines, template.sections.length).found);
  });
});

describe('the simulated model applying its own suggestions', () => {
  it('carries out each instruction when the section is rewritten with it', () => {
    const details: Details = {
      tradingName: 'Snapify',
      governingCountry: 'France',
      contactEmail: 'legal@snapify.example',
    };
    const { messages, template, sections } = review(details);
    const { found } = parseAll(writeSuggestions({ messages }), template.sections.length);
    expect(found.length).toBeGreaterThanOrEqual(3);
    expect(found.some((s) => /laws of France/.test(s.instruction))).toBe(true);
    for (const suggestion of found) {
      const section = sections.find((s) => s.index === suggestion.section)!;
      const rewrite = buildMessages({
        template,
        prompt: 'A photo-sharing app',
        details,
        write: [{ index: section.index, title: section.title }],
        finished: sections.filter((s) => s.index !== section.index),
        instruction: suggestion.instruction,
      });
      const text = writeDocument({ messages: rewrite });
      expect(text.startsWith(`## ${section.index}. ${section.title}`)).toBe(true);
      if (/laws of France/.test(suggestion.instruction)) {
        expect(text).toContain('the laws of France');
        expect(text).not.toMatch(/Delaware|\[Governing Jurisdiction\]|arbitra/);
      }
      if (/legal@snapify/.test(suggestion.instruction)) expect(text).toContain('legal@snapify.example');
      if (/mutual/.test(suggestion.instruction)) expect(text).toMatch(/apply equally to both parties/);
      const vague = /^Replace "([^"]+)"/.exec(suggestion.instruction)?.[1];
      if (vague) expect(text).not.toContain(vague);
    }
  });
});
