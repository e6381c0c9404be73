/** Counts the requests an SDK client sends, by operation (`dynamodb.Query`), through its middleware stack. */
export class Requests {
  readonly counts = new Map<string, number>();

  attach(client: { middlewareStack: { add: (...args: never[]) => unknown } }, service: string): void {
    const count = (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
      const op = `${service}.${(context.commandName ?? '?').replace(/Command$/, '')}`;
      this.counts.set(op, (this.counts.get(op) ?? 0) + 1);
      return next(args);
    };
    (client.middlewareStack.add as (...a: unknown[]) => unknown)(count, { step: 'initialize', name: `bench-count-${service}` });
  }

  total(prefix = ''): number {
    return [...this.counts].filter(([op]) => op.startsWith(prefix)).reduce((n, [, c]) => n + c, 0);
  }

  text(): string {
    return [...this.counts].map(([op, c]) => `${c} ${op}`).join(' + ') || 'none';
  }

  reset(): void {
    this.counts.clear();
  }
}
