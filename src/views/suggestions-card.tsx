import { isIn, RESTING_STATUSES, type GenerationStatus } from '../domain/statuses.js';

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
}) {
  const { suggestions, sections, status, controls } = props;
  const resting = isIn(RESTING_STATUSES, status);
  return (
    <div class="card" id="suggestions">
      <h2>Suggestions</h2>
      {controls ? (
        <form class="suggest-form">
          <label for="suggest-section">Review</label>
          <select id="suggest-section" name="section">
            <option value="">The whole draft</option>
            {sections.map((title, i) => (
              <option value={String(i + 1)}>{`${i + 1}. ${title}`}</option>
            ))}
          </select>
          <button type="submit" data-suggest disabled={!resting}>
            Suggest improvements
          </button>
        </form>
      ) : null}
      <p class="control-note" id="suggestions-note" aria-live="polite"></p>
      <ol class="suggestions-list" id="suggestions-list" aria-live="polite" aria-label="Open suggestions">
        {suggestions.map((s) => (
          <SuggestionEntry suggestion={s} controls={controls} resting={resting} />
        ))}
      </ol>
      <p class="hint">
        {controls
          ? 'Apply rewrites the section with the suggestion (the old text stays in its versions); possible while no run is going on.'
          : 'Suggestions the owner has not applied or dismissed yet.'}
      </p>
      <template id="suggestion-template">
        <SuggestionEntry
          suggestion={{ id: '', section: 0, summary: '', instruction: '' }}
          controls={controls}
          resting={true}
        />
      </template>
    </div>
  );
}

function SuggestionEntry(props: { suggestion: SuggestionItem; controls: boolean; resting: boolean }) {
  const { suggestion, controls, resting } = props;
  return (
    <li class="suggestion" data-suggestion-id={suggestion.id} data-section={String(suggestion.section)}>
      <p class="suggestion-summary">
        <span class="suggestion-section">{`Section ${suggestion.section}`}</span>
        {': '}
        <span class="suggestion-text">{suggestion.summary}</span>
      </p>
      <p class="hint suggestion-instruction">{suggestion.instruction}</p>
      {controls ? (
        <div class="button-row">
          <button type="button" data-suggestion-action="apply" disabled={!resting}>
            Apply
          </button>
          <button type="button" data-suggestion-action="dismiss" disabled={!resting}>
            Dismiss
          </button>
        </div>
      ) : null}
    </li>
  );
}
