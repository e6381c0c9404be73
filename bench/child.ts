// `tsx bench/child.ts <step> <arg> <runs>`: one step of tasks.ts in this fresh process, run `runs`
// times; prints its median, this process's peak RSS and the RSS after each run as one JSON line.
import { median } from './measure.js';
import { prepare } from './tasks.js';

const [step, arg, runs] = process.argv.slice(2);
const work = await prepare(step!, arg);
const times: number[] = [];
const rssMiB: number[] = [];
let result = '';
for (let i = 0; i < Number(runs ?? 1); i += 1) {
  const t = process.hrtime.bigint();
  result = await work();
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
  rssMiB.push(process.memoryUsage().rss / 2 ** 20);
}
console.log(JSON.stringify({ medianMs: median(times), peakRssMiB: process.resourceUsage().maxRSS / 1024, result, rssMiB }));
