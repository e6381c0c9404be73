import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3RVER_CREDENTIALS } from '#shared/local/s3-local.js';
import { DynamoCredentialStore } from '#shared/store/dynamodb-credentials.js';
import { ensureBucket } from '#shared/store/s3-blobs.js';
import { deployConfig, s3Notification, sqsEvent, sqsRecord, workbook } from '../../support/cloud.js';
import { startFakeSqs, type FakeSqs } from '../../support/fake-sqs.js';
import { localAws, type LocalAws } from '../../support/local-aws.js';
import { loadBloc } from '#shared/config/load.js';
import { inject } from 'vitest';

/**
 * `npx cdk synth` for real, as a deployer would run it: no AWS credentials, no Docker, bundling with
 * the local esbuild, cdk-nag as a validation plugin. Then the bundles it produced are loaded and run
 * against the local services: what is deployed is what was tested.
 */
const STACK = 'ThiDua-ntb-tn';
let out: string;
let synth: { code: number | null; stderr: string; ms: number };
let template: { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
const bundles: Record<string, { dir: string; js: number; map: number }> = {};

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number | null; stderr: string }>((done) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stderr }));
  });

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'cdk-out-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_DEFAULT')));
  const started = Date.now();
  const result = await run('npx', ['cdk', 'synth', '-c', 'config=templates/ntb-tn-2025/bloc.json', '--quiet', '-o', out], {
    ...env,
    HOME: process.env['HOME'] ?? tmpdir(),
  });
  synth = { ...result, ms: Date.now() - started };
  if (synth.code !== 0) return;
  template = JSON.parse(await readFile(join(out, `${STACK}.template.json`), 'utf8'));
  for (const [id, r] of Object.entries(template.Resources)) {
    const name = ['Ingest', 'Recompute', 'Schedule', 'Links'].find((n) => id.startsWith(n));
    if (r.Type !== 'AWS::Lambda::Function' || !name) continue;
    const dir = join(out, `asset.${String(r.Properties['Code'].S3Key).replace(/\.zip$/, '')}`);
    bundles[name] = { dir, js: (await stat(join(dir, 'index.mjs'))).size, map: (await stat(join(dir, 'index.mjs.map'))).size };
  }
}, 600_000);

afterAll(() => rm(out, { recursive: true, force: true }));

describe('npx cdk synth (child process, no AWS credentials)', () => {
  it('succeeds with every cdk-nag finding acknowledged', () => {
    console.info(`[cdk synth] exit ${synth.code} in ${synth.ms} ms`);
    expect(synth.stderr).not.toMatch(/AwsSolutions-|Validation failed/);
    expect(synth.code).toBe(0);
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function').length).toBeGreaterThanOrEqual(4);
  });

  it('bundles each function with the local esbuild into one small ES module', async () => {
    console.info(
      `[bundle sizes]\n${Object.entries(bundles)
        .map(([n, b]) => `${n.padEnd(10)} index.mjs ${(b.js / 1024).toFixed(0).padStart(5)} KiB   index.mjs.map ${(b.map / 1024).toFixed(0).padStart(5)} KiB`)
        .join('\n')}`,
    );
    expect(Object.keys(bundles).sort()).toEqual(['Ingest', 'Links', 'Recompute', 'Schedule']);
    for (const [name, b] of Object.entries(bundles)) {
      expect((await readdir(b.dir)).sort(), name).toEqual(['index.mjs', 'index.mjs.map']);
      expect(b.js, name).toBeLessThan(3 * 1024 * 1024);
    }
    // Only the functions that read or write workbooks carry exceljs: links builds a member's blank
    // template on request for the web page (GET /template), so it does too; schedule does not.
    expect(bundles['Schedule']!.js).toBeLessThan(1.2 * 1024 * 1024);
    expect(bundles['Links']!.js).toBeLessThan(2.2 * 1024 * 1024);
    expect(bundles['Ingest']!.js).toBeLessThan(1.6 * 1000 * 1000);
  });
});

describe('the synthesized bundles run (Node ESM, createRequire banner) against the local services', () => {
  let aws: LocalAws;
  let sqs: FakeSqs;
  let uploads: string;
  type Handler = (event: unknown, context: { awsRequestId: string }) => Promise<any>;
  const load = async (name: string): Promise<Handler> => (await import(pathToFileURL(join(bundles[name]!.dir, 'index.mjs')).href)).handler;
  const ctx = { awsRequestId: 'bundle-test' };

  beforeAll(async () => {
    aws = await localAws();
    uploads = `${aws.bucket}-up`;
    await ensureBucket(aws.s3, uploads);
    await deployConfig(aws, aws.bucket);
    sqs = await startFakeSqs();
    Object.assign(process.env, {
      TABLE_NAME: aws.table,
      DATA_BUCKET: aws.bucket,
      UPLOADS_BUCKET: uploads,
      RECOMPUTE_QUEUE_URL: `${sqs.endpoint}/123456789012/recompute`,
      AWS_REGION: 'ap-southeast-1',
      AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      LOG_LEVEL: 'error',
    });
  });
  afterAll(async () => {
    aws?.destroy();
    await sqs?.stop();
  });

  it('ingest: an S3 notification in an SQS record is validated (exceljs) and a recompute requested', async () => {
    expect(synth.code).toBe(0);
    const { bloc } = await loadBloc('templates/ntb-tn-2025/bloc.json');
    const bytes = await workbook(bloc, 'STP-KHA');
    const key = 'uploads/ntb-tn/2025/Y/STP-KHA/STP-KHA.xlsx';
    await aws.s3.send(new PutObjectCommand({ Bucket: uploads, Key: key, Body: bytes }));
    const event = sqsEvent(sqsRecord(s3Notification({ bucket: uploads, key, size: bytes.length, eventTime: '2025-11-18T02:00:00.000Z', versionId: 'v1' })));
    expect(await (await load('Ingest'))(event, ctx)).toEqual({ batchItemFailures: [] });
    expect(sqs.bodies().map((b) => JSON.parse(b))).toEqual([expect.objectContaining({ bloc: 'ntb-tn', period: 'Y', reason: 'upload' })]);
  });

  it('recompute: writes the summary workbook (exceljs) and rankings', async () => {
    const result = await (await load('Recompute'))(sqsEvent(sqsRecord(sqs.bodies()[0]!)), ctx);
    expect(result).toEqual({ batchItemFailures: [] });
  });

  it('schedule: fans out through SendMessageBatch', async () => {
    const result = await (await load('Schedule'))({ source: 'thi-dua.nightly', scheduledTime: '2025-11-18T17:30:00Z' }, ctx);
    expect(result.requested.sort()).toEqual(['ntb-tn/H1', 'ntb-tn/Y']);
    expect(sqs.requests.at(-1)?.op).toBe('SendMessageBatch');
  });

  it('links: the lead lists credentials and gets the summary link', async () => {
    const { token } = await new DynamoCredentialStore(aws.dynamo, aws.table).issue({ bloc: 'ntb-tn', role: 'lead', unit: 'THADS-KHA', issuedBy: 'test' });
    const links = await load('Links');
    const call = (path: string, query?: Record<string, string>) =>
      links({ rawPath: path, headers: { authorization: `Bearer ${token}` }, queryStringParameters: query, requestContext: { http: { method: 'GET' } } }, ctx);
    expect((await call('/credentials')).statusCode).toBe(200);
    const summary = await call('/summary-link', { period: 'Y' });
    expect(summary.statusCode).toBe(200);
    const download = await fetch(JSON.parse(summary.body).summary);
    expect(
      Buffer.from(await download.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });
});
