/** `pnpm demo` in pipe's repository: `pipe demo` on pipelines/demo.yml in place (commands/demo.ts). */
import { demoCommand } from './commands/demo.ts';
import { reportError } from './exit.ts';

const debug = process.argv.includes('--debug');
let code: number;
try {
  code = await demoCommand({ debug });
} catch (e) {
  code = reportError(e, debug);
}
process.exit(code);
