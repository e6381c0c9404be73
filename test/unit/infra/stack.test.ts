import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import cdkNag from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { NIGHTLY_CRON, NIGHTLY_TIMEZONE, type BlocStack } from '../../../infra/bloc-stack.js';
import { buildStacks } from '../../../infra/build.js';
import { buildWebSite } from '../../../infra/web-site.js';
import { testApp } from './app-context.js';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown; Sid?: string };

let stack: BlocStack;
let template: Template;
let resources: Record<string, Resource>;

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const one = (prefix: string, type: string): [string, Resource] => {
  const found = ofType(type).filter(([id]) => id.startsWith(prefix));
  expect(found, `${type} ${prefix}`).toHaveLength(1);
  return found[0]!;
};
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
/** Object ARNs as text: `<Logical>/<prefix>*`, from Fn::Join of a GetAtt and a suffix. */
const arnText = (r: unknown): string => {
  if (typeof r === 'string') return r;
  const o = r as Record<string, any>;
  if (o['Fn::GetAtt']) return `<${o['Fn::GetAtt'][0]}>`;
  if (o['Fn::Join']) return (o['Fn::Join'][1] as unknown[]).map(arnText).join('');
  if (o['Ref']) return `<${o['Ref']}>`;
  return JSON.stringify(o);
};
const resourcesOf = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map(arnText);
const policyOfRole = (rolePrefix: string): Statement[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties['Roles'] as { Ref: string }[]).some((r) => r.Ref.startsWith(rolePrefix)))
    .flatMap(([, p]) => p.Properties['PolicyDocument'].Statement as Statement[]);
const FUNCTIONS = ['Ingest', 'Recompute', 'Schedule', 'Links'] as const;

beforeAll(async () => {
  ({ stack } = await buildStacks(testApp({ config: 'templates/ntb-tn-2025/bloc.json', webDist: await buildWebSite() })));
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
}, 120_000);

describe('S3', () => {
  it('has an uploads bucket, a data bucket, an access-log bucket and the pages bucket', () => {
    expect(
      ofType('AWS::S3::Bucket')
        .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))
        .sort(),
    ).toEqual(['AccessLogs', 'Data', 'Uploads', 'WebBucket']);
  });

  it.each(['Uploads', 'Data', 'AccessLogs'])('%s: versioned, encrypted, public access blocked, retained', (name) => {
    const [, b] = one(name, 'AWS::S3::Bucket');
    expect(b.Properties['VersioningConfiguration']).toEqual({ Status: 'Enabled' });
    expect(b.Properties['BucketEncryption'].ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(b.Properties['PublicAccessBlockConfiguration']).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(b.Properties['OwnershipControls']).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(b.DeletionPolicy).toBe('Retain');
  });

  it.each(['Uploads', 'Data', 'AccessLogs'])('%s: TLS only (enforceSSL)', (name) => {
    const [id] = one(name, 'AWS::S3::Bucket');
    const [, policy] = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties['Bucket'].Ref === id)!;
    expect(policy.Properties['PolicyDocument'].Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('logs server access of the uploads and data buckets', () => {
    const [logsId] = one('AccessLogs', 'AWS::S3::Bucket');
    for (const name of ['Uploads', 'Data']) {
      const [, b] = one(name, 'AWS::S3::Bucket');
      expect(b.Properties['LoggingConfiguration'].DestinationBucketName).toEqual({ Ref: logsId });
    }
  });

  it('never expires raw uploads: old versions only move to Glacier Instant Retrieval', () => {
    const [, b] = one('Uploads', 'AWS::S3::Bucket');
    const rules = b.Properties['LifecycleConfiguration'].Rules as Record<string, any>[];
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      Status: 'Enabled',
      NoncurrentVersionTransitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    });
    for (const r of rules) {
      expect(r).not.toHaveProperty('ExpirationInDays');
      expect(r).not.toHaveProperty('NoncurrentVersionExpiration');
      expect(r).not.toHaveProperty('NoncurrentVersionExpirationInDays');
    }
  });

  it('data bucket: old versions (only config/ is ever rewritten) move to IA, then expire', () => {
    const [, b] = one('Data', 'AWS::S3::Bucket');
    expect(b.Properties['LifecycleConfiguration'].Rules).toEqual([
      expect.objectContaining({
        Status: 'Enabled',
        NoncurrentVersionTransitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
        NoncurrentVersionExpiration: { NoncurrentDays: 730 },
      }),
    ]);
  });

  it('denies deleting any version of uploads, raw copies, reports and summaries', () => {
    const denied = ofType('AWS::S3::BucketPolicy').flatMap(([, p]) =>
      (p.Properties['PolicyDocument'].Statement as Statement[])
        .filter((s) => s.Effect === 'Deny' && actions(s).includes('s3:DeleteObjectVersion'))
        .flatMap(resourcesOf),
    );
    expect(denied.map((r) => r.replace(/[0-9A-F]{8}>/, '>')).sort()).toEqual(
      ['<Data>/raw/*', '<Data>/reports/*', '<Data>/summaries/*', '<Data>/published/*', '<Uploads>/uploads/*'].sort(),
    );
  });

  it('only the uploads bucket notifies, and only for uploads/ (no trigger loop through outputs)', () => {
    const notifications = ofType('Custom::S3BucketNotifications');
    expect(notifications).toHaveLength(1);
    const [uploadsId] = one('Uploads', 'AWS::S3::Bucket');
    const [queueId] = one('IngestQueue', 'AWS::SQS::Queue');
    const props = notifications[0]![1].Properties;
    expect(props['BucketName']).toEqual({ Ref: uploadsId });
    expect(props['NotificationConfiguration']).toEqual({
      QueueConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
          QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        },
      ],
    });
  });

  it('deploys bloc.json and its rubrics into config/ of the data bucket, without pruning', () => {
    const [dataId] = one('Data', 'AWS::S3::Bucket');
    const [, deployment] = ofType('Custom::CDKBucketDeployment').find(([id]) => id.startsWith('Config'))!;
    expect(deployment.Properties).toMatchObject({
      DestinationBucketName: { Ref: dataId },
      DestinationBucketKeyPrefix: 'config/',
      Prune: false,
      RetainOnDelete: true,
    });
    expect(deployment.Properties['SourceObjectKeys']).toHaveLength(3); // bloc.json + 2 rubrics
  });
});

