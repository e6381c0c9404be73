/**
 * A submission read into a Grid, checked against the bloc for one period (SPEC §5, §6): every
 * problem is reported at once, errors and warnings apart.
 */
import { findPeriod, groupOf, type Bloc, type Group } from '../model/bloc.js';
import { rubricFingerprint } from '../config/fingerprint.js';
import type { Rubric } from '../model/rubric.js';
import { readNumber } from '../numbers/reading.js';
import { quote } from '../numbers/limits.js';
import { INFO_LABELS, OPTIONAL_INFO, parseWorkbookGrid, type InfoKey, type ParsedInfo } from '../submission/parse-workbook.js';
import { matchKey } from '../text/match.js';
import type { Grid } from '../grid/grid.js';
import { readEntries } from './entries.js';
import { problem, splitProblems, type Problem } from '../model/problem.js';
import type { Validated } from './submission.js';
import { endOfDay, localTime, vnDate } from '../text/local-time.js';

export interface ValidateOptions {
  /** When the file was received; lateness is judged only when given. */
  receivedAt?: Date;
}

interface InfoCheck {
  unit: string | null;
  group: Group | undefined;
  rubric: Rubric | undefined;
  problems: Problem[];
  /** TEMPLATE_OUTDATED: the file was made from another version of the unit's rubric; its criteria are not read. */
  outdated?: Problem;
}

const members = (bloc: Bloc) => bloc.groups.flatMap((g) => g.members.map((m) => ({ member: m, group: g })));

/** The rubric to read the criteria with: the unit's; else the one `Mẫu biểu` names; else the bloc's only one. */
const rubricFor = (bloc: Bloc, group: Group | undefined, written: string | undefined): Rubric | undefined => {
  if (group) return group.rubric;
  const named = written ? bloc.groups.find((g) => matchKey(g.rubric.id) === matchKey(written)) : undefined;
  if (named) return named.rubric;
  const ids = new Set(bloc.groups.map((g) => g.rubric.id));
  return ids.size === 1 ? bloc.groups[0]?.rubric : undefined;
};

const checkInfo = (bloc: Bloc, periodId: string, info: ParsedInfo | null): InfoCheck => {
  const problems: Problem[] = [];
  if (!info) return { unit: null, group: undefined, rubric: rubricFor(bloc, undefined, undefined), problems };
  const f = info.fields;
  const present = (key: InfoKey) => {
    const field = f[key];
    if (!field) {
      problems.push(
        problem(
          'INFO_MISSING',
          `${info.sheet}!A1`,
          `Sheet "${info.sheet}" không có nhãn "${INFO_LABELS[key]}" (tìm ở cột A–F, dòng 1–30). Không xóa, sửa các nhãn của mẫu biểu.`,
        ),
      );
      return undefined;
    }
    if (field.empty) {
      if (!OPTIONAL_INFO.has(key))
        problems.push(problem('INFO_MISSING', field.valueCell, `Chưa điền "${field.label}" (ô bên phải nhãn ở ${field.labelCell}).`));
      return undefined;
    }
    return field;
  };

  const blocField = present('bloc');
  if (blocField && matchKey(blocField.text) !== matchKey(bloc.id))
    problems.push(
      problem(
        'BLOC_MISMATCH',
        blocField.valueCell,
        `Mã khối thi đua "${quote(blocField.text)}" không phải khối "${bloc.id}" (${bloc.name}). Tệp này dùng cho khối khác.`,
      ),
    );

  const yearField = present('year');
  if (yearField) {
    const year = readNumber(yearField.raw);
    if (!year.ok || year.value.den !== 1n || year.value.num !== BigInt(bloc.year))
      problems.push(problem('YEAR_MISMATCH', yearField.valueCell, `Năm "${quote(yearField.text)}" không phải năm ${bloc.year} của khối thi đua.`));
  }

  const periodField = present('period');
  const period = findPeriod(bloc, periodId);
  if (periodField && matchKey(periodField.text) !== matchKey(periodId))
    problems.push(
      problem(
        'PERIOD_MISMATCH',
        periodField.valueCell,
        `Đợt "${quote(periodField.text)}" không phải đợt "${periodId}"${period ? ` (${period.name})` : ''} đang nhận bản tự chấm điểm.`,
      ),
    );

  const unitField = present('unit');
  let unit: string | null = null;
  let group: Group | undefined;
  if (unitField) {
    const found = members(bloc).find((m) => matchKey(m.member.code) === matchKey(unitField.text));
    if (found) {
      unit = found.member.code;
      group = groupOf(bloc, unit);
    } else problems.push(problem('UNIT_UNKNOWN', unitField.valueCell, `Mã đơn vị "${quote(unitField.text)}" không phải đơn vị thành viên của ${bloc.name}.`));
  }

  const rubricField = present('rubric');
  if (rubricField && group && matchKey(rubricField.text) !== matchKey(group.rubric.id))
    problems.push(
      problem(
        'RUBRIC_MISMATCH',
        rubricField.valueCell,
        `Mẫu biểu "${quote(rubricField.text)}" không phải mẫu "${group.rubric.id}" (${group.rubric.name}) của ${group.name}. Hãy dùng mẫu biểu được cấp cho đơn vị.`,
      ),
    );

  for (const key of ['unitName', 'preparer', 'preparedOn'] as const) present(key);
  const outdated = rubricField && group && matchKey(rubricField.text) === matchKey(group.rubric.id) ? outdatedTemplate(group, info) : undefined;
  return { unit, group, rubric: rubricFor(bloc, group, rubricField?.text), problems, ...(outdated && { outdated }) };
};

