import { readFile } from 'node:fs/promises';
import { dirname, posix, resolve } from 'node:path';
import * as z from 'zod';
import type { ZodType } from 'zod';
import vi from 'zod/v4/locales/vi.js';
import type { Bloc, Group } from '../model/bloc.js';
import { checkBloc, checkRubric, type Finding } from './checks.js';
import { compileClasses, compileRubric } from './compile.js';
import { ConfigError, jsonPath, type ConfigProblem } from './problems.js';
import { blocSchema, rubricSchema, strictBlocSchema, strictRubricSchema } from './schema.js';
import { describeJsonError } from '../text/json-position.js';

z.config(vi());

export interface LoadedBloc {
  bloc: Bloc;
  warnings: ConfigProblem[];
}

type Parsed<T> = { value?: T; problems: ConfigProblem[] };

/** Reads a configuration file's text: the file system by default, S3 in Lambda. */
export type ConfigReader = (path: string) => Promise<string>;

const fileReader: ConfigReader = (path) => readFile(path, 'utf8');

const readJson = async (file: string, read: ConfigReader): Promise<Parsed<unknown>> => {
  let text: string;
  try {
    text = await read(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { problems: [{ file, path: '$', message: code === 'ENOENT' ? 'không tìm thấy tệp' : `không đọc được tệp (${code})`, severity: 'error' }] };
  }
  const json = text.replace(/^\uFEFF/, '');
  try {
    return { value: JSON.parse(json), problems: [] };
  } catch (e) {
    return { problems: [{ file, path: '$', message: `không phải JSON hợp lệ, ${describeJsonError(json, e)}`, severity: 'error' }] };
  }
};

/** Validates against the loose schema (errors), the strict one (unknown fields as warnings) and the cross-checks. */
const validate = <T>(file: string, raw: unknown, loose: ZodType<T>, strict: ZodType, check: (t: T) => Finding[]): Parsed<T> => {
  const at = (path: PropertyKey[], message: string, severity: ConfigProblem['severity']): ConfigProblem => ({
    file,
    path: jsonPath(path),
    message,
    severity,
  });
  const parsed = loose.safeParse(raw);
  const extra = strict.safeParse(raw);
  const warnings = extra.success
    ? []
    : extra.error.issues
        .filter((i) => i.code === 'unrecognized_keys')
        .flatMap((i) => (i as { keys: string[] }).keys.map((k) => at([...i.path, k], 'trường không được hỗ trợ, bỏ qua', 'warning')));
  const schemaErrors = parsed.success ? [] : parsed.error.issues.map((i) => at(i.path, i.message, 'error'));
  const findings = crossCheck(check, parsed.success ? parsed.data : (raw as T)).map((f) => at(f.path, f.message, 'error'));
  return { ...(parsed.success && { value: parsed.data }), problems: [...schemaErrors, ...findings, ...warnings] };
};

/**
 * Cross-checks run even when the schema failed, so one pass lists every problem; on data too broken
 * for them to walk they find nothing beyond what the schema already said.
 */
const crossCheck = <T>(check: (t: T) => Finding[], data: T): Finding[] => {
  try {
    return check(data);
  } catch {
    return [];
  }
};

/** The rubric paths a bloc file names, even when the file as a whole is invalid. */
const rubricPaths = (raw: unknown): string[] => {
  const groups = (raw as { groups?: unknown })?.groups;
  return Array.isArray(groups) ? groups.map((g) => (g as { rubric?: unknown })?.rubric).filter((r): r is string => typeof r === 'string' && r.length > 0) : [];
};

const loadRubrics = async (blocFile: string, paths: string[], read: ConfigReader) => {
  const byPath = new Map<string, Parsed<ReturnType<typeof compileRubric>>>();
  for (const rel of new Set(paths)) {
    const file = read === fileReader ? resolve(dirname(blocFile), rel) : posix.join(posix.dirname(blocFile), rel);
    const raw = await readJson(file, read);
    if (!raw.value) {
      byPath.set(rel, raw as Parsed<never>);
      continue;
    }
    const v = validate(file, raw.value, rubricSchema, strictRubricSchema, checkRubric);
    const ok = v.value && !v.problems.some((p) => p.severity === 'error');
    byPath.set(rel, { ...(ok && { value: compileRubric(v.value!) }), problems: v.problems });
  }
  return byPath;
};

/** Reads and checks `bloc.json` and its rubrics; throws ConfigError listing every problem. */
export const loadBloc = async (blocFile: string, read: ConfigReader = fileReader): Promise<LoadedBloc> => {
  const file = read === fileReader ? resolve(blocFile) : blocFile;
  const raw = await readJson(file, read);
  if (!raw.value) throw new ConfigError(raw.problems);
  const v = validate(file, raw.value, blocSchema, strictBlocSchema, checkBloc);
  const rubrics = await loadRubrics(file, rubricPaths(raw.value), read);
  const problems = [...v.problems, ...[...rubrics.values()].flatMap((r) => r.problems)];
  if (!v.value || problems.some((p) => p.severity === 'error')) throw new ConfigError(problems);
  const config = v.value;
  const groups: Group[] = config.groups.map((g) => ({
    id: g.id,
    name: g.name,
    rubricPath: g.rubric,
    rubric: rubrics.get(g.rubric)!.value!,
    members: g.members.map((m) => ({
      code: m.code,
      name: m.name,
      ...(m.area !== undefined && { area: m.area }),
      ...(m.emails && { emails: m.emails.map((e) => e.toLowerCase()) }),
    })),
  }));
  const bloc: Bloc = {
    id: config.id,
    name: config.name,
    year: config.year,
    lead: config.lead,
    timezone: config.timezone,
    periods: config.periods.map(({ id, name, from, to, deadline, reviewers, latePolicy }) => ({
      id,
      name,
      from,
      to,
      deadline,
      ...(reviewers && { reviewers }),
      ...(latePolicy && { latePolicy }),
    })),
    groups,
    classes: compileClasses(config),
    awards: config.awards,
    registrations: config.registrations,
    vetoes: config.vetoes,
    ...(config.intake && {
      intake: { email: config.intake.email.toLowerCase(), ...(config.intake.unitPageUrl && { unitPageUrl: config.intake.unitPageUrl }) },
    }),
  };
  return { bloc, warnings: problems };
};
