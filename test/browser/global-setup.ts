import { fileURLToPath } from 'node:url';

/** The browser tests run against the pages as built: build web/dist once before them. */
export default async function setup(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)), logLevel: 'warn' });
}
