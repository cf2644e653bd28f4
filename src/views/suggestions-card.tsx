import { isIn, RESTING_STATUSES, type GenerationStatus } from '../domain/statuses.js';
import type { Catalogue } from './i18n/catalogue.js';

// The page's suggestions card: the draft's open suggestions as the server found them, then those that
// stream in (src/views/client/suggestions.ts clones #suggestion-template for each). The owner asks for
// suggestions (the whole draft or one section) and applies or dismisses each; a share link shows the
// list, read-only. The model's text is set as text (JSX escapes it here, textContent in the browser).

export interface SuggestionItem {
  id: string;
  section: number;
  summary: string;
  instruction: string;
}

export function SuggestionsCard(props: {
  suggestions: readonly SuggestionItem[];
  sections: readonly string[];
  status: GenerationStatus;
  controls: boolean;
  t: Catalogue;
}) {
  const { suggestions, sections, status, controls, t } = props;
  const resting = isIn(RESTING_STATUSES, status);
  return (
    <div class="card" id="suggestions">
      <h2 id="suggestions-heading" tabindex={-1}>
        {t.suggestionsCard}
      </h2>
      {controls ? (
        <form class="suggest-form">
          <label for="suggest-section">{t.review}</label>
          <select id="suggest-section" name="section">
            <option value="">{t.wholeDraft}</option>
            {sections.map((title, i) => (
              <option value={String(i + 1)}>{`${i + 1}. ${title}`}</option>
            ))}
          </select>
          <button type="submit" data-suggest disabled={!resting}>
            {t.suggest}
          </button>
        </form>
      ) : null}
      <p class="control-note" id="suggestions-note" aria-live="polite"></p>
      <ol class="suggestions-list" id="suggestions-list" aria-live="polite" aria-label={t.openSuggestions}>
        {suggestions.map((s) => (
          <SuggestionEntry suggestion={s} controls={controls} resting={resting} t={t} />
        ))}
      </ol>
      <p class="hint">{controls ? t.suggestionsHintOwner : t.suggestionsHintReader}</p>
      <template id="suggestion-template">
        <SuggestionEntry
          suggestion={{ id: '', section: 0, summary: '', instruction: '' }}
          controls={controls}
          resting={true}
          t={t}
        />
      </template>
    </div>
  );
}

function SuggestionEntry(props: { suggestion: SuggestionItem; controls: boolean; resting: boolean; t: Catalogue }) {
  const { suggestion, controls, resting, t } = props;
  return (
    <li class="suggestion" data-suggestion-id={suggestion.id} data-section={String(suggestion.section)}>
      <p class="suggestion-summary">
        <span class="suggestion-section">{t.sectionN(suggestion.section)}</span>
        {': '}
        <span class="suggestion-text">{suggestion.summary}</span>
      </p>
      <p class="hint suggestion-instruction">{suggestion.instruction}</p>
      {controls ? (
        <div class="button-row">
          <button type="button" data-suggestion-action="apply" disabled={!resting}>
            {t.apply}
          </button>
          <button type="button" data-suggestion-action="dismiss" disabled={!resting}>
            {t.dismiss}
          </button>
        </div>
      ) : null}
    </li>
  );
}
