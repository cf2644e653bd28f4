import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyId } from '../../src/domain/owners.js';
import { startStack, type Stack } from '../support/stack.js';
import { docxParts, docxToText } from '../support/word-files.js';
import { pdfPages } from '../support/pdf-files.js';
import { sendWebhook, signedHeaders, WEBHOOK_ENV } from '../webhooks/support.js';
import { attempt, bearer, completedDraft, type Party } from './support.js';

// One text policy at every door (issue 23, holes 7 and 8): characters no storage or file format can
// hold are refused with a 400 naming the field, before anything is stored or any budget is spent;
// the model's output and an edit's text lose them and invisible formatting; the exports stay
// well-formed whatever was stored.

// Fresh keys each run: their drafts and batches stay in the shared Postgres.
const KEY_A = `text-key-a-${randomBytes(12).toString('hex')}`;
const KEY_B = `text-key-b-${randomBytes(12).toString('hex')}`;
const KEY_HOOKS = `text-key-hooks-${randomBytes(12).toString('hex')}`;
const RATE_LIMIT = 4;

/** Every character the policy refuses or drops, and two it keeps, written out (not from the policy). */
const REFUSED_OR_DROPPED =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069\uFEFF\u2028\u2029]/u;
const FAMILY = '👨\u200D👩\u200D👧';

