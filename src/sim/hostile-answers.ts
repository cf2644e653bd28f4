// Answers of a model that ignores what it was asked, for the tests of what the service keeps of them:
// no heading at all (`headings=none`: no structure to read), or a first section that runs on under
// an overlong title (`bloat=N`: what an unlimited or hostile model sends, and storage must not keep).
import type { PromptDirectives } from './directives.js';

const RUN_ON = 'The Provider may, at its sole discretion and from time to time, amend these terms without notice. ';
const LONG_TITLE_CHARS = 20_000;

/** The document as the directives have the model misbehave; unchanged without them. */
export function hostileAnswer(text: string, directives: PromptDirectives | undefined): string {
  let answer = text;
  if (directives?.headings === 'none') answer = answer.replace(/^#{1,6} .*\n*/gm, '');
  if (directives?.bloat) answer = bloated(answer, directives.bloat);
  return answer;
}

/** The first heading's title made 20,000 characters long, and its section `chars` characters longer. */
function bloated(text: string, chars: number): string {
  const heading = /^(#{1,6} .*)$/m.exec(text);
  if (!heading) return text;
  const title = `${heading[1]} ${'Overlong '.repeat(LONG_TITLE_CHARS / 9)}`;
  const runOn = RUN_ON.repeat(Math.ceil(chars / RUN_ON.length)).slice(0, chars);
  const start = heading.index + heading[0].length;
  return `${text.slice(0, heading.index)}${title}\n\n${runOn}${text.slice(start)}`;
}