/**
 * A template carries its rubric's fingerprint (`Mã phiên bản mẫu`). Another fingerprint than the
 * current rubric's means the rubric was edited since the template was made: the criteria would
 * fail one by one (missing, above their new maximum) without saying why, so one problem says it.
 * Without the label, or with it left empty, the file is judged as before (older templates, other
 * programs' layouts).
 */
const outdatedTemplate = (group: Group, info: ParsedInfo): Problem | undefined => {
  const written = info.templateVersion;
  if (!written || written.empty) return undefined;
  const current = rubricFingerprint(group.rubric);
  if (matchKey(written.text) === matchKey(current)) return undefined;
  return problem(
    'TEMPLATE_OUTDATED',
    written.valueCell,
    `Tệp được lập từ mẫu biểu cũ (phiên bản ${written.text}); bảng tiêu chí "${group.rubric.id}" (${group.rubric.name}) đã thay đổi, phiên bản hiện hành là ${current}. ` +
      `Hãy tải mẫu mới của đơn vị, kiểm tra lại rồi nộp lại; các số đã nhập được chép sang mẫu mới kèm theo (bản sao đánh dấu của tệp này), giá trị không còn phù hợp được liệt kê ở sheet riêng của mẫu đó.`,
  );
};

// ---------------------------------------------------------------------------------------------
// Deadline

/** `14:05:09 ngày 21/11/2025` in the bloc's time zone. */
const lateTime = (at: Date, timeZone: string): string => {
  const [date, time] = localTime(at, timeZone, true).split(' ');
  return `${time} ngày ${date}`;
};

/** LATE when received after 23:59:59 of the period's deadline in the bloc's time zone; judged on the receipt alone. */
export const lateness = (bloc: Bloc, periodId: string, receivedAt: Date | undefined): Problem[] => {
  const period = findPeriod(bloc, periodId);
  if (!receivedAt || !period || Number.isNaN(receivedAt.getTime())) return [];
  let deadline: Date;
  try {
    deadline = endOfDay(period.deadline, bloc.timezone);
  } catch {
    return [];
  }
  if (receivedAt.getTime() < deadline.getTime()) return [];
  return [
    problem(
      'LATE',
      null,
      `Nộp lúc ${lateTime(receivedAt, bloc.timezone)} (${bloc.timezone}), sau hạn nộp 23:59:59 ngày ${vnDate(period.deadline)} của ${period.name}.`,
    ),
  ];
};

// ---------------------------------------------------------------------------------------------

/**
 * Checks a submission's grid against the bloc for one period: the sheets, `Thông tin` (bloc,
 * year, period, unit, rubric), the header, every criterion and its values, and lateness.
 */
export const validateGrid = (bloc: Bloc, periodId: string, grid: Grid, opts: ValidateOptions = {}): Validated => {
  let info: InfoCheck = { unit: null, group: undefined, rubric: undefined, problems: [] };
  const parsed = parseWorkbookGrid(grid, (parsedInfo) => {
    info = checkInfo(bloc, periodId, parsedInfo);
    // An outdated template is not read against the current rubric: that would only list the
    // consequences (criteria missing, values above their new maximum) of the one real problem.
    return info.outdated ? undefined : info.rubric;
  });
  const isSheetProblem = (p: Problem) => p.code === 'SHEET_MISSING' || p.code === 'SHEET_HIDDEN' || p.code === 'SHEET_DUPLICATE';
  const sheetProblems = parsed.problems.filter(isSheetProblem);
  const scoringProblems = info.outdated ? [info.outdated] : parsed.problems.filter((p) => !isSheetProblem(p));
  const read = info.rubric && !info.outdated && parsed.scoring?.header ? readEntries(info.rubric, parsed.scoring.entries) : { values: {}, problems: [] };
  const { errors, warnings } = splitProblems([
    ...sheetProblems,
    ...info.problems,
    ...scoringProblems,
    ...read.problems,
    ...lateness(bloc, periodId, opts.receivedAt),
  ]);
  const infoText: Record<string, string> = {};
  for (const field of Object.values(parsed.info?.fields ?? {})) if (field) infoText[matchKey(field.label)] = field.text;
  return {
    unit: info.unit,
    values: read.values,
    selfScores: parsed.scoring?.selfScores ?? {},
    ...(parsed.scoring?.header && { evidence: parsed.scoring.evidence, cells: parsed.scoring.cells }),
    info: infoText,
    errors,
    warnings,
  };
};
