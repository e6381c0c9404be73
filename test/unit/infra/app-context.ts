import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';

/** The feature flags of cdk.json, so tests synthesize what `npx cdk synth` synthesizes. */
export const cdkJsonContext = (): Record<string, unknown> => JSON.parse(readFileSync('cdk.json', 'utf8')).context;

/** An app as the CLI would make it, with bundling skipped (no esbuild run in unit tests). */
export const testApp = (context: Record<string, unknown> = {}) => new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context } });
