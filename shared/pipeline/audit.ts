/**
 * The audit log's entries (SPEC §10 "Audit"): one per version received, review, late acceptance,
 * vote, publication, reopening and configuration change. Append-only: ids are time-sortable and
 * unique, and a version's entry has the version's own upload id (so a redelivery cannot add it twice).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Bloc } from '../model/bloc.js';
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

/** The entry of a version received. */
export const versionEntry = (v: VersionRecord, actor: string): AuditEntry => {
  const counts = [v.errors && `${v.errors} lỗi`, v.warnings && `${v.warnings} cảnh báo`].filter(Boolean).join(', ');
  return {
    id: v.uploadId,
    at: v.receivedAt,
    actor,
    action: 'version',
    text: `Nhận tệp "${v.file}" của ${v.unit ?? '(đơn vị không xác định)'} (phiên bản ${v.uploadId}): ${STATUS[v.status]}${counts ? ` (${counts})` : ''}.`,
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
