import type { GenerationStore } from '../db/generation-store.js';

/** Drafts whose owner one API process remembers; past it, the oldest remembered is forgotten. */
const REMEMBERED = 10_000;

/**
 * The owner of a draft, as an event stream without API keys needs it: a browser session's draft is
 * that session's only, so every viewer's owner must be checked, while the stream itself is served
 * from the log without reading Postgres (thousands of viewers may join one draft at once). A
 * draft's owner never changes, so each process reads it once per draft and remembers it.
 *
 * An id with no draft is remembered too: "not yours" and "no such draft" then cost the same (one
 * read the first time, none after), so the time of a 404 says nothing about which it was. Ids are
 * made by the server at random, so an id asked for before its draft exists is one nobody was given.
 */
export class DraftOwners {
  private readonly owners = new Map<string, string | null>();

  constructor(
    private readonly store: GenerationStore,
    private readonly remembered = REMEMBERED,
  ) {}

  /** The owner id of draft `id`, or undefined when there is no such draft. */
  async of(id: string): Promise<string | undefined> {
    const known = this.owners.get(id);
    if (known !== undefined) return known ?? undefined;
    const owner = (await this.store.find(id))?.owner ?? null;
    if (this.owners.size >= this.remembered) this.owners.delete(this.owners.keys().next().value!);
    this.owners.set(id, owner);
    return owner ?? undefined;
  }
}
