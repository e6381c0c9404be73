import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { HttpRequest } from '../cloud/http.js';
import { linksApi } from '../cloud/links-api.js';
import type { Logger } from '../cloud/log.js';
import { MemoryBlocCatalog } from '../cloud/memory.js';
import type { CloudRuntime } from '../cloud/ports.js';
import { DynamoPullThrottle } from '../cloud/aws/dynamodb-throttle.js';
import { S3UploadReader } from '../cloud/aws/s3-uploads.js';
import { ingestUpload } from '../cloud/use-cases/ingest-upload.js';
import { LOCAL_CREDENTIALS } from '../local/dynamodb-local.js';
import { LOCAL_TABLE, startEmbedded } from '../local/embedded.js';
import { S3RVER_CREDENTIALS } from '../local/s3-local.js';
import type { Bloc } from '../model/bloc.js';
import { createAwsClients } from '../store/aws-clients.js';
import { DynamoCredentialStore } from '../store/dynamodb-credentials.js';
import { safeFileName } from '../store/keys.js';
import { ensureBucket } from '../store/s3-blobs.js';
import { LocalLinkSigner } from './local-links.js';
import { LocalRecomputeQueue } from './local-queue.js';

export const LOCAL_UPLOADS_BUCKET = 'bloc-uploads';
/** A JSON request body larger than this is refused (the API's bodies are a few hundred bytes). */
const MAX_JSON_BYTES = 64 * 1024;
/** Room for the form's fields and multipart framing around the file. */
const FORM_OVERHEAD = 64 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/** The pages load nothing from another host, and nothing may frame them. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface LocalServerOptions {
  bloc: Bloc;
  /** Keep DynamoDB Local and s3rver data here across runs (otherwise fresh and temporary). */
  dataDir?: string;
  port?: number;
  host?: string;
  /** The built pages (web/dist). */
  webDir: string;
  log: Logger;
}

export interface LocalServer {
  url: string;
  /** The lead credential issued at start; shown once. */
  leadToken: string;
  runtime: CloudRuntime;
  stop(): Promise<void>;
}

class TooLarge extends Error {}

const readBody = async (req: IncomingMessage, limit: number): Promise<Buffer> => {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new TooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new TooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
};

const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: string | Uint8Array = '') => {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers });
  res.end(body);
};

const json = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, JSON.stringify(body));

/**
 * `bloc serve`: the embedded default (DynamoDB Local + s3rver) behind the links API of the cloud
 * (shared/cloud/links-api.ts, under /api), the built pages, and local stand-ins for what S3 and SQS
 * do in AWS: `POST /api/upload` (the presigned POST's target; stores the file in the uploads bucket
 * with the link's metadata, the issuing credential, and ingests it at once: a submission, or a review), `GET /api/download` (presigned GET), recompute in-process.
 */
