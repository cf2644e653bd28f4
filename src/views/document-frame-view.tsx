import { FILL_IN_LINE, type DocumentFrame } from './document-frame.js';

// The frame of the document on the page (and in its print view): the title block above the sections,
// an agreement's signature blocks below them. Laid out from the same data as every file
// (document-frame.ts); the texts are the business's own, escaped by JSX.

/** The title and its lines. The class `doc-title` is what "Copy text" reads the title from. */
export function TitleBlock({ frame }: { frame: DocumentFrame }) {
  return (
    <header class="doc-frame">
      <h2 class="doc-title">{frame.title}</h2>
      {frame.lines.map((line) => (
        <p class={`doc-frame-line doc-frame-${line.kind}`}>{line.text}</p>
      ))}
    </header>
  );
}

/**
 * One block per party, with the lines to sign and fill in (drawn by the stylesheet; "Copy text" writes
 * them as the files do, from `data-fill-in`). Sections the page adds while the draft is written go
 * before it (client/section-dom.ts), so it stays last.
 */
export function SignatureBlocks({ frame }: { frame: DocumentFrame }) {
  const { signatures } = frame;
  if (!signatures) return null;
  return (
    <section
      class="doc-signatures"
      id="doc-signatures"
      aria-labelledby="doc-signatures-title"
      data-fill-in={FILL_IN_LINE}
    >
      <h2 class="section-title" id="doc-signatures-title">
        <span class="section-name">{signatures.heading}</span>
      </h2>
      <p>{signatures.intro}</p>
      <div class="signature-blocks">
        {signatures.blocks.map((block) => (
          <div class="signature-block">
            <p class="signature-party">{block.heading}</p>
            <dl>
              {block.fields.map((field) => (
                <div class="signature-field">
                  <dt>{field}</dt>
                  <dd></dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </div>
    </section>
  );
}
