/**
 * The nightly run against DynamoDB Local and s3rver, through the schedule and recompute handlers
 * (SQS batches of 10, one container, as the stack wires them): the requests of an unchanged period,
 * and the time of a night over many periods of which 10 changed. Blocs are copies of the sample
 * region (2 periods each); below 1,002 periods the total is extrapolated from the unchanged ones.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRuntime } from '../shared/cloud/aws/runtime.js';
import { createLogger } from '../shared/cloud/log.js';
import { MemoryRecomputeQueue } from '../shared/cloud/memory.js';
import { LOCAL_CREDENTIALS } from '../shared/local/dynamodb-local.js';
import { LOCAL_BUCKET, LOCAL_TABLE, startEmbedded } from '../shared/local/embedded.js';
import { S3RVER_CREDENTIALS } from '../shared/local/s3-local.js';
import { ingest } from '../shared/pipeline/ingest.js';
import { createAwsClients } from '../shared/store/aws-clients.js';
import { timeSortableId } from '../shared/store/keys.js';
import { makeHandler as makeRecompute } from '../functions/recompute/handler.js';
import { makeHandler as makeSchedule } from '../functions/schedule/handler.js';
import { filledTemplate } from './files.js';
import { ms, ROOT, timeOnce, type Options, type Row } from './measure.js';
import { Requests } from './requests.js';

const TARGET = 1_002;
const CHANGED = 10;
const SAMPLE = join(ROOT, 'templates/ntb-tn-2025');
const blocId = (i: number) => `bench-${String(i).padStart(4, '0')}`;

const records = (bodies: string[]): SQSRecord[] =>
  bodies.map((body, i) => ({ messageId: `m${i}`, body, attributes: { ApproximateReceiveCount: '1' } }) as unknown as SQSRecord);

export const nightlyRows = async (o: Options & { periods?: number }): Promise<Row[]> => {
  const periods = o.periods ?? (o.quick ? 20 : 100);
  const env = await startEmbedded();
  try {
    const requests = new Requests();
    const clients = createAwsClients({
      region: 'local',
      dynamoEndpoint: env.dynamoEndpoint,
      s3Endpoint: env.s3Endpoint,
      dynamoCredentials: LOCAL_CREDENTIALS,
      s3Credentials: S3RVER_CREDENTIALS,
    });
    requests.attach(clients.raw, 'dynamodb');
    requests.attach(clients.s3, 's3');
    const queue = new MemoryRecomputeQueue();
    const config = { region: 'local', tableName: LOCAL_TABLE, dataBucket: LOCAL_BUCKET, uploadsBucket: LOCAL_BUCKET, s3Endpoint: env.s3Endpoint };
    const rt = createRuntime(config, { clients, queue });
    const said = new Map<string, number>();
    const log = createLogger({ service: 'bench' }, { sink: (l) => void said.set(JSON.parse(l).message, (said.get(JSON.parse(l).message) ?? 0) + 1) });
    const context = { awsRequestId: 'bench' };
    const blocs = Math.ceil(periods / 2);
    const files = await Promise.all(['bloc.json', 'rubric-stp.json', 'rubric-thads.json'].map(async (f) => [f, await readFile(join(SAMPLE, f), 'utf8')]));
    for (let i = 0; i < blocs; i += 1)
      for (const [f, text] of files)
        await clients.s3.send(
          new PutObjectCommand({
            Bucket: LOCAL_BUCKET,
            Key: `config/${blocId(i)}/${f}`,
            Body: f === 'bloc.json' ? JSON.stringify({ ...JSON.parse(text!), id: blocId(i) }) : text,
          }),
        );
    const schedule = makeSchedule(() => rt, log);
    const recompute = makeRecompute(
      () => rt,
      log,
      () => Promise.reject(new Error('no Google Sheets in the bench')),
    );
    const night = async () => {
      queue.sent.length = 0;
      await schedule({ scheduledTime: new Date().toISOString() }, context);
      const bodies = queue.sent.map((r) => JSON.stringify(r));
      for (let i = 0; i < bodies.length; i += 10) await recompute({ Records: records(bodies.slice(i, i + 10)) }, context);
      return bodies.length;
    };
    await night(); // every period's first run: untimed
    requests.reset();
    await recompute({ Records: records([JSON.stringify({ bloc: blocId(0), period: 'Y', reason: 'nightly', at: new Date().toISOString() })]) }, context);
    const one = { text: requests.text(), total: requests.total() };
    requests.reset();
    await recompute(
      { Records: records(['H1', 'Y'].map((period) => JSON.stringify({ bloc: blocId(0), period, reason: 'nightly', at: new Date().toISOString() }))) },
      context,
    );
    const bloc2 = { text: requests.text(), dynamo: requests.total('dynamodb.'), s3: requests.total('s3.') };
    requests.reset();
    let count = 0;
    const unchangedMs = await timeOnce(async () => (count = await night()));
    const unchangedRequests = requests.total();
    for (let i = 0; i < CHANGED; i += 1) {
      const bloc = await rt.catalog.load(blocId(i % blocs));
      const period = i < blocs ? 'Y' : 'H1';
      const bytes = await filledTemplate(bloc);
      await ingest(rt, bloc, period, {
        file: 'STP-KHA.xlsx',
        bytes,
        uploadId: timeSortableId(new Date(), `b${i}`),
        receivedAt: new Date(),
        judgeLateness: false,
      });
    }
    said.clear();
    requests.reset();
    const mixedMs = await timeOnce(() => night());
    const recomputed = said.get('recomputed') ?? 0;
    const extrapolated = mixedMs + ((TARGET - count) * unchangedMs) / count;
    const scale = count === TARGET ? `${count} periods` : `${count} periods measured, ${TARGET} extrapolated from the unchanged ones`;
    return [
      {
        family: 'nightly',
        case: 'unchanged period on the nightly run (warm container): requests',
        ours: `${one.total}: ${one.text}; the bloc's 2 periods together: ${bloc2.text}`,
        reference: '—',
        ratio: null,
        goal: '1 small read; sheets.json once per bloc',
        met: one.total <= 2 && bloc2.dynamo <= 2 && bloc2.s3 <= 1,
        data: { one, bloc2, perPeriodInANight: unchangedRequests / count },
      },
      {
        family: 'nightly',
        case: `${TARGET.toLocaleString('en')} periods, ${CHANGED} changed: schedule + recompute (${scale})`,
        ours: `${ms(extrapolated)}${count === TARGET ? '' : ` (${ms(mixedMs)} for ${count})`}`,
        reference: `all ${count} unchanged ${ms(unchangedMs)} (${(unchangedRequests / count).toFixed(1)} requests a period)`,
        ratio: null,
        goal: '≤ 20 s',
        met: recomputed === CHANGED ? extrapolated <= 20_000 : false,
        data: { periods: count, mixedMs, unchangedMs, extrapolatedMs: extrapolated, recomputed, said: Object.fromEntries(said) },
      },
    ];
  } finally {
    await env.stop();
  }
};
