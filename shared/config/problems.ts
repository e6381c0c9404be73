/** A configuration problem: which file, where in it (JSON path) and why. */
export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      problems
        .filter((p) => p.severity === 'error')
        .map(formatProblem)
        .join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export const jsonPath = (segments: readonly PropertyKey[]): string =>
  segments.reduce<string>(
    (acc, s) =>
      typeof s === 'number' ? `${acc}[${s}]` : /^[A-Za-z_$][\w$]*$/.test(String(s)) ? `${acc}.${String(s)}` : `${acc}[${JSON.stringify(String(s))}]`,
    '$',
  );

export const formatProblem = (p: ConfigProblem): string => `${p.severity === 'error' ? 'lỗi' : 'cảnh báo'}: ${p.file} ${p.path}: ${p.message}`;
