import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

/** Run a fixture script under tsx in its own process (so SIGKILL and file locks are real). */
export function spawnFixture(name: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', name), ...args], { cwd: repoRoot });
}

/** Resolve with each stdout line as it arrives; `onLine` returning true stops listening. */
export function watchLines(child: ChildProcessWithoutNullStreams, onLine: (line: string) => boolean | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const onData = (data: Buffer) => {
      buffer += data.toString();
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (onLine(line)) {
          child.stdout.off('data', onData);
          resolve();
          return;
        }
        nl = buffer.indexOf('\n');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else if (code === 0) resolve();
      else reject(new Error(`fixture exited with ${code ?? signal}: ${stderr}`));
    });
  });
}

export function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}
