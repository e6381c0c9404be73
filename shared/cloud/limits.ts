/** Upload links cap a file at this size (SPEC §6 FILE_TOO_LARGE: over 10 MB). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
