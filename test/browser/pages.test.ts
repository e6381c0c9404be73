import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import { buildTemplate } from '#shared/workbooks/template/template.js';
import {
  CHROMIUM,
  confirmDialog,
  DESKTOP,
  fillOf,
  type Inputs,
  launch,
  open,
  PHONE,
  ROOT,
  SAMPLE,
  SHOTS,
  type Served,
  shot,
  startServe,
  apiAs as api,
  tokenOf,
} from './harness.js';

/** The pages in a real browser against `bloc serve` on the sample region: one server and one Chromium for the whole file. */
const CONFIG = join(SAMPLE, 'bloc.json');

let served: Served;
let browser: Browser;
let goodFile = '';
let badFile = '';
const apiAs = (token: string, method: string, path: string, body?: unknown) => api(served.base, token, method, path, body);

describe.skipIf(!existsSync(CHROMIUM))('the web pages in Chromium against bloc serve', () => {
  beforeAll(async () => {
    const { bloc } = await loadBloc(CONFIG);
    const inputs = JSON.parse(await readFile(join(SAMPLE, 'golden/inputs-Y.json'), 'utf8')) as Inputs;
    const dir = join(ROOT, 'test-results/browser-files');
    await mkdir(dir, { recursive: true });
    goodFile = join(dir, 'STP-KHA.xlsx');
    badFile = join(dir, 'STP-KHA (lỗi).xlsx');
    await writeFile(goodFile, await buildTemplate(bloc, 'Y', 'STP-KHA', fillOf(inputs['STP-KHA']!)));
    await writeFile(badFile, await buildTemplate(bloc, 'Y', 'STP-KHA', fillOf({ ...inputs['STP-KHA']!, 'I.2': 'tám', 'I.3': '7' })));
    [served, browser] = await Promise.all([startServe(CONFIG), launch()]);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  let linkA = '';
  let linkB = '';
  let uploadA = '';

  it('lets the lead issue a link per unit, shown once, from the lead page', async () => {
    const page = await open(browser, served.leadLink);
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
    const page = await open(browser, linkA);
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

    // The annotated copy of the rejected file: the member's own workbook with the bad cells marked.
    await page.waitForSelector('#dl-annotated');
    const annotated = page.waitForEvent('download');
    await page.click('#dl-annotated');
    const saved = join(SHOTS, '..', 'annotated.xlsx');
    await (await annotated).saveAs(saved);
    expect((await readFile(saved)).subarray(0, 2).toString()).toBe('PK');

    await shot(page, 'member-desktop');
    await page.setViewportSize(PHONE);
    await shot(page, 'member-phone');
    // Phone: the history's rows are stacked, every cell within the screen's width.
    const widest = await page.$$eval('#history td, #history td *', (els) => Math.max(...els.map((el) => el.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(PHONE.width);
    const history = await apiAs(tokenOf(linkA), 'GET', '/history?period=Y');
    uploadA = (history.body['versions'] as { uploadId: string }[])[0]!.uploadId;
    await page.close();
  });

  it("keeps one member out of another's reports and prefix", async () => {
    const page = await open(browser, linkB, PHONE);
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
    expect((await fetch(`${served.base}${link.url}`, { method: 'POST', body: form })).status).toBe(403);
    expect(((await apiAs(tokenOf(linkA), 'GET', '/history?period=Y')).body['versions'] as unknown[]).length).toBe(2);
  });

  it('refuses a revoked link, and the lead sees the board change and downloads the summary', async () => {
    const page = await open(browser, served.leadLink);
    await page.waitForSelector('#links-body tr[data-id]');
    await page.click('#links-body tr:has-text("STP-BDI") button.danger');
    await confirmDialog(page);
    await page.waitForSelector('#links-body tr:has-text("STP-BDI") .badge.rejected');
    expect((await apiAs(tokenOf(linkB), 'GET', '/me')).status).toBe(401);
    const member = await open(browser, linkB, PHONE);
    await member.waitForSelector('[role=alert]');
    expect(await member.textContent('[role=alert]')).toContain('đã bị thu hồi');
    await shot(member, 'revoked-phone');
    await member.close();

    const row = page.locator('#board-body tr[data-unit="STP-KHA"]');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('accepted');
    await expect.poll(async () => (await row.locator('td.rank').textContent())?.trim(), { timeout: 60_000, interval: 1000 }).toBe('1');
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
    // Phone: the board's rows are stacked cards: total and rank within the screen.
    const right = await page.$eval('#board-body tr[data-unit="STP-KHA"] td.rank', (td) => td.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);
    await page.close();
  });
});
