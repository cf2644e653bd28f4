import type { Generation } from '../db/generation-store.js';
import { documentName } from '../domain/outlines.js';
import { draftName, DRAFT_NAME_MAX_CHARS } from '../domain/draft-names.js';
import type { Catalogue, PageLanguage } from './i18n/catalogue.js';

/** Longest search the list's form takes (the API's `q` cap). */
const QUERY_MAX_CHARS = 200;

export interface MyDocumentsProps {
  lang: PageLanguage;
  t: Catalogue;
  documents: readonly Generation[];
  /** The search shown (`?q=`), if any. */
  query?: string | undefined;
  /** The next page's cursor (`?cursor=`), when there are more. */
  nextCursor?: string | undefined;
}

const shortTime = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The caller's drafts, newest first, a page at a time: name, document, language, status and last change.
 * Searching is a plain GET form and "More" a link, so both work without JavaScript; renaming and deleting
 * (client/my-documents.ts) call the JSON API, deleting only after the dialog's confirmation.
 */
export function MyDocuments({ lang, t, documents, query, nextCursor }: MyDocumentsProps) {
  const more = new URLSearchParams({
    lang,
    ...(query ? { q: query } : {}),
    ...(nextCursor ? { cursor: nextCursor } : {}),
  });
  return (
    <>
      <search>
        <form method="get" action="/" class="docs-search">
          <input type="hidden" name="lang" value={lang} />
          <label for="docs-q">{t.docsSearchLabel}</label>
          <div class="docs-search-row">
            <input
              id="docs-q"
              name="q"
              type="search"
              maxlength={QUERY_MAX_CHARS}
              value={query ?? ''}
              placeholder={t.docsSearchPlaceholder}
            />
            <button type="submit">{t.docsSearchButton}</button>
          </div>
          {query ? <a href={`/?lang=${lang}`}>{t.docsShowAll}</a> : null}
        </form>
      </search>
      {documents.length === 0 ? (
        <p class="hint" id="docs-empty">
          {query ? t.docsNoMatch(query) : t.recentNone}
        </p>
      ) : (
        <ul class="recent" id="my-documents">
          {documents.map((g) => (
            <DocumentItem generation={g} lang={lang} t={t} />
          ))}
        </ul>
      )}
      {nextCursor ? (
        <a class="button docs-more" href={`/?${more}`} rel="next">
          {t.docsMore}
        </a>
      ) : null}
      <p class="control-note" id="docs-note" role="status" aria-live="polite"></p>
      <dialog id="delete-dialog" aria-labelledby="delete-dialog-title" aria-describedby="delete-dialog-text">
        <form method="dialog">
          <h2 id="delete-dialog-title">{t.docsDeleteTitle}</h2>
          <p id="delete-dialog-text"></p>
          <div class="button-row">
            <button type="submit" value="keep" autofocus>
              {t.docsKeep}
            </button>
            <button type="submit" value="delete" class="danger" id="delete-confirm">
              {t.docsDeleteConfirm}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

function DocumentItem({ generation: g, lang, t }: { generation: Generation; lang: PageLanguage; t: Catalogue }) {
  const name = draftName(g);
  const nameId = `doc-name-${g.id}`;
  return (
    <li class="doc-item" data-id={g.id} data-name={name}>
      <a href={`/generations/${g.id}`} aria-describedby={`doc-meta-${g.id}`}>
        <span class="doc-name" id={nameId}>
          {name}
        </span>
        <span class="meta" id={`doc-meta-${g.id}`}>
          <span class="badge" data-status={g.status}>
            {t.status[g.status]}
          </span>
          <span>{documentName(g.template, lang)}</span>
          <span lang={g.language}>{t.languageNames[g.language]}</span>
          <time datetime={g.updatedAt.toISOString()} title={t.docsColumns.changed}>
            {shortTime(g.updatedAt)}
          </time>
        </span>
      </a>
      <div class="doc-actions">
        <button type="button" data-action="rename" aria-label={t.docsRename(name)}>
          {t.docsRenameShort}
        </button>
        <button type="button" data-action="delete" class="danger" aria-label={t.docsDelete(name)}>
          {t.docsDeleteShort}
        </button>
      </div>
      <form class="rename-form" hidden>
        <label for={`rename-${g.id}`}>{t.docsNameLabel}</label>
        <input id={`rename-${g.id}`} name="name" maxlength={DRAFT_NAME_MAX_CHARS} value={name} required />
        <div class="button-row">
          <button type="submit">{t.docsSaveName}</button>
          <button type="button" data-action="cancel-rename">
            {t.docsCancel}
          </button>
        </div>
      </form>
    </li>
  );
}
