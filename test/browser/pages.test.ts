import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import { buildTemplate, type TemplateFill } from '#shared/workbooks/template/template.js';

/**
 * The pages in a real browser against `bloc serve` (a child process on a free port): one server and
 * one Chromium for the whole file. Screenshots (desktop 1280×800, phone 390×844) go to
 * test-results/screenshots/ as artefacts.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const CONFIG = join(ROOT, 'templates/ntb-tn-2025/bloc.json');
/** The browser is slow on a shared machine: every wait is generous. */
const WAIT = 30_000;
const SHOTS = join(ROOT, 'test-results/screenshots');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

type Inputs = Record<string, Record<string, string | { achieved: string; base?: string }>>;

const fillOf = (input: Inputs[string]): TemplateFill => ({
  preparer: 'Văn phòng',
  preparedOn: '18/11/2025',
  entries: Object.fromEntries(
    Object.entries(input).map(([code, v]) => [code, typeof v === 'string' ? { points: Number.isNaN(Number(v)) ? v : Number(v) } : v]),
  ),
});

let server: ChildProcess;
let browser: Browser;
let base = '';
let leadLink = '';
let goodFile = '';
let badFile = '';

const startServe = (): Promise<string> =>
  new Promise((ok, fail) => {
    server = spawn(process.execPath, [join(ROOT, 'bin/bloc.mjs'), 'serve', '--config', CONFIG, '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const link = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out)?.[1];
      if (link) ok(link);
    });
    server.stderr!.on('data', (c: Buffer) => void (err += c.toString()));
    server.once('exit', (code) => fail(new Error(`bloc serve exited ${code}: ${err.slice(-2000)}`)));
  });

const shot = async (page: Page, name: string) => {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
};