export const startLocalServer = async (o: LocalServerOptions): Promise<LocalServer> => {
  const embedded = await startEmbedded(o.dataDir);
  const clients = createAwsClients({
    region: 'local',
    dynamoEndpoint: embedded.dynamoEndpoint,
    s3Endpoint: embedded.s3Endpoint,
    dynamoCredentials: LOCAL_CREDENTIALS,
    s3Credentials: S3RVER_CREDENTIALS,
  });
  await ensureBucket(clients.s3, LOCAL_UPLOADS_BUCKET);
  const signer = new LocalLinkSigner('/api');
  let runtime!: CloudRuntime;
  const queue = new LocalRecomputeQueue(() => runtime, o.log.with({ service: 'recompute' }));
  runtime = {
    store: embedded.store,
    blobs: embedded.blobs,
    ledger: embedded.ledger,
    throttle: new DynamoPullThrottle(clients.dynamo, LOCAL_TABLE),
    catalog: new MemoryBlocCatalog([o.bloc]),
    credentials: new DynamoCredentialStore(clients.dynamo, LOCAL_TABLE),
    queue,
    uploads: new S3UploadReader(clients.s3),
    links: signer,
  };
  const api = linksApi(() => runtime, o.log.with({ service: 'links' }));
  const ingestLog = o.log.with({ service: 'ingest' });
  let ingesting: Promise<unknown> = Promise.resolve();

  const upload = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req, 10 * 1024 * 1024 + FORM_OVERHEAD);
    const form = await new Request('http://local/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body }).formData();
    const field = (k: string) => {
      const v = form.get(k);
      return typeof v === 'string' ? v : undefined;
    };
    const names = ['key', 'keyPrefix', 'maxBytes', 'expires', 'signature', ...[...form.keys()].filter((k) => k.startsWith('x-amz-meta-'))];
    const policy = signer.checkUpload(Object.fromEntries(names.map((k) => [k, field(k)])));
    const file = form.get('file');
    if (!policy) return json(res, 403, { error: 'liên kết tải lên không hợp lệ hoặc đã hết hạn' });
    if (!file || typeof file === 'string') return json(res, 400, { error: 'thiếu tệp (trường "file")' });
    if (file.size > policy.maxBytes) return json(res, 400, { error: `tệp lớn hơn ${policy.maxBytes / 1024 / 1024} MB` });
    const key = policy.key.replace('${filename}', safeFileName(file.name));
    if (!key.startsWith(policy.keyPrefix) || key.slice(policy.keyPrefix.length).includes('/'))
      return json(res, 403, { error: 'khóa tệp nằm ngoài thư mục của đơn vị' });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const eventTime = new Date();
    // One ingest at a time: S3 without versions here, so the object read is the one just written.
    const done = ingesting.then(async () => {
      await clients.s3.send(
        new PutObjectCommand({ Bucket: LOCAL_UPLOADS_BUCKET, Key: key, Body: bytes, ...(policy.metadata && { Metadata: policy.metadata }) }),
      );
      return ingestUpload(runtime, { bucket: LOCAL_UPLOADS_BUCKET, key, size: bytes.length, eventTime, eventName: 'ObjectCreated:Post' }, ingestLog);
    });
    ingesting = done.catch(() => undefined);
    const result = await done;
    send(res, 204, { 'x-upload-id': 'uploadId' in result ? result.uploadId : '' });
  };

  const download = async (url: URL, res: ServerResponse) => {
    const ok = signer.checkDownload(url.searchParams);
    if (!ok) return json(res, 403, { error: 'liên kết tải xuống không hợp lệ hoặc đã hết hạn' });
    const bytes = await embedded.blobs.get(ok.key);
    const type = ok.key.endsWith('.json')
      ? TYPES['.json']!
      : ok.key.endsWith('.xlsx')
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'application/octet-stream';
    send(
      res,
      200,
      {
        'content-type': type,
        'cache-control': 'no-store',
        ...(ok.name && {
          'content-disposition': `attachment; filename="${ok.name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(ok.name)}`,
        }),
      },
      bytes,
    );
  };

  const staticFile = async (url: URL, res: ServerResponse) => {
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html';
    const path = join(o.webDir, rel);
    if (!path.startsWith(o.webDir + sep) && path !== o.webDir) return send(res, 404, {}, '');
    const s = await stat(path).catch(() => undefined);
    const file = s?.isFile() ? path : s?.isDirectory() ? join(path, 'index.html') : undefined;
    const body = file && (await readFile(file).catch(() => undefined));
    if (!file || !body) return send(res, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'không có trang này');
    const hashed = /\/assets\//.test(file);
    send(
      res,
      200,
      { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache' },
      body,
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = req.method ?? 'GET';
    if (url.pathname === '/config.json') return json(res, 200, { api: '/api' });
    if (url.pathname === '/api/upload' && method === 'POST') return upload(req, res);
    if (url.pathname === '/api/download' && method === 'GET') return download(url, res);
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      const body = method === 'GET' || method === 'HEAD' ? '' : (await readBody(req, MAX_JSON_BYTES)).toString('utf8');
      const request: HttpRequest = {
        method,
        path: url.pathname.slice('/api'.length) || '/',
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])),
        query: Object.fromEntries(url.searchParams),
        ...(body && { body }),
      };
      const out = await api(request);
      return send(res, out.status, out.headers, out.body);
    }
    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, {}, '');
    return staticFile(url, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (error instanceof TooLarge) return json(res, 413, { error: 'nội dung quá lớn (tối đa 10 MB)' });
      o.log.error('local server request failed', { error, path: req.url?.split('?')[0] });
      if (!res.headersSent) json(res, 500, { error: 'lỗi hệ thống, vui lòng thử lại sau' });
      else res.end();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    clients.destroy();
    await embedded.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${o.host && o.host !== '0.0.0.0' ? o.host : '127.0.0.1'}:${port}`;
  const { token } = await runtime.credentials.issue({ bloc: o.bloc.id, role: 'lead', unit: o.bloc.lead, issuedBy: 'bloc serve', note: 'bloc serve' });
  return {
    url,
    leadToken: token,
    runtime,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await queue.idle();
      await ingesting.catch(() => undefined);
      clients.destroy();
      await embedded.stop();
    },
  };
};
