import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import { buildTemplate } from '#shared/workbooks/template/template.js';
import {
  apiAs,
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
  type Served,
  shots,
  startServe,
  tokenOf,
  uploadAs,
} from './harness.js';

/**
 * After self-scoring, in the browser (SPEC §10): a held late file accepted, a cross-reviewer's review
 * workbook downloaded, filled and uploaded, a tie voted, the period published (an upload then
 * changes nothing), reopened. The sample region with H1 under latePolicy "hold" and STP-GLA
 * assigned to review STP-KHA in Y.
 */
let dir = '';
let served: Served;
let browser: Browser;
let lead = '';
const files: Record<string, Uint8Array> = {};
const api = (token: string, method: string, path: string, body?: unknown) => apiAs(served.base, token, method, path, body);
const board = async (period: string) =>
  (await api(lead, 'GET', `/board?period=${period}`)).body as {
    run: { runId: string } | null;
    members: { unit: string; status: string; rank: number | null; reviewed: boolean }[];
    pendingVotes: { award: string; candidates: string[]; seats: number }[];
    published: { version: number } | null;
  };

describe.skipIf(!existsSync(CHROMIUM))('the review cycle in Chromium against bloc serve', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bloc-cycle-'));
    await cp(SAMPLE, dir, { recursive: true });
    const config = JSON.parse(await readFile(join(dir, 'bloc.json'), 'utf8'));
    for (const p of config.periods) {
      if (p.id === 'H1') p.latePolicy = 'hold';
      if (p.id === 'Y') p.reviewers = { 'STP-GLA': ['STP-KHA'] };
    }
    await writeFile(join(dir, 'bloc.json'), JSON.stringify(config, null, 2));
    const { bloc } = await loadBloc(join(dir, 'bloc.json'));
    const inputs = JSON.parse(await readFile(join(SAMPLE, 'golden/inputs-Y.json'), 'utf8')) as Inputs;
    const kha = inputs['STP-KHA']!;
    files['Y'] = await buildTemplate(bloc, 'Y', 'STP-KHA', fillOf(kha));
    files['H1'] = await buildTemplate(bloc, 'H1', 'STP-KHA', fillOf(kha));
    files['Y-corrected'] = await buildTemplate(bloc, 'Y', 'STP-KHA', fillOf({ ...kha, 'I.2': '5' }));
    // Three units registered for BK_BO (2 seats in a group of 8) with the same values: a tie at the cut-off.
    for (const unit of ['STP-PYE', 'STP-KTU', 'STP-DNO']) files[unit] = await buildTemplate(bloc, 'Y', unit, fillOf(kha));
    await mkdir(join(ROOT, 'test-results'), { recursive: true });
    [served, browser] = await Promise.all([startServe(join(dir, 'bloc.json')), launch()]);
    lead = tokenOf(served.leadLink);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  let member = '';
  let reviewer = '';

  const issue = async (page: Page, unit: string, role: 'member' | 'reviewer') => {
    await page.selectOption('#link-unit', unit);
    await page.selectOption('#link-role', role);
    await page.click('#issue');
    await page.waitForSelector(`#issued:has-text("${unit}")`);
    return page.inputValue('#issued-link');
  };

  it('the lead issues a member link and a cross-reviewer link', async () => {
    const page = await open(browser, served.leadLink);
    await page.waitForSelector('#board-body tr[data-unit="STP-KHA"]');
    member = await issue(page, 'STP-KHA', 'member');
    reviewer = await issue(page, 'STP-GLA', 'reviewer');
    await page.waitForSelector('#links-body tr[data-role="reviewer"]:has-text("STP-GLA")');
    expect(await page.textContent('#links-body tr[data-role="reviewer"]')).toContain('Thẩm định chéo');
    await page.close();
  });

  it('a late file under latePolicy "hold" waits for the lead, who accepts it with a reason', async () => {
    const page = await open(browser, member);
    await page.waitForSelector('#history');
    await page.selectOption('#period', 'H1');
    await page.setInputFiles('#file', { name: 'STP-KHA-H1.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(files['H1']!) });
    await page.waitForSelector('#upload-status:has-text("chờ trưởng khối duyệt")', { timeout: 60_000 });
    expect(await page.textContent('#report')).toContain('nộp muộn');
    await shots(page, 'member-held');
    await page.setViewportSize(DESKTOP);
    await page.selectOption('#period', 'Y');
    await page.setInputFiles('#file', { name: 'STP-KHA.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(files['Y']!) });
    await page.waitForSelector('#upload-status:has-text("hợp lệ.")', { timeout: 60_000 });
    await page.close();

    const leadPage = await open(browser, served.leadLink);
    await leadPage.waitForSelector('#board-body tr[data-unit="STP-KHA"]');
    await leadPage.selectOption('#period', 'H1');
    const row = leadPage.locator('#board-body tr[data-unit="STP-KHA"]');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('held');
    expect(await leadPage.textContent('#counts')).toContain('1 nộp muộn chờ duyệt');
    await shots(leadPage, 'lead-held');
    await row.locator('button.accept-late').click();
    await confirmDialog(leadPage, 'Sở gửi muộn do lỗi mạng, có xác nhận của Văn phòng');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('accepted');
    await leadPage.close();
  });

  it('the cross-reviewer downloads the review workbook, fills it and uploads it, and sees its report', async () => {
    const page = await open(browser, reviewer);
    await page.waitForSelector('#assigned:has-text("STP-KHA")');
    await shots(page, 'reviewer-start');
    await page.setViewportSize(DESKTOP);
    const download = page.waitForEvent('download');
    await page.click('#dl-review');
    const file = await download;
    expect(file.suggestedFilename()).toBe('tham-dinh-STP-GLA-Y.xlsx');
    const path = join(dir, file.suggestedFilename());
    await file.saveAs(path);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    let filled = 0;
    for (const sheet of book.worksheets)
      sheet.eachRow((row) => {
        if (String(row.getCell(1).value ?? '').trim() !== 'I.2') return;
        row.getCell(9).value = 4; // reviewed points
        row.getCell(10).value = 'Minh chứng chưa đủ cho mức tối đa';
        filled++;
      });
    expect(filled).toBe(1);
    await page.setInputFiles('#file', {
      name: 'tham-dinh-STP-GLA-Y.xlsx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
    const done = /hợp lệ\.|bị từ chối|Không gửi|chưa có kết quả/;
    await expect.poll(async () => done.test((await page.textContent('#upload-status')) ?? ''), { timeout: 90_000, interval: 500 }).toBe(true);
    expect(`${await page.textContent('#upload-status')} ${await page.textContent('#report')}`).toContain('Đã ghi nhận thẩm định cho: STP-KHA');
    await expect.poll(() => page.locator('#history tbody tr').count()).toBe(1);
    await shots(page, 'reviewer');
    await page.close();
    await expect.poll(async () => (await board('Y')).members.find((m) => m.unit === 'STP-KHA')?.reviewed, { timeout: 30_000 }).toBe(true);
  });

  it('the lead records the vote of a tie at a quota cut-off (exactly the seats)', async () => {
    for (const unit of ['STP-PYE', 'STP-KTU', 'STP-DNO']) {
      const token = ((await api(lead, 'POST', '/credentials', { unit })).body as { token: string }).token;
      expect(await uploadAs(served.base, token, 'Y', `${unit}.xlsx`, files[unit]!)).toBe(204);
    }
    await expect.poll(async () => (await board('Y')).pendingVotes.length, { timeout: 90_000, interval: 1000 }).toBe(1);
    const vote = (await board('Y')).pendingVotes[0]!;
    expect(vote).toMatchObject({ award: 'BK_BO', seats: 2 });
    expect([...vote.candidates].sort()).toEqual(['STP-DNO', 'STP-KTU', 'STP-PYE']);

    const page = await open(browser, served.leadLink);
    const form = page.locator('fieldset.vote[data-award="BK_BO"]');
    await form.waitFor();
    await form.locator('input[value="STP-PYE"]').check();
    await form.locator('button.vote').click();
    expect(await form.locator('[role=alert]').textContent()).toContain('chọn đúng 2');
    await form.locator('input[value="STP-KTU"]').check();
    await form.locator('button.vote').click();
    await confirmDialog(page, 'Hội đồng biểu quyết ngày 25/11');
    await expect.poll(async () => (await board('Y')).pendingVotes.length, { timeout: 90_000, interval: 1000 }).toBe(0);
    await page.waitForSelector('#votes', { state: 'hidden' });
    await page.close();
  });

  it('publishes; an upload after publishing changes nothing on the board; reopens', async () => {
    const page = await open(browser, served.leadLink);
    await page.waitForSelector('#publish');
    await page.click('#publish');
    await confirmDialog(page);
    await page.waitForSelector('#published:has-text("Đã công bố (lần 1)")');
    const before = await board('Y');
    const rankCell = page.locator('#board-body tr[data-unit="STP-KHA"] td.rank');
    const rank = (await rankCell.textContent())?.trim();

    expect(await uploadAs(served.base, tokenOf(member), 'Y', 'STP-KHA (sửa).xlsx', files['Y-corrected']!)).toBe(204);
    const history = (await api(tokenOf(member), 'GET', '/history?period=Y')).body['versions'] as { status: string }[];
    expect(history[0]!.status).toBe('accepted');
    await api(lead, 'POST', '/recompute', { period: 'Y' });
    // The recompute queued by that upload (and by "recompute now") runs in the server: give it time, then nothing may have moved.
    await new Promise((ok) => setTimeout(ok, 10_000));
    const after = await board('Y');
    expect(after.run?.runId).toBe(before.run?.runId);
    expect(after.published?.version).toBe(1);
    expect((await rankCell.textContent())?.trim()).toBe(rank);
    await shots(page, 'lead-published');

    await page.click('#reopen');
    await confirmDialog(page, 'Sở Tư pháp Khánh Hòa xin sửa tiêu chí I.2');
    await page.waitForSelector('#published:has-text("Chưa công bố")');
    // Reopened, the upload made after publishing counts: a new run.
    await expect.poll(async () => (await board('Y')).run?.runId, { timeout: 90_000, interval: 1000 }).not.toBe(before.run?.runId);
    await page.click('#log button');
    await expect.poll(() => page.textContent('#log-body'), { timeout: 30_000 }).toContain('Công bố');
    await shots(page, 'lead-cycle');
    await page.setViewportSize(PHONE);
    const right = await page.$eval('#board-body tr[data-unit="STP-KHA"] td.rank', (td) => td.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(PHONE.width);
    await page.close();
  });
});
