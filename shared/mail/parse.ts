import PostalMime, { type Attachment, type Email } from 'postal-mime';
import { kindOf, type AttachmentKind } from './kinds.js';
import { MAIL_LIMITS } from './limits.js';

/** One file a message carries, wherever it sits (a forwarded message's files included). */
export interface MailAttachment {
  /** The decoded file name (RFC 2047 / RFC 2231), or null when the part names none. */
  filename: string | null;
  mimeType: string;
  kind: AttachmentKind;
  bytes: Uint8Array;
  /** Found inside a forwarded message (message/rfc822). */
  forwarded: boolean;
}

/** A received message as the intake reads it. */
export interface ReceivedMail {
  /** Message-ID without angle brackets; null when the message has none. */
  messageId: string | null;
  /** The From address, lower case; null when there is none. */
  from: string | null;
  fromName: string;
  /** The To addresses, lower case. */
  to: string[];
  subject: string;
  /** The Date header, when it is a date. */
  date: Date | null;
  /** Every Authentication-Results header, topmost (added last, by the receiving server) first. */
  authenticationResults: string[];
  /** Files, in the message's order; inline images of the body (a signature's logo) are not files. */
  attachments: MailAttachment[];
  /** `too-large`: over MAIL_LIMITS.messageBytes; `unreadable`: refused by the parser. Either way only the header was read. */
  body: 'read' | 'too-large' | 'unreadable';
}

const PARSE_LIMITS = { maxNestingDepth: 50, maxHeadersSize: 256 * 1024, maxRfc822NestingDepth: MAIL_LIMITS.forwardDepth } as const;

const bytesOf = (content: Attachment['content']): Uint8Array =>
  typeof content === 'string' ? new TextEncoder().encode(content) : content instanceof Uint8Array ? content : new Uint8Array(content);

const headerEnd = (raw: Uint8Array): number => {
  for (let i = 0; i + 3 < raw.length; i++) if (raw[i] === 13 && raw[i + 1] === 10 && raw[i + 2] === 13 && raw[i + 3] === 10) return i + 4;
  for (let i = 0; i + 1 < raw.length; i++) if (raw[i] === 10 && raw[i + 1] === 10) return i + 2;
  return Math.min(raw.length, PARSE_LIMITS.maxHeadersSize);
};

/** A message/rfc822 attachment (a message forwarded "as attachment"): its own files, down to a depth. */
const filesOf = async (email: Email, depth: number): Promise<MailAttachment[]> => {
  const out: MailAttachment[] = [];
  for (const a of email.attachments) {
    // A logo or photo referenced from the HTML body (Content-ID in multipart/related) is part of the text.
    if (a.related) continue;
    const bytes = bytesOf(a.content);
    const kind = kindOf(a.filename, a.mimeType);
    if (a.mimeType === 'message/rfc822' && depth < MAIL_LIMITS.forwardDepth && !a.rfc822DepthExceeded) {
      const inner = await PostalMime.parse(bytes, PARSE_LIMITS).catch(() => null);
      if (inner) {
        out.push(...(await filesOf(inner, depth + 1)).map((f) => ({ ...f, forwarded: true })));
        continue;
      }
    }
    out.push({ filename: a.filename, mimeType: a.mimeType, kind, bytes, forwarded: depth > 0 });
  }
  return out;
};

const addressOf = (email: Email): { address: string | null; name: string } => {
  const f = email.from;
  const box = f && (f.address !== undefined ? f : f.group[0]);
  const address = box?.address?.trim().toLowerCase();
  return { address: address && /^[^\s@]+@[^\s@]+$/.test(address) ? address : null, name: box?.name ?? '' };
};

const dateOf = (text: string | undefined): Date | null => {
  if (!text) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
};

/**
 * Parses a raw message with postal-mime (no MIME parsing of our own). Never throws: a message too
 * large, or one postal-mime refuses (nesting, header size), is read for its header only.
 */
export const parseMail = async (raw: Uint8Array): Promise<ReceivedMail> => {
  const tooLarge = raw.byteLength > MAIL_LIMITS.messageBytes;
  let email: Email | null = tooLarge ? null : await PostalMime.parse(raw, PARSE_LIMITS).catch(() => null);
  const headerOnly = !email;
  email ??= await PostalMime.parse(raw.subarray(0, headerEnd(raw)), PARSE_LIMITS).catch(() => ({ headers: [], headerLines: [], attachments: [] }) as Email);
  const from = addressOf(email);
  return {
    messageId: email.messageId?.trim().replace(/^<|>$/g, '') || null,
    from: from.address,
    fromName: from.name,
    to: (email.to ?? [])
      .flatMap((a) => (a.address !== undefined ? [a] : a.group))
      .map((a) => a.address.trim().toLowerCase())
      .filter(Boolean),
    subject: email.subject ?? '',
    date: dateOf(email.date),
    authenticationResults: email.headers.filter((h) => h.key === 'authentication-results').map((h) => h.value),
    attachments: headerOnly ? [] : await filesOf(email, 0),
    body: tooLarge ? 'too-large' : headerOnly ? 'unreadable' : 'read',
  };
};
