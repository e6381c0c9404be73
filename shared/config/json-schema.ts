import * as z from 'zod';
import { blocSchema, rubricSchema } from './schema.js';
import { sheetsSchema } from './sheets.js';

/** JSON Schemas for editors, generated from the same zod schemas that validate at run time. */
export const jsonSchemas = (): Record<'bloc' | 'rubric' | 'sheets', unknown> => ({
  bloc: z.toJSONSchema(blocSchema, { io: 'input', unrepresentable: 'any' }),
  rubric: z.toJSONSchema(rubricSchema, { io: 'input', unrepresentable: 'any' }),
  sheets: z.toJSONSchema(sheetsSchema, { io: 'input', unrepresentable: 'any' }),
});
