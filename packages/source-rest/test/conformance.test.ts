import { testSource } from '@pipe/testkit';
import { restSource } from '../src/index.ts';
import { serveFixtures } from './support/fixture-server.ts';
import { FAKE_TOKEN, SHOP_FIXTURES, shopConfig } from './support/shop.ts';

// The same suite every built-in source passes, against recorded HTTP fixtures.
testSource('rest (recorded shop API: page, cursor and unpaged endpoints)', {
  async open(ctx) {
    const server = await serveFixtures(SHOP_FIXTURES, { token: FAKE_TOKEN });
    return { connection: await restSource.open(shopConfig(server.url), ctx), teardown: () => server.close() };
  },
});
