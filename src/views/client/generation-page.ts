// Entry module of /generations/:id (loaded as <script type="module">, so it runs once the HTML is parsed).
// The server rendered the document up to seq N; the stream continues after N, so nothing is shown twice.

import { wireControls } from './controls.js';
import { EventStream } from './event-stream.js';
import { LiveDocument } from './live-document.js';
import { loadLiveMarkdown } from './live-markdown.js';
import { Poller } from './poller.js';
import { wireVersions } from './versions-panel.js';
import { wireSuggestions } from './suggestions.js';

const root = document.getElementById('generation');
if (root) {
  // Before anything is shown or connected, so every section being written is formatted from the start.
  const doc = new LiveDocument(root, await loadLiveMarkdown());
  const poller = new Poller(root, doc);
  const stream = new EventStream(root, doc, (reason) => poller.start(reason));
  wireControls(root, doc, stream, poller);
  wireVersions(root, doc, stream, poller);
  wireSuggestions(root, doc, stream, poller);
  stream.start();
  // Restored from the back/forward cache, the page's stream is long gone: render it afresh.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) window.location.reload();
  });
}
