// Entry module of /generations/:id (loaded as <script type="module">, so it runs once the HTML is parsed).
// The server rendered the document up to seq N; the stream continues after N, so nothing is shown twice.

import { wireControls } from './controls.js';
import { LiveFollower } from './follow-live.js';
import { EventStream } from './event-stream.js';
import { LiveDocument } from './live-document.js';
import { loadLiveMarkdown } from './live-markdown.js';
import { Poller } from './poller.js';
import { RestFollower } from './rest-follow.js';
import { wireEditors } from './section-editor.js';
import { wireVersions } from './versions-panel.js';
import { wireSuggestions } from './suggestions.js';

const root = document.getElementById('generation');
if (root) {
  // Before anything is shown or connected, so every section being written is formatted from the start.
  const markdown = await loadLiveMarkdown();
  const doc = new LiveDocument(root, markdown);
  const poller = new Poller(root, doc);
  let follower: RestFollower | undefined;
  const stream = new EventStream(root, doc, (reason) => {
    follower?.stop();
    poller.start(reason);
  });
  follower = new RestFollower(doc, stream);
  wireControls(root, doc, stream, poller);
  wireVersions(root, doc, stream, poller, markdown);
  wireEditors(root, doc, follower, poller, markdown);
  wireSuggestions(root, doc, follower, poller);
  new LiveFollower(root, doc);
  stream.start();
  // At rest, the draft can still change (an edit, a restore, a rewrite from elsewhere): follow its log.
  const rest = follower;
  const followAtRest = () => {
    if (!poller.running && !doc.active) rest.start();
  };
  if (!root.querySelector('#stream')?.hasAttribute('hx-sse:connect')) followAtRest();
  root.querySelector('#stream')?.addEventListener('htmx:sse:close', followAtRest);
  // Restored from the back/forward cache, the page's stream is long gone: render it afresh.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) window.location.reload();
  });
}
