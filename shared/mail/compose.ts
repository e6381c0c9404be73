/**
 * A minimal MIME writer for the replies (postal-mime only parses): RFC 5322 headers, RFC 2045
 * base64 bodies, RFC 2047 encoded words for non-ASCII header text, RFC 2231 parameters for
 * non-ASCII file names. Lines end in CRLF and stay within 78 characters.
 */
import { createHash } from 'node:crypto';

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface OutgoingMail {
  from: { address: string; name?: string };
  to: { address: string; name?: string };
  subject: string;
  date: Date;
  /** Without angle brackets. */
  messageId: string;
  inReplyTo?: string;
  text: string;
  attachments?: OutgoingAttachment[];
}

const CRLF = '\r\n';
const isPlainAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

/** base64 in lines of 76 characters. */
const base64Lines = (bytes: Uint8Array): string =>
  (
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join(CRLF);

/**
 * RFC 2047 B-encoded words of at most 75 characters each, split between characters (never inside a
 * UTF-8 sequence), separated by folding white space.
 */
export const encodedWords = (text: string, firstMax = 75): string[] => {
  const words: string[] = [];
  let chunk = '';
  const wordOf = (s: string) => `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
  for (const ch of text.normalize('NFC')) {
    if (wordOf(chunk + ch).length > (words.length ? 75 : firstMax)) {
      words.push(wordOf(chunk));
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk || !words.length) words.push(wordOf(chunk));
  return words;
};

/** An unstructured header's value (Subject): as is when plain ASCII and short, otherwise encoded words. */
const unstructured = (name: string, value: string): string => {
  const clean = value.replace(/[\r\n]+/g, ' ');
  if (isPlainAscii(clean) && name.length + 2 + clean.length <= 78) return `${name}: ${clean}`;
  return `${name}: ${encodedWords(clean, 76 - name.length - 2).join(`${CRLF} `)}`;
};

const ADDRESS = /^[^\s@<>()",;:\\[\]]+@[A-Za-z0-9.-]+$/;

/** `header` is the header's name, so that the first line stays within 78 characters. */
const mailbox = (header: string, m: { address: string; name?: string }): string => {
  if (!ADDRESS.test(m.address)) throw new Error(`not an address: ${m.address}`);
  const name = m.name?.replace(/[\r\n]+/g, ' ').trim();
  if (!name) return `${header}: ${m.address}`;
  const shown = isPlainAscii(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : encodedWords(name, 76 - header.length - 2).join(`${CRLF} `);
  return `${header}: ${shown}${CRLF} <${m.address}>`;
};

const TOKEN = /^[A-Za-z0-9!#$&+.^_`|~-]+$/;

/** A parameter (`filename`, `name`): quoted when ASCII; RFC 2231 `name*0*=UTF-8''…` continuations otherwise. */
export const parameter = (name: string, value: string): string[] => {
  if (isPlainAscii(value) && value.length <= 60) return [`${name}="${value.replace(/(["\\])/g, '\\$1')}"`];
  const encoded = [...Buffer.from(value.normalize('NFC'), 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      return TOKEN.test(c) && c !== '%' && c !== "'" ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
  const pieces: string[] = [];
  // Pieces of at most 50 characters (the first line also holds `UTF-8''`), never splitting a %XX escape.
  for (let i = 0; i < encoded.length; ) {
    let end = Math.min(encoded.length, i + 50);
    const pct = encoded.lastIndexOf('%', end - 1);
    if (pct > end - 3 && pct >= i && end < encoded.length) end = pct;
    pieces.push(encoded.slice(i, end));
    i = end;
  }
  return pieces.map((p, i) => `${name}*${i}*=${i === 0 ? "UTF-8''" : ''}${p}`);
};

/** `Header: value;` folded after the colon when the value is long (a spreadsheet's content type is). */
const withParams = (header: string, value: string, params: string[][]): string =>
  [`${header}:${header.length + value.length + 3 > 78 ? `${CRLF} ` : ' '}${value}`, ...params.flat()].join(`;${CRLF} `);

/** RFC 5322 date-time in UTC: `Fri, 21 Nov 2025 01:00:00 +0000`. */
export const rfc5322Date = (d: Date): string => d.toUTCString().replace(/GMT$/, '+0000');

/** A boundary that base64 text cannot contain ("=_" never occurs in it) and that is the same for the same message. */
const boundaryFor = (m: OutgoingMail, n: number) => `=_bloc_${createHash('sha256').update(`${m.messageId}/${n}`).digest('hex').slice(0, 24)}`;

const textPart = (text: string): string[] => [
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(Buffer.from(text.normalize('NFC').replace(/\r?\n/g, CRLF), 'utf8')),
];

const attachmentPart = (a: OutgoingAttachment): string[] => [
  // `name` on Content-Type as well, for clients that read only that one.
  withParams('Content-Type', a.contentType, [parameter('name', a.filename)]),
  withParams('Content-Disposition', 'attachment', [parameter('filename', a.filename)]),
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(a.bytes),
];

/** The message as bytes, ready for SES SendRawEmail or a `.eml` file. */
export const composeMail = (m: OutgoingMail): Uint8Array => {
  const headers = [
    mailbox('From', m.from),
    mailbox('To', m.to),
    unstructured('Subject', m.subject),
    `Date: ${rfc5322Date(m.date)}`,
    `Message-ID: <${m.messageId}>`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`, `References: <${m.inReplyTo}>`] : []),
    'MIME-Version: 1.0',
    'Auto-Submitted: auto-replied',
  ];
  const attachments = m.attachments ?? [];
  let body: string[];
  if (!attachments.length) body = [...textPart(m.text), ''];
  else {
    const boundary = boundaryFor(m, 0);
    body = [
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      'This is a multi-part message in MIME format.',
      ...[textPart(m.text), ...attachments.map(attachmentPart)].flatMap((part) => [`--${boundary}`, ...part]),
      `--${boundary}--`,
      '',
    ];
  }
  return Buffer.from([...headers, ...body].join(CRLF), 'utf8');
};
