/** The optional SES intake (`-c mailDomain=…`): receipt rule → data bucket mail/ → mail function; cdk-nag clean. */
import { Template } from 'aws-cdk-lib/assertions';
import cdkNag from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BlocStack } from '../../../infra/bloc-stack.js';
import { buildStacks } from '../../../infra/build.js';
import { testApp } from './app-context.js';

type Resource = { Type: string; Properties: Record<string, any> };
let stack: BlocStack;
let resources: Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

beforeAll(async () => {
  ({ stack } = await buildStacks(testApp({ config: 'templates/ntb-tn-2025/bloc.json', mailDomain: 'thidua.example.gov.vn' })));
  resources = Template.fromStack(stack).toJSON().Resources;
}, 120_000);

describe('MailIntake', () => {
  it('is absent without mailDomain', async () => {
    const { stack: plain } = await buildStacks(testApp({ config: 'templates/ntb-tn-2025/bloc.json' }));
    const types = Object.values(Template.fromStack(plain).toJSON().Resources as Record<string, Resource>).map((r) => r.Type);
    expect(types.filter((t) => t.startsWith('AWS::SES::'))).toEqual([]);
  }, 120_000);

  it('a receipt rule for the domain: TLS required, scanned, S3 under mail/ then the mail function', () => {
    const [[, rule]] = ofType('AWS::SES::ReceiptRule') as [[string, Resource]];
    const r = rule.Properties['Rule'];
    expect(r).toMatchObject({ Enabled: true, Recipients: ['thidua.example.gov.vn'], ScanEnabled: true, TlsPolicy: 'Require' });
    expect(r.Actions.map((a: Record<string, unknown>) => Object.keys(a)[0])).toEqual(['S3Action', 'LambdaAction']);
    expect(r.Actions[0].S3Action.ObjectKeyPrefix).toBe('mail/');
    expect(r.Actions[1].LambdaAction.InvocationType).toBe('Event');
    expect(ofType('AWS::SES::EmailIdentity')).toHaveLength(1);
  });

  it('the mail function reads mail/, writes raw/ and reports/, and sends only from the domain', () => {
    const policies = ofType('AWS::IAM::Policy').filter(([, p]) => (p.Properties['Roles'] as { Ref: string }[]).some((x) => x.Ref.startsWith('MailRole')));
    const text = JSON.stringify(policies);
    expect(text).toContain('/mail/*');
    expect(text).toContain('ses:SendRawEmail');
    expect(text).toContain('identity/thidua.example.gov.vn');
    expect(text).not.toMatch(/"s3:PutObject"[^\]]*mail\//);
  });

  it('cdk-nag: no finding that is not acknowledged', () => {
    const report = new cdkNag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((x) => x.constructPath).join(', ')}`)).toEqual([]);
  });
});
