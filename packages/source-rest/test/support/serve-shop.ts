import { serveFixtures } from './fixture-server.ts';
import { FAKE_TOKEN, SHOP_FIXTURES } from './shop.ts';

// `tsx serve-shop.ts [port]`: the recorded shop API for the tutorial and examples/shop.yml.
const port = Number(process.argv[2] ?? 0);
const server = await serveFixtures(SHOP_FIXTURES, { token: FAKE_TOKEN, port });
process.stdout.write(`shop API on ${server.url} (token ${FAKE_TOKEN}); Ctrl-C stops it\n`);
