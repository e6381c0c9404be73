/**
 * `bloc run --sheets sheets.json`: the registered Google Sheets of the period, pulled beside the
 * files of --in. Credentials: the service-account key file named by BLOC_GOOGLE_KEY_FILE.
 * BLOC_SHEETS_ROOT_URL points the client at another API root (a local fake, for tests).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSheetsConfig, type SheetRegistration } from '#shared/config/sheets.js';
import type { Bloc } from '#shared/model/bloc.js';
import type { Embedded } from '#shared/local/embedded.js';
import { pullSheets, type SheetPull } from '#shared/pipeline/pull-sheets.js';
import { ROOT_URL_ENV, sheetsReader, type SheetsReader } from '#shared/source/sheets-api.js';
import { keyFromFile, KEY_FILE_ENV, serviceAccountClient } from '#shared/source/sheets-auth.js';
import { CredentialsError } from '#shared/source/sheets-errors.js';
import { timeSortableId } from '#shared/store/keys.js';
import { jsonText } from '#shared/text/json-text.js';
import { UsageError } from './errors.js';
import { progress } from './progress.js';

export interface SheetsPlan {
  registrations: SheetRegistration[];
  reader: SheetsReader;
}

/**
 * The period's registrations and a reader (undefined when the period has none); a bad file or
 * missing credentials are usage errors (exit 2), found before anything starts.
 */
export const planSheets = async (file: string, bloc: Bloc, period: string, env: NodeJS.ProcessEnv = process.env): Promise<SheetsPlan | undefined> => {
  const registrations = (await loadSheetsConfig(file, bloc)).filter((r) => r.period === period);
  const keyFile = env[KEY_FILE_ENV];
  if (!registrations.length) {
    progress(`${file}: không có bảng tính nào đăng ký cho đợt ${period}.`);
    return undefined;
  }
  if (!keyFile)
    throw new UsageError(
      `${file} đăng ký ${registrations.length} bảng tính cho đợt ${period}: đặt biến môi trường ${KEY_FILE_ENV} là đường dẫn tệp khóa (JSON) của tài khoản dịch vụ Google`,
    );
  try {
    const key = await keyFromFile(keyFile);
    const rootUrl = env[ROOT_URL_ENV];
    return { registrations, reader: sheetsReader({ client: serviceAccountClient(key), serviceAccount: key.client_email, ...(rootUrl && { rootUrl }) }) };
  } catch (e) {
    if (e instanceof CredentialsError) throw new UsageError(`${KEY_FILE_ENV}: ${e.message}`);
    throw e;
  }
};

const describe = (p: SheetPull): string => {
  switch (p.kind) {
    case 'ingested': {
      const r = p.outcome.report;
      const counts = [r.errors.length && `${r.errors.length} lỗi`, r.warnings.length && `${r.warnings.length} cảnh báo`].filter(Boolean).join(', ');
      return `${r.status === 'accepted' ? 'tiếp nhận' : 'từ chối'}${r.unit ? ` (${r.unit})` : ''}${counts ? `: ${counts}` : ''}`;
    }
    case 'unchanged':
      return `không thay đổi kể từ lần lấy trước (${p.version.status === 'accepted' ? 'đã tiếp nhận' : 'đã từ chối'}): không tiếp nhận lại`;
    case 'failed':
      return `không lấy được: ${p.failure.code} (${p.failure.detail})`;
    case 'error':
      return `lỗi hệ thống: ${p.error instanceof Error ? p.error.message : String(p.error)}`;
  }
};

/**
 * Pulls the registered sheets (after the files: their upload ids continue the batch's sequence, so a
 * sheet is the later version of a unit that also sent a file) and writes a report per sheet,
 * `reports/<unit>.gsheet.json`. Returns how many could not be ingested because of a defect.
 */
export const pullFolderSheets = async (
  env: Embedded,
  bloc: Bloc,
  period: string,
  plan: SheetsPlan,
  outDir: string,
  o: { batch: string; offset: number; receivedAt?: Date },
): Promise<{ errors: number }> => {
  const pulls = await pullSheets({ ...env, sheets: plan.reader }, bloc, period, plan.registrations, {
    ...(o.receivedAt && { receivedAt: o.receivedAt }),
    judgeLateness: !!o.receivedAt,
    uploadId: (_r, i, at) => timeSortableId(at, `${o.batch}-${String(o.offset + i).padStart(5, '0')}`),
  });
  let errors = 0;
  for (const [i, p] of pulls.entries()) {
    const name = `${p.registration.unit}.gsheet`;
    const report =
      p.kind === 'ingested'
        ? jsonText(p.outcome.report)
        : p.kind === 'unchanged'
          ? Buffer.from(await env.blobs.get(p.version.reportKey)).toString('utf8')
          : p.kind === 'failed'
            ? jsonText(p.report)
            : undefined;
    if (report !== undefined) await writeFile(join(outDir, 'reports', `${name}.json`), report);
    else errors += 1;
    progress(`[sheet ${i + 1}/${pulls.length}] ${name} ${p.registration.url}: ${describe(p)}`);
  }
  return { errors };
};
