import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBloc } from '#shared/config/load.js';
import type { Bloc } from '#shared/model/bloc.js';
import { buildTemplate, type TemplateFill } from '#shared/workbooks/template/template.js';
import { EXIT } from './errors.js';
import { outputDir } from './out-path.js';
import { progress } from './progress.js';
import { ingestFolder, withEmbedded, writeResults, type InputFile } from './run.js';

export const SAMPLE_BLOC = resolve(dirname(fileURLToPath(import.meta.url)), '../templates/ntb-tn-2025/bloc.json');
const SAMPLE_INPUTS = resolve(dirname(SAMPLE_BLOC), 'golden/inputs-Y.json');
const PERIOD = 'Y';

type Inputs = Record<string, Record<string, string | { achieved: string; base?: string }>>;

/** Staff notes, as members write them beside their scores. */
const NOTES = [
  'Báo cáo số 125/BC-STP ngày 15/11/2025',
  'Kế hoạch số 48/KH-UBND; minh chứng kèm theo',
  'Số liệu thống kê đến hết ngày 30/9/2025',
  '=HYPERLINK("https://example.gov.vn/minh-chung","Minh chứng")',
];

const fillOf = (unit: string, input: Inputs[string], i: number): TemplateFill => ({
  preparer: `Văn phòng ${unit}`,
  preparedOn: '18/11/2025',
  entries: Object.fromEntries(
    Object.entries(input).map(([code, v], j) => {
      const note = (i + j) % 7 === 0 ? { note: NOTES[(i + j) % NOTES.length]! } : {};
      if (typeof v !== 'string') return [code, { ...v, ...note }];
      // Some staff type scores as Vietnamese text ("4,5"): the reader takes both.
      const typedAsText = i % 3 === 0 || Number.isNaN(Number(v));
      return [code, { points: typedAsText ? v.replace('.', ',') : Number(v), ...note }];
    }),
  ),
});

const at = (iso: string) => new Date(iso);

/** The demo's inbox: filled workbooks, one unit late, one sending a fix after a mistake, some broken. */
const demoFiles = async (bloc: Bloc): Promise<{ name: string; bytes: Uint8Array; receivedAt: Date }[]> => {
  const inputs = JSON.parse(await readFile(SAMPLE_INPUTS, 'utf8')) as Inputs;
  const units = bloc.groups.flatMap((g) => g.members.map((m) => m.code));
  const files: { name: string; bytes: Uint8Array; receivedAt: Date }[] = [];
  for (const [i, unit] of units.entries()) {
    const input = inputs[unit];
    if (!input) continue;
    const receivedAt = at(`2025-11-${unit === 'THADS-GLA' ? '21T08:15' : `1${i % 10}T09:${String(10 + i).padStart(2, '0')}`}:00+07:00`);
    files.push({ name: `${unit}.xlsx`, bytes: await buildTemplate(bloc, PERIOD, unit, fillOf(unit, input, i)), receivedAt });
  }
  const mistaken = { ...inputs['STP-BDI']!, 'I.2': '4,75', 'III.1': { achieved: '2853', base: '2753' } };
  files.push({
    name: 'STP-BDI (nộp lần 1).xlsx',
    bytes: await buildTemplate(bloc, PERIOD, 'STP-BDI', fillOf('STP-BDI', mistaken, 1)),
    receivedAt: at('2025-11-09T15:00:00+07:00'),
  });
  const broken = { ...inputs['STP-GLA']!, 'I.2': 'tám', 'I.3': '7', 'II.3': { achieved: '1780' } };
  files.push({
    name: 'STP-KTU.xlsx',
    bytes: await buildTemplate(bloc, PERIOD, 'STP-KTU', fillOf('STP-KTU', broken, 2)),
    receivedAt: at('2025-11-19T16:40:00+07:00'),
  });
  files.push({ name: 'Bao cao thi dua.xlsx', bytes: Buffer.from('%PDF-1.7\n% scanned report, renamed\n'), receivedAt: at('2025-11-19T17:00:00+07:00') });
  return files.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
};

/** `bloc demo`: the whole job on the embedded default, with the sample region. */
export const demo = async (o: { out: string; data?: string }): Promise<number> => {
  const { bloc } = await loadBloc(SAMPLE_BLOC);
  const out = resolve(o.out);
  await outputDir(out);
  progress(`Khối mẫu: ${bloc.name} (${bloc.groups.reduce((n, g) => n + g.members.length, 0)} đơn vị), đợt ${PERIOD}.`);
  progress('Tạo biểu mẫu và điền số liệu mẫu của các đơn vị…');
  await mkdir(join(out, 'templates'), { recursive: true });
  for (const m of bloc.groups.flatMap((g) => g.members)) await writeFile(join(out, 'templates', `${m.code}.xlsx`), await buildTemplate(bloc, PERIOD, m.code));
  const files = await demoFiles(bloc);
  await mkdir(join(out, 'inputs'), { recursive: true });
  for (const f of files) await writeFile(join(out, 'inputs', f.name), f.bytes);
  return withEmbedded(o.data, async (env) => {
    const inbox: InputFile[] = files.map((f) => ({ name: f.name, read: async () => f.bytes, receivedAt: f.receivedAt, judgeLateness: true }));
    await ingestFolder(env, bloc, PERIOD, inbox, out);
    const { rankings } = await writeResults(env, bloc, PERIOD, out);
    for (const g of rankings!.groups) {
      const top = g.members
        .filter((m) => m.rank === 1)
        .map((m) => m.unit)
        .join(', ');
      progress(`Khối ${g.id}: hạng nhất ${top || '—'}`);
    }
    progress(`Biểu mẫu: ${join(out, 'templates')}; tệp đã nộp: ${join(out, 'inputs')}; báo cáo: ${join(out, 'reports')}`);
    process.stdout.write(`${join(out, 'summary.xlsx')}\n`);
    return EXIT.ok;
  });
};
