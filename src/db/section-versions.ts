import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { VERSION_EXCERPT_CHARS, type VersionOrigin } from '../domain/versions.js';
import type { Queryable } from './client.js';
import { sectionVersions } from './schema.js';

// The kept texts of a section (`section_versions`): how many are kept, and how they are read. Written
// by GenerationStore's checkpoint and storeVersion, under the generation's fence and row lock.

/** One kept text of a section (src/domain/versions.ts). */
export interface SectionVersion extends VersionOrigin {
  version: number;
  title: string;
  content: string;
  owner: string;
  createdAt: Date;
}

/** A version without its text: what a list shows (its length and opening say what it holds). */
export interface VersionSummary extends VersionOrigin {
  version: number;
  title: string;
  createdAt: Date;
  /** Characters (code points) of its text. */
  length: number;
  excerpt: string;
}

/** One page of a section's versions, newest first; `nextBefore` reads the older ones. */
export interface VersionPage {
  versions: VersionSummary[];
  nextBefore?: number;
}

const VERSION_COLUMNS = {
  version: sectionVersions.version,
  title: sectionVersions.title,
  content: sectionVersions.content,
  owner: sectionVersions.owner,
  source: sectionVersions.source,
  instruction: sectionVersions.instruction,
  createdAt: sectionVersions.createdAt,
};

const ofSection = (id: string, index: number) =>
  and(eq(sectionVersions.generationId, id), eq(sectionVersions.sectionIndex, index));

/** The number of a section's newest version; 0 when it has none. */
export async function newestVersion(db: Queryable, id: string, index: number): Promise<number> {
  const [row] = await db
    .select({ version: sql<number>`coalesce(max(${sectionVersions.version}), 0)::int` })
    .from(sectionVersions)
    .where(ofSection(id, index));
  return row?.version ?? 0;
}

/**
 * Keeps at most `max` versions of a section once `newest` (an SQL value: a number, or a subquery
 * that may be NULL when nothing was added) is stored: the first (what was generated) and the newest
 * `max - 1`; those in between go, oldest first. Numbers are never reused: the newest is always kept,
 * so the next one is still one above it. A pruned version answers 404, like one that never was.
 */
export function pruneVersions(id: string, index: number, newest: SQL, max: number): SQL {
  return sql`delete from ${sectionVersions}
    where ${sectionVersions.generationId} = ${id} and ${sectionVersions.sectionIndex} = ${index}
      and ${sectionVersions.version} > 1 and ${sectionVersions.version} <= (${newest})::int - ${max - 1}::int`;
}

/** Reads a section's versions: one with its text, or pages of summaries. */
export class SectionVersionReader {
  constructor(private readonly db: Queryable) {}

  /** The newest version of a section, or undefined when it has none (not written yet). */
  async latest(id: string, index: number): Promise<SectionVersion | undefined> {
    const [row] = await this.db
      .select(VERSION_COLUMNS)
      .from(sectionVersions)
      .where(ofSection(id, index))
      .orderBy(desc(sectionVersions.version))
      .limit(1);
    return row as SectionVersion | undefined;
  }

  async one(id: string, index: number, version: number): Promise<SectionVersion | undefined> {
    const [row] = await this.db
      .select(VERSION_COLUMNS)
      .from(sectionVersions)
      .where(and(ofSection(id, index), eq(sectionVersions.version, version)));
    return row as SectionVersion | undefined;
  }

  /**
   * Up to `limit` summaries, newest first, of the versions below `before` (all when absent): the
   * text stays in Postgres, only its length and opening are read.
   */
  async page(id: string, index: number, options: { before?: number | undefined; limit: number }): Promise<VersionPage> {
    const where =
      options.before === undefined
        ? ofSection(id, index)
        : and(ofSection(id, index), lt(sectionVersions.version, options.before));
    const rows = (await this.db
      .select({
        version: sectionVersions.version,
        title: sectionVersions.title,
        source: sectionVersions.source,
        instruction: sectionVersions.instruction,
        createdAt: sectionVersions.createdAt,
        length: sql<number>`char_length(${sectionVersions.content})::int`,
        excerpt: sql<string>`left(${sectionVersions.content}, ${VERSION_EXCERPT_CHARS})`,
      })
      .from(sectionVersions)
      .where(where)
      .orderBy(desc(sectionVersions.version))
      .limit(options.limit + 1)) as VersionSummary[];
    const versions = rows.slice(0, options.limit);
    const last = versions.at(-1);
    return rows.length > options.limit && last ? { versions, nextBefore: last.version } : { versions };
  }
}
