/**
 * The direction rule of the code (README, "How the code is laid out"): data flows source → grid →
 * submission → validation → store/scoring → workbooks → pipeline → local/cloud → cli/functions/infra,
 * over a core of numbers, model, text and config. A file imports only from its own folder or an
 * earlier stage, no file imports itself back through a loop, and nothing but tests imports `test/`.
 *
 * `npx tsx scripts/import-direction.ts` prints the folder graph of `shared/` and every violation;
 * test/unit/architecture/import-direction.test.ts runs the same check on every test run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Stage of each folder; a folder may import from a lower stage or itself, never a higher or equal other. */
export const STAGES: Record<string, number> = {
  'shared/numbers': 0,
  'shared/model': 1,
  'shared/text': 2,
  'shared/zip': 2,
  'shared/config': 3,
  'shared/grid': 4,
  'shared/source': 5,
  'shared/submission': 6,
  'shared/validation': 7,
  'shared/scoring': 8,
  'shared/store': 8,
  'shared/review': 9,
  'shared/insight': 9,
  'shared/workbooks': 10,
  'shared/pipeline': 11,
  'shared/mail': 12,
  'shared/local': 12,
  'shared/cloud': 12,
  'shared/api': 13,
  cli: 14,
  functions: 14,
  infra: 14,
  web: 14,
  scripts: 15,
  bench: 15,
};

const ROOTS = ['shared', 'cli', 'functions', 'infra', 'web', 'scripts', 'bench'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export interface Violation {
  kind: 'against-flow' | 'cycle' | 'test-import' | 'unknown-folder';
  detail: string;
}

const walk = (dir: string): string[] => {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist' || name === 'cdk.out') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (/\.(ts|mts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
};

/** The folder a file belongs to for the rule: `shared/<folder>` or the top folder. */
export const folderOf = (file: string): string => {
  const parts = file.split('/');
  return parts[0] === 'shared' ? `shared/${parts[1]}` : parts[0]!;
};

const resolveImport = (root: string, from: string, spec: string): string | null => {
  let target: string;
  if (spec.startsWith('#shared/')) target = join('shared', spec.slice('#shared/'.length));
  else if (spec.startsWith('.')) target = relative(root, resolve(root, dirname(from), spec));
  else return null;
  return target.replace(/\.(m?js)$/, '.ts');
};

export const importGraph = (root: string): Map<string, string[]> => {
  const graph = new Map<string, string[]>();
  for (const top of ROOTS) {
    let files: string[] = [];
    try {
      files = walk(join(root, top));
    } catch {
      continue;
    }
    for (const abs of files) {
      const file = relative(root, abs);
      const text = readFileSync(abs, 'utf8');
      const targets: string[] = [];
      for (const m of text.matchAll(IMPORT)) {
        const t = resolveImport(root, file, m[1] ?? m[2]!);
        if (t) targets.push(t);
      }
      graph.set(file, targets);
    }
  }
  return graph;
};

const cycles = (graph: Map<string, string[]>): string[][] => {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  let i = 0;
  const visit = (v: string) => {
    index.set(v, i);
    low.set(v, i++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
};

export const checkImportDirection = (root: string): Violation[] => {
  const graph = importGraph(root);
  const out: Violation[] = [];
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    if (STAGES[from] === undefined) out.push({ kind: 'unknown-folder', detail: `${from} (${file}) has no stage in scripts/import-direction.ts` });
    for (const t of targets) {
      if (t.startsWith('test/')) {
        out.push({ kind: 'test-import', detail: `${file} → ${t}` });
        continue;
      }
      const to = folderOf(t);
      if (to === from || STAGES[from] === undefined || STAGES[to] === undefined) continue;
      if (STAGES[to]! >= STAGES[from]!) out.push({ kind: 'against-flow', detail: `${file} → ${t}` });
    }
  }
  for (const c of cycles(graph)) out.push({ kind: 'cycle', detail: c.join(' ↔ ') });
  return out;
};

/** Folder → folder arrows inside `shared/`, with how many imports make each. */
export const folderArrows = (root: string): Map<string, number> => {
  const arrows = new Map<string, number>();
  for (const [file, targets] of importGraph(root)) {
    if (!file.startsWith('shared/')) continue;
    for (const t of targets) {
      const [a, b] = [folderOf(file), folderOf(t)];
      if (a === b || !b.startsWith('shared/')) continue;
      const k = `${a.slice(7)} → ${b.slice(7)}`;
      arrows.set(k, (arrows.get(k) ?? 0) + 1);
    }
  }
  return new Map([...arrows].sort(([a], [b]) => a.localeCompare(b)));
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  for (const [k, n] of folderArrows(root)) console.log(`${k}  (${n})`);
  const v = checkImportDirection(root);
  for (const x of v) console.log(`${x.kind}: ${x.detail}`);
  console.log(v.length ? `${v.length} violation(s)` : 'imports follow the flow');
  process.exitCode = v.length ? 1 : 0;
}
