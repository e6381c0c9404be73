/** Reading: one filled workbook (ours vs SheetJS), a 20,000-row workbook (ours vs the unzip + scan floor and SheetJS). */
import { statSync } from 'node:fs';
import { filledFile, rows20kFile } from './files.js';
import { alternate, child, mib, ms, ratioText, type Options, type Row } from './measure.js';
import { prepare } from './tasks.js';

const FLAT = 1.15;

export const readRows = async (o: Options): Promise<Row[]> => {
  const filled = await filledFile();
  const [ours, sheetjs] = await alternate(
    [
      ['ours', await prepare('validate-ours', filled)],
      ['SheetJS', await prepare('read-sheetjs', filled)],
    ],
    o.quick ? 5 : 15,
    3,
  );
  const rows: Row[] = [
    {
      family: 'read',
      case: 'read + validate one filled workbook, warm',
      ours: ms(ours!.ms),
      reference: `SheetJS read ${ms(sheetjs!.ms)}`,
      ratio: sheetjs!.ratio,
      goal: '≤ 30 ms, ≤ 2× SheetJS',
      met: ours!.ms <= 30 && sheetjs!.ratio <= 2,
      data: { oursMs: ours!.ms, sheetjsMs: sheetjs!.ms },
    },
  ];
  const big = await rows20kFile();
  const size = `${(statSync(big).size / 1e6).toFixed(2)} MB`;
  const [mine, floor, sjs] = await alternate(
    [
      ['ours', await prepare('read-ours', big)],
      ['floor', await prepare('read-floor', big)],
      ['SheetJS', await prepare('read-sheetjs', big)],
    ],
    o.quick ? 2 : 5,
  );
  rows.push({
    family: 'read',
    case: `20,000-row workbook (${size}) read, warm`,
    ours: ms(mine!.ms),
    reference: `unzip + scan floor ${ms(floor!.ms)}; SheetJS ${ms(sjs!.ms)} (${ratioText(sjs!.ratio)})`,
    ratio: floor!.ratio,
    goal: '≤ 2× floor',
    met: floor!.ratio <= 2,
    data: { oursMs: mine!.ms, floorMs: floor!.ms, sheetjsMs: sjs!.ms, vsSheetjs: sjs!.ratio },
  });
  const base = child('noop', ['', '1']);
  const one = child('read-ours', [big, '1']);
  const floorRss = child('read-floor', [big, '1']);
  const sjsRss = child('read-sheetjs', [big, '1']);
  rows.push({
    family: 'read',
    case: '20,000-row workbook: peak RSS of a process reading it once (cold)',
    ours: `${mib(one.peakRssMiB)}, ${ms(one.medianMs)} cold`,
    reference: `floor ${mib(floorRss.peakRssMiB)}; SheetJS ${mib(sjsRss.peakRssMiB)}; an idle child ${mib(base.peakRssMiB)}`,
    ratio: one.peakRssMiB / floorRss.peakRssMiB,
    goal: '≤ 256 MB',
    met: one.peakRssMiB <= 256,
    data: { ours: one, floor: floorRss, sheetjs: sjsRss, idle: base },
  });
  const four = child('read-ours', [big, '4']);
  rows.push({
    family: 'read',
    case: '20,000-row workbook: peak RSS after 4 reads in one process',
    ours: `${mib(four.peakRssMiB)} (after each: ${four.rssMiB.map((x) => x.toFixed(0)).join(', ')})`,
    reference: `1 read ${mib(one.peakRssMiB)}`,
    ratio: four.peakRssMiB / one.peakRssMiB,
    goal: `flat: ≤ ${FLAT}× one read, ≤ 256 MB`,
    met: four.peakRssMiB <= FLAT * one.peakRssMiB && four.peakRssMiB <= 256,
    data: { four },
  });
  return rows;
};
