import { and, asc, eq, inArray, lt, ne, notLike, or, sql, type SQL } from 'drizzle-orm';
import {
  ACTIVE_STATUSES,
  isIn,
  OPEN_STATUSES,
  type GenerationMode,
  type GenerationStatus,
} from '../domain/statuses.js';
import type { TemplateId } from '../domain/templates.js';
import type { Details, Language } from '../domain/details.js';
import type { Database } from './client.js';
import { generations, sections, sectionVersions, shares, type GenerationRow } from './schema.js';
import type { SectionRewrite, VersionOrigin } from '../domain/versions.js';
import { reserveOpenSlots, type OpenLimit } from './open-limit.js';
import { newestVersion, pruneVersions, SectionVersionReader, type SectionVersion } from './section-versions.js';
import { SESSION_OWNER_PATTERN } from '../domain/owners.js';
import { capContent, capTitle } from '../domain/section-limits.js';
import { DocumentList } from './document-list.js';

export type { SectionVersion };

/** A section as storage keeps it: title and text within their caps, whoever wrote it (src/domain/section-limits.ts). */
const withinCaps = (section: SectionCheckpoint): SectionCheckpoint => ({
  ...section,
  title: capTitle(section.title),
  content: capContent(section.content),
});

export interface Generation extends Omit<GenerationRow, 'template' | 'mode' | 'status' | 'language'> {
  template: TemplateId;
  language: Language;
  mode: GenerationMode;
  status: GenerationStatus;
}

export interface SectionCheckpoint {
  index: number;
  title: string;
  content: string;
  mode: GenerationMode;
}

export interface TakeFenceOptions {
  /** Only when the generation is in one of these statuses. */
  from: readonly GenerationStatus[];
  /** The status it moves to; `running` is `chunked` or `streaming`, by the generation's mode. */
  to?: GenerationStatus | 'running';
  /** Only when this is still the current run (a job of an older run is stale). */
  run?: number;
  /** Start a new run (resume, regenerate): the jobs of older runs become stale. */
  newRun?: boolean;
  /** With `newRun`: the section the new run rewrites first (kept so a re-enqueued run still does it). */
  regenerate?: SectionRewrite;
  error?: string | null;
  /** The move adds an open generation (regenerate from a final status): check the owner's limit first. */
  openLimit?: OpenLimit;
  /** Only while this is still the section's newest version (an edit's base), read under the row lock. */
  base?: { index: number; version: number };
}

export interface NewGeneration {
  id: string;
  template: TemplateId;
  mode: GenerationMode;
  prompt: string;
  details?: Details | null;
  language?: Language;
  /** The resolved section titles (src/domain/outlines.ts); absent: the template's default list. */
  outline?: string[];
  /** Its name in the owner's list (src/domain/draft-names.ts); absent: the default name. */
  name?: string;
  owner: string;
  quotaKey: string;
  /** The deployment's REDIS_PREFIX: its reconciler looks after this row. */
  redisPrefix: string;
}

const GENERATED: VersionOrigin = { source: 'generated' };

/**
 * Which drafts a read may see: only `owner`'s (API keys); on the open API without keys, any but
 * another browser session's (`openTo`: the caller's owner id, its own session's drafts included;
 * `openTo` of src/domain/owners.ts); or any (`'any'`: the service's own reads, never a caller's).
 */
export type OwnerScope = { owner: string } | { openTo: string } | 'any';

/** The condition `scope` puts on a read of generations (undefined: none). */
function ownerCondition(scope: OwnerScope): SQL | undefined {
  if (scope === 'any') return undefined;
  if ('owner' in scope) return eq(generations.owner, scope.owner);
  return or(eq(generations.owner, scope.openTo), notLike(generations.owner, SESSION_OWNER_PATTERN));
}

/**
 * Seqs a writer reserves at a time (in `seq_ceiling`) before appending them: one Postgres write per
 * this many events. A new row starts with the first block reserved, for the API's first event.
 */
export const SEQ_BLOCK = 1000;

/** The columns a new generation row starts with: queued, holding fencing token 1, run 1. */
export const NEW_GENERATION = { status: 'queued', fence: 1, run: 1, seqCeiling: SEQ_BLOCK } as const;

/** An active generation the reconciler looks at: which run should have a job, and its recoveries. */
export interface ActiveGeneration {
  id: string;
  run: number;
  status: GenerationStatus;
  recoveries: number;
  regenerate: SectionRewrite | null;
}

export interface GenerationStoreOptions {
  /** Versions a section keeps at most (`SECTION_VERSIONS_MAX`): the first and the newest. */
  versionsMax?: number;
}

/** Default of `SECTION_VERSIONS_MAX`. */
export const SECTION_VERSIONS_MAX = 50;

/** Postgres access for generations and their section checkpoints. */
export class GenerationStore {
  /** A section's kept texts: the newest, one, or pages of summaries. */
  readonly versions: SectionVersionReader;
  /** Each owner's list of drafts (searched, paged), and renaming and deleting one. */
  readonly documents: DocumentList;
  private readonly versionsMax: number;

