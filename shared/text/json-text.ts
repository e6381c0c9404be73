/** JSON as we write it to files: one-space indent and a final newline, like the golden rankings. */
export const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 1)}\n`;
