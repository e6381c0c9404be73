import { Annotations, CfnOutput, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { EmailIdentity, Identity, ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CONFIG_ROOT } from '../shared/cloud/aws/s3-config.js';
import { MAIL_PREFIX } from '../shared/mail/ses.js';
import { BlocFunction } from './bloc-function.js';
import type { DeployedConfig } from './config.js';

/** Regions where SES has long received e-mail; AWS adds more: confirm against "Email receiving endpoints" in the SES docs at deploy. */
export const SES_RECEIVING_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

const acknowledge = (scope: Construct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });

export interface MailIntakeProps {
  /** The domain whose MX points at SES (`-c mailDomain=thidua.example.gov.vn`); the intake mailboxes are in it. */
  domain: string;
  configs: DeployedConfig[];
  data: Bucket;
  table: Table;
  recomputeQueue: Queue;
  environment: Record<string, string>;
  alarmTopic: Topic;
}

/**
 * Submissions by e-mail (docs/email.md): an SES receipt rule set for the intake addresses (each
 * bloc's `intake.email` in the domain, else the whole domain) that stores the message under `mail/`
 * in the data bucket and then invokes the mail function, which checks SES's verdicts, ingests the
 * workbooks and answers through SES from the domain's identity.
 */
export class MailIntake extends Construct {
  readonly fn: BlocFunction;

  constructor(scope: Construct, id: string, p: MailIntakeProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (!Token.isUnresolved(stack.region) && !SES_RECEIVING_REGIONS.includes(stack.region))
      Annotations.of(this).addWarning(
        `SES e-mail receiving may not exist in ${stack.region}: confirm it in the SES documentation (Email receiving endpoints) before deploying.`,
      );

    const identity = new EmailIdentity(this, 'Identity', { identity: Identity.domain(p.domain) });
    const dataId = stack.getLogicalId(p.data.node.defaultChild as CfnBucket);
    const objects = (actions: string[], prefixes: string[]) => new PolicyStatement({ actions, resources: prefixes.map((x) => p.data.arnForObjects(`${x}*`)) });
    const statements = [
      objects(['s3:GetObject', 's3:GetObjectVersion'], [MAIL_PREFIX, 'reports/', CONFIG_ROOT]),
      objects(['s3:PutObject'], ['raw/', 'reports/']),
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [p.data.bucketArn], conditions: { StringLike: { 's3:prefix': [`${CONFIG_ROOT}*`] } } }),
      new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [p.table.tableArn] }),
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [p.recomputeQueue.queueArn] }),
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: p.domain })],
      }),
    ];
    this.fn = new BlocFunction(stack, 'Mail', {
      name: 'mail',
      memorySize: 1024,
      timeout: Duration.minutes(2),
      environment: { ...p.environment, SES_REGION: stack.region },
      statements,
    });
    for (const prefix of [MAIL_PREFIX, 'reports/', CONFIG_ROOT, 'raw/'])
      acknowledge(
        this.fn.role!,
        `AwsSolutions-IAM5[Resource::<${dataId}.Arn>/${prefix}*]`,
        'Object permissions are limited to one key prefix (mail/, raw/, reports/ or config/); the keys below it carry message and upload ids that only exist at run time.',
      );
    acknowledge(
      this.fn,
      'AwsSolutions-L1',
      'nodejs22.x is the runtime this project targets and tests (Lambda supports it into 2027); moving to nodejs24.x is a deliberate upgrade, not a default.',
    );
    this.fn.errorsAlarm.addAlarmAction(new SnsAction(p.alarmTopic));

    const intake = p.configs.map((c) => c.bloc.intake?.email).filter((e): e is string => !!e && e.endsWith(`@${p.domain.toLowerCase()}`));
    const rules = new ReceiptRuleSet(this, 'Rules', {
      rules: [
        {
          recipients: intake.length ? intake : [p.domain],
          scanEnabled: true,
          tlsPolicy: TlsPolicy.REQUIRE,
          actions: [new S3({ bucket: p.data, objectKeyPrefix: MAIL_PREFIX }), new Lambda({ function: this.fn, invocationType: LambdaInvocationType.EVENT })],
        },
      ],
    });
    p.data.addLifecycleRule({ id: 'received-mail', prefix: MAIL_PREFIX, expiration: Duration.days(400) });

    new CfnOutput(stack, 'MailRuleSet', {
      value: rules.receiptRuleSetName,
      description: 'Activate it: aws ses set-active-receipt-rule-set --rule-set-name <this>',
    });
    new CfnOutput(stack, 'MailIdentity', {
      value: identity.emailIdentityName,
      description: `Publish its DKIM CNAMEs and an MX record for ${p.domain} → inbound-smtp.<region>.amazonaws.com`,
    });
  }
}
