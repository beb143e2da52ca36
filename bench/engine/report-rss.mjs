// Preloaded into a measured child process (`node --import`): on exit, writes its peak RSS and
// CPU time to $PIPE_BENCH_USAGE_FILE, so a benchmark can measure a real `pipe` process from outside.
import fs from 'node:fs';

process.on('exit', () => {
  const file = process.env.PIPE_BENCH_USAGE_FILE;
  if (!file) return;
  const u = process.resourceUsage();
  fs.writeFileSync(file, JSON.stringify({ peakRssMb: Math.round(u.maxRSS / 1024), cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 }));
});
