import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linksApi } from '../../../shared/cloud/links-api.js';
import { createLogger } from '../../../shared/cloud/log.js';
import { memoryRuntime } from '../../../shared/cloud/memory.js';
import { ingestUpload } from '../../../shared/cloud/use-cases/ingest-upload.js';
import { loadBloc } from '../../../shared/config/load.js';
import { buildTemplate } from '../../../shared/workbooks/template/template.js';

const CONFIG = resolve(import.meta.dirname, '../../../templates/ntb-tn-2025/bloc.json');
const log = createLogger({}, { sink: () => undefined });

describe("the pages' routes of the links API", () => {
  it('shows a member only its own unit, and the board and recompute only to the lead', async () => {
    const { bloc } = await loadBloc(CONFIG);
    const rt = memoryRuntime({ blocs: [bloc] });
    const api = linksApi(() => rt, log);
    const call = async (token: string, method: string, path: string, query: Record<string, string> = {}, body?: unknown) => {
      const r = await api({ method, path, headers: { authorization: `Bearer ${token}` }, query, ...(body !== undefined && { body: JSON.stringify(body) }) });
      return { status: r.status, body: JSON.parse(r.body) as Record<string, any> };
    };
    const lead = (await rt.credentials.issue({ bloc: bloc.id, role: 'lead', unit: bloc.lead, issuedBy: 'test' })).token;
    const a = (await rt.credentials.issue({ bloc: bloc.id, role: 'member', unit: 'STP-KHA', issuedBy: 'test' })).token;
    const b = (await rt.credentials.issue({ bloc: bloc.id, role: 'member', unit: 'STP-BDI', issuedBy: 'test' })).token;

    expect((await call(a, 'GET', '/me')).body).toMatchObject({ role: 'member', unit: 'STP-KHA', periods: [{ id: 'H1' }, { id: 'Y' }] });
    expect((await call(a, 'GET', '/me')).body['members']).toBeUndefined();
    const t = await call(a, 'GET', '/template', { period: 'Y', unit: 'STP-BDI' });
    expect(t.body['file']).toBe('STP-KHA-Y.xlsx'); // a member's template is its own, whatever it asks
    expect(Buffer.from(t.body['base64'], 'base64').subarray(0, 2).toString()).toBe('PK');

    const o = rt.uploads.put('uploads/ntb-tn/2025/Y/STP-KHA/x.xlsx', await buildTemplate(bloc, 'Y', 'STP-KHA'), new Date());
    const ingested = await ingestUpload(rt, o, log);
    const uploadId = 'uploadId' in ingested ? ingested.uploadId : '';
    const mine = await call(a, 'GET', '/history', { period: 'Y' });
    expect(mine.body['versions']).toHaveLength(1);
    expect((await call(a, 'GET', '/report', { period: 'Y', upload: uploadId })).body['report']).toMatchObject({ unit: 'STP-KHA' });
    expect((await call(b, 'GET', '/report', { period: 'Y', upload: uploadId })).status).toBe(404);
    expect((await call(b, 'GET', '/history', { period: 'Y' })).body['versions']).toHaveLength(0);

    expect((await call(a, 'GET', '/board', { period: 'Y' })).status).toBe(403);
    expect((await call(a, 'POST', '/recompute', {}, { period: 'Y' })).status).toBe(403);
    const board = await call(lead, 'GET', '/board', { period: 'Y' });
    expect(board.body['members'].find((m: { unit: string }) => m.unit === 'STP-KHA').status).not.toBe('missing');
    expect(board.body['members'].find((m: { unit: string }) => m.unit === 'STP-BDI').status).toBe('missing');
    expect((await call(lead, 'POST', '/recompute', {}, { period: 'Y' })).status).toBe(202);
    expect(rt.queue.sent.at(-1)).toMatchObject({ bloc: 'ntb-tn', period: 'Y', reason: 'manual' });
  });
});
