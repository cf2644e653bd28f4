// A small, self-contained page rendering the OpenAPI document at /docs: no script, no CDN, one
// stylesheet from the same origin, so it works under a strict CSP. Every piece of text from the
// document is escaped.

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked as loose JSON, read only.
type Json = Record<string, any>;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );

/** Escaped text with `code` spans. */
const prose = (text: string | undefined) => escapeHtml(text ?? '').replace(/`([^`]+)`/g, '<code>$1</code>');

const schemaName = (schema: Json | undefined): string | undefined =>
  typeof schema?.$ref === 'string' ? schema.$ref.split('/').at(-1) : undefined;

function schemaLink(schema: Json | undefined): string {
  const name = schemaName(schema);
  if (name) return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`;
  return schema && Object.keys(schema).length ? `<code>${escapeHtml(JSON.stringify(schema))}</code>` : '';
}

const anchor = (method: string, path: string) => `op-${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

function operation(method: string, path: string, op: Json): string {
  const params = (op.parameters ?? []) as Json[];
  const body = op.requestBody?.content as Json | undefined;
  const security = (op.security ?? []) as Json[];
  const rows = params
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${schemaLink(p.schema)}</td><td>${prose(p.description)}</td></tr>`,
    )
    .join('');
  const responses = Object.entries((op.responses ?? {}) as Json)
    .map(([status, r]) => {
      const media = Object.entries((r.content ?? {}) as Json)
        .map(([type, m]) => `<code>${escapeHtml(type)}</code> ${schemaLink(m.schema)}`)
        .join(', ');
      return `<li><strong>${escapeHtml(status)}</strong> ${prose(r.description)}${media ? ` — ${media}` : ''}</li>`;
    })
    .join('');
  return `<section class="op" id="${anchor(method, path)}">
<h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>
<p>${prose(op.summary)}</p>${op.description ? `<p class="description">${prose(op.description)}</p>` : ''}
${security.length ? `<p class="auth">Auth: ${security.map((s) => Object.keys(s).map(escapeHtml).join(' + ')).join(' or ')}</p>` : ''}
${rows ? `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : ''}
${
  body
    ? `<p>Body: ${Object.entries(body)
        .map(([type, m]) => `<code>${escapeHtml(type)}</code> ${schemaLink((m as Json).schema)}`)
        .join(', ')}</p>`
    : ''
}
<ul class="responses">${responses}</ul>
</section>`;
}

export function renderDocsPage(doc: Json): string {
  const byTag = new Map<string, string[]>();
  const index: string[] = [];
  for (const [path, methods] of Object.entries((doc.paths ?? {}) as Json)) {
    for (const [method, op] of Object.entries(methods as Json)) {
      const tag = (op.tags?.[0] as string | undefined) ?? 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)?.push(operation(method, path, op));
      index.push(
        `<li><a href="#${anchor(method, path)}"><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></a></li>`,
      );
    }
  }
  const schemas = Object.entries((doc.components?.schemas ?? {}) as Json)
    .map(
      ([name, schema]) =>
        `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info?.title ?? 'API')} — API</title><link rel="stylesheet" href="/docs/docs.css"></head>
<body><main>
<h1>${escapeHtml(doc.info?.title ?? 'API')} <small>${escapeHtml(doc.info?.version ?? '')}</small></h1>
<p>${prose(doc.info?.description)}</p>
<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi ?? '')}).</p>
<nav><ul class="index">${index.join('')}</ul></nav>
${[...byTag].map(([tag, ops]) => `<h2>${escapeHtml(tag)}</h2>\n${ops.join('\n')}`).join('\n')}
<h2>Schemas</h2>
${schemas}
</main></body></html>`;
}

export const DOCS_CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d232b;background:#fafafa}
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 4rem}
h1 small{font-size:.5em;color:#667}
h2{margin-top:2.5rem;border-bottom:1px solid #ccd;text-transform:capitalize}
.op{background:#fff;border:1px solid #dde;border-radius:6px;padding:.25rem 1rem;margin:1rem 0}
.method{display:inline-block;min-width:3.5em;text-align:center;border-radius:4px;padding:0 .4em;font-size:.8em;color:#fff;background:#556}
.method.get{background:#2c6e9b}.method.post{background:#2e7d4f}.method.put{background:#8a5a00}
code{font:13px ui-monospace,monospace;background:#f0f0f4;padding:0 .2em;border-radius:3px}
pre{background:#f4f4f8;padding:.75rem;overflow:auto;font-size:12px}
table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #dde;padding:.2rem .5rem;text-align:left}
.index{columns:2;list-style:none;padding:0}.index a{text-decoration:none;color:inherit}
.auth,.description{color:#445}`;
