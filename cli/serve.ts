import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { EXIT, UsageError, printConfigWarnings } from './errors.js';
import { example } from './help.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = join(ROOT, 'web/dist');

export interface ServeOptions {
  config: string;
  data?: string;
  port?: string;
  host?: string;
}

/** web/dist, built with Vite (a dev dependency) when it is missing. */
export const ensureWebBuilt = async (log: (s: string) => void = (s) => process.stderr.write(s)): Promise<string> => {
  if (
    await access(join(WEB_DIST, 'index.html')).then(
      () => true,
      () => false,
    )
  )
    return WEB_DIST;
  log('chưa có trang web (web/dist): đang dựng bằng Vite…\n');
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new UsageError('thiếu web/dist và không có Vite để dựng trang: chạy "npm run build:web" trên máy có đủ gói phát triển');
  }
  await vite.build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
  return WEB_DIST;
};

const portOf = (text: string | undefined): number => {
  if (text === undefined) return 8787;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port "${text}" không phải số cổng (0–65535; 0: cổng trống bất kỳ)`);
  return n;
};

/** `bloc serve`: the embedded default, the links API and the pages on one local address, until Ctrl+C. */
export const serve = async (o: ServeOptions): Promise<number> => {
  const port = portOf(o.port);
  // Loaded on use: registering the command must not load the AWS SDK for every other command.
  const [{ loadBloc }, { createLogger }, { startLocalServer }] = await Promise.all([
    import('#shared/config/load.js'),
    import('#shared/cloud/log.js'),
    import('#shared/api/local-server.js'),
  ]);
  const { bloc, warnings } = await loadBloc(o.config);
  printConfigWarnings(warnings);
  const webDir = await ensureWebBuilt();
  const log = createLogger({ service: 'serve' }, { sink: (line) => process.stderr.write(`${line}\n`) });
  const server = await startLocalServer({ bloc, webDir, log, port, ...(o.data && { dataDir: o.data }), ...(o.host && { host: o.host }) });
  process.stdout.write(
    `Khối ${bloc.name} (${bloc.id}, năm ${bloc.year}) đang phục vụ tại ${server.url}\n` +
      `Liên kết của trưởng khối (chỉ hiện một lần, không chia sẻ):\n${server.url}/#token=${server.leadToken}\n` +
      `Nhấn Ctrl+C để dừng.\n`,
  );
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('đang dừng…\n');
  await server.stop();
  return EXIT.ok;
};

export const registerServe = (cli: Command, run: (task: () => Promise<number>) => Promise<void>): void => {
  cli
    .command('serve')
    .description('Mở trang web cho các đơn vị và trưởng khối trên máy này (DynamoDB và S3 cục bộ), in liên kết của trưởng khối')
    .requiredOption('--config <file>', 'tệp bloc.json')
    .option('--data <dir>', 'giữ dữ liệu DynamoDB/S3 cục bộ tại đây giữa các lần chạy')
    .option('--port <n>', 'cổng (mặc định 8787; 0: cổng trống bất kỳ)')
    .option('--host <address>', 'địa chỉ lắng nghe (mặc định 127.0.0.1, chỉ máy này)')
    .addHelpText('after', example('npx bloc serve --config templates/ntb-tn-2025/bloc.json --data .bloc/', 'npx bloc serve --config bloc.json --port 0'))
    .action((o: ServeOptions) => run(() => serve(o)));
};
