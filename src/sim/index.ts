// Public surface of the simulated model server, for the composition root and for tests.
export { createSimApp } from './app.js';
export { startSim, type RunningSim } from './server.js';
export { requestedSections, writeDocument } from './legal-writer.js';
export { tokenize } from './tokenizer.js';
export type { SimStats } from './faults.js';
