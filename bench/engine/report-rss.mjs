// Preloaded into a measured child process (`node --import`): on exit, writes its peak RSS and
// CPU time to $PIPE_BENCH_USAGE_FILE, so a benchmark can measure a real `pipe` process from outside.
// It also samples process.memoryUsage() every 250 ms and reports each part's peak (V8 heap,
// external and ArrayBuffer memory), to tell the JavaScript heap's share of the RSS from native memory,
// and the JavaScript thread's own CPU time (Linux), to tell it from DuckDB's and V8's helper threads.
import fs from 'node:fs';

const peak = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const sample = () => {
  const m = process.memoryUsage();
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
};
setInterval(sample, 250).unref();

/** user + system CPU seconds of the main (JavaScript) thread, from /proc; undefined elsewhere. */
function mainThreadCpuSeconds() {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

process.on('exit', () => {
  const file = process.env.PIPE_BENCH_USAGE_FILE;
  if (!file) return;
  sample();
  const u = process.resourceUsage();
  const mb = (n) => Math.round(n / 2 ** 20);
  fs.writeFileSync(
    file,
    JSON.stringify({
      peakRssMb: Math.round(u.maxRSS / 1024),
      cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6,
      userSeconds: u.userCPUTime / 1e6,
      systemSeconds: u.systemCPUTime / 1e6,
      mainThreadCpuSeconds: mainThreadCpuSeconds(),
      peakMb: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, mb(v)])),
    }),
  );
});
