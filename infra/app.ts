import { App } from 'aws-cdk-lib';
import { ConfigError, formatProblem } from '../shared/config/problems.js';
import { buildStacks } from './build.js';
import { WEB_DIST_CONTEXT, buildWebSite } from './web-site.js';

/** `npx cdk synth|deploy -c config=templates/ntb-tn-2025/bloc.json` (see cdk.json and docs/deploy.md); the pages are built first. */
const app = new App();
try {
  app.node.setContext(WEB_DIST_CONTEXT, await buildWebSite());
  const { configs } = await buildStacks(app);
  const warnings = configs.flatMap((c) => c.warnings);
  if (warnings.length) process.stderr.write(`${warnings.map(formatProblem).join('\n')}\n`);
  app.synth();
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`Cấu hình không hợp lệ:\n${e.problems.map(formatProblem).join('\n')}\n`);
    process.exit(2);
  }
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
