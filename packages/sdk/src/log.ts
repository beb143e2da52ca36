/**
 * Logging with redaction. Every secret value the engine resolves from config is
 * registered with a `Redactor`; every line the logger writes passes through it, and so
 * should every error message that may embed request data. Bearer tokens and HubSpot
 * private-app tokens are redacted even when nobody registered them.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Same sink and redactor, with fields added to every line (e.g. `{stream}`). */
  child(fields: Record<string, unknown>): Logger;
}

const TOKEN_PATTERNS: RegExp[] = [
  /\bpat-[a-z]{2}\d-[0-9a-f-]{8,}/gi, // HubSpot private-app tokens and service keys
  /(\bBearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi,
];

export const REDACTED = '***';

export class Redactor {
  private readonly secrets = new Set<string>();

  add(value: string | undefined): void {
    // Very short values would redact ordinary words; tokens are never this short.
    if (value && value.length >= 4) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    for (const re of TOKEN_PATTERNS) {
      out = out.replace(re, (_m, prefix?: string) => (typeof prefix === 'string' ? `${prefix}${REDACTED}` : REDACTED));
    }
    return out;
  }

  /** Redact every string inside a JSON-like value. */
  redactValue<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v)) as T;
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactValue(v)])) as T;
    }
    return value;
  }
}

/** Process-wide default, so code far from the engine (error printing) redacts too. */
export const globalRedactor = new Redactor();

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; default stderr. */
  write?: (line: string) => void;
  /** One JSON object per line instead of text. */
  json?: boolean;
  redactor?: Redactor;
  fields?: Record<string, unknown>;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = LEVELS[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const redactor = opts.redactor ?? globalRedactor;
  const base = opts.fields ?? {};
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    const all = { ...base, ...fields };
    let line: string;
    if (opts.json) {
      line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...all });
    } else {
      const extras = Object.entries(all)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      line = `${level === 'info' ? '' : `${level}: `}${msg}${extras ? ` ${extras}` : ''}`;
    }
    write(redactor.redact(line));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...opts, redactor, fields: { ...base, ...fields } }),
  };
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
