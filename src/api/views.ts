import { sectionTitles } from '../domain/outlines.js';
import type { Generation, SectionCheckpoint } from '../db/generation-store.js';
import type { SectionVersion, VersionPage, VersionSummary } from '../db/section-versions.js';
import type { Suggestion } from '../db/suggestion-store.js';
import { diffHtml, diffVersions } from '../domain/version-diff.js';
import { draftName } from '../domain/draft-names.js';

/** Links a client follows from a generation. */
export function generationLinks(id: string) {
  return {
    self: `/api/generations/${id}`,
    events: `/api/generations/${id}/events`,
    page: `/generations/${id}`,
  };
}

/** The JSON form of a generation in the API contract. */
export function generationJson(generation: Generation, sections: readonly SectionCheckpoint[]) {
  return {
    id: generation.id,
    name: draftName(generation),
    status: generation.status,
    template: generation.template,
    mode: generation.mode,
    language: generation.language,
    prompt: generation.prompt,
    details: generation.details,
    outline: sectionTitles(generation),
    sections: sections.map(({ index, title, content, mode }) => ({ index, title, content, mode })),
    createdAt: generation.createdAt.toISOString(),
    updatedAt: generation.updatedAt.toISOString(),
    ...(generation.error ? { error: generation.error } : {}),
    links: generationLinks(generation.id),
  };
}

/**
 * A generation as a share link shows it (`/s/<token>/generation`): the same, without its id and the
 * links that carry it, since the id is what opens commands to whoever may use them.
 */
export function sharedGenerationJson(generation: Generation, sections: readonly SectionCheckpoint[]) {
  const { id: _id, links: _links, ...shown } = generationJson(generation, sections);
  return shown;
}

/** The JSON form of one kept version of a section. */
export function versionJson(version: SectionVersion) {
  return {
    version: version.version,
    title: version.title,
    content: version.content,
    source: version.source,
    ...(version.instruction ? { instruction: version.instruction } : {}),
    createdAt: version.createdAt.toISOString(),
  };
}

/** What a comparison names of each side: the version, not its text. */
const versionHead = (version: SectionVersion) => ({
  version: version.version,
  source: version.source,
  createdAt: version.createdAt.toISOString(),
});

/**
 * Two versions compared (`GET …/versions/:a/diff/:b`): the words removed from `from` and added in
 * `to`, as parts of the rendered text and as escaped HTML (<del>, <ins>) for a page to show.
 */
export function versionDiffJson(from: SectionVersion, to: SectionVersion) {
  const parts = diffVersions(from.content, to.content);
  return { from: versionHead(from), to: versionHead(to), parts, html: diffHtml(parts) };
}

/** One version as a list shows it: what it is, its length and opening, not its text. */
export function versionSummaryJson(version: VersionSummary) {
  return {
    version: version.version,
    title: version.title,
    source: version.source,
    ...(version.instruction ? { instruction: version.instruction } : {}),
    createdAt: version.createdAt.toISOString(),
    length: version.length,
    excerpt: version.excerpt,
  };
}

/** A page of a section's versions, newest first; `nextBefore` (as `?before=`) reads the older ones. */
export function versionPageJson(page: VersionPage) {
  return {
    versions: page.versions.map(versionSummaryJson),
    ...(page.nextBefore !== undefined ? { nextBefore: page.nextBefore } : {}),
  };
}

/** A suggestion as the API shows it (GET …/suggestions; the `suggestion` event carries the same fields). */
export function suggestionJson(suggestion: Suggestion) {
  return {
    id: suggestion.id,
    section: suggestion.section,
    summary: suggestion.summary,
    instruction: suggestion.instruction,
    status: suggestion.status,
    createdAt: suggestion.createdAt.toISOString(),
    ...(suggestion.closedAt ? { closedAt: suggestion.closedAt.toISOString() } : {}),
  };
}
