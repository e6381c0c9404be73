import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImportDirection, folderOf, importGraph, STAGES } from '../../../scripts/import-direction.js';

const root = resolve(import.meta.dirname, '../../..');

describe('imports follow the flow of the data', () => {
  it('has no import against the flow, no loop and no import of test/ outside the tests', () => {
    expect(checkImportDirection(root)).toEqual([]);
  });

  it('reads the imports it judges (the check cannot pass by reading nothing)', () => {
    const graph = importGraph(root);
    expect(graph.get('shared/pipeline/ingest.ts')).toContain('shared/validation/validate-read.ts');
    expect(graph.get('cli/rank.ts')).toContain('shared/validation/validate-inputs.ts');
    expect([...graph.keys()].every((f) => STAGES[folderOf(f)] !== undefined)).toBe(true);
  });

  it('places validation after the sources and before the store and the workbooks', () => {
    expect(STAGES['shared/source']!).toBeLessThan(STAGES['shared/validation']!);
    expect(STAGES['shared/validation']!).toBeLessThan(STAGES['shared/store']!);
    expect(STAGES['shared/store']!).toBeLessThan(STAGES['shared/workbooks']!);
  });
});
