// The control plane over HTTP, for tests in other processes: POST /_sim/control/{method} {"args":[…]}.
import type { SimControl } from '../control.ts';
import { badRequest, json, type Reply } from '../http/reply.ts';
import type { Router } from '../http/router.ts';

const METHODS = new Set([
  'create', 'update', 'archive', 'restore', 'merge', 'gdprDelete', 'associate', 'unassociate', 'addProperty',
  'advanceClock', 'now', 'touchMany', 'truth', 'stats', 'resetStats', 'setFaults', 'setLatency', 'setSearchLag',
  'listAdd', 'listRemove', 'listCreate', 'listRename', 'listDelete', 'listsTruth', 'formSubmit', 'formsTruth',
  'recompute', 'addEvent', 'events',
]);

/** Revives Date-valued arguments sent as ISO strings (`touchMany({at})`, `addEvent(…, {at})`). */
function revive(method: string, args: unknown[]): unknown[] {
  if (method === 'touchMany' && args[1] && typeof (args[1] as { at?: unknown }).at === 'string') {
    return [args[0], { ...(args[1] as object), at: new Date((args[1] as { at: string }).at) }];
  }
  if (method === 'addEvent' && args[3] && typeof (args[3] as { at?: unknown }).at === 'string') {
    return [args[0], args[1], args[2], { ...(args[3] as object), at: new Date((args[3] as { at: string }).at) }];
  }
  return args;
}

export function controlRoutes(router: Router, control: SimControl): void {
  const none = () => [];
  router.add({
    method: 'POST',
    pattern: '/_sim/control/:method',
    name: 'control',
    scopes: none,
    handle: (ctx): Reply => {
      const method = ctx.params.method!;
      if (!METHODS.has(method)) return badRequest(`Unknown control method "${method}". Known: ${[...METHODS].join(', ')}`);
      const args = Array.isArray(ctx.body?.args) ? ctx.body.args : [];
      try {
        const fn = (control as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!;
        return json(200, { result: fn(...revive(method, args)) ?? null });
      } catch (err) {
        return badRequest(err instanceof Error ? err.message : String(err));
      }
    },
  });
  router.add({ method: 'GET', pattern: '/_sim/stats', name: 'control', scopes: none, handle: () => json(200, control.stats()) });
  router.add({
    method: 'GET',
    pattern: '/_sim/truth/:type',
    name: 'control',
    scopes: none,
    handle: (ctx): Reply => {
      try {
        return json(200, { results: control.truth(ctx.params.type!, { archived: ctx.query.get('archived') === 'true' }) });
      } catch (err) {
        return badRequest(err instanceof Error ? err.message : String(err));
      }
    },
  });
}
