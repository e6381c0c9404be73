/**
 * Every hostile input through the whole ingest path (on the in-memory store, the same contract as
 * DynamoDB's): the run goes on, every file gets a report with the code it must get, and no rejected
 * file changes what was accepted before it, for its unit or any other.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bloc } from '#shared/model/bloc.js';
import { ingest, type IngestDeps } from '#shared/pipeline/ingest.js';
import { periodKey } from '#shared/pipeline/period-key.js';
import { timeSortableId } from '#shared/store/keys.js';
import { MemoryBlobStore, MemorySubmissionStore } from '#shared/store/memory-store.js';
import { filledWorkbook, goldenInputs, sampleBloc } from '../../support/sample.js';
import { submission, testBloc } from '../../support/workbooks.js';
import { corpus, type CorpusEntry } from './corpus.js';

interface World {
  bloc: Bloc;
  period: string;
  deps: IngestDeps;
}

let seq = 0;
const upload = (w: World, file: string, bytes: Uint8Array) =>
  ingest(w.deps, w.bloc, w.period, {
    file,
    uploadId: timeSortableId(new Date(Date.UTC(2025, 10, 1) + seq), String(seq++).padStart(6, '0')),
    receivedAt: new Date(),
    judgeLateness: false,
    bytes,
  });

const world = async (bloc: Bloc, period: string, accepted: [string, Uint8Array][]): Promise<World> => {
  const w = { bloc, period, deps: { store: new MemorySubmissionStore(), blobs: new MemoryBlobStore() } };
  for (const [file, bytes] of accepted) {
    const r = await upload(w, file, bytes);
    if (r.duplicate || r.report.status !== 'accepted') throw new Error(`the baseline ${file} was not accepted`);
  }
  return w;
};

const tally = { tried: 0, rightCode: 0, crashes: 0, dataLost: 0 };
let entries: CorpusEntry[] = [];
const worlds: Record<CorpusEntry['bloc'], World | undefined> = { sample: undefined, test: undefined };

beforeAll(async () => {
  entries = await corpus();
  const bloc = await sampleBloc();
  const inputs = await goldenInputs();
  const members = bloc.groups.flatMap((g) => g.members.map((m) => m.code)).filter((u) => inputs[u]);
  worlds.sample = await world(
    bloc,
    'Y',
    await Promise.all(members.map(async (u) => [`${u}.xlsx`, await filledWorkbook(bloc, u, inputs)] as [string, Uint8Array])),
  );
  worlds.test = await world(testBloc(), 'P', [['U1.xlsx', await submission()]]);
}, 300_000);

describe('the hostile corpus', () => {
  it('has at least 80 inputs, each with the answer it must get', () => {
    expect(entries.length).toBeGreaterThanOrEqual(80);
    expect(new Set(entries.map((e) => e.name)).size).toBe(entries.length);
  });

  it('answers every input with a report and its code; nothing crashes, nothing accepted is lost', async () => {
    const wrong: string[] = [];
    for (const e of entries) {
      const w = worlds[e.bloc]!;
      const key = periodKey(w.bloc, w.period);
      const before = await w.deps.store.state(key);
      tally.tried += 1;
      let outcome: Awaited<ReturnType<typeof upload>>;
      try {
        outcome = await upload(w, e.name, e.bytes);
      } catch (err) {
        tally.crashes += 1;
        wrong.push(`${e.name}: threw ${String(err).slice(0, 200)}`);
        continue;
      }
      if (outcome.duplicate) {
        wrong.push(`${e.name}: taken as a duplicate`);
        continue;
      }
      const { report } = outcome;
      const codes: string[] = report.errors.map((p) => p.code);
      const right = e.expect === 'accepted' ? report.status === 'accepted' : report.status === 'rejected' && codes.includes(e.expect);
      if (right) tally.rightCode += 1;
      else wrong.push(`${e.name}: expected ${e.expect}, got ${report.status} ${codes.join(',')}`);
      for (const p of [...report.errors, ...report.warnings]) expect(p.message.length).toBeLessThan(2_000);
      if (report.status !== 'accepted') {
        const after = await w.deps.store.state(key);
        if (JSON.stringify(after.current) !== JSON.stringify(before.current)) {
          tally.dataLost += 1;
          wrong.push(`${e.name}: changed the accepted versions`);
        }
      }
    }
    console.log(
      `hostile corpus: ${tally.tried} inputs tried, ${tally.rightCode} answered with the right code, ${tally.crashes} crashes, ${tally.dataLost} with data lost`,
    );
    expect(wrong).toEqual([]);
    expect(tally).toMatchObject({ crashes: 0, dataLost: 0 });
  }, 600_000);
});
