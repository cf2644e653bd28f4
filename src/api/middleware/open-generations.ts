import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../../bus/redis-connection.js';
import type postgres from 'postgres';
import { OPEN_STATUSES } from '../../domain/statuses.js';

// Open generations per client (API key or IP), counted in Redis so every API process sees the same
// numbers: one sorted set per client holding the ids of the generations it created (score: when)
// plus reservations `r:<uuid>` for creations in progress. Before each check the ids whose
// generation is no longer open in Postgres are removed, so the set stays small (about the limit)
// and the count is exact; the row stays the truth, Redis only remembers who created what.


/** A reservation older than this belongs to a request that died mid-way. */
const RESERVATION_TTL_MS = 5 * 60_000;
/** A client's set disappears after a day without creations. */
const SET_TTL_SEC = 24 * 3600;

/** Adds a reservation only while the set holds fewer than the limit: atomic across API processes. */
const RESERVE_SCRIPT = `
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
`;

type Scripted = RedisClient & { cgReserveOpen(key: string, max: number, now: number, member: string, ttl: number): Promise<number> };

export interface OpenSlot {
  /** The creation produced this generation: it now holds the slot. */
  bind(generationId: string): Promise<void>;
  /** The request created nothing: give the slot back (no-op after bind). */
  release(): Promise<void>;
}

export class OpenGenerations {
  private readonly redis: Scripted;

  constructor(
    redis: RedisClient,
    private readonly sql: postgres.Sql,
    private readonly prefix: string,
    readonly max: number,
  ) {
    if (!('cgReserveOpen' in redis)) redis.defineCommand('cgReserveOpen', { numberOfKeys: 1, lua: RESERVE_SCRIPT });
    this.redis = redis as Scripted;
  }

  key(identity: string): string {
    return `${this.prefix}:ops:open:${identity}`;
  }

  /** Ids and reservations currently counted for `identity`, after dropping those no longer open. */
  async count(identity: string): Promise<number> {
    await this.prune(identity);
    return this.redis.zcard(this.key(identity));
  }

  /** Takes a slot, or returns undefined when `identity` already has `max` open generations. */
  async reserve(identity: string): Promise<OpenSlot | undefined> {
    await this.prune(identity);
    const key = this.key(identity);
    const reservation = `r:${randomUUID()}`;
    if ((await this.redis.cgReserveOpen(key, this.max, Date.now(), reservation, SET_TTL_SEC)) !== 1) return undefined;
    let held = true;
    return {
      bind: async (generationId) => {
        held = false;
        await this.redis.multi().zrem(key, reservation).zadd(key, String(Date.now()), generationId).expire(key, SET_TTL_SEC).exec();
      },
      release: async () => {
        if (!held) return;
        held = false;
        await this.redis.zrem(key, reservation);
      },
    };
  }

  private async prune(identity: string): Promise<void> {
    const key = this.key(identity);
    const raw = await this.redis.zrange(key, '0', '-1', 'WITHSCORES');
    const ids: string[] = [];
    const gone: string[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const member = raw[i] as string;
      if (member.startsWith('r:')) {
        if (Number(raw[i + 1]) < Date.now() - RESERVATION_TTL_MS) gone.push(member);
      } else {
        ids.push(member);
      }
    }
    if (ids.length > 0) {
      const open = await this.sql<{ id: string }[]>`
        select id from generations where id in ${this.sql(ids)} and status in ${this.sql(OPEN_STATUSES)}`;
      const stillOpen = new Set(open.map((row) => row.id));
      for (const id of ids) if (!stillOpen.has(id)) gone.push(id);
    }
    if (gone.length > 0) await this.redis.zrem(key, ...gone);
  }
}
