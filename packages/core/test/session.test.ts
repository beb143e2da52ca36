import os from 'node:os';
import path from 'node:path';
import { SDK_VERSION, Type, createLogger, createMetrics, defineSink, defineSource } from '@pipe/sdk';
import { describe, expect, it } from 'vitest';
import { type SessionConfig, openSession } from '../src/index.ts';
import { fakeSink, fakeSource } from './fakes.ts';

/** A source whose discover calls are logged next to the sink's open, which waits until released. */
function slowSinkPipeline() {
  const events: string[] = [];
  let release!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  const source = fakeSource({ pages: 0, per: 0 });
  const discover = source.discover;
  source.discover = (chosen) => {
    events.push('discover');
    return discover(chosen);
  };
  const pos = { file: 'p.yml', line: 1, col: 1 };
  const config: SessionConfig = {
    name: 'test',
    file: 'p.yml',
    baseDir: path.join(os.tmpdir(), 'pipe-session-test'),
    secrets: [],
    source: { ref: 'fake', plugin: defineSource({ name: 'fake', sdkVersion: SDK_VERSION, description: '', config: Type.Object({}), open: () => source }), config: {}, at: 'source.fake', positions: { self: pos, streams: {} } },
    sinks: [
      {
        ref: 'fake',
        plugin: defineSink({
          name: 'fake',
          sdkVersion: SDK_VERSION,
          description: '',
          config: Type.Object({}),
          open: async () => {
            events.push('sink opening');
            await opened;
            events.push('sink open');
            return fakeSink().writer;
          },
        }),
        config: {},
        at: 'sinks[0].fake',
        positions: { self: pos, streams: {} },
      },
    ],
  };
  const options = { logger: createLogger({ level: 'error' }), metrics: createMetrics(), signal: new AbortController().signal };
  return { config, options, events, release };
}

describe('openSession', () => {
  it('discoverWhileOpening: discovery is asked for before the sinks are open, once', async () => {
    const p = slowSinkPipeline();
    const opening = openSession(p.config, { ...p.options, discoverWhileOpening: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(p.events).toEqual(['discover', 'sink opening']);
    p.release();
    const session = await opening;
    const streams = await session.discover();
    expect(streams.map((s) => s.name)).toEqual(['a', 'b']);
    expect(p.events.filter((e) => e === 'discover')).toHaveLength(1);
    // A second discover() asks again (a fresh catalog, as before).
    await session.discover();
    expect(p.events.filter((e) => e === 'discover')).toHaveLength(2);
    await session.close();
  });

  it('without it, opening a session makes no discovery call (pipe state never needs one)', async () => {
    const p = slowSinkPipeline();
    const opening = openSession(p.config, p.options);
    p.release();
    const session = await opening;
    expect(p.events).toEqual(['sink opening', 'sink open']);
    await session.close();
  });
});
