import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/db/client.js';
import { GenerationStore } from '../src/db/generation-store.js';
import { capturingLogger } from './support/logging.js';
import { testConfig } from './support/stack.js';

// What a failed query or Redis command leaves in the logs: what failed, never the data it carried.

const config = testConfig();
const database = connectDatabase(config.DATABASE_URL, { max: 2, name: 'test-logger' });
const redis = new Redis(config.REDIS_URL);
afterAll(async () => {
  redis.disconnect();
  await database.close();
});

const SECRET = 'Confidential merger with Fabrikam';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('the error serializer', () => {
  it('logs a refused Postgres write by its code, without the SQL, its parameters or the text', async () => {
    const store = new GenerationStore(database.db);
    const error = await rejection(
      store.insert({
        id: randomUUID(),
        template: 'nda',
        mode: 'stream',
        prompt: `${SECRET}\u0000`,
        owner: 'public',
        quotaKey: 'public',
        redisPrefix: config.REDIS_PREFIX,
      }),
    );
    // The error itself carries all of it (drizzle puts the SQL and parameters in its message)…
    expect(String((error as Error).message)).toContain(SECRET);
    const { logger, lines, raw } = capturingLogger();
    logger.error({ err: error }, 'insert failed');
    // …the log line none of it.
    expect(raw.join('')).not.toContain('Fabrikam');
    expect(raw.join('')).not.toMatch(/insert into|params/i);
    const err = lines[0]?.err as Record<string, any>;
    expect(err).toMatchObject({ type: 'DrizzleQueryError', message: 'query failed', cause: { code: '22021' } });
    expect(err.stack).toMatch(/^\s+at /);
  });

  it('logs a failed Redis command without its arguments', async () => {
    const error = await rejection(redis.call('SET', `test-logger-${randomUUID()}`, SECRET, 'NOT-AN-OPTION'));
    expect(JSON.stringify((error as { command?: unknown }).command)).toContain(SECRET);
    const { logger, lines, raw } = capturingLogger();
    logger.warn({ err: error }, 'append failed');
    expect(raw.join('')).not.toContain('Fabrikam');
    expect(lines[0]?.err).toMatchObject({ type: 'ReplyError', message: expect.stringMatching(/syntax error/) });
  });

  it('cuts the quoted value out of a Postgres data exception', async () => {
    const error = await rejection(database.sql`select ${SECRET}::uuid`);
    const { logger, raw } = capturingLogger();
    logger.error({ error }, 'select failed');
    expect(raw.join('')).not.toContain('Fabrikam');
    expect(raw.join('')).toContain('invalid input syntax for type uuid');
  });
});
