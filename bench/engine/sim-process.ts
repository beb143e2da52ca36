import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface SimProcess {
  url: string;
  token: string;
  child: ChildProcess;
  /** What it printed until it was ready (e.g. `ready in N ms`). */
  banner: string;
  /** Call a control-plane method over HTTP (the simulator lives in its own process). */
  control(method: string, ...args: unknown[]): Promise<unknown>;
  stats(): Promise<{ requests: number; byRoute: Record<string, number>; served429: number }>;
  stop(): Promise<void>;
}

/**
 * The simulator in its own process, so it never shares an event loop (or CPU accounting)
 * with the client being measured.
 */
export function startSimProcess(flags: string[]): Promise<SimProcess> {
  return startSimScript(path.join(ROOT, 'packages/hubspot-sim/src/bin.ts'), flags);
}

/** A script that starts a simulator and prints its `URL:` and `token:` (the bin, or a benchmark's own), in its own process. */
export async function startSimScript(script: string, args: string[]): Promise<SimProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const ready = await new Promise<{ url: string; token: string; banner: string }>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const url = /URL:\s+(\S+)/.exec(out)?.[1];
      const token = /token:\s+(\S+)/.exec(out)?.[1];
      if (url && token) resolve({ url, token, banner: out });
    });
    child.on('exit', (code) => reject(new Error(`simulator exited (${code}) before it was ready: ${out}`)));
  });
  const post = async (p: string, body?: unknown) => {
    const res = await fetch(`${ready.url}${p}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`simulator ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    ...ready,
    child,
    control: (method, ...args) => post(`/_sim/control/${method}`, { args }),
    stats: () => post('/_sim/stats') as never,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The names of every contact property the simulator has, as pipe reads them by default. */
export async function contactProperties(sim: Pick<SimProcess, 'url' | 'token'>): Promise<string[]> {
  const res = await fetch(`${sim.url}/crm/v3/properties/contacts`, { headers: { authorization: `Bearer ${sim.token}` } });
  return ((await res.json()) as { results: { name: string }[] }).results.map((p) => p.name);
}

/** Peak and current resident set of a process, from /proc (VmHWM is the high-water mark). */
export function processRss(pid: number): { peakMb: number; nowMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { peakMb: Math.round(kb('VmHWM') / 1024), nowMb: Math.round(kb('VmRSS') / 1024) };
}

/** CPU time (user + system) a process has used, in ms, from /proc (clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
