import type { PluginNames } from './names.ts';

/** A minimal source that works offline and passes `testSource`: replace `fetchPage` with your API. */
export function sourcePlugin(n: PluginNames): string {
  return `import { type Batch, SDK_VERSION, Type, defineSource, secret } from '@pipe/sdk';

/**
 * ${n.name}: a pipe source. Declare the config once (below): pipe validates pipeline files
 * against it, redacts secrets, and \`pnpm docs\` documents it.
 */
export const config = Type.Object({
  // A token must come from the environment: \`token: \${${n.name.toUpperCase()}_TOKEN}\` in the pipeline file.
  token: Type.Optional(secret({ description: 'API token (an environment reference).' })),
  rows: Type.Integer({ minimum: 0, default: 25, description: 'How many demo rows to produce.' }),
  page_size: Type.Integer({ minimum: 1, default: 10, description: 'Rows per page (one batch per page).' }),
});

/** The checkpoint: where the next read starts. Must survive JSON.stringify/parse. */
type Checkpoint = { after_id: number };

export const ${n.identifier} = defineSource({
  name: '${n.name}',
  sdkVersion: SDK_VERSION,
  description: 'TODO: say what this source reads.',
  config,
  open(cfg, ctx) {
    // Stand-in for your API: page \`page\` of the records with id > afterId.
    const fetchPage = async (afterId: number) => {
      const rows = [];
      for (let id = afterId + 1; id <= Math.min(cfg.rows, afterId + cfg.page_size); id++) {
        rows.push({ id, name: \`item \${id}\`, updated_at: new Date(Date.UTC(2026, 0, 1) + id * 60_000) });
      }
      return rows;
    };
    return {
      async discover() {
        return [
          {
            name: 'items',
            primaryKey: ['id'],
            cursor: 'id',
            syncModes: ['incremental', 'full'],
            columns: [
              { name: 'id', type: 'integer', nullable: false },
              { name: 'name', type: 'string' },
              { name: 'updated_at', type: 'timestamp' },
            ],
          },
        ];
      },
      async *read(stream) {
        const saved = stream.mode === 'incremental' ? (stream.state as Checkpoint | undefined) : undefined;
        let afterId = saved?.after_id ?? 0;
        while (!ctx.signal.aborted) {
          const rows = await fetchPage(afterId);
          if (rows.length === 0) return;
          afterId = rows[rows.length - 1]!.id;
          // The checkpoint travels with its rows: the engine commits it once they are stored.
          yield { stream: 'items', rows, checkpoint: { after_id: afterId } satisfies Checkpoint } satisfies Batch;
        }
      },
    };
  },
});

export default ${n.identifier};
`;
}

export function sourceTest(n: PluginNames, pluginImport: string): string {
  return `import { testSource } from '@pipe/testkit';
import { ${n.identifier} } from '${pluginImport}';

// The conformance suite every pipe source passes: discover, typed rows, checkpoints and
// resume, repeatable reads, abort. Start your API stand-in (recorded fixtures, a local
// server) in open() and stop it in teardown.
testSource('${n.name}', {
  open: async (ctx) => ({ connection: await ${n.identifier}.open({ rows: 25, page_size: 10 }, ctx) }),
});
`;
}