  constructor(
    private readonly db: Database,
    options: GenerationStoreOptions = {},
  ) {
    this.versions = new SectionVersionReader(db);
    this.documents = new DocumentList(db);
    this.versionsMax = options.versionsMax ?? SECTION_VERSIONS_MAX;
  }

  /** Inserts a queued generation; throws OpenLimitReached when `openLimit` is full. */
  async insert(input: NewGeneration, openLimit?: OpenLimit): Promise<Generation> {
    const write = async (db: Database) => {
      const [row] = await db
        .insert(generations)
        .values({ ...input, ...NEW_GENERATION })
        .returning();
      return row as Generation;
    };
    // The limit needs its lock and count in the insert's transaction; without one, a plain insert.
    if (!openLimit || openLimit.max <= 0) return write(this.db);
    return this.db.transaction(async (tx) => {
      await reserveOpenSlots(tx, openLimit, 1);
      return write(tx as unknown as Database);
    });
  }

  /** The generation, when `scope` may see it: another owner's is as absent as a missing one. */
  async find(id: string, scope: OwnerScope = 'any'): Promise<Generation | undefined> {
    const [row] = await this.db
      .select()
      .from(generations)
      .where(and(eq(generations.id, id), ownerCondition(scope)));
    return row as Generation | undefined;
  }

  /** The share link's id of a generation, creating one with `newId` when it has none. */
  async share(generationId: string, newId: string): Promise<string> {
    await this.db
      .insert(shares)
      .values({ id: newId, generationId })
      .onConflictDoNothing({ target: shares.generationId });
    const [row] = await this.db.select({ id: shares.id }).from(shares).where(eq(shares.generationId, generationId));
    return row?.id ?? newId;
  }

  /** Revokes a generation's share link; true when there was one. */
  async unshare(generationId: string): Promise<boolean> {
    const rows = await this.db.delete(shares).where(eq(shares.generationId, generationId)).returning({ id: shares.id });
    return rows.length > 0;
  }

  /** The generation a (not revoked) share link id opens. */
  async findShared(shareId: string): Promise<Generation | undefined> {
    const [row] = await this.db
      .select({ generation: generations })
      .from(shares)
      .innerJoin(generations, eq(generations.id, shares.generationId))
      .where(eq(shares.id, shareId));
    return row?.generation as Generation | undefined;
  }

  async sections(id: string): Promise<SectionCheckpoint[]> {
    const rows = await this.db
      .select({ index: sections.index, title: sections.title, content: sections.content, mode: sections.mode })
      .from(sections)
      .where(eq(sections.generationId, id))
      .orderBy(sections.index);
    return rows as SectionCheckpoint[];
  }

