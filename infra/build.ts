import { type App, Tags, Validations } from 'aws-cdk-lib';
import cdkNag from 'cdk-nag';
import { BlocStack } from './bloc-stack.js';
import { readConfigs, type DeployedConfig } from './config.js';

export const USAGE = 'Cần cấu hình khối: npx cdk synth -c config=templates/ntb-tn-2025/bloc.json (nhiều khối: -c config=a/bloc.json,b/bloc.json)';

const text = (app: App, key: string): string | undefined => {
  const v = app.node.tryGetContext(key);
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};

/**
 * The app's stacks from its context: `config` (one or more bloc.json paths, comma-separated, each
 * validated with loadBloc — a bad file fails synth with every problem listed), optional `stackName`
 * and `alarmEmail`. cdk-nag's AwsSolutions checks run on everything.
 */
export const buildStacks = async (app: App): Promise<{ stack: BlocStack; configs: DeployedConfig[] }> => {
  const paths = text(app, 'config')
    ?.split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!paths?.length) throw new Error(USAGE);
  const configs = await readConfigs(paths);
  const alarmEmail = text(app, 'alarmEmail');
  const stack = new BlocStack(app, text(app, 'stackName') ?? `ThiDua-${configs[0]!.bloc.id}`, {
    configs,
    ...(alarmEmail && { alarmEmail }),
    description: `Thi dua scoring pipeline: ${configs.map((c) => `${c.bloc.id} ${c.bloc.year}`).join(', ')}`,
    env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
  });
  Tags.of(stack).add('project', 'thi-dua-bloc');
  // cdk-nag 3 is a policy-validation plugin (it was an aspect in v2): any unacknowledged finding fails synth.
  Validations.of(app).addPlugins(new cdkNag.AwsSolutionsChecks(app, { verbose: true }));
  return { stack, configs };
};
