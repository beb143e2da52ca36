import { type Static, type StringOptions, type TSchema, Type } from '@sinclair/typebox';

/**
 * Config field helpers. A plugin declares its config ONCE as a TypeBox schema: the
 * TypeScript type (`Static<typeof schema>`), the JSON Schema for validation and editors,
 * the reference docs and log redaction all come from that one value.
 */
export { Type, type Static, type TSchema };

/** JSON Schema keyword marking a field whose value must come from an environment reference. */
export const SECRET_KEYWORD = 'x-secret';

/**
 * A secret string (token, password). In the pipeline file it must be an environment
 * reference such as `${HUBSPOT_TOKEN}`; a literal value is a validation error. Its value
 * is redacted from every log line, error, state file and summary.
 */
export function secret(options: StringOptions = {}) {
  return Type.String({ ...options, [SECRET_KEYWORD]: true });
}

/** True when the schema node is a secret field. */
export function isSecret(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && (schema as Record<string, unknown>)[SECRET_KEYWORD] === true;
}

/** A string field holding a file-system path; relative values resolve against the pipeline file's folder. */
export const PATH_KEYWORD = 'x-path';
export function pathField(options: StringOptions = {}) {
  return Type.String({ ...options, [PATH_KEYWORD]: true });
}
