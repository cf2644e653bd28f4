import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout (or `destination`, for tests that read them); secrets and whole prompts are
 * never logged (see redact).
 */
export function createLogger(level: string, name: string, destination?: { write(line: string): void }): Logger {
  const options = {
    name,
    level,
    redact: { paths: ['prompt', '*.prompt', 'apiKey', '*.apiKey', 'headers.authorization'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
