// How the simulated model follows a rewrite's instruction: it writes the section afresh as always, then
// carries out the instructions its own suggestions give (suggestion-writer.ts), so an applied
// suggestion visibly does what it said: the governing law named, a vague phrase made concrete, a
// liability cap made mutual, a contact email added, terms defined. Other instructions change only
// the wording's seed, as before.
import { INSTRUCTION_TAG } from '../domain/templates.js';

/** The instruction of a rewrite request (between its tags in the task message), if any. */
export function revisionInstruction(task: string): string | undefined {
  // The tag on a line of its own: the task's sentence that names the tag is not the instruction.
  const match = new RegExp(`^<${INSTRUCTION_TAG}>\\n([\\s\\S]*?)\\n</${INSTRUCTION_TAG}>$`, 'm').exec(task);
  return match?.[1]?.trim() || undefined;
}

/** The section (heading line, blank line, body) with the instruction carried out where it can be. */
export function reviseSection(section: string, instruction: string): string {
  let text = section;
  const added: string[] = [];

  const law =
    /governed by the laws of (.+?) and that (?:the courts of (.+?)|its courts) have exclusive jurisdiction/.exec(
      instruction,
    );
  if (law?.[1]) {
    const place = law[1];
    const courts = law[2] ?? place;
    text = text
      .replace(/the laws of the State of Delaware/g, `the laws of ${place}`)
      .replace(/The courts located in Wilmington, Delaware/g, `The courts of ${courts}`)
      .replace(/Delaware/g, place);
    if (!text.includes(`laws of ${place}`))
      added.push(
        `This document is governed by the laws of ${place}, and the courts of ${courts} have exclusive jurisdiction over any dispute arising from it.`,
      );
  }

  const vague = /^Replace "([^"]+)" with a concrete term, (.+?), and keep/.exec(instruction);
  if (vague?.[1] && vague[2]) text = text.split(vague[1]).join(vague[2]);

  if (/^Make the limitation of liability mutual/.test(instruction)) {
    text = text
      .replace(/The aggregate liability of .+? for all claims/g, "Each party's aggregate liability for all claims")
      .replace(/shall not exceed the amounts paid by you/g, 'shall not exceed the amounts paid under these terms')
      .replace(
        /You agree to indemnify and hold harmless .+? from any claims/g,
        'Each party shall indemnify and hold harmless the other from any claims',
      );
    added.push('The limitations and exclusions in this section apply equally to both parties.');
  }

  const email = /go to (\S+@[^\s.]+(?:\.[^\s.]+)+)\.?$/.exec(instruction)?.[1];
  if (email) added.push(`Notices and questions about this document must be sent to ${email}.`);

  if (/^Define each capitalised term/.test(instruction))
    added.push(
      'Capitalised terms used in this section have the meanings given to them where they are first defined in this document.',
    );

  return added.length === 0 ? text : `${text}\n\n${added.join(' ')}`;
}
