import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedded } from '#shared/local/embedded.js';
import { mailRecord, receiveMail, type MailOutcome } from '#shared/mail/intake.js';
import type { Bloc } from '#shared/model/bloc.js';
import { jsonText } from '#shared/text/json-text.js';
import { fitName } from '#shared/text/file-name.js';
import { progress } from './progress.js';

/** A received file as `bloc run` lists them (run.ts's InputFile, not imported: run.ts imports this module). */
interface InputFile {
  name: string;
  read: () => Promise<Uint8Array>;
  receivedAt: Date;
  judgeLateness: boolean;
}

const NAME_MAX_BYTES = 255;
const fittedName = (name: string, suffix: string) => `${fitName(name, NAME_MAX_BYTES - Buffer.byteLength(suffix))}${suffix}`;

const describe = (o: MailOutcome): string => {
  const who = `${o.from ?? 'không rõ người gửi'}${o.unit ? ` → ${o.unit}` : ''}`;
  const accepted = o.workbooks.filter((w) => w.report.status === 'accepted').length;
  const what: Record<MailOutcome['status'], string> = {
    ingested: `${accepted} tệp tiếp nhận, ${o.workbooks.length - accepted} tệp bị từ chối`,
    'no-workbook': 'không có tệp .xlsx',
    'unknown-sender': 'địa chỉ chưa đăng ký, không xử lý',
    unauthenticated: 'không xác thực được người gửi (SPF/DKIM/DMARC), không xử lý, không trả lời',
    'too-large': 'thư quá lớn, không xử lý',
    unreadable: 'không đọc được thư',
    duplicate: 'thư đã nhận trước đó (cùng Message-ID), bỏ qua',
  };
  return `${who}: ${what[o.status]}${o.reply ? `; trả lời tại replies/${fittedName(o.file, '')}` : ''}`;
};

/**
 * `bloc run` over a folder holding `.eml` files: each message is received as by the mail intake
 * (sender checked, every `.xlsx` attachment ingested), its record written to
 * `OUT/reports/<file>.json` and its reply to `OUT/replies/<file>`. Returns the other files.
 */
export const ingestMailFiles = async <F extends InputFile>(env: Embedded, bloc: Bloc, period: string, files: F[], outDir: string): Promise<F[]> => {
  const mails = files.filter((f) => /\.eml$/i.test(f.name));
  if (!mails.length) return files;
  const reports = join(outDir, 'reports');
  const replies = join(outDir, 'replies');
  await mkdir(reports, { recursive: true });
  await mkdir(replies, { recursive: true });
  const unreadable: F[] = [];
  for (const [i, f] of mails.entries()) {
    const raw = await f.read().catch(() => null);
    // A file the folder would not give up is reported with the others, as any unreadable file.
    if (!raw) {
      unreadable.push(f);
      continue;
    }
    const outcome = await receiveMail(
      env,
      bloc,
      period,
      { name: f.name, raw, receivedAt: f.receivedAt, judgeLateness: f.judgeLateness },
      { send: (reply) => writeFile(join(replies, fittedName(f.name, '')), reply.bytes) },
    );
    await writeFile(join(reports, fittedName(f.name, '.json')), jsonText(mailRecord(outcome)));
    for (const w of outcome.workbooks) if (w.annotated) await writeFile(join(reports, fittedName(`${f.name} ${w.file}`, '.annotated.xlsx')), w.annotated);
    progress(`[thư ${i + 1}/${mails.length}] ${f.name}: ${describe(outcome)}`);
  }
  return [...files.filter((f) => !/\.eml$/i.test(f.name)), ...unreadable];
};
