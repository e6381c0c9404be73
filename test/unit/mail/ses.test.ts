/** The mail intake in AWS on in-memory ports: verdicts first, bloc by intake address, period by date; SigV4 for SES. */
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MailReply } from '#shared/mail/intake.js';
import { periodFor, receiveSesMail, sesSender, signV4, type SesRecord } from '#shared/mail/ses.js';
import type { Bloc } from '#shared/model/bloc.js';
import { MemoryBlobStore, MemorySubmissionStore } from '#shared/store/memory-store.js';
import { addressOf, INTAKE, renderEml, withAddresses } from '../../support/mail.js';
import { filledWorkbook, goldenInputs, sampleBloc } from '../../support/sample.js';

let bloc: Bloc;
beforeAll(async () => {
  bloc = withAddresses(await sampleBloc());
});

const PASS = { status: 'PASS' };
const record = (receipt: SesRecord['receipt'], id = 'ses-1'): SesRecord => ({
  mail: { messageId: id, timestamp: '2025-11-18T02:00:00.000Z', destination: [INTAKE] },
  receipt: { recipients: [INTAKE], ...receipt },
});

const world = async () => {
  const blobs = new MemoryBlobStore();
  const sent: MailReply[] = [];
  const recomputes: string[] = [];
  const raw = await renderEml('outlook-rfc2047.eml', { from: addressOf('STP-KHA'), workbooks: [await filledWorkbook(bloc, 'STP-KHA', await goldenInputs())] });
  await blobs.put('mail/ses-1', raw, 'message/rfc822');
  const deps = {
    store: new MemorySubmissionStore(),
    blobs,
    catalog: { list: async () => [bloc.id], load: async () => bloc },
    send: async (r: MailReply) => void sent.push(r),
    recompute: async (_b: Bloc, period: string, uploadId: string) => void recomputes.push(`${period}:${uploadId}`),
  };
  return { deps, blobs, sent, recomputes };
};

describe('receiveSesMail', () => {
  it('verdicts passing: ingested for the period open at the receipt, answered through SES, a recompute asked', async () => {
    const w = await world();
    const result = await receiveSesMail(w.deps, record({ spfVerdict: PASS, dkimVerdict: PASS, dmarcVerdict: PASS }));
    expect(result).toMatchObject({ kind: 'received', outcome: { status: 'ingested', unit: 'STP-KHA', workbooks: [{ report: { status: 'accepted' } }] } });
    expect(w.sent.map((s) => s.to)).toEqual(['vanthu@stp-kha.gov.vn']);
    expect((await PostalMime.parse(w.sent[0]!.bytes)).from?.address).toBe(INTAKE);
    expect(w.recomputes).toEqual([expect.stringMatching(/^Y:.*-a01$/)]);
    // Delivered twice: no second reply.
    await receiveSesMail(w.deps, record({ spfVerdict: PASS, dkimVerdict: PASS, dmarcVerdict: PASS }));
    expect(w.sent).toHaveLength(1);
  });

  it.each([
    ['DMARC fails', { spfVerdict: PASS, dkimVerdict: PASS, dmarcVerdict: { status: 'FAIL' } }, 'unauthenticated'],
    ['nothing passes', { spfVerdict: { status: 'GRAY' }, dkimVerdict: { status: 'GRAY' }, dmarcVerdict: { status: 'GRAY' } }, 'unauthenticated'],
    ['a virus', { spfVerdict: PASS, dkimVerdict: PASS, dmarcVerdict: PASS, virusVerdict: { status: 'FAIL' } }, 'virus'],
  ])('%s: nothing stored, nothing sent', async (_, receipt, reason) => {
    const w = await world();
    expect(await receiveSesMail(w.deps, record(receipt))).toEqual({ kind: 'rejected', reason });
    expect(w.blobs.keys()).toEqual(['mail/ses-1']);
    expect(w.sent).toEqual([]);
  });

  it('a message to another address is ignored', async () => {
    const w = await world();
    const r = record({ spfVerdict: PASS, dkimVerdict: PASS, dmarcVerdict: PASS });
    r.receipt.recipients = ['khac@khoi.gov.vn'];
    expect(await receiveSesMail(w.deps, r)).toMatchObject({ kind: 'ignored' });
  });
});

describe('periodFor', () => {
  it('the first period whose deadline is that local day or later, else the last', () => {
    expect(periodFor(bloc, new Date('2025-05-01T00:00:00Z'))).toBe('H1');
    expect(periodFor(bloc, new Date('2025-07-10T16:00:00Z'))).toBe('H1'); // 23:00 on 10/07 in Vietnam
    expect(periodFor(bloc, new Date('2025-07-10T17:30:00Z'))).toBe('Y');
    expect(periodFor(bloc, new Date('2026-02-01T00:00:00Z'))).toBe('Y');
  });
});

describe('Signature Version 4', () => {
  it("matches AWS's documented example (IAM ListUsers, 2015-08-30)", () => {
    const headers = signV4(
      {
        method: 'GET',
        host: 'iam.amazonaws.com',
        path: '/',
        query: 'Action=ListUsers&Version=2010-05-08',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: '',
      },
      {
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
        region: 'us-east-1',
        service: 'iam',
        at: new Date('2015-08-30T12:36:00Z'),
      },
    );
    expect(headers['authorization']).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
  });

  it('sesSender posts the raw message to SES v2 with the session token', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const send = sesSender({
      region: 'us-east-1',
      credentials: async () => ({ accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'tok' }),
      fetch: (async (url: string, init: RequestInit) => (calls.push({ url, init }), new Response('{}', { status: 200 }))) as typeof fetch,
    });
    await send({ to: 'a@b.vn', from: INTAKE, messageId: 'm@x', bytes: Buffer.from('Subject: x\r\n\r\nhi') });
    expect(calls[0]!.url).toBe('https://email.us-east-1.amazonaws.com/v2/email/outbound-emails');
    const h = calls[0]!.init.headers as Record<string, string>;
    expect(h['x-amz-security-token']).toBe('tok');
    expect(h['authorization']).toMatch(/Credential=AKID\/\d{8}\/us-east-1\/ses\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token/);
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({
      FromEmailAddress: INTAKE,
      Destination: { ToAddresses: ['a@b.vn'] },
      Content: { Raw: { Data: Buffer.from('Subject: x\r\n\r\nhi').toString('base64') } },
    });
  });
});