describe('the web pages: S3 + CloudFront', () => {
  const siteOrigin = () => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [one('WebDistribution', 'AWS::CloudFront::Distribution')[0], 'DomainName'] }]] });

  it('a private pages bucket: encrypted, public access blocked, TLS only, access logged under site/', () => {
    const [id, b] = one('WebBucket', 'AWS::S3::Bucket');
    expect(b.Properties['BucketEncryption'].ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(Object.values(b.Properties['PublicAccessBlockConfiguration'])).toEqual([true, true, true, true]);
    expect(b.Properties['LoggingConfiguration']).toEqual({ DestinationBucketName: { Ref: one('AccessLogs', 'AWS::S3::Bucket')[0] }, LogFilePrefix: 'site/' });
    const statements = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties['Bucket'].Ref === id)![1].Properties['PolicyDocument']
      .Statement as Statement[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // Only CloudFront reads it, and only for this distribution (origin access control).
    const reads = statements.filter((st) => st.Effect === 'Allow');
    expect(reads).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    ]);
  });

  it('CloudFront: HTTPS only, index.html at the root, origin access control, security headers', () => {
    const [, d] = one('WebDistribution', 'AWS::CloudFront::Distribution');
    const config = d.Properties['DistributionConfig'];
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('https-only');
    expect(config.Origins[0].OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^WebDistributionOrigin/), 'Id'] });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const [headersId, headers] = one('WebHeaders', 'AWS::CloudFront::ResponseHeadersPolicy');
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: headersId });
    const security = headers.Properties['ResponseHeadersPolicyConfig'].SecurityHeadersConfig;
    expect(security).toMatchObject({
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY' },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer' },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true },
    });
    const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const part of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", '.lambda-url.', '.s3.']) expect(csp).toContain(part);
    template.hasOutput('WebUrl', { Value: siteOrigin() });
  });

  it('deploys the built pages and config.json naming the links function URL, and refreshes the page in CloudFront', () => {
    const [, deployment] = ofType('Custom::CDKBucketDeployment').find(([id]) => id.startsWith('WebPages'))!;
    expect(deployment.Properties).toMatchObject({
      DestinationBucketName: { Ref: one('WebBucket', 'AWS::S3::Bucket')[0] },
      DistributionId: { Ref: one('WebDistribution', 'AWS::CloudFront::Distribution')[0] },
      DistributionPaths: ['/index.html', '/config.json'],
      RetainOnDelete: false,
    });
    expect(one('WebBucket', 'AWS::S3::Bucket')[1].DeletionPolicy).toBe('Delete');
    expect(deployment.Properties['SourceObjectKeys']).toHaveLength(2); // web/dist and config.json
    const [urlId] = one('LinksFunctionUrl', 'AWS::Lambda::Url');
    expect(JSON.stringify(deployment.Properties['SourceMarkers'])).toContain(JSON.stringify({ 'Fn::GetAtt': [urlId, 'FunctionUrl'] }));
  });

  it('the links function URL and the uploads bucket accept the pages origin only (CORS)', () => {
    const [, url] = one('LinksFunctionUrl', 'AWS::Lambda::Url');
    expect(url.Properties['Cors']).toEqual({
      AllowOrigins: [siteOrigin()],
      AllowMethods: ['GET', 'POST', 'DELETE'],
      AllowHeaders: ['authorization', 'content-type'],
      MaxAge: 3600,
    });
    const [, uploads] = one('Uploads', 'AWS::S3::Bucket');
    expect(uploads.Properties['CorsConfiguration']).toEqual({
      CorsRules: [{ AllowedOrigins: [siteOrigin()], AllowedMethods: ['POST'], AllowedHeaders: ['*'], MaxAge: 3600 }],
    });
  });

  it('without built pages (context webDist unset) there is no site and no CORS', async () => {
    const { stack: plain } = await buildStacks(testApp({ config: 'templates/ntb-tn-2025/bloc.json' }));
    const t = Template.fromStack(plain);
    t.resourceCountIs('AWS::CloudFront::Distribution', 0);
    t.hasResourceProperties('AWS::Lambda::Url', { Cors: Match.absent() });
  }, 120_000);
});

