/**
 * `bloc run` over a folder of `.eml` files gives the same rankings as over the attachments alone,
 * and every authenticated sender gets a reply under OUT/replies/ (docs/email.md).
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBloc, type Run } from '../support/cli.js';
import { addressOf, INTAKE, renderEml } from '../support/mail.js';
import { FIXTURE, tempFiles } from '../support/rubric-builders.js';
import { filledWorkbook, goldenInputs, goldenRankings, sampleBloc } from '../support/sample.js';

const STYLES = ['outlook-rfc2047.eml', 'thunderbird-rfc2231.eml', 'gmail-inline-signature.eml', 'forwarded-as-attachment.eml'];
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

describe('bloc run over a folder of .eml files', () => {
  let dir: string;
  let mailRun: Run;
  let fileRun: Run;
  beforeAll(async () => {
    dir = await tempFiles({});
    // The sample region with one sender address per member and the intake mailbox.
    const config = JSON.parse(await readFile(join(FIXTURE, 'bloc.json'), 'utf8'));
    for (const g of config.groups) for (const m of g.members) m.emails = [addressOf(m.code)];
    config.intake = { email: INTAKE };
    await writeFile(join(dir, 'bloc.json'), JSON.stringify(config, null, 1));
    for (const r of ['rubric-stp.json', 'rubric-thads.json']) await copyFile(join(FIXTURE, r), join(dir, r));

    const [b, inputs] = await Promise.all([sampleBloc(), goldenInputs()]);
    const mail = join(dir, 'mail');
    const files = join(dir, 'files');
    await mkdir(mail);
    await mkdir(files);
    const units = Object.keys(inputs);
    for (const [i, unit] of units.entries()) {
      const wb = await filledWorkbook(b, unit, inputs);
      await writeFile(join(files, `${unit}.xlsx`), wb);
      // Two workbooks from STP-PYE: its own, and STP-BDI's (UNIT_MISMATCH: STP-BDI's own message still counts).
      const eml =
        unit === 'STP-PYE'
          ? await renderEml('two-workbooks.eml', { from: addressOf(unit), workbooks: [wb, await filledWorkbook(b, 'STP-BDI', inputs)] })
          : await renderEml(STYLES[i % STYLES.length]!, { from: addressOf(unit), workbooks: [wb] });
      await writeFile(join(mail, `${unit}.eml`), eml);
    }
    // The same message delivered twice; a spoofed one, one without authentication and an unknown sender, each
    // carrying a workbook that would change the rankings; a message without a workbook.
    await copyFile(join(mail, 'STP-KHA.eml'), join(mail, 'STP-KHA~again.eml'));
    const bad = await filledWorkbook(b, 'STP-KHA', inputs, { 'I.2': { points: '0' } });
    await writeFile(join(mail, 'spoofed.eml'), await renderEml('spoofed-dmarc-fail.eml', { from: addressOf('STP-KHA'), workbooks: [bad] }));
    await writeFile(join(mail, 'unauthenticated.eml'), await renderEml('no-authentication.eml', { from: addressOf('STP-KHA'), workbooks: [bad] }));
    await writeFile(join(mail, 'unknown.eml'), await renderEml('outlook-rfc2047.eml', { from: 'nguoila@gmail.com', workbooks: [bad] }));
    await writeFile(join(mail, 'no-workbook.eml'), await renderEml('other-attachments.eml', { from: addressOf('STP-KTU') }));

    const args = (input: string, out: string) => [
      'run',
      '--config',
      join(dir, 'bloc.json'),
      '--period',
      'Y',
      '--in',
      input,
      '--out',
      out,
      '--received-at',
      '2025-11-20T18:00:00+07:00',
    ];
    [mailRun, fileRun] = await Promise.all([
      runBloc(args(mail, join(dir, 'out-mail')), { timeout: 540_000 }),
      runBloc(args(files, join(dir, 'out-files')), { timeout: 540_000 }),
    ]);
  }, 600_000);

  it('both runs complete', () => {
    expect(mailRun.code, mailRun.stderr).toBe(0);
    expect(fileRun.code, fileRun.stderr).toBe(0);
    expect(mailRun.stderr).toMatch(/spoofed\.eml: vanthu@stp-kha\.gov\.vn → STP-KHA: không xác thực được người gửi/);
    expect(mailRun.stderr).toMatch(/STP-KHA~again\.eml: .*thư đã nhận trước đó/);
  });

  it('gives the same rankings.json as the attachments alone: the golden rankings', async () => {
    const fromMail = await readJson(join(dir, 'out-mail/rankings.json'));
    expect(fromMail).toEqual(await readJson(join(dir, 'out-files/rankings.json')));
    expect(fromMail).toEqual(await goldenRankings());
  });

  it('answers every authenticated sender once, in Vietnamese, and nobody else', async () => {
    const replies = (await readdir(join(dir, 'out-mail/replies'))).sort();
    const expected = (await readdir(join(dir, 'mail'))).filter((f) => !['STP-KHA~again.eml', 'spoofed.eml', 'unauthenticated.eml'].includes(f)).sort();
    expect(replies).toEqual(expected);
    const parse = async (f: string) => PostalMime.parse(await readFile(join(dir, 'out-mail/replies', f)));
    const pye = await parse('STP-PYE.eml');
    expect(pye.to?.[0]).toMatchObject({ address: 'vanthu@stp-pye.gov.vn' });
    expect(pye.from).toMatchObject({ address: INTAKE });
    expect(pye.text).toContain('[UNIT_MISMATCH]');
    expect((await parse('unknown.eml')).subject).toBe('[Thi đua] Địa chỉ gửi chưa được đăng ký');
    expect((await parse('no-workbook.eml')).subject).toBe('[Thi đua] Thư không có bản tự chấm điểm (.xlsx)');
    expect((await parse('STP-KHA.eml')).subject).toBe('[Thi đua] Đã tiếp nhận bản tự chấm điểm của STP-KHA');
  });

  it('writes a record per message under reports/', async () => {
    expect(await readJson(join(dir, 'out-mail/reports/spoofed.eml.json'))).toMatchObject({
      status: 'unauthenticated',
      unit: 'STP-KHA',
      replied: false,
      workbooks: [],
    });
    expect(await readJson(join(dir, 'out-mail/reports/unknown.eml.json'))).toMatchObject({ status: 'unknown-sender', replied: true });
    expect(await readJson(join(dir, 'out-mail/reports/STP-DLK.eml.json'))).toMatchObject({
      status: 'ingested',
      unit: 'STP-DLK',
      workbooks: [{ file: 'Bảng tự chấm điểm năm 2025.xlsx', report: { status: 'accepted', unit: 'STP-DLK' } }],
    });
  });
});
