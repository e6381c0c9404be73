import { userInfo } from 'node:os';

/** Who the audit log names (SPEC §10): `--actor`, else the OS user. */
export const actorOf = (given: string | undefined): string => {
  const named = given?.trim();
  if (named) return named;
  try {
    return userInfo().username || 'không rõ';
  } catch {
    return process.env['USER'] ?? 'không rõ';
  }
};