describe('DynamoDB', () => {
  it('one table: PK/SK strings, on demand, point-in-time recovery, deletion protection, retained', () => {
    const tables = ofType('AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const [, t] = tables[0]!;
    expect(t.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(t.DeletionPolicy).toBe('Retain');
  });
});

describe('Lambda', () => {
  it.each(FUNCTIONS)('%s: nodejs22.x on arm64, its own log group, environment from the stack', (name) => {
    const [, f] = one(name, 'AWS::Lambda::Function');
    expect(f.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
    expect(Object.keys(f.Properties['Environment'].Variables)).toEqual(
      expect.arrayContaining(['TABLE_NAME', 'DATA_BUCKET', 'UPLOADS_BUCKET', 'RECOMPUTE_QUEUE_URL']),
    );
    // Source maps cost 1.8× at init when enabled at start-up: they ship beside the bundle instead.
    expect(f.Properties['Environment'].Variables.NODE_OPTIONS).toBeUndefined();
    const [logsId] = one(`${name}Logs`, 'AWS::Logs::LogGroup');
    expect(f.Properties['LoggingConfig']).toEqual({ LogGroup: { Ref: logsId } });
    expect(f.Properties['Role']).toEqual({ 'Fn::GetAtt': [one(`${name}Role`, 'AWS::IAM::Role')[0], 'Arn'] });
  });

  it('only CDK singletons besides our four functions', () => {
    const ours = ofType('AWS::Lambda::Function').filter(([id]) => FUNCTIONS.some((n) => id.startsWith(n)));
    expect(ours).toHaveLength(4);
    const others = ofType('AWS::Lambda::Function').filter(([id]) => !FUNCTIONS.some((n) => id.startsWith(n)));
    expect(others.map(([id]) => id).every((id) => /^(CustomCDKBucketDeployment|BucketNotificationsHandler)/.test(id))).toBe(true);
  });

  it.each([
    ['Ingest', 'IngestQueue', 1],
    ['Recompute', 'RecomputeQueue', 10],
  ] as const)('%s reads %s with partial batch failures (ReportBatchItemFailures)', (fn, queue, batch) => {
    const [fnId] = one(fn, 'AWS::Lambda::Function');
    const [queueId] = one(queue, 'AWS::SQS::Queue');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: batch,
    });
  });

  it('ingest takes one upload per invocation (a hostile file has the timeout and memory to itself)', () => {
    const [fnId] = one('Ingest', 'AWS::Lambda::Function');
    const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties['FunctionName'].Ref === fnId);
    expect(mappings.map(([, m]) => [m.Properties['BatchSize'], m.Properties['MaximumBatchingWindowInSeconds'], m.Properties['ScalingConfig']])).toEqual([
      [1, undefined, { MaximumConcurrency: 5 }],
    ]);
  });

  it.each([
    ['Ingest', 5],
    ['Links', 5],
  ] as const)('%s: reserved concurrency %i (a flood of the public URL cannot starve ingest)', (name, n) => {
    const [, f] = one(name, 'AWS::Lambda::Function');
    expect(f.Properties['ReservedConcurrentExecutions']).toBe(n);
  });

  it('links: a function URL (token auth in the handler) and its URL as an output', () => {
    const [fnId] = one('Links', 'AWS::Lambda::Function');
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [fnId, 'Arn'] } });
    template.hasOutput('LinksUrl', {});
  });
});

