// Timing helpers shared by the benchmarks: medians over many runs, and durations
// written in the unit that reads best.
import { performance } from "node:perf_hooks";

/** The median time of `fn` in milliseconds over `runs` calls, after `warmup` calls. */
export function median(fn, runs, warmup = Math.min(20, runs)) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** `0.0123` → `12.3 µs`, `12.3` → `12.30 ms`. */
export const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
