/**
 * What every sheet of the summary workbook (summary.ts) shares: its input, the context built from
 * it once (bloc, period name, generation time, footer, unit names), the header row, the status
 * labels, a member's award text, and a sheet of one table under its title lines (tableSheet) with
 * its autofilter and time cells.
 */
import { findPeriod, type Bloc } from '../../model/bloc.js';
import type { Reviews, Values } from '../../model/submission.js';
import type { Rational } from '../../numbers/rational.js';
import type { MemberResult, MemberStatus, PeriodResult } from '../../scoring/period.js';
import { localDateCell, localTime, offsetLabel } from '../../text/local-time.js';
import type { Font } from 'exceljs';
import type { StreamBook } from '../stream-book.js';
import { Table, type Look, type TableCell } from '../table.js';
import type { AuditEntry } from '../../store/ledger-port.js';

export interface SubmissionLogEntry {
  unit: string | null;
  version: number;
  file: string;
  receivedAt: string /* ISO */;
  /** `late`: held under latePolicy "hold" until the lead accepts it (SPEC §10). */
  status: 'accepted' | 'rejected' | 'late';
  errors: number;
  warnings: number;
  late?: boolean;
  /** An accepted version that does not count: another version of its unit is in force (a later one, or one of the same run). */
  superseded?: boolean;
}

/** A published result, as the summary shows it (SPEC §10). */
export interface PublishedMark {
  n: number;
  at: string;
  actor: string;
}

export interface SummarySubmission {
  values: Values;
  selfScores: Record<string, Rational>;
  reviews?: Reviews;
}

export interface SummaryInput {
  result: PeriodResult;
  /** The accepted version of each unit. */
  submissions: Map<string, SummarySubmission>;
  log: SubmissionLogEntry[];
  generatedAt: Date;
  /** The period's audit log (SPEC §10): sheet `Nhật ký` when given. */
  audit?: readonly AuditEntry[];
  /** The publication this summary is the copy of (SPEC §10): `Tổng hợp` says when and by whom. */
  published?: PublishedMark;
}

/** Header row of every table (the matrix has a second header row below it). */
export const HEADER_ROW = 5;

export const STATUS_TEXT: Record<MemberStatus, string> = {
  accepted: 'Đã tiếp nhận',
  missing: 'Chưa gửi',
  rejected: 'Bị từ chối',
};

export interface Context {
  input: SummaryInput;
  book: StreamBook;
  bloc: Bloc;
  periodName: string;
  generated: string;
  footer: string;
  unitName: (code: string) => string | undefined;
}

export const context = (input: SummaryInput, book: StreamBook): Context => {
  const { bloc } = input.result;
  const period = findPeriod(bloc, input.result.period);
  const names = new Map(bloc.groups.flatMap((g) => g.members.map((m) => [m.code, m.name] as const)));
  const tz = bloc.timezone;
  const periodName = period ? `${period.name} (đợt ${period.id})` : `Đợt ${input.result.period}`;
  return {
    input,
    book,
    bloc,
    periodName,
    generated: `Lập lúc ${localTime(input.generatedAt, tz)} (${offsetLabel(input.generatedAt, tz)})`,
    footer: `${bloc.name} · ${periodName}`,
    unitName: (code) => names.get(code),
  };
};

const awardName = (bloc: Bloc, id: string): string => bloc.awards.find((a) => a.id === id)?.name ?? id;

/** The award or vote of a member, as a lead reads it. */
export const proposalText = (bloc: Bloc, m: MemberResult): string => {
  if (m.proposal?.award) return awardName(bloc, m.proposal.award);
  if (m.proposal?.pendingVote) return `Bỏ phiếu: ${awardName(bloc, m.proposal.pendingVote)}`;
  return '';
};

/**
 * A sheet of one table under a title block: header row HEADER_ROW repeated on every printed page
 * and frozen, the bloc and period in the footer.
 */
export const tableSheet = (ctx: Context, name: string, widths: number[], titles: { value: string; font: Partial<Font> }[]): Table => {
  const t = new Table(ctx.book, name, { widths, titleRows: [HEADER_ROW, HEADER_ROW], frozenRows: HEADER_ROW, frozenColumns: 0, footer: ctx.footer });
  t.titles(titles);
  t.skip(HEADER_ROW - t.row);
  return t;
};

/** The autofilter of a table from its header row to `lastRow` (the header row when the table is empty). */
export const tableFilter = (lastRow: number, columns: number) => ({
  from: { row: HEADER_ROW, column: 1 },
  to: { row: Math.max(lastRow, HEADER_ROW), column: columns },
});

/** A moment as a date cell in the bloc's time zone, centred; text it cannot be read as a moment. */
export const timeCell = (t: Table, at: string, timeZone: string, look: Look = {}): TableCell => {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return t.text(at, { ...look, h: 'center' });
  return { v: localDateCell(date, timeZone), s: t.look({ ...look, h: 'center' }, 'dd/mm/yyyy hh:mm:ss') };
};
