import { AsyncLocalStorage } from 'node:async_hooks';
import type { GenerationCommands } from '../generations/commands.js';

// The open-generations limit must learn the id of the generation a request created, but creation
// happens inside route handlers (JSON, legacy stream, ...) that know nothing of limits. So the
// limiter runs the request in a scope, and the composition root wraps `commands.create` to report
// each id it creates to the scope it runs in (if any).

const scope = new AsyncLocalStorage<(generationId: string) => void>();

/** Runs `fn`, calling `onCreated` with the id of every generation it creates. */
export function trackCreations<T>(onCreated: (generationId: string) => void, fn: () => Promise<T>): Promise<T> {
  return scope.run(onCreated, fn);
}

/** Makes `commands.create` report what it creates to the enclosing `trackCreations` scope. */
export function reportCreations(commands: GenerationCommands): GenerationCommands {
  const create = commands.create.bind(commands);
  commands.create = async (input) => {
    const generation = await create(input);
    scope.getStore()?.(generation.id);
    return generation;
  };
  return commands;
}
