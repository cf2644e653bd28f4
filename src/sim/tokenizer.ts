// Splits text into OpenAI-like tokens for streaming, one token per SSE chunk. Real models emit a word
// together with its leading space and punctuation on its own, and never a whole heading at once; the
// consumer's section parser must find `## 3. Title` across deltas, so the simulator splits it the same
// way: `##`, ` 3`, `.`, ` Title`.

// Alternatives, tried in order at each position; together they match every character, so joining the
// tokens always gives back the input exactly.
const TOKEN_PATTERN = new RegExp(
  [
    '\\n', // a newline is its own token
    ' ?[\\p{L}\\p{N}]+', // a word or number with at most one leading space
    ' ?#+', // a run of hashes (markdown heading marker)
    ' ?[^\\s\\p{L}\\p{N}]', // one punctuation or symbol character
    '[^\\S\\n]+', // any other horizontal whitespace run
  ].join('|'),
  'gu',
);

// Long words are cut into pieces of at most this many characters, as BPE vocabularies do.
const MAX_TOKEN_CHARS = 12;

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const token = match[0];
    if (token.length <= MAX_TOKEN_CHARS) {
      tokens.push(token);
      continue;
    }
    // Split by code points so a surrogate pair is never torn apart.
    const chars = Array.from(token);
    for (let start = 0; start < chars.length; start += MAX_TOKEN_CHARS) {
      tokens.push(chars.slice(start, start + MAX_TOKEN_CHARS).join(''));
    }
  }
  return tokens;
}

/** A rough token count, used for `usage.prompt_tokens`. */
export function countTokens(text: string): number {
  return tokenize(text).length;
}
