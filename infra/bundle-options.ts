import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages left out of every function bundle, each replaced by infra/bundle-stub.cjs (the bench builds with the same). */
export const LEFT_OUT = ['fast-csv', 'unzipper'];
export const BUNDLE_STUB = join(REPO_ROOT, 'infra', 'bundle-stub.cjs');
