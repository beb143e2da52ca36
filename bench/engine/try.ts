import { startSimProcess } from './sim-process.ts';
import { runScenario } from './measure.ts';
import { PROPERTIES } from './props.ts';
const sim = await startSimProcess(['--contacts', '5000', '--no-rate-limits', '--custom-properties', '20']);
const args = ['--url', sim.url, '--token', sim.token];
console.log('floor', await runScenario('floor.ts', [...args, '--properties', PROPERTIES.join(',')]));
console.log('pipe', await runScenario('pipe-run.ts', args));
console.log('naive', await runScenario('naive.ts', args));
await sim.stop();
