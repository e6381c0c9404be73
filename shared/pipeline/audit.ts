/**
 * The audit log's entries (SPEC §10 "Audit"): one per version received, review, late acceptance,
 * vote, publication, reopening and configuration change. Append-only: ids are time-sortable and
 * unique, and a version's entry has the version's own upload id (so a redelivery cannot add it twice).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Bloc } from '../model/bloc.js';
import { problem, type Problem } from '../model/problem.js';
import { timeSortableId } from '../store/keys.js';
import type { AuditEntry, PeriodLedger } from '../store/ledger-port.js';
import type { PeriodKey, VersionRecord } from '../store/ports.js';

/** A new audit or decision id at `at`: the instant, then a tag and random bits (no two alike). */
export const ledgerId = (at: Date, tag: string): string => timeSortableId(at, `${tag}-${randomBytes(4).toString('hex')}`);

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

/** The configuration's hash, as the audit log records a change of it. */
export const configHash = (bloc: Bloc): string => createHash('sha256').update(json(bloc)).digest('hex');

const STATUS: Record<VersionRecord['status'], string> = {
  accepted: 'tiếp nhận',
  rejected: 'từ chối',
  late: 'nộp muộn, chờ trưởng khối quyết định',
};

/** What the log adds to an entry made while the period is published (SPEC §10). */
export const FROZEN_NOTE = ' Kết quả đã công bố không thay đổi (đợt đang công bố).';

/** The entry of a version received; `frozen`: received while the period is published. */
export const versionEntry = (v: VersionRecord, actor: string, frozen = false): AuditEntry => {
  const counts = [v.errors && `${v.errors} lỗi`, v.warnings && `${v.warnings} cảnh báo`].filter(Boolean).join(', ');
  return {
    id: v.uploadId,
    at: v.receivedAt,
    actor,
    action: 'version',
    text: `Nhận tệp "${v.file}" của ${v.unit ?? '(đơn vị không xác định)'} (phiên bản ${v.uploadId}): ${STATUS[v.status]}${counts ? ` (${counts})` : ''}.${frozen ? FROZEN_NOTE : ''}`,
    uploadId: v.uploadId,
    unit: v.unit,
    file: v.file,
    status: v.status,
  };
};

/**
 * Records a configuration change: when the configuration's hash differs from the last one the log
 * holds (or the log holds none), one entry with the new hash. Returns whether it recorded one.
 */
export const noteConfiguration = async (ledger: PeriodLedger, key: PeriodKey, bloc: Bloc, actor: string, now: Date): Promise<boolean> => {
  const hash = configHash(bloc);
  const last = (await ledger.log(key)).filter((e) => e.action === 'config').pop();
  if (last?.configHash === hash) return false;
  return ledger.append(key, {
    id: ledgerId(now, 'config'),
    at: now.toISOString(),
    actor,
    action: 'config',
    text: `${last ? 'Cấu hình khối thay đổi' : 'Cấu hình khối được nạp'}: mã băm ${hash.slice(0, 12)}.`,
    configHash: hash,
  });
};

/**
 * SPEC §10: while the period is published, whatever is received or decided is stored and reported
 * but changes neither the published files nor the published result until the lead reopens it. The
 * warning that says so, or undefined while the period is open (or there is no ledger).
 */
export const publishedFrozen = async (ledger: PeriodLedger | undefined, key: PeriodKey, what: string): Promise<Problem | undefined> => {
  const head = await ledger?.head(key);
  if (head?.state !== 'published') return undefined;
  return problem(
    'PUBLISHED_FROZEN',
    null,
    `Kết quả đợt ${key.period} đã được công bố (lần ${head.publication}). ${what} được lưu nhưng không làm thay đổi kết quả đã công bố cho đến khi trưởng khối mở lại kết quả (bloc reopen).`,
  );
};
