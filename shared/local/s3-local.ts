import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import S3rver from 's3rver';

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts s3rver on a free loopback port, keeping objects in `dataDir` or a temporary folder. */
export const startS3Local = async (dataDir?: string): Promise<LocalS3> => {
  const directory = dataDir ? resolve(dataDir) : await mkdtemp(join(tmpdir(), 'bloc-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = (await server.run()) as unknown as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.close();
      if (!dataDir) await rm(directory, { recursive: true, force: true });
    },
  };
};
