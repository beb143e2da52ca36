/**
 * Typed errors. Every error pipe shows a person says what is wrong, where, and what to do
 * next (`hint`). The CLI prints `message` and `hint`, and a stack only with --debug or for
 * `InternalError`.
 */
export type ErrorCode =
  | 'CONFIG'
  | 'AUTH'
  | 'MISSING_SCOPES'
  | 'RATE_LIMIT_DAILY'
  | 'HTTP'
  | 'SOURCE'
  | 'SINK'
  | 'STATE'
  | 'SCHEMA_CHANGE'
  | 'LOCKED'
  | 'ABORTED'
  | 'PLUGIN'
  | 'INTERNAL';

/** Class names of a pipe error and its ancestors, under a registry-wide symbol (see below). */
const KINDS = Symbol.for('pipe.error.kinds');

export class PipeError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  /** Safe to retry the same operation (transient). */
  readonly retryable: boolean;
  declare readonly [KINDS]: readonly string[];

  constructor(code: ErrorCode, message: string, opts: { hint?: string; retryable?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = opts.hint;
    this.retryable = opts.retryable ?? false;
    const kinds: string[] = [];
    for (let c: { name: string } | null = new.target; c && c !== (Error as unknown); c = Object.getPrototypeOf(c)) kinds.push(c.name);
    Object.defineProperty(this, KINDS, { value: kinds });
  }

  /**
   * `instanceof` that also recognises errors from another copy of this SDK: a plugin package
   * with its own @pipe/sdk, or a TypeScript plugin loaded beside the bundled CLI. Matching is
   * by class name along the error's own class chain.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is the class on the right of instanceof (a subclass too), not PipeError itself.
    // biome-ignore lint/complexity/noThisInStatic: see above
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const kinds = (value as { [KINDS]?: unknown } | null)?.[KINDS];
    // biome-ignore lint/complexity/noThisInStatic: see above
    return Array.isArray(kinds) && kinds.includes(this.name);
  }
}

/** Bad pipeline file or CLI input. Exit code 2. */
export class ConfigError extends PipeError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super('CONFIG', message, opts);
  }
}

/** Credentials were rejected; retrying will not help. */
export class AuthError extends PipeError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super('AUTH', message, opts);
  }
}

/** The token lacks a scope a stream needs. `scopes`: any one of them is enough. */
export class MissingScopesError extends PipeError {
  readonly scopes: string[];
  readonly stream?: string;
  constructor(message: string, opts: { scopes: string[]; stream?: string; hint?: string; cause?: unknown }) {
    super('MISSING_SCOPES', message, opts);
    this.scopes = opts.scopes;
    this.stream = opts.stream;
  }
}

/**
 * A quota that will not clear within this run (e.g. HubSpot's DAILY limit). The engine
 * stops the run cleanly with state committed and reports `resetsAt`.
 */
export class QuotaExhaustedError extends PipeError {
  readonly resetsAt?: Date;
  constructor(message: string, opts: { resetsAt?: Date; hint?: string; cause?: unknown } = {}) {
    super('RATE_LIMIT_DAILY', message, opts);
    this.resetsAt = opts.resetsAt;
  }
}

/** An HTTP call failed; `status` is 0 for network errors. Body excerpts must already be redacted. */
export class HttpError extends PipeError {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  readonly headers: Record<string, string>;
  constructor(
    message: string,
    opts: {
      status: number;
      method: string;
      url: string;
      body?: unknown;
      headers?: Record<string, string>;
      retryable: boolean;
      hint?: string;
      cause?: unknown;
    },
  ) {
    super('HTTP', message, opts);
    this.status = opts.status;
    this.method = opts.method;
    this.url = opts.url;
    this.body = opts.body;
    this.headers = opts.headers ?? {};
  }
}

/**
 * A source could not read: an answer it cannot use, a checkpoint it does not understand, a
 * stream it does not have. The stream fails and its state does not advance.
 */
export class SourceError extends PipeError {
  constructor(message: string, opts: { hint?: string; retryable?: boolean; cause?: unknown } = {}) {
    super('SOURCE', message, opts);
  }
}

/** A sink could not write; the stream fails and its state does not advance. */
export class SinkError extends PipeError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super('SINK', message, opts);
  }
}

/** A schema change the sink will not apply (`schema_changes: freeze`, or incompatible types). */
export class SchemaChangeError extends PipeError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super('SCHEMA_CHANGE', message, opts);
  }
}

/**
 * Committed pipeline state this pipe cannot use: written by a newer pipe, or not a state
 * document at all. Nothing is read or written until it is dealt with.
 */
export class StateError extends PipeError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super('STATE', message, opts);
  }
}

/** A resource (database file, state file) is held by another process. */
export class LockedError extends PipeError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super('LOCKED', message, opts);
  }
}

/** A plugin is missing, malformed, or targets an incompatible SDK version. */
export class PluginError extends PipeError {
  constructor(message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super('PLUGIN', message, opts);
  }
}

/** The run was interrupted (Ctrl-C, --max-calls). */
export class AbortedError extends PipeError {
  constructor(message = 'interrupted', opts: { hint?: string; cause?: unknown } = {}) {
    super('ABORTED', message, opts);
  }
}

export function isPipeError(e: unknown): e is PipeError {
  return e instanceof PipeError;
}
