// Preloaded into a measured child process (`node --import`): on exit, writes its peak RSS and
// CPU time to $PIPE_BENCH_USAGE_FILE, so a benchmark can measure a real `pipe` process from outside.
// It also samples process.memoryUsage() every 250 ms and reports each part's peak (V8 heap,
// external and ArrayBuffer memory), to tell the JavaScript heap's share of the RSS from native memory.
import fs from 'node:fs';

const peak = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const sample = () => {
  const m = process.memoryUsage();
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
};
setInterval(sample, 250).unref();

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
      peakMb: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, mb(v)])),
    }),
  );
});
