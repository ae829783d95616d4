import type { Writable } from 'node:stream';
import type { LogLevel } from '../config/config.js';

export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger: one JSON line per event. Fields whose names mean a secret are never written. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const order: Record<Exclude<LogLevel, 'silent'>, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names whose values are secrets, matched case-insensitively anywhere in the name. */
const SECRET_FIELD = /pass(word)?|secret|token|authorization|cookie|credential|key$/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message, code: codeOf(value) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      SECRET_FIELD.test(k) && v !== null && v !== undefined && v !== '' ? '*****' : redact(v, depth + 1);
  }
  return out;
}

function codeOf(error: Error): unknown {
  return (error as Error & { code?: unknown }).code;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly stream: Writable;
  readonly clock?: () => Date;
}

export function createLogger(options: LoggerOptions, bound: LogFields = {}): Logger {
  const clock = options.clock ?? (() => new Date());
  const write = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields) => {
    if (options.level === 'silent' || order[level] < order[options.level]) return;
    const entry = {
      time: clock().toISOString(),
      level,
      msg: message,
      ...(redact({ ...bound, ...fields }) as object),
    };
    options.stream.write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** A logger that writes nothing, for library callers that pass none. */
export const silentLogger: Logger = createLogger({ level: 'silent', stream: process.stderr });
