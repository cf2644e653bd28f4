import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout; secrets and whole prompts are never logged at info (see redact). */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['prompt', '*.prompt', 'apiKey', '*.apiKey', 'headers.authorization'], censor: '[redacted]' },
  });
}
