import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TemplateFill } from '#shared/workbooks/template/template.js';

/**
 * What the browser tests share: `bloc serve` as a child process on a free port, one headless
 * Chromium, screenshots (desktop 1280×800, phone 390×844) in test-results/screenshots/, and the
 * API called directly with a credential.
 */
export const ROOT = resolve(import.meta.dirname, '../..');
export const SAMPLE = join(ROOT, 'templates/ntb-tn-2025');
/** The browser is slow on a shared machine: every wait is generous. */
export const WAIT = 30_000;
export const SHOTS = join(ROOT, 'test-results/screenshots');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export type Inputs = Record<string, Record<string, string | { achieved: string; base?: string }>>;

export const fillOf = (input: Inputs[string]): TemplateFill => ({
  preparer: 'Văn phòng',
  preparedOn: '18/11/2025',
  entries: Object.fromEntries(
    Object.entries(input).map(([code, v]) => [code, typeof v === 'string' ? { points: Number.isNaN(Number(v)) ? v : Number(v) } : v]),
  ),
});

export interface Served {
  server: ChildProcess;
  leadLink: string;
  base: string;
  stop(): Promise<void>;
}

/** `bloc serve --config CONFIG --port 0`; resolves with the lead's link it prints. */
export const startServe = (config: string): Promise<Served> =>
  new Promise((ok, fail) => {
    const server = spawn(process.execPath, [join(ROOT, 'bin/bloc.mjs'), 'serve', '--config', config, '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const stop = async () => {
      if (server.exitCode !== null) return;
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGTERM');
      await exited;
    };
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const link = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out)?.[1];
      if (link) ok({ server, leadLink: link, base: new URL(link).origin, stop });
    });
    server.stderr!.on('data', (c: Buffer) => void (err += c.toString()));
    server.once('exit', (code) => fail(new Error(`bloc serve exited ${code}: ${err.slice(-2000)}`)));
  });

export const launch = async (): Promise<Browser> => {
  await mkdir(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
};

export const shot = async (page: Page, name: string) => {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
};

/** Both widths of one page, in that order. */
export const shots = async (page: Page, name: string) => {
  await page.setViewportSize(DESKTOP);
  await shot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await shot(page, `${name}-phone`);
};

export const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '');

export const apiAs = async (base: string, token: string, method: string, path: string, body?: unknown) => {
  const r = await fetch(`${base}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: r.status, body: (await r.json().catch(() => ({}))) as Record<string, unknown> };
};

/** Uploads a workbook as the credential's unit through its upload link (the local presigned POST); resolves with the HTTP status. */
export const uploadAs = async (base: string, token: string, period: string, file: string, bytes: Uint8Array): Promise<number> => {
  const link = (await apiAs(base, token, 'POST', '/upload-link', { period, file })).body as { url: string; fields: Record<string, string> };
  const form = new FormData();
  for (const [k, v] of Object.entries(link.fields)) form.append(k, v);
  form.append('file', new Blob([bytes]), file);
  return (await fetch(`${base}${link.url}`, { method: 'POST', body: form })).status;
};

/** A new page with the generous timeout; dialogs of the page (<dialog>) are answered by the test itself. */
export const open = async (browser: Browser, link: string, viewport = DESKTOP): Promise<Page> => {
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  page.setDefaultTimeout(WAIT);
  await page.goto(link);
  return page;
};

/** Confirms the page's modal dialog, with a reason when it asks for one. */
export const confirmDialog = async (page: Page, reason?: string) => {
  await page.waitForSelector('dialog[open]');
  if (reason !== undefined) await page.fill('#dialog-reason', reason);
  await page.click('#dialog-ok');
  await page.waitForSelector('dialog[open]', { state: 'detached' });
};
