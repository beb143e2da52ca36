/**
 * Compiled config validators kept between runs. Compiling the composed schema with ajv is most of
 * what `pipe validate` spends beyond Node's own start-up (bench/engine/installed.ts), and the same
 * pipeline compiles to the same code every time: the first run stores ajv's standalone code, later
 * runs load it and do not load ajv at all. Keyed by the schema's full text (a hash names the file,
 * the text inside is compared), so a changed plugin or pipe version compiles afresh. Anything wrong
 * with the cache (unreadable, another schema, code that needs ajv's runtime) means compiling again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '@pipe/sdk';

/** Bump when ajv's version or options change what the code means. */
const FORMAT = 'ajv-8.20.0-v1';

export interface CachedValidator {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}

/** PIPE_CACHE_DIR, else the user's cache folder (XDG_CACHE_HOME or ~/.cache), `pipe` in it. */
export function cacheDir(): string {
  return process.env.PIPE_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'pipe');
}

export function loadValidator(key: string): CachedValidator | undefined {
  try {
    const { schema, code } = JSON.parse(fs.readFileSync(fileFor(key), 'utf8')) as { schema: string; code: string };
    return schema === key ? instantiate(code) : undefined;
  } catch {
    return undefined;
  }
}

export function storeValidator(key: string, code: string): void {
  // Code that requires ajv's runtime helpers (deep equality, unicode lengths, formats) cannot run
  // without ajv: it is compiled on every run instead.
  if (code.includes('require(')) return;
  try {
    fs.mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
    writeFileAtomic(fileFor(key), JSON.stringify({ schema: key, code }));
  } catch {
    // A read-only home or a full disk: the next run compiles again.
  }
}

function instantiate(code: string): CachedValidator {
  const module = { exports: {} as { default?: CachedValidator } };
  new Function('module', 'exports', code)(module, module.exports);
  const validate = module.exports.default ?? (module.exports as unknown as CachedValidator);
  if (typeof validate !== 'function') throw new Error('not a validator');
  return validate;
}

function fileFor(key: string): string {
  return path.join(cacheDir(), `validator-${FORMAT}-${hash(key)}.json`);
}

/** cyrb53: a fast 53-bit string hash; collisions only cost a compile (the text is compared). */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
