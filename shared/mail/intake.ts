/**
 * A submission by e-mail: the message kept like a raw upload, its sender authenticated and mapped
 * to a unit, every `.xlsx` attachment ingested as one upload of that unit (the same ingest path,
 * reader and checks as an uploaded file), and a reply composed in Vietnamese. Idempotent on the
 * message: its upload id, and those of its workbooks, derive from its Message-ID, so a second
 * delivery changes nothing and is not answered again.
 */
import { createHash } from 'node:crypto';
import type { Bloc } from '../model/bloc.js';
import { ingest, type IngestDeps } from '../pipeline/ingest.js';
import { periodKey } from '../pipeline/period-key.js';
import type { SubmissionReport } from '../pipeline/report.js';
import { rawKey, timeSortableId } from '../store/keys.js';
import { jsonText } from '../text/json-text.js';
import { composeMail } from './compose.js';
import { XLSX_TYPE, type AttachmentKind } from './kinds.js';
import { MAIL_LIMITS } from './limits.js';
import { parseMail, type ReceivedMail } from './parse.js';
import { replyText, type OtherLine, type ReplyCase, type WorkbookLine } from './reply.js';
import { authenticated, verdictsFromHeader, type Verdicts } from './trust.js';

export interface MailReceipt {
  /** What the message is called in reports: the `.eml` file locally, the SES message id in AWS. */
  name: string;
  raw: Uint8Array;
  /** When it arrived (SES's receipt time; locally --received-at or the time of the run). */
  receivedAt: Date;
  judgeLateness: boolean;
  /** SES's verdicts; without them the topmost Authentication-Results header is read. */
  verdicts?: Verdicts;
}

export type MailStatus =
  /** Its workbooks were ingested (accepted or rejected: see each report). */
  | 'ingested'
  | 'no-workbook'
  | 'unknown-sender'
  /** Not authenticated for its From domain: kept, not ingested, not answered. */
  | 'unauthenticated'
  | 'too-large'
  | 'unreadable'
  /** Handled before (same Message-ID): nothing done, no second reply. */
  | 'duplicate';

export interface MailWorkbook {
  file: string;
  uploadId: string;
  report: SubmissionReport;
  annotated?: Uint8Array;
}

export interface MailReply {
  to: string;
  from: string;
  messageId: string;
  bytes: Uint8Array;
}

/** What happened to one message: its record (`mail.json`), and the reply to send, if any. */
export interface MailOutcome {
  file: string;
  messageId: string | null;
  from: string | null;
  unit: string | null;
  status: MailStatus;
  verdicts: Verdicts;
  /** raw/…/<uploadId>/message.eml; reports/…/<uploadId>/mail.json and reply.eml. */
  uploadId: string;
  workbooks: MailWorkbook[];
  others: OtherLine[];
  reply?: MailReply;
}

/** What `mail.json` keeps of an outcome (no bytes). */
export const mailRecord = (o: MailOutcome) => ({
  file: o.file,
  messageId: o.messageId,
  from: o.from,
  unit: o.unit,
  status: o.status,
  verdicts: o.verdicts,
  uploadId: o.uploadId,
  workbooks: o.workbooks.map((w) => ({ file: w.file, uploadId: w.uploadId, report: w.report })),
  others: o.others,
  replied: !!o.reply,
});

const mailKey = (bloc: Bloc, period: string, uploadId: string, name: string) => {
  const k = periodKey(bloc, period);
  return `reports/${k.bloc}/${k.year}/${k.period}/${uploadId}/${name}`;
};

/** The address replies come from: the configured intake mailbox, else the one the message was sent to. */
const intakeAddress = (bloc: Bloc, mail: ReceivedMail): string => bloc.intake?.email ?? mail.to[0] ?? `thidua@${bloc.id}.invalid`;

export const unitOfAddress = (bloc: Bloc, address: string | null): string | null => {
  if (!address) return null;
  const a = address.toLowerCase();
  return bloc.groups.flatMap((g) => g.members).find((m) => m.emails?.some((e) => e.toLowerCase() === a))?.code ?? null;
};

const isWorkbook = (kind: AttachmentKind, mimeType: string) => kind === 'xlsx' || (kind === 'other' && mimeType.toLowerCase() === XLSX_TYPE);

/**
 * The message's upload id: its time (the Date header, never later than its receipt) and a hash of
 * its Message-ID (of its bytes when it has none), so every delivery of it gets the same id.
 */
export const messageUploadId = (mail: ReceivedMail, raw: Uint8Array, receivedAt: Date): string => {
  const at = mail.date && mail.date.getTime() < receivedAt.getTime() ? mail.date : receivedAt;
  const hash = createHash('sha256')
    .update(mail.messageId ? `id:${mail.messageId}` : 'raw:')
    .update(mail.messageId ? '' : raw)
    .digest('hex');
  return timeSortableId(at, `m${hash.slice(0, 16)}`);
};

const exists = (deps: IngestDeps, key: string) =>
  deps.blobs.get(key).then(
    () => true,
    () => false,
  );

export interface ReceiveOptions {
  /** Sends the reply (SES, or a file locally); called before the message is recorded as handled. */
  send?: (reply: MailReply) => Promise<void>;
}

