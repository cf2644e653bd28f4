// The words of section versions: every checkpoint of a section is kept as a version
// (src/db/generation-store.ts), and a version can be restored as a new one (src/generations/commands.ts).
// `edited`: the owner's own text, saved from the page's editor (PUT …/sections/:index).

export const VERSION_SOURCES = ['generated', 'regenerated', 'restored', 'edited', 'suggested'] as const;
export type VersionSource = (typeof VERSION_SOURCES)[number];

/** How a checkpoint came to be written: recorded with the version it makes. */
export interface VersionOrigin {
  source: VersionSource;
  /** The client's instruction of a regeneration. */
  instruction?: string | undefined;
}

/** Characters of a version's text its summary opens with (the versions list holds no text). */
export const VERSION_EXCERPT_CHARS = 160;

/** Longest text an edit may save as a section, in characters (after trimming; the body limit applies too). */
export const SECTION_EDIT_MAX_CHARS = 32_000;

/**
 * A run's rewrite of one section (kept with the run, so a re-enqueued run still does it): `suggested`
 * when the instruction is an applied suggestion's (src/domain/suggestions.ts), else `regenerated`.
 */
export interface SectionRewrite {
  index: number;
  instruction?: string;
  source?: Extract<VersionSource, 'suggested'>;
}
