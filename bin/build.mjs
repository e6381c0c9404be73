#!/usr/bin/env node
// Precompiles the command line (cli/main.ts) into bin/bloc.compiled*.mjs at install (`prepare`), so that
// `npx bloc` starts without compiling TypeScript on every run. Beside it, the sources it was built from:
// bin/bloc.mjs uses the compiled file only while none of them is newer. Without esbuild (installed without
// dev dependencies), nothing is built and bin/bloc.mjs runs the sources through tsx.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = (name) => fileURLToPath(new URL(name, import.meta.url));

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn('bin/build.mjs: esbuild is not installed; bloc will run through tsx');
  process.exit(0);
}
for (const f of readdirSync(out('.'))) if (f.startsWith('bloc.compiled')) rmSync(out(f));
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { 'bloc.compiled': 'cli/main.ts' },
  // Each command in its own chunk, loaded when run (as cli/main.ts imports them); chunks stay in bin/,
  // one folder below the root like cli/, for the paths the commands take from import.meta.url.
  outdir: out('.'),
  splitting: true,
  chunkNames: 'bloc.compiled-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
});
// Written last: a build that stopped half-way leaves no list, and the launcher falls back to tsx.
writeFileSync(out('bloc.compiled.json'), JSON.stringify(Object.keys(result.metafile.inputs).sort()));
