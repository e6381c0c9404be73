import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BUNDLE_STUB, LEFT_OUT, REPO_ROOT } from './bundle-options.js';

export { LEFT_OUT, REPO_ROOT } from './bundle-options.js';

/** Every function of the app: `functions/<name>/handler.ts`, exported as `handler`. */
export type FunctionName = 'ingest' | 'recompute' | 'schedule' | 'links' | 'mail';

export interface BlocFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'role' | 'logGroup'> {
  name: FunctionName;
  /** Statements of the function's own least-privilege policy (beside writing its own logs). */
  statements?: PolicyStatement[];
}

/**
 * The one place holding every function default (in the style of the Powertools example app):
 * Node.js 22 on arm64, esbuild bundling with the local esbuild (no Docker) to a minified ES module
 * with a `createRequire` banner (exceljs and other CommonJS code call `require`), source maps,
 * the AWS SDK bundled at the versions package-lock.json pins (not the runtime's copy), a log group
 * with a retention, a role of its own that may write only that log group plus `statements`, and an
 * alarm on errors.
 */
export class BlocFunction extends NodejsFunction {
  readonly errorsAlarm: Alarm;
  readonly logs: LogGroup;
  /** The statements of its policy beside its logs. */
  readonly statements: PolicyStatement[];

  constructor(scope: Construct, id: string, props: BlocFunctionProps) {
    const { name, statements = [], environment, bundling, ...rest } = props;
    const logs = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.SIX_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Thi dua ${name} function: its own logs and the data it needs, nothing else`,
    });
    role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logs.logGroupArn] }));
    for (const s of statements) role.addToPolicy(s);
    super(scope, id, {
      entry: join(REPO_ROOT, 'functions', name, 'handler.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(30),
      role,
      logGroup: logs,
      description: `Thi dua: ${name}`,
      ...rest,
      environment: {
        LOG_LEVEL: 'info',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // `charset: Charset.UTF8` is ignored by this aws-cdk-lib (STACK-NOTES); the esbuild flag works.
        // The source map ships beside the bundle, not inlined and not enabled at start-up:
        // --enable-source-maps made init 1.8× and memory 84 → 177 MiB. Map a stack trace offline.
        // exceljs requires its CSV (fast-csv) and streaming-reader (unzipper) dependencies at load, though
        // the functions never call them: a stub stands in (ingest 1.82 → 1.44 MB); a call would throw.
        esbuildArgs: { '--charset': 'utf8', ...Object.fromEntries(LEFT_OUT.map((p) => [`--alias:${p}`, BUNDLE_STUB])) },
        externalModules: [],
        logLevel: LogLevel.WARNING,
        ...bundling,
      },
    });
    this.logs = logs;
    this.statements = statements;
    this.errorsAlarm = new Alarm(scope, `${id}Errors`, {
      alarmDescription: `Thi dua ${name}: the function failed at least once in 5 minutes`,
      metric: this.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
