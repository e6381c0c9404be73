import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialStore } from '#shared/store/credential-port.js';
import type { BlobStore, CurrentRecord, PeriodKey, RunRecord, SubmissionStore, VersionRecord } from '#shared/store/ports.js';

/**
 * What every adapter of the store ports must answer alike. Run against the in-memory adapters
 * (test/unit/store) and against DynamoDB Local and s3rver (test/integration), so they cannot drift.
 */
export interface StoreAdapters {
  store: SubmissionStore;
  blobs: BlobStore;
  credentials: CredentialStore;
  destroy?(): void;
}

export interface ContractOptions {
  /** Set when the blob store's refusal to overwrite cannot be observed here, with the reason. */
  overwriteUnobservable?: string;
}

const CLOCK = new Date('2025-11-18T02:00:00.000Z');
let periods = 0;
/** Each case its own bloc period: the adapters are shared by the cases. */
const freshKey = (): PeriodKey => ({ bloc: 'ntb-tn', year: 2025, period: `P${++periods}` });

export const version = (uploadId: string, unit: string | null, o: Partial<VersionRecord> = {}): VersionRecord => ({
  uploadId,
  unit,
  file: `${unit}.xlsx`,
  receivedAt: '2025-11-18T02:00:00.000Z',
  status: 'accepted',
  errors: 0,
  warnings: 0,
  late: false,
  contentHash: 'x',
  size: 6,
  rawKey: `raw/${uploadId}`,
  reportKey: `reports/${uploadId}`,
  ...o,
});

export const current = (uploadId: string, unit = 'STP-KHA'): CurrentRecord => ({
  unit,
  uploadId,
  file: `${unit}.xlsx`,
  receivedAt: '2025-11-18T02:00:00.000Z',
  values: { 'I.2': { points: '5.5' }, 'II.1': { achieved: '12', base: '1/3' } },
  selfScores: { 'I.2': '5' },
  total: '80.00',
});

export const run = (runId: string): RunRecord => ({
  runId,
  generatedAt: '2025-11-20T00:00:00.000Z',
  inputsHash: `h-${runId}`,
  rankingsKey: `r/${runId}`,
  summaryKey: `s/${runId}`,
});

