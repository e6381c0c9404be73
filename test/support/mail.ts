/** `.eml` fixtures (test/fixtures/mail/) rendered with a sender and generated workbooks, and a sample bloc with sender addresses. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bloc } from '#shared/model/bloc.js';
import { ROOT } from './rubric-builders.js';

export const MAIL_FIXTURES = join(ROOT, 'test/fixtures/mail');

/** The address a unit of the sample region sends from in these tests. */
export const addressOf = (unit: string) => `vanthu@${unit.toLowerCase()}.gov.vn`;
export const INTAKE = 'thidua@khoi.gov.vn';

/** The sample bloc with one sender address per member and the intake mailbox. */
export const withAddresses = (bloc: Bloc): Bloc => ({
  ...bloc,
  intake: { email: INTAKE, unitPageUrl: 'https://thidua.example.gov.vn/don-vi/{unit}' },
  groups: bloc.groups.map((g) => ({ ...g, members: g.members.map((m) => ({ ...m, emails: [addressOf(m.code)] })) })),
});

const base64Lines = (bytes: Uint8Array, width: number) =>
  (
    Buffer.from(bytes)
      .toString('base64')
      .match(new RegExp(`.{1,${width}}`, 'g')) ?? []
  ).join('\n');

/**
 * A fixture as a mail server stores it (CRLF line ends), with `{{FROM}}`, `{{DOMAIN}}`,
 * `{{MESSAGE_ID}}` and `{{XLSX1}}` / `{{XLSX2:72}}` (base64 of a workbook, in lines of 76 or the given width) filled in.
 */
export const renderEml = async (name: string, o: { from: string; messageId?: string; workbooks?: Uint8Array[] }): Promise<Buffer> => {
  const text = await readFile(join(MAIL_FIXTURES, name), 'utf8');
  const filled = text
    .replaceAll('{{FROM}}', o.from)
    .replaceAll('{{DOMAIN}}', o.from.split('@')[1]!)
    .replaceAll('{{MESSAGE_ID}}', o.messageId ?? `${name.replace(/\W/g, '')}.${o.from.replace(/\W/g, '')}@mail.example`)
    .replace(/\{\{XLSX(\d)(?::(\d+))?\}\}/g, (_, n: string, width?: string) => {
      const wb = o.workbooks?.[Number(n) - 1];
      if (!wb) throw new Error(`${name}: no workbook ${n}`);
      return base64Lines(wb, Number(width ?? 76));
    });
  return Buffer.from(filled.replace(/\r?\n/g, '\r\n'), 'utf8');
};
