#!/usr/bin/env node
// Node 20 cannot run TypeScript: run the command line as precompiled at install (bin/build.mjs), or,
// when that is missing or older than one of its sources, register tsx and run the sources.
import { readFileSync, statSync } from 'node:fs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const compiled = new URL('./bloc.compiled.mjs', import.meta.url);

const fresh = () => {
  try {
    const built = statSync(compiled).mtimeMs;
    const sources = JSON.parse(readFileSync(new URL('./bloc.compiled.json', import.meta.url), 'utf8'));
    return sources.every((file) => statSync(new URL(`../${file}`, import.meta.url)).mtimeMs <= built);
  } catch {
    return false;
  }
};

const load = async () => {
  if (fresh()) return import(compiled.href);
  const { register } = await import('tsx/esm/api');
  register();
  return import('../cli/main.ts');
};
const { main } = await load();
process.exitCode = await main(process.argv);
