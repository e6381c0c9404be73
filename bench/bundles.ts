/**
 * The functions' bundles built as infra/bloc-function.ts has the CDK build them (esbuild, minified
 * ES module for Node 22, createRequire banner, source map beside it, UTF-8), and for each a bundle
 * of its libraries alone: every import of a package the bundled project files make, same names,
 * none of our code.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { BUNDLE_STUB, LEFT_OUT } from '../infra/bundle-options.js';
import { ROOT } from './measure.js';

export const FUNCTIONS = ['ingest', 'recompute', 'schedule', 'links'] as const;
const OUT = join(tmpdir(), 'bench-bundles');

// Keep in step with BlocFunction's `bundling` (infra/bloc-function.ts).
const OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  charset: 'utf8',
  alias: Object.fromEntries(LEFT_OUT.map((p) => [p, BUNDLE_STUB])),
  logLevel: 'error',
  absWorkingDir: ROOT,
  metafile: true,
};

export interface Bundle {
  file: string;
  bytes: number;
}

const isPackage = (spec: string) => !/^(\.|\/|#)/.test(spec);

/** `import … from 'pkg'` and `import('pkg')` of one source file, as statements naming fresh bindings, and those bindings. */
const libraryImports = (source: string, n: { i: number }): { lines: string[]; keep: string[] } => {
  const lines: string[] = [];
  const keep: string[] = [];
  for (const m of source.matchAll(/^\s*import\s+(?!type\s)([\w$\s{},*]+?)\s+from\s+['"]([^'"]+)['"]/gm)) {
    const [, clause, spec] = m as unknown as [string, string, string];
    if (!isPackage(spec)) continue;
    const ns = /\*\s+as\s+([\w$]+)/.exec(clause)?.[1];
    const def = /^([\w$]+)\s*(,|$)/.exec(clause.trim())?.[1];
    const named = (/\{([^}]*)\}/.exec(clause)?.[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && !s.startsWith('type '));
    const id = `l${n.i++}`;
    if (ns) {
      lines.push(`import * as ${id} from '${spec}';`);
      const used = new Set([...source.matchAll(new RegExp(`\\b${ns.replace('$', '\\$')}\\.([\\w$]+)`, 'g'))].map((u) => u[1]!));
      keep.push(...(used.size ? [...used].map((u) => `${id}.${u}`) : [id]));
    }
    if (def) lines.push(`import ${id}d from '${spec}';`), keep.push(`${id}d`);
    if (named.length) {
      const names = named.map((s) => s.split(/\s+as\s+/)[0]!);
      lines.push(`import { ${names.map((x, j) => `${x} as ${id}n${j}`).join(', ')} } from '${spec}';`);
      keep.push(...names.map((_, j) => `${id}n${j}`));
    }
  }
  for (const m of source.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) if (isPackage(m[1]!)) keep.push(`() => import('${m[1]}')`);
  return { lines, keep };
};

const sizeOf = (file: string): Bundle => ({ file, bytes: statSync(file).size });

/** The function's bundle and its libraries-only bundle. */
export const buildPair = async (name: (typeof FUNCTIONS)[number]): Promise<{ ours: Bundle; libs: Bundle }> => {
  const ours = join(OUT, name, 'index.mjs');
  mkdirSync(join(OUT, name), { recursive: true });
  const built = await build({ ...OPTIONS, entryPoints: [join(ROOT, 'functions', name, 'handler.ts')], outfile: ours });
  const n = { i: 0 };
  const lines: string[] = [];
  const keep: string[] = [];
  for (const input of Object.keys(built.metafile!.inputs).filter((f) => !f.includes('node_modules/') && /\.(ts|mts|js|mjs)$/.test(f))) {
    const found = libraryImports(readFileSync(join(ROOT, input), 'utf8'), n);
    lines.push(...found.lines);
    keep.push(...found.keep);
  }
  const libs = join(OUT, `${name}-libs`, 'index.mjs');
  await build({
    ...OPTIONS,
    stdin: { contents: `${lines.join('\n')}\nexport const keep = [${keep.join(', ')}];\n`, resolveDir: ROOT, loader: 'ts' },
    outfile: libs,
  });
  return { ours: sizeOf(ours), libs: sizeOf(libs) };
};