describe('SQS', () => {
  it.each(['IngestQueue', 'RecomputeQueue'])('%s: dead-letter queue after 5 receives, visibility ≥ 6 × function timeout, SSE', (name) => {
    const [, q] = one(name, 'AWS::SQS::Queue');
    const dlq = one(name.replace('Queue', 'Dlq'), 'AWS::SQS::Queue')[0];
    expect(q.Properties['RedrivePolicy']).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 5 });
    const [, fn] = one(name.replace('Queue', ''), 'AWS::Lambda::Function');
    expect(q.Properties['VisibilityTimeout']).toBeGreaterThanOrEqual(6 * fn.Properties['Timeout']);
    expect(q.Properties['SqsManagedSseEnabled']).toBe(true);
  });

  it('every queue denies requests without TLS', () => {
    for (const [id] of ofType('AWS::SQS::Queue')) {
      const [, policy] = ofType('AWS::SQS::QueuePolicy').find(([, p]) => (p.Properties['Queues'] as { Ref: string }[]).some((q) => q.Ref === id))!;
      expect(policy.Properties['PolicyDocument'].Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});

describe('alarms', () => {
  it.each(FUNCTIONS)('%s: an alarm on any error in 5 minutes, to the alarm topic', (name) => {
    const [fnId] = one(name, 'AWS::Lambda::Function');
    const [topicId] = one('Alarms', 'AWS::SNS::Topic');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      Threshold: 1,
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it('ingest: error lines (a failed record, an upload over its budget) are counted and alarm at the first one', () => {
    const [logsId] = one('IngestLogs', 'AWS::Logs::LogGroup');
    const [, filter] = one('IngestErrorLines', 'AWS::Logs::MetricFilter');
    expect(filter.Properties).toMatchObject({
      LogGroupName: { Ref: logsId },
      FilterPattern: '{ $.level = "error" }',
      MetricTransformations: [{ MetricName: 'IngestErrorLines', MetricValue: '1', DefaultValue: 0 }],
    });
    const namespace = filter.Properties['MetricTransformations'][0].MetricNamespace;
    const [topicId] = one('Alarms', 'AWS::SNS::Topic');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IngestErrorLines',
      Namespace: namespace,
      Statistic: 'Sum',
      Threshold: 1,
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it.each(['IngestDlq', 'RecomputeDlq', 'ScheduleDlq'])('%s: an alarm as soon as one message is in it', (name) => {
    const [dlqId] = one(name, 'AWS::SQS::Queue');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: Match.anyValue(),
    });
  });
});

describe('EventBridge Scheduler', () => {
  it('invokes the schedule function nightly at 00:30 Asia/Ho_Chi_Minh, with retries and a DLQ', () => {
    expect(NIGHTLY_CRON).toBe('cron(30 0 * * ? *)');
    const [fnId] = one('Schedule', 'AWS::Lambda::Function');
    const [dlqId] = one('ScheduleDlq', 'AWS::SQS::Queue');
    const [, s] = ofType('AWS::Scheduler::Schedule')[0]!;
    expect(s.Properties).toMatchObject({
      ScheduleExpression: 'cron(30 0 * * ? *)',
      ScheduleExpressionTimezone: NIGHTLY_TIMEZONE,
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 3 },
      },
    });
    expect(NIGHTLY_TIMEZONE).toBe('Asia/Ho_Chi_Minh');
    expect(JSON.parse(s.Properties['Target'].Input)).toMatchObject({ scheduledTime: '<aws.scheduler.scheduled-time>' });
  });

  it('its role may only invoke that function and write to its DLQ', () => {
    const statements = policyOfRole('SchedulerRole');
    const [fnId] = one('Schedule', 'AWS::Lambda::Function');
    const [dlqId] = one('ScheduleDlq', 'AWS::SQS::Queue');
    expect(statements.map((s) => [actions(s), resourcesOf(s)])).toEqual(
      expect.arrayContaining([
        [['lambda:InvokeFunction'], [`<${fnId}>`]],
        [['sqs:SendMessage'], [`<${dlqId}>`]],
      ]),
    );
    expect(statements).toHaveLength(2);
  });
});

describe('IAM: least privilege', () => {
  it('no policy anywhere allows "*" or a whole service ("s3:*", "dynamodb:*", …)', () => {
    for (const [id, p] of ofType('AWS::IAM::Policy'))
      for (const s of p.Properties['PolicyDocument'].Statement as Statement[])
        if (s.Effect === 'Allow') for (const a of actions(s)) expect(a, `${id}: ${a}`).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
  });

  it.each(FUNCTIONS)('%s: exact actions only (no wildcard in any action name), no deletes', (name) => {
    const all = policyOfRole(`${name}Role`).flatMap(actions);
    expect(all.filter((a) => a.includes('*'))).toEqual([]);
    expect(all.filter((a) => /Delete(Object|Item|Table|Bucket)/.test(a))).toEqual([]);
    expect(all).toEqual(expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents']));
  });

  it.each(FUNCTIONS)('%s: S3 object permissions are scoped to key prefixes, never a whole bucket', (name) => {
    for (const s of policyOfRole(`${name}Role`).filter((s) => actions(s).some((a) => a.startsWith('s3:') && a !== 's3:ListBucket')))
      for (const r of resourcesOf(s)) expect(r).toMatch(/^<(Uploads|Data)[0-9A-F]{8}>\/(uploads|raw|reports|summaries|published|config)\/\*$/);
  });

  const grants = (name: string) =>
    policyOfRole(`${name}Role`)
      .filter((s) => actions(s).some((a) => a.startsWith('s3:') || a.startsWith('dynamodb:') || a === 'sqs:SendMessage'))
      .flatMap((s) => actions(s).flatMap((a) => resourcesOf(s).map((r) => `${a} ${r.replace(/[0-9A-F]{8}>/, '>')}`)))
      .sort();

  it('ingest: reads uploads, writes raw copies and reports (never reads them), reads config, records versions, requests recomputes', () => {
    expect(grants('Ingest')).toEqual(
      [
        's3:GetObject <Uploads>/uploads/*',
        's3:GetObjectVersion <Uploads>/uploads/*',
        's3:PutObject <Data>/raw/*',
        's3:PutObject <Data>/reports/*',
        's3:GetObject <Data>/config/*',
        's3:GetObjectVersion <Data>/config/*',
        'dynamodb:GetItem <Table>',
        'dynamodb:GetItem <Table>',
        'dynamodb:PutItem <Table>',
        'dynamodb:Query <Table>',
        'sqs:SendMessage <RecomputeQueue>',
      ].sort(),
    );
  });

  it('recompute: queries the table, writes summaries, reads config and published results; ingests pulled sheets (raw/, reports/, versions)', () => {
    expect(grants('Recompute')).toEqual(
      [
        's3:PutObject <Data>/summaries/*',
        's3:PutObject <Data>/raw/*',
        's3:PutObject <Data>/reports/*',
        's3:GetObject <Data>/config/*',
        's3:GetObjectVersion <Data>/config/*',
        's3:GetObject <Data>/published/*',
        's3:GetObjectVersion <Data>/published/*',
        'dynamodb:GetItem <Table>',
        'dynamodb:Query <Table>',
        'dynamodb:PutItem <Table>',
      ].sort(),
    );
  });

  it('only recompute reads the Google key secret, that one secret only, named in its environment', () => {
    const [secretId] = one('GoogleServiceAccountKey', 'AWS::SecretsManager::Secret');
    for (const name of FUNCTIONS) {
      const reads = policyOfRole(`${name}Role`).filter((s) => actions(s).some((a) => a.startsWith('secretsmanager:')));
      if (name !== 'Recompute') expect(reads, name).toEqual([]);
      else expect(reads.map((s) => [actions(s), resourcesOf(s)])).toEqual([[['secretsmanager:GetSecretValue'], [`<${secretId}>`]]]);
    }
    const [, fn] = one('Recompute', 'AWS::Lambda::Function');
    expect(fn.Properties['Environment'].Variables['BLOC_GOOGLE_KEY_SECRET']).toEqual({ Ref: secretId });
    template.hasOutput('GoogleKeySecret', {});
  });

  it('schedule: lists and reads config only, sends recompute requests', () => {
    expect(grants('Schedule')).toEqual(
      ['s3:ListBucket <Data>', 's3:GetObject <Data>/config/*', 's3:GetObjectVersion <Data>/config/*', 'sqs:SendMessage <RecomputeQueue>'].sort(),
    );
    const list = policyOfRole('ScheduleRole').find((s) => actions(s).includes('s3:ListBucket'))!;
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': ['config/*'] } });
  });

  it('links: signs uploads under uploads/ only, reads summaries, reports, config and published results, writes a publication, manages credentials, queues recomputes', () => {
    expect(grants('Links')).toEqual(
      [
        's3:PutObject <Uploads>/uploads/*',
        ...['summaries', 'reports', 'config', 'published'].flatMap((p) => [`s3:GetObject <Data>/${p}/*`, `s3:GetObjectVersion <Data>/${p}/*`]),
        's3:PutObject <Data>/summaries/*',
        's3:PutObject <Data>/published/*',
        ...['GetItem', 'PutItem', 'UpdateItem', 'Query', 'GetItem', 'Query', 'PutItem'].map((a) => `dynamodb:${a} <Table>`),
        'sqs:SendMessage <RecomputeQueue>',
      ].sort(),
    );
  });
});

describe('IAM: table items by partition (dynamodb:LeadingKeys)', () => {
  const SUBMISSIONS = ['BP#ntb-tn#*'];
  const CREDENTIALS = ['CREDS#ntb-tn'];
  /** Each DynamoDB action of a role → the partitions it is limited to (undefined: not limited). */
  const tableGrants = (name: string) =>
    policyOfRole(`${name}Role`)
      .filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')))
      .flatMap((s) =>
        actions(s).map(
          (a) => [a, (s.Condition as Record<string, Record<string, string[]>> | undefined)?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']] as const,
        ),
      )
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

  it('every table statement of every function is limited by LeadingKeys', () => {
    for (const name of FUNCTIONS)
      for (const s of policyOfRole(`${name}Role`).filter((s) => actions(s).some((a) => a.startsWith('dynamodb:'))))
        expect(Object.keys(s.Condition as object), name).toEqual(['ForAllValues:StringLike']);
  });

  it('ingest: writes submissions only (reading them for a review upload); of the credentials it only gets the one that issued an upload link', () => {
    expect(tableGrants('Ingest')).toEqual([
      ['dynamodb:GetItem', SUBMISSIONS],
      ['dynamodb:GetItem', CREDENTIALS],
      ['dynamodb:PutItem', SUBMISSIONS],
      ['dynamodb:Query', SUBMISSIONS],
    ]);
  });

  it('recompute: submissions only (no credential item)', () => {
    expect(tableGrants('Recompute')).toEqual([
      ['dynamodb:GetItem', SUBMISSIONS],
      ['dynamodb:PutItem', SUBMISSIONS],
      ['dynamodb:Query', SUBMISSIONS],
    ]);
  });

  it('links: credentials and the pull throttle beside them; the decisions, log, runs and publication of the lead in the submissions', () => {
    expect(tableGrants('Links')).toEqual([
      ['dynamodb:GetItem', SUBMISSIONS],
      ['dynamodb:GetItem', CREDENTIALS],
      ['dynamodb:PutItem', SUBMISSIONS],
      ['dynamodb:PutItem', CREDENTIALS],
      ['dynamodb:Query', SUBMISSIONS],
      ['dynamodb:Query', CREDENTIALS],
      ['dynamodb:UpdateItem', CREDENTIALS],
    ]);
  });

  it('schedule: no table access at all', () => {
    expect(tableGrants('Schedule')).toEqual([]);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no finding that is not acknowledged', () => {
    const report = new cdkNag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('every acknowledgment carries a reason', () => {
    const acks = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data as Record<string, string>))
      .flatMap((d) => Object.entries(d));
    expect(acks.length).toBeGreaterThan(0);
    for (const [id, reason] of acks) {
      expect(id).toMatch(/AwsSolutions-/);
      expect(reason.length, id).toBeGreaterThan(40);
    }
  });

  it('synthesis runs the AwsSolutions checks (a non-compliant resource fails synth)', async () => {
    const { Bucket } = await import('aws-cdk-lib/aws-s3');
    const app = testApp({ config: 'templates/ntb-tn-2025/bloc.json' });
    const { stack: bad } = await buildStacks(app);
    new Bucket(bad, 'Unlogged');
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  }, 120_000);
});
