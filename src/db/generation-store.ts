import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { GenerationMode, GenerationStatus } from '../domain/statuses.js';
import type { TemplateId } from '../domain/templates.js';
import type { Database } from './client.js';
import { generations, sections, type GenerationRow } from './schema.js';

export interface Generation extends Omit<GenerationRow, 'template' | 'mode' | 'status'> {
  template: TemplateId;
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
  error?: string | null;
}

/** Postgres access for generations and their section checkpoints. */
export class GenerationStore {
  constructor(private readonly db: Database) {}

  async insert(input: { id: string; template: TemplateId; mode: GenerationMode; prompt: string }): Promise<Generation> {
    const [row] = await this.db
      .insert(generations)
      .values({ ...input, status: 'queued', fence: 1, run: 1 })
      .returning();
    return row as Generation;
  }

  async find(id: string): Promise<Generation | undefined> {
    const [row] = await this.db.select().from(generations).where(eq(generations.id, id));
    return row as Generation | undefined;
  }

  async list(limit: number): Promise<Generation[]> {
    const rows = await this.db.select().from(generations).orderBy(desc(generations.createdAt)).limit(limit);
    return rows as Generation[];
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
        ...(options.newRun ? { run: sql`${generations.run} + 1` } : {}),
        ...(options.error !== undefined ? { error: options.error } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(...conditions))
      .returning();
    return row as Generation | undefined;
  }

  /**
   * Upserts a finished section, only while `fence` is still the generation's token. The row lock
   * taken by FOR UPDATE orders this against a concurrent takeFence. Returns false when fenced out.
   */
  async checkpoint(id: string, fence: number, section: SectionCheckpoint): Promise<boolean> {
    const rows = await this.db.execute(sql`
      with owner as (
        select id from ${generations} where id = ${id} and fence = ${fence} for update
      )
      insert into ${sections} (generation_id, index, title, content, mode)
      select id, ${section.index}, ${section.title}, ${section.content}, ${section.mode} from owner
      on conflict (generation_id, index) do update
        set title = excluded.title, content = excluded.content, mode = excluded.mode, updated_at = now()
      returning index`);
    return rows.length === 1;
  }

  /** Updates the run's outcome while `fence` is current; false when fenced out. */
  async update(
    id: string,
    fence: number,
    values: { status?: GenerationStatus; error?: string | null; lastSeq?: number },
  ): Promise<boolean> {
    const rows = await this.db
      .update(generations)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(generations.id, id), eq(generations.fence, fence)))
      .returning({ id: generations.id });
    return rows.length === 1;
  }
}
