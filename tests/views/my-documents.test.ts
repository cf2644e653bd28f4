import { describe, expect, it } from 'vitest';
import type { Generation } from '../../src/db/generation-store.js';
import { MyDocuments } from '../../src/views/my-documents.js';
import { textFor } from '../../src/views/i18n/catalogue.js';

// The list of my documents as the start page renders it: what each draft shows, the search, the next
// page's link and the confirmation dialog; every name escaped.

const draft = (fields: Partial<Generation>): Generation =>
  ({
    id: '0b5f6f7e-1111-4aaa-8bbb-000000000001',
    template: 'nda',
    language: 'fr',
    status: 'completed',
    details: null,
    name: null,
    createdAt: new Date('2026-12-01T10:00:00Z'),
    updatedAt: new Date('2026-12-02T11:30:00Z'),
    ...fields,
  }) as Generation;

const render = async (props: Parameters<typeof MyDocuments>[0]) => String(await MyDocuments(props).toString());

describe('MyDocuments', () => {
  it('shows each draft’s name, document, language, status and last change, the name escaped', async () => {
    const html = await render({
      lang: 'en',
      t: textFor('en'),
      documents: [
        draft({ name: '<script>alert(1)</script> & co' }),
        draft({
          id: '0b5f6f7e-1111-4aaa-8bbb-000000000002',
          template: 'privacy-policy',
          language: 'en',
          details: { legalName: 'Acme' },
          status: 'paused',
        }),
      ],
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    // The default name of a draft without one: its document and business, in its language.
    expect(html).toContain('Privacy Policy — Acme');
    expect(html).toContain('Non-Disclosure Agreement');
    expect(html).toContain('Français');
    expect(html).toContain('data-status="paused"');
    expect(html).toContain('<time datetime="2026-12-02T11:30:00.000Z"');
    expect(html).toContain('2026-12-02 11:30 UTC');
    expect(html).toContain('aria-label="Delete “Privacy Policy — Acme”"');
    expect(html).toContain('href="/generations/0b5f6f7e-1111-4aaa-8bbb-000000000002"');
    expect(html).toMatch(/<dialog id="delete-dialog"[^>]*>/);
    expect(html).not.toContain('rel="next"');
  });

  it('keeps the search in the form and the next page’s link, and says when nothing matches', async () => {
    const t = textFor('fr');
    const none = await render({ lang: 'fr', t, documents: [], query: 'zèbre "x"' });
    expect(none).toContain('value="zèbre &quot;x&quot;"');
    expect(none).toContain('Aucun document ne correspond à « zèbre &quot;x&quot; ».');
    expect(none).toContain('href="/?lang=fr"');
    const paged = await render({ lang: 'fr', t, documents: [draft({})], query: 'a b', nextCursor: 'Y3Vyc29y' });
    expect(paged).toContain('href="/?lang=fr&amp;q=a+b&amp;cursor=Y3Vyc29y"');
    expect(paged).toContain('Plus de documents');
    const empty = await render({ lang: 'en', t: textFor('en'), documents: [] });
    expect(empty).toContain('None yet.');
  });
});
