/** Limits of a submission by e-mail (docs/email.md); each workbook is then held to the reader's own limits (SPEC §6). */
export const MAIL_LIMITS = {
  /** Attachments considered per message; the rest are listed in the reply, not read. */
  attachments: 10,
  /** Per attachment: a larger workbook is still handed to the reader, which reports FILE_TOO_LARGE. */
  attachmentBytes: 10 * 1024 * 1024,
  /** The whole message: a larger one is not parsed beyond its header. */
  messageBytes: 25 * 1024 * 1024,
  /** Forwarded messages (message/rfc822) opened inside one another. */
  forwardDepth: 3,
} as const;
