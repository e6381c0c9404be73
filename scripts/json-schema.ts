// Writes templates/schema/*.schema.json from the zod schemas: `npx tsx scripts/json-schema.ts`.
import { mkdir, writeFile } from 'node:fs/promises';
import { jsonSchemas } from '../shared/config/json-schema.js';

const dir = new URL('../templates/schema/', import.meta.url);
await mkdir(dir, { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas())) await writeFile(new URL(`${name}.schema.json`, dir), `${JSON.stringify(schema, null, 2)}\n`);
