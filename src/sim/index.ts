// Public surface of the simulated model server, for the composition root and for tests.
export { createSimApp, type SimLogger, type SimOptions } from './app.js';
export { startSim, type RunningSim } from './server.js';
export {
  DEFAULT_SECTIONS,
  SECTIONS_MARKER,
  headingLine,
  requestedSections,
  writeDocument,
  type SectionHeading,
} from './legal-writer.js';
export { tokenize } from './tokenizer.js';
export { SIM_MODELS } from './openai-format.js';
export type { FaultSpec, SimStats } from './faults.js';