const apiAs = async (token: string, method: string, path: string, body?: unknown) => {
  const r = await fetch(`${base}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: r.status, body: (await r.json().catch(() => ({}))) as Record<string, unknown> };
};

const tokenOf = (link: string) => new URL(link).hash.replace('#token=', '');

describe.skipIf(!existsSync(CHROMIUM))('the web pages in Chromium against bloc serve', () => {
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    const { bloc } = await loadBloc(CONFIG);
    const inputs = JSON.parse(await readFile(join(ROOT, 'templates/ntb-tn-2025/golden/inputs-Y.json'), 'utf8')) as Inputs;
    const dir = join(ROOT, 'test-results/browser-files');
    await mkdir(dir, { recursive: true });
    goodFile = join(dir, 'STP-KHA.xlsx');
    badFile = join(dir, 'STP-KHA (lỗi).xlsx');
    await writeFile(goodFile, await buildTemplate(bloc, 'Y', 'STP-KHA', fillOf(inputs['STP-KHA']!)));
    await writeFile(badFile, await buildTemplate(bloc, 'Y', 'STP-KHA', fillOf({ ...inputs['STP-KHA']!, 'I.2': 'tám', 'I.3': '7' })));
    const [link, b] = await Promise.all([
      startServe(),
      chromium.launch({
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
      }),
    ]);
    leadLink = link;
    browser = b;
    base = new URL(link).origin;
  });

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((ok) => server.once('exit', ok));
      server.kill('SIGTERM');
      await exited;
    }
  });

  let linkA = '';
  let linkB = '';
  let uploadA = '';

  it('lets the lead issue a link per unit, shown once, from the lead page', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    page.setDefaultTimeout(WAIT);
    await page.goto(leadLink);
    await page.waitForSelector('#board-body tr[data-unit="STP-KHA"]');
    expect(page.url()).not.toContain('token'); // taken out of the address bar
    for (const unit of ['STP-KHA', 'STP-BDI']) {
      await page.selectOption('#link-unit', unit);
      await page.fill('#link-note', `Văn phòng ${unit}`);
      await page.click('#issue');
      await page.waitForSelector(`#issued:has-text("${unit}")`);
      const link = await page.inputValue('#issued-link');
      if (unit === 'STP-KHA') linkA = link;
      else linkB = link;
    }
    expect(linkA).toMatch(/#token=ntb-tn\./);
    await expect.poll(() => page.locator('#links-body tr').count(), { timeout: 30_000 }).toBe(2);
    await page.close();
  });

  it('shows a member the report of a good file and of a bad one, with errors by cell in Vietnamese', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    page.setDefaultTimeout(WAIT);
    await page.goto(linkA);
    await page.waitForSelector('#history');
    expect(await page.textContent('#period-info')).toContain('Hạn nộp');
    const download = page.waitForEvent('download');
    await page.click('text=Tải biểu mẫu trống');
    expect((await download).suggestedFilename()).toBe('STP-KHA-Y.xlsx');

    await page.setInputFiles('#file', goodFile);
    await page.waitForSelector('#upload-status:has-text("hợp lệ.")', { timeout: 60_000 });
    expect(await page.textContent('#report')).toContain('Tệp hợp lệ');

    await page.setInputFiles('#file', badFile);
    await page.waitForSelector('#upload-status:has-text("bị từ chối")', { timeout: 60_000 });
    const report = (await page.textContent('#report'))!;
    expect(report).toContain('Bị từ chối');
    const cells = await page.locator('#report table.problems.error td.cell').allTextContents();
    expect(cells.some((c) => /[A-Z]+\d+/.test(c))).toBe(true);
    await expect.poll(() => page.locator('#history tbody tr').count(), { timeout: 30_000 }).toBe(2);
    const rows = await page.locator('#history tbody tr').allTextContents();
    expect(rows[0]).toContain('Bị từ chối');
    expect(rows[1]).toContain('Hợp lệ');
    expect(rows[1]).toMatch(/\d+\.\d\d/); // the accepted version's total
    await shot(page, 'member-desktop');
    await page.setViewportSize(PHONE);
    await shot(page, 'member-phone');
    const history = await apiAs(tokenOf(linkA), 'GET', '/history?period=Y');
    uploadA = (history.body['versions'] as { uploadId: string }[])[0]!.uploadId;
    await page.close();
  });

  it("keeps one member out of another's reports and prefix", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    page.setDefaultTimeout(WAIT);
    await page.goto(linkB);
    await page.waitForSelector('#history');
    await page.waitForSelector('#history tbody:has-text("Chưa nộp tệp nào")');
    await page.close();
    const b = tokenOf(linkB);
    expect((await apiAs(b, 'GET', `/report?period=Y&upload=${uploadA}`)).status).toBe(404);
    // B's signed form, its key pointed at A's folder: refused; A's versions unchanged.
    const link = (await apiAs(b, 'POST', '/upload-link', { period: 'Y', file: 'x.xlsx' })).body as { url: string; fields: Record<string, string> };
    expect(link.fields['key']).toMatch(/\/STP-BDI\//);
    const form = new FormData();
    for (const [k, v] of Object.entries(link.fields))
      form.append(k, k === 'key' ? v.replace('/STP-BDI/', '/STP-KHA/') : k === 'keyPrefix' ? v.replace('STP-BDI', 'STP-KHA') : v);
    form.append('file', new Blob([await readFile(goodFile)]), 'STP-KHA.xlsx');
    expect((await fetch(`${base}${link.url}`, { method: 'POST', body: form })).status).toBe(403);
    expect(((await apiAs(tokenOf(linkA), 'GET', '/history?period=Y')).body['versions'] as unknown[]).length).toBe(2);
  });

  it('refuses a revoked link, and the lead sees the board change and downloads the summary', async () => {
    const page = await browser.newPage({ viewport: DESKTOP, acceptDownloads: true });
    page.setDefaultTimeout(WAIT);
    page.on('dialog', (d) => void d.accept());
    await page.goto(leadLink);
    await page.waitForSelector('#links-body tr[data-id]');
    await page.click('#links-body tr:has-text("STP-BDI") button.danger');
    await page.waitForSelector('#links-body tr:has-text("STP-BDI") .badge.rejected');
    expect((await apiAs(tokenOf(linkB), 'GET', '/me')).status).toBe(401);
    const member = await browser.newPage({ viewport: PHONE });
    member.setDefaultTimeout(WAIT);
    await member.goto(linkB);
    await member.waitForSelector('[role=alert]');
    expect(await member.textContent('[role=alert]')).toContain('đã bị thu hồi');
    await shot(member, 'revoked-phone');
    await member.close();

    const row = page.locator('#board-body tr[data-unit="STP-KHA"]');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('accepted');
    await expect.poll(async () => (await row.locator('td').nth(4).textContent())?.trim(), { timeout: 60_000, interval: 1000 }).toBe('1');
    expect(await page.textContent('#counts')).toContain('1 hợp lệ');
    const download = page.waitForEvent('download');
    await page.click('#dl-summary');
    const file = await download;
    expect(file.suggestedFilename()).toBe('tong-hop-ntb-tn-2025-Y.xlsx');
    const saved = join(SHOTS, '..', 'summary.xlsx');
    await file.saveAs(saved);
    expect((await readFile(saved)).subarray(0, 2).toString()).toBe('PK');
    await shot(page, 'lead-desktop');
    await page.setViewportSize(PHONE);
    await shot(page, 'lead-phone');
    await page.close();
  });
});
