import { readFile } from 'node:fs/promises';
import { dirname, posix, resolve } from 'node:path';
import { loadBloc } from '../shared/config/load.js';
import { loadSheetsConfig, SHEETS_CONFIG_FILE } from '../shared/config/sheets.js';
import { ConfigError, type ConfigProblem } from '../shared/config/problems.js';
import type { Bloc } from '../shared/model/bloc.js';
import { configFolder } from '../shared/cloud/aws/s3-config.js';
import { isKeySegment } from '../shared/store/keys.js';

/** A validated bloc configuration and the files to deploy for it under config/<bloc>/. */
export interface DeployedConfig {
  source: string;
  bloc: Bloc;
  warnings: ConfigProblem[];
  files: { key: string; text: string }[];
}

const problem = (file: string, path: string, message: string): ConfigProblem => ({ file, path, message, severity: 'error' });

/**
 * Loads `bloc.json` with `loadBloc` (every problem listed, as the CLI does) and checks what the cloud
 * adds: ids that become S3 key segments, and rubric files that stay inside the bloc's folder. A
 * `sheets.json` beside bloc.json (the Google Sheets registered per period and unit) is validated and
 * deployed with it.
 */
export const readConfig = async (path: string): Promise<DeployedConfig> => {
  const source = resolve(path);
  const { bloc, warnings } = await loadBloc(source);
  const problems: ConfigProblem[] = [];
  const segment = (value: string, where: string) => {
    if (!isKeySegment(value)) problems.push(problem(source, where, `"${value}" phải gồm chữ cái, chữ số, "-" hoặc "_" (dùng làm một phần khóa S3)`));
  };
  segment(bloc.id, '$.id');
  bloc.periods.forEach((p, i) => segment(p.id, `$.periods[${i}].id`));
  bloc.groups.forEach((g, i) => g.members.forEach((m, j) => segment(m.code, `$.groups[${i}].members[${j}].code`)));
  const rubricKeys = new Map<string, string>();
  bloc.groups.forEach((g, i) => {
    const rel = posix.normalize(g.rubricPath.replace(/\\/g, '/'));
    if (rel.startsWith('../') || rel === '..' || posix.isAbsolute(rel))
      problems.push(problem(source, `$.groups[${i}].rubric`, 'tệp tiêu chí phải nằm trong thư mục của bloc.json (để triển khai cùng lên S3)'));
    else rubricKeys.set(g.rubricPath, rel);
  });
  if (problems.length) throw new ConfigError(problems);
  const folder = configFolder(bloc.id);
  const files = [{ key: `${folder}bloc.json`, text: await readFile(source, 'utf8') }];
  for (const [rel, normalized] of rubricKeys)
    if (!files.some((f) => f.key === `${folder}${normalized}`))
      files.push({ key: `${folder}${normalized}`, text: await readFile(resolve(dirname(source), rel), 'utf8') });
  const sheets = resolve(dirname(source), SHEETS_CONFIG_FILE);
  const sheetsText = await readFile(sheets, 'utf8').catch(() => undefined);
  if (sheetsText !== undefined) {
    await loadSheetsConfig(sheets, bloc, { read: async () => sheetsText }); // a bad file fails synth, every problem listed
    files.push({ key: `${folder}${SHEETS_CONFIG_FILE}`, text: sheetsText });
  }
  return { source, bloc, warnings, files };
};

export const readConfigs = async (paths: string[]): Promise<DeployedConfig[]> => {
  const configs: DeployedConfig[] = [];
  for (const p of paths) configs.push(await readConfig(p));
  const ids = configs.map((c) => c.bloc.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup)
    throw new ConfigError([problem(configs[ids.lastIndexOf(dup)]!.source, '$.id', `khối "${dup}" đã có trong một cấu hình khác của cùng lần triển khai`)]);
  return configs;
};
