// `tsx bench/child.ts <step> <arg> <runs> [warm-ups]`: one step of tasks.ts in this fresh process, run
// `runs` times after the warm-ups; prints its median, this process's peak RSS and the RSS after each run as one JSON line.
import { median, peakRssMiB } from './measure.js';
import { prepare } from './tasks.js';

const [step, arg, runs, warmups] = process.argv.slice(2);
const work = await prepare(step!, arg);
for (let i = 0; i < Number(warmups ?? 0); i += 1) await work();
const times: number[] = [];
const rssMiB: number[] = [];
let result = '';
for (let i = 0; i < Number(runs ?? 1); i += 1) {
  const t = process.hrtime.bigint();
  result = await work();
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
  rssMiB.push(process.memoryUsage().rss / 2 ** 20);
}
console.log(JSON.stringify({ medianMs: median(times), peakRssMiB: peakRssMiB(), result, rssMiB }));
