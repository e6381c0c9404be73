/**
 * A tiny structured logger: one JSON line per event on stdout, which CloudWatch Logs keeps as is
 * (Logs Insights reads the fields). No dependency; `sink` is swappable so tests can capture lines.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;
export type LogSink = (line: string) => void;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** The same logger with more fields on every line (e.g. the request id, the bloc). */
  with(fields: LogFields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export const stdoutSink: LogSink = (line) => void process.stdout.write(`${line}\n`);

const plain = (value: unknown): unknown => {
  if (value instanceof Error)
    return { name: value.name, message: value.message, ...(value.stack && { stack: value.stack }), ...('problems' in value && { problems: value.problems }) };
  if (typeof value === 'bigint') return value.toString();
  return value;
};

const serialize = (record: LogFields): string => {
  try {
    return JSON.stringify(record, (_k, v) => plain(v));
  } catch {
    return JSON.stringify({ level: record['level'], message: record['message'], requestId: record['requestId'], unserializable: true });
  }
};

const levelOf = (text: string | undefined): LogLevel => (text && text.toLowerCase() in RANK ? (text.toLowerCase() as LogLevel) : 'info');

export interface LoggerOptions {
  sink?: LogSink;
  /** Lines below this level are dropped; default from `LOG_LEVEL`, else info. */
  level?: LogLevel;
  now?: () => Date;
}

export const createLogger = (base: LogFields = {}, opts: LoggerOptions = {}): Logger => {
  const sink = opts.sink ?? stdoutSink;
  const min = RANK[opts.level ?? levelOf(process.env['LOG_LEVEL'])];
  const now = opts.now ?? (() => new Date());
  const emit =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      if (RANK[level] < min) return;
      sink(serialize({ time: now().toISOString(), level, message, ...base, ...fields }));
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    with: (fields) => createLogger({ ...base, ...fields }, opts),
  };
};
