import path from 'node:path';
import { PATH_KEYWORD } from '@pipe/sdk';
import { type JsonSchema, walkSchema } from './schema-walk.ts';

/** URLs (`s3://…`, `file://…`) and special names like DuckDB's `:memory:` are not file paths. */
export const NOT_A_FILE_PATH = /^([a-z][a-z0-9+.-]*:\/\/|:[^/\\]*:$)/i;

/** Resolve every `x-path` field under `value` against the pipeline's folder, in place. */
export function resolvePaths(schema: JsonSchema, value: unknown, baseDir: string): void {
  walkSchema(schema, value, [], (node, v, _path, replace) => {
    if (node[PATH_KEYWORD] === true && typeof v === 'string' && v !== '' && !NOT_A_FILE_PATH.test(v) && !path.isAbsolute(v)) {
      replace(path.resolve(baseDir, v));
    }
  });
}
