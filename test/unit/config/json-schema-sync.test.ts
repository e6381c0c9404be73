import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '#shared/config/json-schema.js';

describe('JSON Schemas for editors', () => {
  it.each(['bloc', 'rubric', 'sheets'] as const)(
    'templates/schema/%s.schema.json is generated from the zod schema (run scripts/json-schema.ts)',
    async (name) => {
      const committed = JSON.parse(await readFile(new URL(`../../../templates/schema/${name}.schema.json`, import.meta.url), 'utf8'));
      expect(committed).toEqual(JSON.parse(JSON.stringify(jsonSchemas()[name])));
    },
  );

  it('describes the criterion types and required fields', () => {
    const text = JSON.stringify(jsonSchemas().rubric);
    for (const word of ['"manual"', '"target"', '"bands"', '"rate"', '"value"', '"tieBreak"']) expect(text).toContain(word);
  });
});
