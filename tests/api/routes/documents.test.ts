import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../src/views/i18n/en.js';
import { getJson, postJson, startStack, waitForStatus, type Stack } from '../../support/stack.js';
import { docxParagraphs, docxToText, fillInLines, markdownBlocks } from '../../support/word-files.js';
import { expectInOrder, pdfBodyText } from '../../support/pdf-files.js';
import { eventually } from '../../support/logging.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ tokensPerSec: 2000, env: { STREAM_FRAME_MS: '0' } });
});
afterAll(() => stack.close());

const create = (body: unknown) => postJson(`${stack.apiUrl}/api/generations`, body);
/** Generations this stack stored (its own Redis prefix), counted in Postgres: a cookie-less client has no list. */
const stored = async () =>
  (
    await stack.api[0]!.database.sql<
      { n: number }[]
    >`select count(*)::int as n from generations where redis_prefix = ${stack.config.REDIS_PREFIX}`
  )[0]?.n;

describe('a generation with business details', () => {
  it("stores the details and the sections they call for, and writes the draft in the business's name", async () => {
    const details = {
      legalName: 'Snapify SAS',
      tradingName: 'Snapify',
      payments: 'none',
      userContent: true,
      website: 'https://snapify.example',
    };
    const created = await create({ template: 'terms-of-service', details });
    expect(created.status).toBe(202);
    await waitForStatus(stack.apiUrl, created.body.id, ['completed']);
    const { body } = await getJson(`${stack.apiUrl}/api/generations/${created.body.id}`);
    expect(body.details).toEqual(details);
    expect(body.prompt).toBe('');
    expect(body.outline).not.toContain('Fees and Payment');
    expect(body.outline).toContain('User Content');
    expect(body.sections.map((s: { title: string }) => s.title)).toEqual(body.outline);
    expect(body.sections.map((s: { content: string }) => s.content).join('\n')).toContain('Snapify');
  });

  it('regenerates only sections of its own outline', async () => {
    const created = await create({
      template: 'nda',
      details: { kind: 'mutual', legalName: 'Acme' },
      prompt: 'Two startups',
    });
    await waitForStatus(stack.apiUrl, created.body.id, ['completed']);
    const { body } = await getJson(`${stack.apiUrl}/api/generations/${created.body.id}`);
    expect(body.outline).toContain('Obligations of Each Party');
    const count = body.outline.length;
    const past = await postJson(
      `${stack.apiUrl}/api/generations/${created.body.id}/sections/${count + 1}/regenerate`,
      {},
    );
    expect(past.status).toBe(400);
    expect(past.body.error.message).toContain(`from 1 to ${count}`);
  });

  it('is written in French, titles included, when asked', async () => {
    const created = await create({
      template: 'privacy-policy',
      language: 'fr',
      prompt: 'Une application de randonnée',
    });
    await waitForStatus(stack.apiUrl, created.body.id, ['completed']);
    const { body } = await getJson(`${stack.apiUrl}/api/generations/${created.body.id}`);
    expect(body.language).toBe('fr');
    expect(body.sections[0].title).toBe('Introduction et champ d’application');
    expect(body.sections[0].content).toMatch(/\b(les|des|la)\b/);
  });

  it('refuses bad details with a 400 naming the field, and creates nothing', async () => {
    const before = await stored();
    const cases: [unknown, string][] = [
      [{ template: 'nda', details: { website: 'ftp://x' } }, 'details.website'],
      [{ template: 'nda', details: { payments: 'none' } }, 'details'],
      [{ template: 'nda', details: { legalName: 'A\u0007' } }, 'details.legalName'],
      [{ template: 'nda', details: { purpose: 'x'.repeat(501) } }, 'details.purpose'],
      [{ template: 'nda', details: {} }, 'prompt'],
      [{ template: 'nda', language: 'de', prompt: 'x' }, 'language'],
    ];
    for (const [body, field] of cases) {
      const answer = await create(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.message).toContain(field);
    }
    expect(await stored()).toBe(before);
  });

  it("takes the details from the page's form", async () => {
    const form = new URLSearchParams({
      template: 'privacy-policy',
      language: 'en',
      prompt: '',
      'd.legalName': 'Trailhead Ltd',
      'd.euUsers': 'no',
      'd.processors': 'Stripe\n\nPostmark\n',
      // Another template's field: not read.
      'd.payments': 'none',
    });
    const answer = await fetch(`${stack.apiUrl}/generations`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.apiUrl },
      body: form.toString(),
    });
    expect(answer.status).toBe(303);
    const id = answer.headers.get('location')?.split('/').pop();
    // The draft is the browser session's the form started (its cookie), and only its.
    const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await fetch(`${stack.apiUrl}/api/generations/${id}`)).status).toBe(404);
    const body = await (await fetch(`${stack.apiUrl}/api/generations/${id}`, { headers: { cookie } })).json();
    expect(body.details).toEqual({ legalName: 'Trailhead Ltd', euUsers: false, processors: ['Stripe', 'Postmark'] });
    expect(body.outline.some((t: string) => /legal bases/i.test(t))).toBe(false);
  });

  it('refills the form with what was typed when the details are refused, escaped', async () => {
    const answer = await fetch(`${stack.apiUrl}/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.apiUrl },
      body: new URLSearchParams({ template: 'nda', 'd.legalName': '<b>x</b>', 'd.website': 'not a url' }).toString(),
    });
    expect(answer.status).toBe(400);
    const html = await answer.text();
    expect(html).toContain(`<p class="field-error" id="detail-website-error">${en.errorUrl}</p>`);
    expect(html).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
    expect(html).not.toContain('<b>x</b>');
  });
});

describe('the exports of a draft', () => {
  it(
    'are Markdown, a Word document and a PDF with the same text, the title block and signatures included',
    { timeout: 180_000 },
    async () => {
      const details = {
        legalName: 'Trailhead Ltd',
        tradingName: 'Trailhead',
        website: 'https://trailhead.example',
        counterparty: 'Acme Corp',
        kind: 'one-way',
        discloser: 'counterparty',
        effectiveDate: '2026-12-04',
      };
      const created = await create({ template: 'nda', details, prompt: 'A walking club [[sim:tps=4000]]' });
      await waitForStatus(stack.apiUrl, created.body.id, ['completed']);
      const base = `${stack.apiUrl}/api/generations/${created.body.id}`;
      const md = await fetch(`${base}/document.md`);
      expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
      const blocks = markdownBlocks(await md.text());
      expect(blocks.slice(0, 5)).toEqual([
        'Non-Disclosure Agreement',
        'Between Trailhead Ltd, trading as Trailhead (the “Receiving Party”)',
        'and Acme Corp (the “Disclosing Party”)',
        'https://trailhead.example',
        'Effective date: 4 December 2026',
      ]);
      expect(blocks.slice(-12)).toEqual([
        'Signatures',
        'Signed by the authorised representative of each party.',
        'For Trailhead Ltd (the “Receiving Party”)',
        ...fillInLines('en'),
        'For Acme Corp (the “Disclosing Party”)',
        ...fillInLines('en'),
      ]);
      const { body: stored } = await getJson(base);
      for (const section of stored.sections) expect(blocks).toContain(`${section.index}. ${section.title}`);

      const docx = await fetch(`${base}/document.docx`);
      expect(docx.status).toBe(200);
      expect(docx.headers.get('content-disposition')).toMatch(/^attachment; filename="nda-[0-9a-f]{8}\.docx"$/);
      const file = new Uint8Array(await docx.arrayBuffer());
      // The pure check first: the document's paragraphs are the Markdown's blocks.
      expect(docxParagraphs(file).filter((p) => p !== '')).toEqual(blocks);
      // Then what a word processor reads: every block, in order.
      const lines = (await docxToText(file))
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
      let at = 0;
      for (const block of blocks) {
        const found = lines.findIndex((text, i) => i >= at && text.endsWith(block));
        expect(found, block).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }

      // And the PDF, as a PDF reader extracts its text: every block, in order, pages numbered.
      const pdf = await fetch(`${base}/document.pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="nda-[0-9a-f]{8}\.pdf"$/);
      const { text } = await pdfBodyText(new Uint8Array(await pdf.arrayBuffer()), {
        header: 'Trailhead · Non-Disclosure Agreement',
        pageNumber: (page, total) => `Page ${page} of ${total}`,
      });
      expectInOrder(text, blocks);
      // A HEAD answers the file's headers without laying it out.
      const head = await fetch(`${base}/document.pdf`, { method: 'HEAD' });
      expect([head.status, head.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    },
  );

  it('serves the PDF to the page and to a share link, in the draft’s language', { timeout: 180_000 }, async () => {
    const form = new URLSearchParams({
      template: 'privacy-policy',
      language: 'fr',
      prompt: 'Randonnée [[sim:tps=4000]]',
    });
    form.set('d.legalName', 'Sentiers SAS');
    const answer = await fetch(`${stack.apiUrl}/generations`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.apiUrl },
      body: form.toString(),
    });
    const id = answer.headers.get('location')?.split('/').pop() ?? '';
    const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const headers = { cookie, origin: stack.apiUrl };
    await eventually(
      async () => {
        const { body } = await getJson(`${stack.apiUrl}/api/generations/${id}`, { cookie });
        return body.status === 'completed' ? true : undefined;
      },
      'the French draft completed',
      60_000,
    );
    const page = await (await fetch(`${stack.apiUrl}/generations/${id}`, { headers })).text();
    expect(page).toContain(`href="/generations/${id}/document.pdf"`);
    expect(page).toContain('<p class="doc-frame-line doc-frame-business">Sentiers SAS</p>');
    // Another browser: not its draft.
    expect((await fetch(`${stack.apiUrl}/generations/${id}/document.pdf`)).status).toBe(404);
    const own = await fetch(`${stack.apiUrl}/generations/${id}/document.pdf`, { headers });
    expect(own.status).toBe(200);

    const share = await fetch(`${stack.apiUrl}/api/generations/${id}/share`, { method: 'POST', headers });
    const { url } = (await share.json()) as { url: string };
    const shared = await fetch(`${stack.apiUrl}${url}/document.pdf`);
    expect(shared.status).toBe(200);
    // A share link's file name does not hold the id.
    expect(shared.headers.get('content-disposition')).toBe('attachment; filename="privacy-policy.pdf"');
    const { text } = await pdfBodyText(new Uint8Array(await shared.arrayBuffer()), {
      header: 'Sentiers SAS · Politique de confidentialité',
      pageNumber: (n, total) => `Page ${n} sur ${total}`,
    });
    expectInOrder(text, ['Politique de confidentialité', 'Sentiers SAS', '1. Introduction et champ d’application']);
    expect((await fetch(`${stack.apiUrl}/s/not-a-token/document.pdf`)).status).toBe(404);
  });

  it('answer 404 for a draft that does not exist', async () => {
    const missing = await fetch(`${stack.apiUrl}/api/generations/00000000-0000-4000-8000-000000000000/document.docx`);
    expect(missing.status).toBe(404);
  });
});

describe('GET /api/templates', () => {
  it('lists each template with its details JSON Schema and its sections in each language', async () => {
    const { status, body } = await getJson(`${stack.apiUrl}/api/templates`);
    expect(status).toBe(200);
    expect(body.templates.map((t: { id: string }) => t.id)).toEqual(['terms-of-service', 'privacy-policy', 'nda']);
    const nda = body.templates[2];
    expect(nda.details.properties.kind.enum).toEqual(['mutual', 'one-way']);
    expect(nda.sections.en).toHaveLength(10);
    expect(nda.names.fr).toBe('Accord de confidentialité');
  });
});
