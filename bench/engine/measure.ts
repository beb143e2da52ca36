import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './sim-process.ts';

export interface Measured {
  seconds: number;
  peakRssMb: number;
  cpuSeconds: number;
  /** Whatever the child printed as its last JSON line. */
  result: Record<string, number>;
}

/**
 * Run one scenario script in a fresh Node process; it prints one JSON line with its own
 * numbers last. Peak RSS and CPU come from the child's own resource usage.
 */
export function runScenario(script: string, args: string[], env: Record<string, string> = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/engine', script), ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${script} exited ${code}:\n${err.slice(-2000)}\n${out.slice(-2000)}`));
      try {
        const result = JSON.parse(last) as Record<string, number>;
        resolve({ seconds, peakRssMb: result.peakRssMb ?? 0, cpuSeconds: result.cpuSeconds ?? 0, result });
      } catch {
        reject(new Error(`${script} printed no result line:\n${out.slice(-2000)}\n${err.slice(-2000)}`));
      }
    });
  });
}

/** What every scenario script prints last; a scenario that measured another process passes its peakRssMb and cpuSeconds. */
export function report(result: Record<string, number>): void {
  const usage = process.resourceUsage();
  process.stdout.write(
    `${JSON.stringify({ peakRssMb: Math.round(usage.maxRSS / 1024), cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, ...result })}\n`,
  );
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
