import { and, desc, eq, ilike, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { ACTIVE_STATUSES } from '../domain/statuses.js';
import type { Database } from './client.js';
import { generations, SEARCH_CONFIG, sections } from './schema.js';
import type { Generation } from './generation-store.js';

// The list of one owner's drafts (my documents): newest first, a page at a time, searched by name and
// by text with Postgres full-text search; and what the owner does to a draft as a whole (rename, delete).

/** Where a page ends: the last draft's creation time (to the microsecond) and id. */
export interface DocumentCursor {
  at: string;
  id: string;
}

export interface DocumentQuery {
  owner: string;
  /** Words of the name or the text (web search syntax: "a phrase", -word, or); a name's part also matches. */
  q?: string | undefined;
  after?: DocumentCursor | undefined;
  limit: number;
}

export interface DocumentPage {
  documents: Generation[];
  /** The cursor of the next page, when there is one. */
  next?: DocumentCursor;
}

/** A deletion's answer: the draft deleted, one that may not be deleted now (a run is going on), or none. */
export type RemoveResult = { removed: Generation } | { busy: Generation } | undefined;

const ISO_MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A cursor as clients carry it: opaque, base64url. */
export const writeCursor = (cursor: DocumentCursor) => Buffer.from(`${cursor.at}|${cursor.id}`).toString('base64url');

/** The cursor a client sent back, or undefined when it is not one this server wrote. */
export function readCursor(raw: string): DocumentCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(raw)) return undefined;
  const [at = '', id = '', ...rest] = Buffer.from(raw, 'base64url').toString().split('|');
  return rest.length === 0 && ISO_MICROS.test(at) && UUID.test(id) ? { at, id } : undefined;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The drafts whose name holds `q`, or whose name or section text has its words. */
function matching(q: string): SQL {
  const words = sql`websearch_to_tsquery(${SEARCH_CONFIG}, ${q})`;
  return or(
    ilike(generations.name, `%${likeLiteral(q)}%`),
    sql`to_tsvector(${SEARCH_CONFIG}, coalesce(${generations.name}, '')) @@ ${words}`,
    sql`exists (select 1 from ${sections} where ${sections.generationId} = ${generations.id} and ${sections.search} @@ ${words})`,
  )!;
}

export class DocumentList {
  constructor(private readonly db: Database) {}

  /** One page of `owner`'s drafts, newest first, those matching `q` only when it is given. */
  async page(query: DocumentQuery): Promise<DocumentPage> {
    const rows = await this.pageQuery(query);
    const documents = rows.slice(0, query.limit).map((row) => row.generation as Generation);
    const last = rows[query.limit - 1];
    return rows.length > query.limit && last
      ? { documents, next: { at: last.at, id: last.generation.id } }
      : { documents };
  }

  /** The query of `page`: one row more than the page, to tell whether another follows. */
  pageQuery(query: DocumentQuery) {
    const conditions = [eq(generations.owner, query.owner)];
    if (query.q) conditions.push(matching(query.q));
    if (query.after)
      conditions.push(
        sql`(${generations.createdAt}, ${generations.id}) < (${query.after.at}::timestamptz, ${query.after.id}::uuid)`,
      );
    return this.db
      .select({
        generation: generations,
        at: sql<string>`to_char(${generations.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(generations)
      .where(and(...conditions))
      .orderBy(desc(generations.createdAt), desc(generations.id))
      .limit(query.limit + 1);
  }

  /** Renames a draft; the row as it is now, or undefined when it is gone. */
  async rename(id: string, name: string): Promise<Generation | undefined> {
    const [row] = await this.db.update(generations).set({ name }).where(eq(generations.id, id)).returning();
    return row as Generation | undefined;
  }

  /**
   * Deletes a draft with everything Postgres holds of it (sections, versions, suggestions, share link,
   * model-call rows, its place in a batch: all cascade), unless a run is going on: one statement, so a
   * resume or rewrite taking the draft at the same moment either came first (busy) or finds nothing.
   */
  async remove(id: string): Promise<RemoveResult> {
    const [row] = await this.db
      .delete(generations)
      .where(and(eq(generations.id, id), notInArray(generations.status, [...ACTIVE_STATUSES])))
      .returning();
    if (row) return { removed: row as Generation };
    const [current] = await this.db.select().from(generations).where(eq(generations.id, id));
    return current ? { busy: current as Generation } : undefined;
  }
}
