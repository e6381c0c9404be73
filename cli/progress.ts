/** Progress for people goes to stderr, so stdout stays for data. */
export const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export const elapsed = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