export const storeContract = (name: string, make: (now: () => Date) => Promise<StoreAdapters>, opts: ContractOptions = {}) =>
  describe(`store contract: ${name}`, () => {
    let a: StoreAdapters;
    let clock = CLOCK;
    beforeAll(async () => {
      a = await make(() => clock);
    });
    afterAll(() => a?.destroy?.());

    describe('submissions', () => {
      it('a version is written once: the same upload id again is refused and changes nothing', async () => {
        const key = freshKey();
        expect(await a.store.putVersion(key, version('20251118T020000000Z-a', 'STP-KHA'))).toBe(true);
        expect(await a.store.putVersion(key, version('20251118T020000000Z-a', 'STP-KHA', { file: 'other.xlsx' }))).toBe(false);
        expect((await a.store.getVersion(key, '20251118T020000000Z-a'))?.file).toBe('STP-KHA.xlsx');
        expect(await a.store.getVersion(key, '20251118T020000000Z-b')).toBeUndefined();
      });

      it('a version reads back as written, every field, and what is read is a copy', async () => {
        const key = freshKey();
        const full = version('20251118T020000000Z-a', 'STP-KHA', {
          status: 'rejected',
          errors: 2,
          warnings: 1,
          late: true,
          annotatedKey: 'reports/a/annotated.xlsx',
          values: { 'I.2': { points: '5.5' } },
          selfScores: { 'I.2': '5' },
          source: { kind: 'google-sheet', spreadsheetId: 'abc', url: 'https://docs.google.com/spreadsheets/d/abc' },
        });
        await a.store.putVersion(key, full);
        const read = await a.store.getVersion(key, full.uploadId);
        expect(read).toEqual(full);
        read!.values!['I.2']!.points = '9';
        expect(await a.store.getVersion(key, full.uploadId)).toEqual(full);
        expect(await a.store.versions(key)).toEqual([full]);
      });

      it('versions come in upload id order, whatever order they were written in', async () => {
        const key = freshKey();
        for (const id of ['20251118T030000000Z-c', '20251118T010000000Z-a', '20251118T020000000Z-b']) await a.store.putVersion(key, version(id, 'STP-KHA'));
        expect((await a.store.versions(key)).map((v) => v.uploadId)).toEqual(['20251118T010000000Z-a', '20251118T020000000Z-b', '20251118T030000000Z-c']);
      });

      it('promote: only a later upload id becomes current; an earlier or the same id is refused', async () => {
        const key = freshKey();
        expect(await a.store.promote(key, current('20251118T020000000Z-b'))).toBe(true);
        expect(await a.store.promote(key, current('20251118T010000000Z-a'))).toBe(false);
        expect(await a.store.promote(key, { ...current('20251118T020000000Z-b'), total: '1.00' })).toBe(false);
        expect((await a.store.state(key)).current).toEqual([current('20251118T020000000Z-b')]);
        expect(await a.store.promote(key, current('20251118T030000000Z-c'))).toBe(true);
        expect((await a.store.state(key)).current).toEqual([current('20251118T030000000Z-c')]);
      });

      it('ten concurrent promotions for one member leave the newest current, and the newest always wins', async () => {
        const key = freshKey();
        const ids = Array.from({ length: 10 }, (_, i) => `20251119T000000000Z-${String(i).padStart(2, '0')}`);
        const order = [3, 9, 0, 7, 1, 8, 2, 6, 4, 5];
        const won = await Promise.all(order.map((i) => a.store.promote(key, current(ids[i]!, 'STP-QNG'))));
        expect(won[order.indexOf(9)]).toBe(true);
        expect((await a.store.state(key)).current.map((c) => c.uploadId)).toEqual([ids[9]]);
      });

      it('state lists current and rejected members by unit; rejecting twice lists once; periods are apart', async () => {
        const key = freshKey();
        await a.store.promote(key, current('20251118T020000000Z-q', 'STP-QNG'));
        await a.store.promote(key, current('20251118T020000000Z-k', 'STP-KHA'));
        await a.store.markRejected(key, 'THADS-PYE');
        await a.store.markRejected(key, 'STP-BDI');
        await a.store.markRejected(key, 'STP-BDI');
        await a.store.markRejected(key, 'STP-KHA');
        const state = await a.store.state(key);
        expect(state.current.map((c) => c.unit)).toEqual(['STP-KHA', 'STP-QNG']);
        expect(state.rejected).toEqual(['STP-BDI', 'STP-KHA', 'THADS-PYE']);
        const other = { ...key, period: `${key.period}x` };
        expect(await a.store.state(other)).toEqual({ current: [], rejected: [] });
        expect(await a.store.versions(other)).toEqual([]);
        expect(await a.store.state({ ...key, year: 2024 })).toEqual({ current: [], rejected: [] });
      });

      it('latestRun is the run with the greatest id, whatever order they were written in; none before the first', async () => {
        const key = freshKey();
        expect(await a.store.latestRun(key)).toBeUndefined();
        for (const id of ['20251121T000000000Z-2', '20251122T000000000Z-3', '20251120T000000000Z-1']) await a.store.putRun(key, run(id));
        expect(await a.store.latestRun(key)).toEqual(run('20251122T000000000Z-3'));
        expect(await a.store.latestRun({ ...key, period: `${key.period}x` })).toBeUndefined();
        expect((await a.store.runs(key)).map((r) => r.runId)).toEqual(['20251120T000000000Z-1', '20251121T000000000Z-2', '20251122T000000000Z-3']);
        expect(await a.store.runs({ ...key, period: `${key.period}x` })).toEqual([]);
      });
    });

    describe('period head', () => {
      it('counts every write that changes the inputs, and only those that were written', async () => {
        const key = freshKey();
        expect(await a.store.head(key)).toEqual({ changes: 0, publication: { state: 'open', publication: 0 } });
        await a.store.putVersion(key, version('20251118T020000000Z-a', 'STP-KHA'));
        await a.store.putVersion(key, version('20251118T020000000Z-a', 'STP-KHA'));
        expect((await a.store.head(key)).changes).toBe(1);
        await a.store.promote(key, current('20251118T020000000Z-b'));
        await a.store.promote(key, current('20251118T010000000Z-a'));
        await a.store.markRejected(key, 'STP-BDI');
        await a.store.putRun(key, run('20251120T000000000Z-1'));
        expect((await a.store.head(key)).changes).toBe(3);
        expect((await a.store.head({ ...key, period: `${key.period}x` })).changes).toBe(0);
      });

      it('a run claims the head with the run; a confirmation never goes back to fewer changes', async () => {
        const key = freshKey();
        await a.store.putVersion(key, version('20251118T020000000Z-a', 'STP-KHA'));
        await a.store.putRun(key, run('20251120T000000000Z-1'), { changes: 1, configHash: 'c1' });
        expect(await a.store.head(key)).toEqual({
          changes: 1,
          run: { changes: 1, configHash: 'c1', run: run('20251120T000000000Z-1') },
          publication: { state: 'open', publication: 0 },
        });
        expect(await a.store.latestRun(key)).toEqual(run('20251120T000000000Z-1'));
        await a.store.confirmRun(key, { changes: 0, configHash: 'c0', run: run('20251119T000000000Z-0') });
        expect((await a.store.head(key)).run?.configHash).toBe('c1');
        await a.store.confirmRun(key, { changes: 4, configHash: 'c4', run: run('20251120T000000000Z-1') });
        expect((await a.store.head(key)).run).toEqual({ changes: 4, configHash: 'c4', run: run('20251120T000000000Z-1') });
      });

      it('contents: the same state, versions and latest run as the separate reads', async () => {
        const key = freshKey();
        await a.store.putVersion(key, version('20251118T020000000Z-b', 'STP-QNG'));
        await a.store.putVersion(key, version('20251118T010000000Z-a', 'STP-KHA', { status: 'rejected' }));
        await a.store.promote(key, current('20251118T020000000Z-b', 'STP-QNG'));
        await a.store.markRejected(key, 'STP-KHA');
        await a.store.putRun(key, run('20251120T000000000Z-1'));
        await a.store.putRun(key, run('20251121T000000000Z-2'));
        const read = await a.store.contents(key);
        expect(read.state).toEqual(await a.store.state(key));
        expect(read.versions).toEqual(await a.store.versions(key));
        expect(read.latestRun).toEqual(run('20251121T000000000Z-2'));
        expect(await a.store.contents({ ...key, period: `${key.period}x` })).toMatchObject({ state: { current: [], rejected: [] }, versions: [] });
      });
    });

    describe('blobs', () => {
      it('bytes and text read back as written', async () => {
        const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
        await a.blobs.put(`raw/${periods}/bytes.xlsx`, bytes, 'application/octet-stream');
        await a.blobs.put(`raw/${periods}/text.json`, '{"đơn vị":"Sở Tư pháp"}', 'application/json');
        expect([...(await a.blobs.get(`raw/${periods}/bytes.xlsx`))]).toEqual([...bytes]);
        expect(new TextDecoder().decode(await a.blobs.get(`raw/${periods}/text.json`))).toBe('{"đơn vị":"Sở Tư pháp"}');
      });

      it.skipIf(opts.overwriteUnobservable)('a blob is never overwritten: a second put of its key succeeds and keeps the first content', async () => {
        const k = `raw/${++periods}/once.json`;
        await a.blobs.put(k, 'first', 'application/json');
        await a.blobs.put(k, 'second', 'application/json');
        expect(new TextDecoder().decode(await a.blobs.get(k))).toBe('first');
      });

      it('a missing blob is an error', async () => {
        await expect(a.blobs.get(`raw/${++periods}/missing`)).rejects.toThrow();
      });
    });

    describe('credentials', () => {
      it('issue: the token is shown once and authenticates as the credential; no secret is ever returned', async () => {
        const { credential, token } = await a.credentials.issue({ bloc: 'bloc-a', role: 'member', unit: 'STP-KHA', issuedBy: 'lead:x', note: 'Văn phòng' });
        expect(credential).toEqual({
          bloc: 'bloc-a',
          id: expect.stringMatching(/^[a-z0-9]{12}$/),
          role: 'member',
          unit: 'STP-KHA',
          issuedAt: CLOCK.toISOString(),
          issuedBy: 'lead:x',
          note: 'Văn phòng',
        });
        expect(token).toBe(`bloc-a.${credential.id}.${token.split('.')[2]}`);
        expect(token.split('.')[2]).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(await a.credentials.authenticate(token)).toEqual(credential);
        expect(await a.credentials.authenticate(`  ${token}\n`)).toEqual(credential);
        expect(JSON.stringify(await a.credentials.list('bloc-a'))).not.toMatch(/secret|Hash/i);
      });

      it('authenticate refuses no token, a malformed one, a forged secret, another bloc and an unknown id', async () => {
        const { token } = await a.credentials.issue({ bloc: 'bloc-b', role: 'lead', unit: 'THADS-KHA', issuedBy: 'deployer' });
        const [bloc, id, secret] = token.split('.') as [string, string, string];
        for (const bad of [
          undefined,
          '',
          'hello',
          `${bloc}.${id}`,
          `${bloc}.${id}.${'x'.repeat(43)}`,
          `bloc-a.${id}.${secret}`,
          `${bloc}.000000000000.${secret}`,
          `${bloc}.${id}.${secret}x`,
        ])
          expect(await a.credentials.authenticate(bad), String(bad)).toBeUndefined();
      });

      it("list: the bloc's credentials by id, each bloc apart", async () => {
        const issued = [];
        for (const unit of ['STP-KHA', 'STP-QNG', 'STP-PYE'])
          issued.push((await a.credentials.issue({ bloc: 'bloc-c', role: 'member', unit, issuedBy: 'lead:x' })).credential);
        await a.credentials.issue({ bloc: 'bloc-d', role: 'member', unit: 'STP-KHA', issuedBy: 'lead:x' });
        expect(await a.credentials.list('bloc-c')).toEqual(issued.sort((x, y) => (x.id < y.id ? -1 : 1)));
        expect(await a.credentials.list('bloc-none')).toEqual([]);
      });

      it('revoke: authentication stops at once; a second revocation keeps the first; wrong role, unknown id or other bloc: nothing', async () => {
        const lead = await a.credentials.issue({ bloc: 'bloc-e', role: 'lead', unit: 'THADS-KHA', issuedBy: 'deployer' });
        const member = await a.credentials.issue({ bloc: 'bloc-e', role: 'member', unit: 'STP-KHA', issuedBy: 'lead:x' });
        expect(await a.credentials.revoke('bloc-e', lead.credential.id, 'lead:x', 'member')).toBeUndefined();
        expect(await a.credentials.revoke('bloc-other', member.credential.id, 'lead:x')).toBeUndefined();
        expect(await a.credentials.revoke('bloc-e', '000000000000', 'lead:x')).toBeUndefined();
        expect(await a.credentials.revoke('bloc-e', 'not an id', 'lead:x')).toBeUndefined();
        expect(await a.credentials.authenticate(lead.token)).toEqual(lead.credential);

        clock = new Date('2025-11-19T00:00:00.000Z');
        const revoked = await a.credentials.revoke('bloc-e', member.credential.id, 'lead:x', 'member');
        expect(revoked).toEqual({ ...member.credential, revokedAt: clock.toISOString(), revokedBy: 'lead:x' });
        expect(await a.credentials.authenticate(member.token)).toBeUndefined();
        clock = new Date('2025-11-20T00:00:00.000Z');
        expect(await a.credentials.revoke('bloc-e', member.credential.id, 'deployer')).toEqual(revoked);
        expect((await a.credentials.list('bloc-e')).find((c) => c.id === member.credential.id)).toEqual(revoked);
        clock = CLOCK;
      });
    });
  });
