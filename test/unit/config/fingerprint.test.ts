/** The rubric fingerprint (SPEC §6 TEMPLATE_OUTDATED): stable across the JSON's form, changed by what matters. */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalRubric, rubricFingerprint } from '#shared/config/fingerprint.js';
import { loadBloc } from '#shared/config/load.js';
import type { Rubric } from '#shared/model/rubric.js';
import { FIXTURE } from '../../support/rubric-builders.js';

type Json = any;

/** Every object's keys in reverse order, recursively. */
const reversed = (v: Json): Json =>
  Array.isArray(v)
    ? v.map(reversed)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .reverse()
            .map(([k, x]) => [k, reversed(x)]),
        )
      : v;

/** The sample region loaded with the STP rubric's JSON rewritten by `edit` (as text). */
const stpRubric = async (edit: (json: Json) => string = (j) => JSON.stringify(j, null, 2)): Promise<Rubric> => {
  const { bloc } = await loadBloc(join(FIXTURE, 'bloc.json'), async (path) => {
    const text = await readFile(path, 'utf8');
    return basename(path) === 'rubric-stp.json' ? edit(JSON.parse(text)) : text;
  });
  return bloc.groups.find((g) => g.id === 'stp')!.rubric;
};

describe('rubricFingerprint', () => {
  it('is 12 hex digits, the same for the same rubric loaded twice', async () => {
    const [a, b] = [await stpRubric(), await stpRubric()];
    expect(rubricFingerprint(a)).toMatch(/^[0-9a-f]{12}$/);
    expect(rubricFingerprint(b)).toBe(rubricFingerprint(a));
  });

  it('does not depend on key order, whitespace or how a number is written', async () => {
    const plain = rubricFingerprint(await stpRubric());
    expect(rubricFingerprint(await stpRubric((j) => JSON.stringify(reversed(j))))).toBe(plain);
    expect(rubricFingerprint(await stpRubric((j) => `\n\n${JSON.stringify(reversed(j), null, '\t')}\n`))).toBe(plain);
    // 6 and 6.0, 0.5 and 5e-1 are the same number in JSON.
    const respelled = (j: Json) => {
      const text = JSON.stringify(j);
      const out = text.replace('"max":6,', '"max":6.0,').replace('"step":0.5', '"step":5e-1');
      expect(out).not.toBe(text.replace('"max":6,', '"max":6.0,'));
      expect(out).toContain('"max":6.0,');
      return out;
    };
    expect(rubricFingerprint(await stpRubric(respelled))).toBe(plain);
  });

  it('ignores titles and input labels: correcting a typo does not outdate the templates sent', async () => {
    const plain = rubricFingerprint(await stpRubric());
    const retitled = await stpRubric((j) => {
      j.name = 'Tên khác';
      j.sections[0].title = 'Tiêu đề đã sửa';
      j.sections[0].criteria[0].title = 'Nội dung đã sửa';
      j.sections[0].criteria[0].achievedLabel = 'Số vụ việc đã giải quyết';
      return JSON.stringify(j);
    });
    expect(rubricFingerprint(retitled)).toBe(plain);
  });

  it('changes with a maximum, a step, a target, a band, a criterion added, removed or moved, a type', async () => {
    const plain = rubricFingerprint(await stpRubric());
    const edits: ((j: Json) => void)[] = [
      (j) => {
        j.sections[0].criteria[1].max = 5;
        j.sections[0].criteria[2].max = 7;
      },
      (j) => (j.sections[0].criteria[1].step = 0.25),
      (j) => (j.sections[1].criteria[2].target = 0.95),
      (j) => (j.sections[0].criteria[0].bands[0].points = 7.5),
      (j) => j.bonus.criteria.push({ code: 'C.4', title: 'C.4', type: 'manual', max: 1 }),
      (j) => j.deduction.criteria.pop(),
      (j) => j.sections[3].criteria.reverse(),
      (j) => (j.bonus.max = 4),
    ];
    const prints = await Promise.all(edits.map((edit) => stpRubric((j) => (edit(j), JSON.stringify(j)))));
    const fps = prints.map(rubricFingerprint);
    for (const fp of fps) expect(fp).not.toBe(plain);
    expect(new Set(fps).size).toBe(fps.length);
  });

  it('hashes a canonical form of arrays, so object key order never enters it', async () => {
    expect(canonicalRubric(await stpRubric())).not.toMatch(/"[a-zA-Z]+":/);
  });
});
