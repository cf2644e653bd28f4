import { describe, expect, it } from 'vitest';
import { checkWebhookHeaders, verifyWebhook } from '../../src/webhooks/signatures.js';
import { signedHeaders, WEBHOOK_SECRET } from './support.js';

// What the webhook route can refuse from the headers alone (before reading a body), and the signature
// on the body, checked by the Standard Webhooks reference library.

const NOW = 1_800_000_000_000;
const at = (offsetSec: number) => Math.floor(NOW / 1000) + offsetSec;

describe('checkWebhookHeaders', () => {
  it('wants the three headers, a timestamp within 5 minutes and a well-formed v1 signature', () => {
    const good = signedHeaders('{}', { timestamp: at(0) });
    const check = (headers: Record<string, string | undefined>) => {
      const result = checkWebhookHeaders((name) => headers[name], NOW);
      return result.ok ? 'ok' : result.reason;
    };
    const table: [string, Record<string, string | undefined>, string][] = [
      ['signed now', good, 'ok'],
      ['4 min 59 s old', signedHeaders('{}', { timestamp: at(-299) }), 'ok'],
      ['5 min 01 s old', signedHeaders('{}', { timestamp: at(-301) }), 'stale'],
      ['5 min 01 s ahead', signedHeaders('{}', { timestamp: at(301) }), 'stale'],
      ['no id', { ...good, 'webhook-id': undefined }, 'missing_headers'],
      ['no timestamp', { ...good, 'webhook-timestamp': undefined }, 'missing_headers'],
      ['no signature', { ...good, 'webhook-signature': undefined }, 'missing_headers'],
      ['a date as timestamp', { ...good, 'webhook-timestamp': new Date(NOW).toISOString() }, 'stale'],
      ['a short signature', { ...good, 'webhook-signature': 'v1,abc' }, 'bad_signature'],
      [
        'another version only',
        { ...good, 'webhook-signature': good['webhook-signature']!.replace('v1,', 'v2,') },
        'bad_signature',
      ],
      [
        'a rotated key first',
        { ...good, 'webhook-signature': `v1,${'A'.repeat(43)}= ${good['webhook-signature']}` },
        'ok',
      ],
    ];
    expect(table.map(([what, headers]) => [what, headers, check(headers)])).toEqual(table);
  });

  it('leaves the signature itself to the body: verified by the library', () => {
    const body = '{"callbackUrl":"https://example.com/hook"}';
    const headers = signedHeaders(body);
    const checked = checkWebhookHeaders((name) => headers[name]);
    if (!checked.ok) throw new Error(checked.message);
    expect(verifyWebhook(WEBHOOK_SECRET, body, checked)).toEqual({ ok: true, webhookId: headers['webhook-id'] });
    expect(verifyWebhook(WEBHOOK_SECRET, `${body} `, checked)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });
});
