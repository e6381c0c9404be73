/**
 * The mail intake in AWS: SES receives for the intake address, stores the message under `mail/` in
 * the data bucket (S3 action) and invokes the mail function (Lambda action) with the receipt. Its
 * verdicts are checked before anything of ours is stored; the reply goes out through SES.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Bloc } from '../model/bloc.js';
import type { IngestDeps } from '../pipeline/ingest.js';
import { receiveMail, type MailOutcome, type MailReply } from './intake.js';
import { authenticated, verdictsFromSes, type SesReceiptVerdicts } from './trust.js';

/** Where the SES S3 action writes: `mail/<SES message id>`. */
export const MAIL_PREFIX = 'mail/';

/** The part of an SES receipt event record (`Records[].ses`) that the intake reads. */
export interface SesRecord {
  mail: { messageId: string; timestamp: string; destination: string[] };
  receipt: SesReceiptVerdicts & { virusVerdict?: { status: string }; recipients?: string[] };
}

export interface SesIntakeDeps extends IngestDeps {
  /** The deployed blocs (structurally the functions' BlocCatalog). */
  catalog: { list(): Promise<string[]>; load(id: string): Promise<Bloc> };
  send(reply: MailReply): Promise<void>;
  /** Asks for a recompute of the period once a workbook changed its state. */
  recompute(bloc: Bloc, period: string, uploadId: string): Promise<void>;
}

export type SesIntakeResult =
  | { kind: 'ignored'; reason: string }
  | { kind: 'rejected'; reason: 'unauthenticated' | 'virus' }
  | { kind: 'received'; outcome: MailOutcome };

/** The bloc's local date (YYYY-MM-DD) of an instant. */
const localDate = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/**
 * The period a message received at `at` is for: the first whose deadline is that day or later (by
 * deadline), else the last one. A workbook for another period is rejected with PERIOD_MISMATCH.
 */
export const periodFor = (bloc: Bloc, at: Date): string => {
  const today = localDate(at, bloc.timezone);
  const byDeadline = [...bloc.periods].sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0));
  return (byDeadline.find((p) => p.deadline >= today) ?? byDeadline[byDeadline.length - 1]!).id;
};

/** The bloc whose intake mailbox the message was sent to. */
const blocFor = async (catalog: SesIntakeDeps['catalog'], recipients: string[]): Promise<Bloc | undefined> => {
  const to = new Set(recipients.map((r) => r.toLowerCase()));
  for (const id of await catalog.list()) {
    const bloc = await catalog.load(id);
    if (bloc.intake && to.has(bloc.intake.email)) return bloc;
  }
  return undefined;
};

export const receiveSesMail = async (d: SesIntakeDeps, r: SesRecord): Promise<SesIntakeResult> => {
  // Checked first: nothing of a message that fails them is stored (beyond SES's own copy under mail/) or answered.
  if (r.receipt.virusVerdict?.status === 'FAIL') return { kind: 'rejected', reason: 'virus' };
  const verdicts = verdictsFromSes(r.receipt);
  if (!authenticated(verdicts)) return { kind: 'rejected', reason: 'unauthenticated' };
  const bloc = await blocFor(d.catalog, r.receipt.recipients ?? r.mail.destination);
  if (!bloc) return { kind: 'ignored', reason: 'no bloc has this intake address' };
  const receivedAt = new Date(r.mail.timestamp);
  const period = periodFor(bloc, receivedAt);
  const raw = await d.blobs.get(`${MAIL_PREFIX}${r.mail.messageId}`);
  const outcome = await receiveMail(d, bloc, period, { name: r.mail.messageId, raw, receivedAt, judgeLateness: true, verdicts }, { send: d.send });
  const changed = outcome.workbooks.find((w) => w.report.unit);
  if (changed) await d.recompute(bloc, period, changed.uploadId);
  return { kind: 'received', outcome };
};

// ── SES SendRawEmail (SES API v2 SendEmail with raw content), signed with Signature Version 4 ──

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const amzDate = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export interface SignableRequest {
  method: string;
  host: string;
  path: string;
  query?: string;
  headers: Record<string, string>;
  body: string;
}

/** Signature Version 4 of a request (the headers to add: x-amz-date, the session token, authorization). */
export const signV4 = (req: SignableRequest, o: { credentials: AwsCredentials; region: string; service: string; at: Date }): Record<string, string> => {
  const date = amzDate(o.at);
  const headers: Record<string, string> = {
    ...req.headers,
    host: req.host,
    'x-amz-date': date,
    ...(o.credentials.sessionToken && { 'x-amz-security-token': o.credentials.sessionToken }),
  };
  const names = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim().replace(/\s+/g, ' ')]));
  const signed = names.join(';');
  const canonical = [req.method, req.path, req.query ?? '', ...names.map((n) => `${n}:${lower[n]}`), '', signed, sha256(req.body)].join('\n');
  const scope = `${date.slice(0, 8)}/${o.region}/${o.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonical)].join('\n');
  const key = [date.slice(0, 8), o.region, o.service, 'aws4_request'].reduce<Buffer | string>(
    (k, part) => hmac(k, part),
    `AWS4${o.credentials.secretAccessKey}`,
  );
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const { host: _host, ...rest } = headers;
  return { ...rest, authorization: `AWS4-HMAC-SHA256 Credential=${o.credentials.accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${signature}` };
};

/** Sends a composed message through SES (POST /v2/email/outbound-emails, Content.Raw). */
export const sesSender =
  (o: { region: string; credentials: () => Promise<AwsCredentials>; fetch?: typeof fetch; now?: () => Date }) =>
  async (reply: MailReply): Promise<void> => {
    const host = `email.${o.region}.amazonaws.com`;
    const body = JSON.stringify({
      FromEmailAddress: reply.from,
      Destination: { ToAddresses: [reply.to] },
      Content: { Raw: { Data: Buffer.from(reply.bytes).toString('base64') } },
    });
    const req = { method: 'POST', host, path: '/v2/email/outbound-emails', headers: { 'content-type': 'application/json' }, body };
    const headers = signV4(req, { credentials: await o.credentials(), region: o.region, service: 'ses', at: o.now?.() ?? new Date() });
    const res = await (o.fetch ?? fetch)(`https://${host}${req.path}`, { method: 'POST', headers, body });
    if (!res.ok) throw new Error(`SES SendEmail failed: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  };
