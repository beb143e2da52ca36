// The smallest useful source: `count` greeting rows, incremental by id. Run it with
// `pnpm pipe run packages/sdk/examples/hello.yml` from the repository root.
import { SDK_VERSION, Type, defineSource } from '@pipe/sdk';

export default defineSource({
  name: 'hello',
  sdkVersion: SDK_VERSION,
  description: 'Greeting rows, numbered; each run continues after the last id it delivered.',
  config: Type.Object({
    count: Type.Integer({ minimum: 1, default: 5, description: 'Rows per run.' }),
  }),
  open(config) {
    return {
      discover: async () => [
        {
          name: 'greetings',
          primaryKey: ['id'],
          cursor: 'id',
          syncModes: ['incremental', 'full'],
          columns: [
            { name: 'id', type: 'integer', nullable: false },
            { name: 'text', type: 'string' },
          ],
        },
      ],
      async *read(req) {
        // State is whatever this stream's last checkpoint was: here, the last id delivered.
        const after = typeof req.state === 'number' ? req.state : 0;
        const rows = Array.from({ length: config.count }, (_, i) => ({ id: after + i + 1, text: `hello #${after + i + 1}` }));
        yield { stream: 'greetings', rows, checkpoint: after + config.count };
      },
    };
  },
});