describe('one text policy at every door', () => {
  let stack: Stack;
  let draft = '';
  const a = bearer(KEY_A);
  beforeAll(async () => {
    stack = await startStack({
      env: {
        API_KEYS: [KEY_A, KEY_B, KEY_HOOKS].join(','),
        SESSION_SECRET: 'text-policy-session-secret-0123456789abcdef',
        RATE_LIMIT_PER_MIN: String(RATE_LIMIT),
        WEBHOOK_OWNER_KEY_ID: keyId(KEY_HOOKS),
        ...WEBHOOK_ENV,
      },
    });
    draft = await completedDraft(stack.apiUrl, a, { prompt: 'A bakery in Lyon' });
  });
  afterAll(() => stack?.close());

  const stored = async (owner: string) => {
    const [row] = await stack.api[0]!.database.sql<{ drafts: number; batches: number; versions: number }[]>`
      select (select count(*)::int from generations where owner = ${owner}) as drafts,
             (select count(*)::int from batches where owner = ${owner}) as batches,
             (select count(*)::int from section_versions where generation_id = ${draft}) as versions`;
    return row;
  };
  const newest = async () => {
    const list = await attempt(stack.apiUrl, a, 'GET', `/api/generations/${draft}/sections/1/versions`);
    return Math.max(...(JSON.parse(list.text) as { versions: { version: number }[] }).versions.map((v) => v.version));
  };

  it('refuses unpaired surrogates, noncharacters and controls in every field, naming it, storing nothing', async () => {
    const hooks = (request: Record<string, unknown>) => {
      const body = JSON.stringify({
        callbackUrl: 'http://127.0.0.1:9/results',
        requests: [{ prompt: 'x', ...request }],
      });
      return () => sendWebhook(stack.apiUrl, body, signedHeaders(body));
    };
    const send = (party: Party, method: string, path: string, body: unknown) => async () => {
      const answer = await attempt(stack.apiUrl, party, method, path, body);
      return { status: answer.status, body: JSON.parse(answer.text) };
    };
    const create = (body: unknown) => send(a, 'POST', '/api/generations', body);
    const table: [string, () => Promise<{ status: number; body: any }>, string][] = [
      ['a lone high surrogate in the prompt', create({ prompt: 'Bakery \uD800' }), 'prompt: '],
      ['U+FFFF in the prompt', create({ prompt: 'Bakery \uFFFF' }), 'prompt: '],
      ['a C0 control in the prompt', create({ prompt: 'Bakery \u0001' }), 'prompt: '],
      ['a lone low surrogate in details', create({ details: { legalName: 'B\uDC00' } }), 'details.legalName: '],
      ['U+10FFFF in details', create({ details: { tradingName: 'B\u{10FFFF}' } }), 'details.tradingName: '],
      [
        'U+FDD0 deep in a details list',
        create({ template: 'privacy-policy', details: { dataCategories: ['email', 'x\uFDD0'] } }),
        'details.dataCategories.1: ',
      ],
      ['a surrogate in a details key', create({ details: { 'k\uD800': 'v' } }), 'details: its keys '],
      [
        'a lone surrogate in the older format',
        send(a, 'POST', '/api/contract/tos/stream', { prompt: '\uD800' }),
        'prompt: ',
      ],
      [
        'U+DBFF in a rewrite instruction',
        send(a, 'POST', `/api/generations/${draft}/sections/1/regenerate`, { instruction: 'shorter\uDBFF' }),
        'instruction: ',
      ],
      [
        'U+FFFE in an edit',
        send(a, 'PUT', `/api/generations/${draft}/sections/1`, { content: 'New\uFFFE', baseVersion: 1 }),
        'content: ',
      ],
      ['U+FFFF in a draft’s name', send(a, 'PATCH', `/api/generations/${draft}`, { name: 'Ours\uFFFF' }), 'name: '],
      [
        'a lone surrogate deep in webhook metadata',
        hooks({ metadata: { a: { b: ['\uD800'] } } }),
        'requests.0.metadata.a.b.0: ',
      ],
      ['a surrogate in a webhook metadata key', hooks({ metadata: { '\uDFFF': 1 } }), 'requests.0.metadata: its keys '],
      [
        'a lone surrogate in webhook details',
        hooks({ details: { legalName: '\uD800' } }),
        'requests.0.details.legalName: ',
      ],
    ];
    const before = { a: await stored(keyId(KEY_A)), hooks: await stored(keyId(KEY_HOOKS)) };
    const answers = [];
    for (const [what, send, field] of table) {
      const { status, body } = await send();
      const message: string = body?.error?.message ?? '';
      const named = message.startsWith(
        `${field}must not contain control characters, unpaired surrogates or noncharacters`,
      );
      answers.push([what, status, body?.error?.code, named]);
    }
    expect(answers).toEqual(table.map(([what]) => [what, 400, 'invalid_request', true]));
    expect({ a: await stored(keyId(KEY_A)), hooks: await stored(keyId(KEY_HOOKS)) }).toEqual(before);
  });

  it('spends no run of the budget on a refused request', async () => {
    const b = bearer(KEY_B);
    for (let i = 0; i < RATE_LIMIT + 2; i++) {
      const refused = await attempt(stack.apiUrl, b, 'POST', '/api/generations', {
        details: { legalName: `\uD800${i}` },
      });
      expect(refused.status).toBe(400);
    }
    const accepted = await attempt(stack.apiUrl, b, 'POST', '/api/generations', { prompt: 'A florist' });
    expect(accepted.status).toBe(202);
  });

  it('drops what the policy refuses and invisible formatting from the model’s output, keeping ZWJ and ZWNJ', async () => {
    const id = await completedDraft(stack.apiUrl, a, { prompt: 'A bakery [[sim:inject=unicode]]' });
    const { sections } = JSON.parse((await attempt(stack.apiUrl, a, 'GET', `/api/generations/${id}`)).text) as {
      sections: { content: string }[];
    };
    const text = sections.map((s) => s.content).join('\n');
    expect(text).toContain('lonesurrogate');
    expect(text).toContain('pay plh to isolated');
    expect(text).toContain(`family ${FAMILY} and mi\u200Cdanam`);
    expect(text).not.toMatch(REFUSED_OR_DROPPED);
  });

  it('stores an edit without bidi overrides or other invisible formatting', async () => {
    const saved = await attempt(stack.apiUrl, a, 'PUT', `/api/generations/${draft}/sections/1`, {
      content: `\uFEFFPay \u202Eplh\u202C now\u2028then ${FAMILY}\u007F`,
      baseVersion: await newest(),
    });
    expect(saved.status).toBe(200);
    const { sections } = JSON.parse((await attempt(stack.apiUrl, a, 'GET', `/api/generations/${draft}`)).text);
    expect(sections[0].content).toBe(`Pay plh now\nthen ${FAMILY}`);
  });

  it('exports a well-formed .docx, a clean .md and a clean PDF whatever was stored before the policy', async () => {
    // Text stored before the policy existed (or by any other way in): straight into Postgres.
    const nasty = `Clause \uFFFF one\uFFFE, \u202Edesrever\u202C, \uFDD0bom\uFEFF, bell\u0001, del\u007F, ${FAMILY}.`;
    await stack.api[0]!.database
      .sql`update sections set content = ${nasty} where generation_id = ${draft} and "index" = 2`;
    const md = await fetch(`${stack.apiUrl}/api/generations/${draft}/document.md`, { headers: a });
    const markdown = await md.text();
    expect(markdown).toContain(`Clause  one, desrever, bom, bell, del, ${FAMILY}.`);
    expect(markdown).not.toMatch(REFUSED_OR_DROPPED);
    const docx = await fetch(`${stack.apiUrl}/api/generations/${draft}/document.docx`, { headers: a });
    const file = new Uint8Array(await docx.arrayBuffer());
    expect(docxParts(file)['word/document.xml']).not.toMatch(REFUSED_OR_DROPPED);
    // LibreOffice refuses a part that is not well-formed XML (U+FFFF made it give up before).
    expect(await docxToText(file)).toContain(`Clause  one, desrever, bom, bell, del, ${FAMILY}.`);
    // And the PDF: what a reader's viewer extracts holds none of it either.
    const pdf = await fetch(`${stack.apiUrl}/api/generations/${draft}/document.pdf`, { headers: a });
    expect(pdf.status).toBe(200);
    const pages = (await pdfPages(new Uint8Array(await pdf.arrayBuffer()))).join('\n');
    expect(pages).toContain('desrever, bom, bell, del');
    expect(pages).not.toMatch(REFUSED_OR_DROPPED);
  }, 180_000);
});
