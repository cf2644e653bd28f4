// What unsigned senders cost the API through the batch webhook: starts `node dist/src/main.js api`
// (as deployed, webhooks configured), then opens N connections that each declare and send a body of
// just under the default WEBHOOK_BODY_LIMIT_BYTES (about 4.9 MB) with a forged signature, paced to last
// `seconds` (a slow sender) or as fast as they can (`--fast`). It samples the API's RSS every 100 ms
// and reports its peak over the baseline, and how each connection was answered and when.
//
//   node --import tsx bench/webhook-flood.ts [connections=40] [seconds=30] [options]
//     --fast        send each body as fast as the socket takes it
//     --stale       a timestamp an hour old (default: fresh, the hardest case: only the body can tell)
//     --unsigned    no signature headers at all
// needs DATABASE_URL and REDIS_URL (a unique key prefix is used), and `npm run build` first.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort, waitForHttp } from './lib/children.js';
import { webhookBodyLimit } from '../src/config.js';

const connections = Number(process.argv[2] ?? 40);
const seconds = Number(process.argv[3] ?? 30);
const fast = process.argv.includes('--fast');
const stale = process.argv.includes('--stale');
const unsigned = process.argv.includes('--unsigned');
/** Just under the default WEBHOOK_BODY_LIMIT_BYTES (about 4.9 MB): a body the limit lets through. */
const BODY_BYTES = webhookBodyLimit(4000) - 1024;
const secret = () => `whsec_${randomBytes(24).toString('base64')}`;

const port = await freePort();
const api = spawn(process.execPath, ['dist/src/main.js', 'api'], {
  env: {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    REDIS_PREFIX: `flood${randomBytes(4).toString('hex')}`,
    OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    WEBHOOK_SECRET: secret(),
    CALLBACK_SIGNING_SECRET: secret(),
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${api.pid}/status`, 'utf8'))?.[1] ?? 0);

try {
  await waitForHttp(`http://127.0.0.1:${port}/readyz`);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const baseline = rssKb();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKb())), 100);
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: connections }, () => flood()));
  clearInterval(sampler);
  const byStatus = new Map<string, number[]>();
  for (const { status, ms } of answers) byStatus.set(status, [...(byStatus.get(status) ?? []), ms]);
  console.log(
    `${connections} connections × ${(BODY_BYTES / 1e6).toFixed(1)} MB, ${fast ? 'as fast as possible' : `paced over ${seconds} s`}, ` +
      `${unsigned ? 'no signature' : stale ? 'stale forged signature' : 'fresh forged signature'}`,
  );
  console.log(
    `API RSS: ${(baseline / 1024).toFixed(0)} MB before, peak ${(peak / 1024).toFixed(0)} MB (+${((peak - baseline) / 1024).toFixed(0)} MB)`,
  );
  for (const [status, times] of byStatus) {
    times.sort((a, b) => a - b);
    console.log(`  ${status}: ${times.length} answered after ${times[0]}–${times.at(-1)} ms`);
  }
  console.log(`all answered within ${Date.now() - started} ms`);
} finally {
  api.kill('SIGTERM');
}

/** One connection: the head, then the body in 64 KB pieces, paced; its answer's status and time. */
function flood(): Promise<{ status: string; ms: number }> {
  const timestamp = Math.floor(Date.now() / 1000) - (stale ? 3600 : 0);
  const headers = unsigned
    ? []
    : [
        `webhook-id: msg_${randomUUID()}`,
        `webhook-timestamp: ${timestamp}`,
        `webhook-signature: v1,${randomBytes(32).toString('base64')}`,
      ];
  const head = [
    'POST /api/webhooks/generations HTTP/1.1',
    'host: localhost',
    'content-type: application/json',
    `content-length: ${BODY_BYTES}`,
    ...headers,
  ].join('\r\n');
  const piece = Buffer.alloc(64 * 1024, 'x');
  const pieces = Math.ceil(BODY_BYTES / piece.length);
  const every = fast ? 0 : (seconds * 1000) / pieces;
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (status: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status, ms: Date.now() - started });
    };
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (status) finish(status[1]!);
    });
    socket.on('error', () => finish('reset'));
    socket.on('close', () => finish(answer === '' ? 'closed' : 'closed'));
    const send = () => {
      if (socket.destroyed || sent >= pieces) return;
      const last = sent === pieces - 1 ? piece.subarray(0, BODY_BYTES - sent * piece.length) : piece;
      sent++;
      const more = socket.write(last);
      if (every > 0) timer = setTimeout(send, every);
      else if (more) setImmediate(send);
      else socket.once('drain', send);
    };
    socket.write(`${head}\r\n\r\n`, send);
  });
}
