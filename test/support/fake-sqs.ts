import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Just enough of SQS (AWS JSON 1.0 protocol: SendMessage, SendMessageBatch) for a bundled function to
 * send its messages somewhere on loopback. There is no SQS emulator among the local services.
 */
export interface FakeSqs {
  endpoint: string;
  /** Operation and input of every request received. */
  requests: { op: string; input: Record<string, any> }[];
  /** Every message body sent, in order. */
  bodies(): string[];
  stop(): Promise<void>;
}

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

export const startFakeSqs = async (): Promise<FakeSqs> => {
  const requests: FakeSqs['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const op = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      requests.push({ op, input });
      let out: unknown;
      if (op === 'SendMessage') out = { MessageId: randomUUID(), MD5OfMessageBody: md5(input.MessageBody) };
      else if (op === 'SendMessageBatch')
        out = {
          Successful: input.Entries.map((e: { Id: string; MessageBody: string }) => ({
            Id: e.Id,
            MessageId: randomUUID(),
            MD5OfMessageBody: md5(e.MessageBody),
          })),
          Failed: [],
        };
      else {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#UnsupportedOperation', message: op }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    bodies: () =>
      requests.flatMap((r) =>
        r.op === 'SendMessage' ? [r.input['MessageBody']] : (r.input['Entries'] ?? []).map((e: { MessageBody: string }) => e.MessageBody),
      ),
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
};
