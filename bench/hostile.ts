/**
 * Hostile files until their FILE_* answer, each read in its own child: time (median) and peak RSS
 * above an idle child's (node and tsx alone hold about 80 MiB, more than the 64 MB goal), after a
 * warm-up read.
 */
import { spacesFile, unclosedFile } from './files.js';
import { child, mib, ms, type Options, type Row } from './measure.js';

const CASES: [string, () => Promise<string>, string, { ms: number; mib?: number }][] = [
  ['a 33 KB sheet of unclosed `<v <f <is` tags', () => unclosedFile(33), 'FILE_CORRUPT', { ms: 1000 }],
  ['a 10 MB sheet of unclosed `<v <f <is` tags', () => unclosedFile(10_000), 'FILE_CORRUPT', { ms: 1000 }],
  ['bomb declaring 95 MB (200 MB of spaces inside)', () => spacesFile(200, 95), 'FILE_TOO_LARGE', { ms: 100, mib: 64 }],
  ['bomb declaring 1 GB (200 MB of spaces inside)', () => spacesFile(200, 1024), 'FILE_TOO_LARGE', { ms: 100, mib: 64 }],
  ['honest 95 MB of spaces', () => spacesFile(95, 95), 'FILE_TOO_LARGE', { ms: 100, mib: 64 }],
  ['bomb declaring 1 MB (200 MB of spaces inside)', () => spacesFile(200, 1), 'FILE_*', { ms: 100, mib: 64 }],
];

export const hostileRows = async (o: Options): Promise<Row[]> => {
  const idle = child('noop', ['', '1']).peakRssMiB;
  const rows: Row[] = [];
  for (const [name, make, expected, goal] of CASES) {
    const r = child('read-ours', [await make(), String(o.quick ? 1 : 3), '1']);
    const above = r.peakRssMiB - idle;
    const answered = expected === 'FILE_*' ? r.result.startsWith('FILE_') : r.result === expected;
    rows.push({
      family: 'hostile',
      case: `${name} until ${expected}`,
      ours: `${ms(r.medianMs)}, ${above < 0 ? '−' : '+'}${mib(Math.abs(above))} (${r.result})`,
      reference: `an idle child ${mib(idle)}`,
      ratio: null,
      goal: `${expected}, ≤ ${ms(goal.ms)}${goal.mib ? `, ≤ ${goal.mib} MB` : ''}`,
      met: answered && r.medianMs <= goal.ms && (!goal.mib || above <= goal.mib),
      data: { ...r, idleMiB: idle },
    });
  }
  return rows;
};
