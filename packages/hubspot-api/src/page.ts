import { SourceError } from '@pipe/sdk';

/**
 * What a page must look like before its records are used: an object with a `results` list
 * of records that each have an id. A proxy or gateway can answer 200 with something else
 * (a truncated body, an HTML page); taking that for an empty last page would end the
 * stream early and lose records silently, so it fails the stream, naming the endpoint.
 */
export function checkedResults<R extends { id?: unknown }>(data: unknown, what: string): R[] {
  const fail = (problem: string) =>
    new SourceError(`HubSpot's answer to ${what} ${problem}; nothing from it was used`, {
      hint: 'this is usually a proxy or gateway fault: run again; if it persists, run with --debug and check the endpoint',
    });
  if (data === null || typeof data !== 'object') throw fail(typeof data === 'string' && data !== '' ? 'is not JSON' : 'is empty');
  const results = (data as { results?: unknown }).results;
  if (!Array.isArray(results)) throw fail('has no "results" list');
  for (const r of results) {
    const rec = r as { id?: unknown; properties?: unknown; createdAt?: unknown; updatedAt?: unknown; archived?: unknown } | null;
    const id = rec?.id;
    if (typeof id !== 'string' && typeof id !== 'number') throw fail('has a record without an id');
    if (rec!.properties !== undefined && (rec!.properties === null || typeof rec!.properties !== 'object' || Array.isArray(rec!.properties))) {
      throw fail(`has a record (id ${id}) whose "properties" is not an object`);
    }
    for (const field of ['createdAt', 'updatedAt'] as const) {
      const v = rec![field];
      if (v !== undefined && v !== null && (typeof v !== 'string' || Number.isNaN(Date.parse(v)))) throw fail(`has a record (id ${id}) whose "${field}" is not a date`);
    }
    if (rec!.archived !== undefined && typeof rec!.archived !== 'boolean') throw fail(`has a record (id ${id}) whose "archived" is not true or false`);
  }
  return results as R[];
}