  /**
   * Raises the fencing token (and usually the status) in one conditional UPDATE: whoever gets the
   * row back is the generation's one writer from now on. Postgres orders competing claims, so a
   * cancel and a worker starting at the same moment cannot both win.
   */
  async takeFence(id: string, options: TakeFenceOptions): Promise<Generation | undefined> {
    if (options.base) {
      const { base, ...rest } = options;
      // Locked first, then read: a version stored by a save that held the lock is seen (a single
      // UPDATE would read the versions as they were when it started waiting).
      return this.db.transaction(async (tx) => {
        await tx.select({ id: generations.id }).from(generations).where(eq(generations.id, id)).for('update');
        if ((await newestVersion(tx as unknown as Database, id, base.index)) !== base.version) return undefined;
        return new GenerationStore(tx as unknown as Database).takeFence(id, rest);
      });
    }
    if (options.openLimit && options.openLimit.max > 0) {
      const { openLimit, ...rest } = options;
      return this.db.transaction(async (tx) => {
        // Only a move out of a final status adds an open generation; the others keep their slot.
        const [current] = await tx
          .select({ status: generations.status })
          .from(generations)
          .where(eq(generations.id, id));
        if (current && !isIn(OPEN_STATUSES, current.status)) await reserveOpenSlots(tx, openLimit, 1);
        return new GenerationStore(tx as unknown as Database).takeFence(id, rest);
      });
    }
    const conditions = [eq(generations.id, id), inArray(generations.status, [...options.from])];
    if (options.run !== undefined) conditions.push(eq(generations.run, options.run));
    const [row] = await this.db
      .update(generations)
      .set({
        fence: sql`${generations.fence} + 1`,
        ...(options.to === 'running'
          ? { status: sql`case when ${generations.mode} = 'chunked' then 'chunked' else 'streaming' end` }
          : options.to
            ? { status: options.to }
            : {}),
        ...(options.newRun
          ? { run: sql`${generations.run} + 1`, recoveries: 0, regenerate: options.regenerate ?? null }
          : {}),
        ...(options.error !== undefined ? { error: options.error } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(...conditions))
      .returning();
    return row as Generation | undefined;
  }

  /**
   * Upserts a finished section, only while `fence` is still the generation's token, and keeps it as
   * the section's next version (`origin` says how it was written). The row lock taken by FOR UPDATE
   * orders this against a concurrent takeFence and numbers versions one at a time; a retry under the
   * same fence adds no version, and a section keeps at most `versionsMax` versions (the first and the
   * newest). Returns false when fenced out.
   */
  async checkpoint(
    id: string,
    fence: number,
    section: SectionCheckpoint,
    origin: VersionOrigin = GENERATED,
  ): Promise<boolean> {
    section = withinCaps(section);
    const rows = await this.db.execute(sql`
      with owner as (
        select id, owner from ${generations} where id = ${id} and fence = ${fence} for update
      ),
      version as (
        insert into ${sectionVersions} (generation_id, section_index, version, title, content, owner, source, instruction, fence)
        select id, ${section.index},
          coalesce((select max(version) from ${sectionVersions} where generation_id = ${id} and section_index = ${section.index}), 0) + 1,
          ${section.title}, ${section.content}, owner, ${origin.source}, ${origin.instruction ?? null}, ${fence}
        from owner
        on conflict do nothing
        returning version
      ),
      pruned as (${pruneVersions(id, section.index, sql`(select version from version)`, this.versionsMax)})
      insert into ${sections} (generation_id, index, title, content, mode)
      select id, ${section.index}, ${section.title}, ${section.content}, ${section.mode} from owner
      on conflict (generation_id, index) do update
        set title = excluded.title, content = excluded.content, mode = excluded.mode, updated_at = now()
      returning index`);
    return rows.length === 1;
  }

  /**
   * Stores a text the API was given (a restore, an edit) as a section's next version, only while
   * `fence` is current; returns the version's number, or undefined when fenced out. The row lock comes
   * first and the newest version is read after it, so versions are numbered one at a time.
   */
  async storeVersion(
    id: string,
    fence: number,
    section: SectionCheckpoint,
    origin: VersionOrigin,
  ): Promise<number | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ owner: generations.owner })
        .from(generations)
        .where(and(eq(generations.id, id), eq(generations.fence, fence)))
        .for('update');
      if (!row) return undefined;
      const version = (await newestVersion(tx as unknown as Database, id, section.index)) + 1;
      const { index, title, content, mode } = withinCaps(section);
      await tx.insert(sectionVersions).values({
        generationId: id,
        sectionIndex: index,
        version,
        title,
        content,
        owner: row.owner,
        source: origin.source,
        instruction: origin.instruction ?? null,
        fence,
      });
      await tx.execute(pruneVersions(id, index, sql`${version}`, this.versionsMax));
      await tx
        .insert(sections)
        .values({ generationId: id, index, title, content, mode })
        .onConflictDoUpdate({
          target: [sections.generationId, sections.index],
          set: { title, content, mode, updatedAt: sql`now()` },
        });
      return version;
    });
  }

  /** Raises the seq ceiling to `upTo` while `fence` is current; false when fenced out. */
  async reserveSeqs(id: string, fence: number, upTo: number): Promise<boolean> {
    const rows = await this.db
      .update(generations)
      .set({ seqCeiling: sql`greatest(${generations.seqCeiling}, ${upTo})` })
      .where(and(eq(generations.id, id), eq(generations.fence, fence)))
      .returning({ id: generations.id });
    return rows.length === 1;
  }

  /**
   * Active generations of one deployment (its Redis prefix), oldest first: the ones whose job the
   * reconciler checks. A `queued` row touched within `graceMs` is left out: it may have been just
   * inserted (or resumed), its job being added right now. A running row had a job when it started.
   */
  async activeUntouched(redisPrefix: string, graceMs: number, limit: number): Promise<ActiveGeneration[]> {
    const rows = await this.db
      .select({
        id: generations.id,
        run: generations.run,
        status: generations.status,
        recoveries: generations.recoveries,
        regenerate: generations.regenerate,
      })
      .from(generations)
      .where(
        and(
          eq(generations.redisPrefix, redisPrefix),
          inArray(generations.status, [...ACTIVE_STATUSES]),
          or(
            ne(generations.status, 'queued'),
            lt(generations.updatedAt, sql`now() - make_interval(secs => ${graceMs / 1000})`),
          ),
        ),
      )
      .orderBy(asc(generations.updatedAt))
      .limit(limit);
    return rows as ActiveGeneration[];
  }

  /**
   * Counts one recovery of `run`, only while that run is still current and active (a worker or a
   * command that moved it on meanwhile wins). Returns the new count, or undefined when it moved on.
   */
  async recordRecovery(id: string, run: number): Promise<number | undefined> {
    const [row] = await this.db
      .update(generations)
      .set({ recoveries: sql`${generations.recoveries} + 1`, updatedAt: sql`now()` })
      .where(and(eq(generations.id, id), eq(generations.run, run), inArray(generations.status, [...ACTIVE_STATUSES])))
      .returning({ recoveries: generations.recoveries });
    return row?.recoveries;
  }

  /** Updates the run's outcome while `fence` is current; false when fenced out. */
  async update(
    id: string,
    fence: number,
    values: { status?: GenerationStatus; error?: string | null; lastSeq?: number; seqCeiling?: number },
  ): Promise<boolean> {
    const rows = await this.db
      .update(generations)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(generations.id, id), eq(generations.fence, fence)))
      .returning({ id: generations.id });
    return rows.length === 1;
  }
}
