import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadValidator, storeValidator } from '../../src/config/validator-cache.ts';

const SCHEMA = JSON.stringify({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] });
// What ajv's standalone code looks like: a CommonJS module exporting the validate function.
const CODE = '"use strict";module.exports = v;module.exports.default = v;function v(d){ v.errors = null; if (typeof d.a === "string") return true; v.errors = [{ keyword: "required" }]; return false; }';

describe('validator cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-vcache-'));
    process.env.PIPE_CACHE_DIR = dir;
  });
  afterEach(() => {
    delete process.env.PIPE_CACHE_DIR;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores standalone code and loads it for the same schema text only', () => {
    expect(loadValidator(SCHEMA)).toBeUndefined();
    storeValidator(SCHEMA, CODE);
    const validate = loadValidator(SCHEMA)!;
    expect(validate({ a: 'x' })).toBe(true);
    expect(validate({})).toBe(false);
    expect(validate.errors).toEqual([{ keyword: 'required' }]);
    expect(loadValidator(SCHEMA.replace('"a"', '"b"'))).toBeUndefined();
  });

  it('keeps no code that needs ajv at run time, and ignores a damaged file', () => {
    storeValidator(SCHEMA, `${CODE}\nconst equal = require("ajv/dist/runtime/equal").default;`);
    expect(fs.readdirSync(dir)).toEqual([]);
    storeValidator(SCHEMA, CODE);
    const [file] = fs.readdirSync(dir);
    fs.writeFileSync(path.join(dir, file!), '{"schema": ');
    expect(loadValidator(SCHEMA)).toBeUndefined();
  });
});
