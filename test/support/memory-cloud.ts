import type { SheetRegistration } from '#shared/config/sheets.js';
import { loadBloc } from '#shared/config/load.js';
import { createLogger, type Logger } from '#shared/cloud/log.js';
import { memoryRuntime, type MemoryRuntime } from '#shared/cloud/memory.js';
import type { UploadedObject } from '#shared/cloud/uploads.js';
import type { Bloc } from '#shared/model/bloc.js';
import { periodKey } from '#shared/pipeline/period-key.js';
import { SAMPLE_BLOC } from './cloud-events.js';

/** The functions' world on the in-memory adapters: no server, milliseconds per case. */
export interface MemoryWorld {
  bloc: Bloc;
  rt: MemoryRuntime;
  log: Logger;
  /** The log lines written, parsed. */
  logs(): Record<string, unknown>[];
  upload(unit: string, bytes: Uint8Array, o: { eventTime: string; file?: string; period?: string }): UploadedObject;
  state(period?: string): ReturnType<MemoryRuntime['store']['state']>;
  json(key: string): Promise<any>;
}

export const memoryWorld = async (o: { sheets?: SheetRegistration[]; now?: () => Date } = {}): Promise<MemoryWorld> => {
  const { bloc } = await loadBloc(SAMPLE_BLOC);
  const rt = memoryRuntime({ blocs: [bloc], ...(o.sheets && { sheets: { [bloc.id]: o.sheets } }), ...(o.now && { now: o.now }) });
  const lines: string[] = [];
  return {
    bloc,
    rt,
    log: createLogger({ service: 'test' }, { sink: (l) => lines.push(l), level: 'debug' }),
    logs: () => lines.map((l) => JSON.parse(l)),
    upload: (unit, bytes, u) =>
      rt.uploads.put(`uploads/${bloc.id}/${bloc.year}/${u.period ?? 'Y'}/${unit}/${u.file ?? `${unit}.xlsx`}`, bytes, new Date(u.eventTime)),
    state: (period = 'Y') => rt.store.state(periodKey(bloc, period)),
    json: async (key) => JSON.parse(new TextDecoder().decode(await rt.blobs.get(key))),
  };
};