/** One received message → kept, checked, its workbooks ingested, answered (see the module comment). */
export const receiveMail = async (deps: IngestDeps, bloc: Bloc, period: string, r: MailReceipt, o: ReceiveOptions = {}): Promise<MailOutcome> => {
  const mail = await parseMail(r.raw);
  const uploadId = messageUploadId(mail, r.raw, r.receivedAt);
  const fromDomain = mail.from?.split('@')[1] ?? '';
  const verdicts = r.verdicts ?? verdictsFromHeader(mail.authenticationResults[0], fromDomain);
  const unit = unitOfAddress(bloc, mail.from);
  const base = {
    file: r.name,
    messageId: mail.messageId,
    from: mail.from,
    unit,
    verdicts,
    uploadId,
    workbooks: [] as MailWorkbook[],
    others: [] as OtherLine[],
  };
  const recordKey = mailKey(bloc, period, uploadId, 'mail.json');
  if (await exists(deps, recordKey)) return { ...base, status: 'duplicate' };

  await deps.blobs.put(rawKey(periodKey(bloc, period), uploadId, 'message.eml'), r.raw, 'message/rfc822');
  const outcome = await handle(deps, bloc, period, r, mail, base);
  if (outcome.reply) {
    await deps.blobs.put(mailKey(bloc, period, uploadId, 'reply.eml'), outcome.reply.bytes, 'message/rfc822');
    await o.send?.(outcome.reply);
  }
  await deps.blobs.put(recordKey, jsonText(mailRecord(outcome)), 'application/json');
  return outcome;
};

type Base = Omit<MailOutcome, 'status' | 'reply'>;

const handle = async (deps: IngestDeps, bloc: Bloc, period: string, r: MailReceipt, mail: ReceivedMail, base: Base): Promise<MailOutcome> => {
  // Never answer a message whose sender is not who the From header says: the reply would go to them.
  if (!mail.from || !authenticated(base.verdicts)) return { ...base, status: 'unauthenticated' };
  const answer = (status: MailStatus, c: ReplyCase, extra: Partial<MailOutcome> = {}, files: { filename: string; bytes: Uint8Array }[] = []): MailOutcome => {
    const { subject, text } = replyText(bloc, c, { subject: mail.subject });
    const from = intakeAddress(bloc, mail);
    const messageId = `reply.${base.uploadId}@${from.split('@')[1]}`;
    const bytes = composeMail({
      from: { address: from, name: `Thi đua ${bloc.name}` },
      to: { address: mail.from!, ...(mail.fromName && { name: mail.fromName }) },
      subject,
      date: r.receivedAt,
      messageId,
      ...(mail.messageId && { inReplyTo: mail.messageId }),
      text,
      attachments: files.map((f) => ({ filename: f.filename, contentType: XLSX_TYPE, bytes: f.bytes })),
    });
    return { ...base, ...extra, status, reply: { to: mail.from!, from, messageId, bytes } };
  };
  if (mail.body === 'too-large') return answer('too-large', { kind: 'too-large', bytes: r.raw.byteLength });
  if (mail.body === 'unreadable') return answer('unreadable', { kind: 'unreadable' });
  if (!base.unit) return answer('unknown-sender', { kind: 'unknown-sender', address: mail.from });

  const unit = base.unit;
  const considered = mail.attachments.slice(0, MAIL_LIMITS.attachments);
  const others: OtherLine[] = mail.attachments
    .slice(MAIL_LIMITS.attachments)
    .map((a, i) => ({ file: a.filename ?? `tệp đính kèm ${MAIL_LIMITS.attachments + i + 1}`, kind: 'over-limit' }));
  const workbooks: MailWorkbook[] = [];
  for (const [i, a] of considered.entries()) {
    const file = a.filename?.trim() || `tep-dinh-kem-${i + 1}${isWorkbook(a.kind, a.mimeType) ? '.xlsx' : ''}`;
    if (!isWorkbook(a.kind, a.mimeType)) {
      others.push({ file, kind: a.kind });
      continue;
    }
    const wbId = `${base.uploadId}-a${String(i + 1).padStart(2, '0')}`;
    const outcome = await ingest(deps, bloc, period, {
      file,
      bytes: a.bytes,
      uploadId: wbId,
      receivedAt: r.receivedAt,
      judgeLateness: r.judgeLateness,
      sender: unit,
    });
    if (outcome.duplicate) {
      // An earlier delivery stopped before it was recorded as handled: its reports stand.
      const report = JSON.parse(Buffer.from(await deps.blobs.get(outcome.version.reportKey)).toString('utf8')) as SubmissionReport;
      const annotated = outcome.version.annotatedKey ? await deps.blobs.get(outcome.version.annotatedKey) : undefined;
      workbooks.push({ file, uploadId: wbId, report, ...(annotated && { annotated }) });
    } else workbooks.push({ file, uploadId: wbId, report: outcome.report, ...(outcome.annotated && { annotated: outcome.annotated }) });
  }
  if (!workbooks.length) return answer('no-workbook', { kind: 'no-workbook', unit, others }, { others });
  const lines: WorkbookLine[] = workbooks.map((w) => ({ file: w.file, report: w.report, annotated: !!w.annotated }));
  const copies = workbooks.filter((w) => w.annotated).map((w) => ({ filename: annotatedName(w.file), bytes: w.annotated! }));
  return answer('ingested', { kind: 'result', unit, workbooks: lines, others }, { workbooks, others }, copies);
};

/** "Bảng tự chấm.xlsx" → "Bảng tự chấm (đánh dấu lỗi).xlsx". */
export const annotatedName = (file: string): string => `${file.replace(/\.xlsx$/i, '')} (đánh dấu lỗi).xlsx`;
