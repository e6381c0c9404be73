import { loadBloc } from '#shared/config/load.js';
import { findPeriod, type Bloc } from '#shared/model/bloc.js';
import { UsageError, printConfigWarnings } from './errors.js';

export const requirePeriod = (bloc: Bloc, period: string) => {
  if (!findPeriod(bloc, period)) throw new UsageError(`đợt "${period}" không có trong cấu hình (có: ${bloc.periods.map((p) => p.id).join(', ')})`);
};

/** The bloc of `--config`, its warnings printed, checked to hold `--period` (else exit 2): how every command starts. */
export const loadPeriodBloc = async (config: string, period: string): Promise<Bloc> => {
  const { bloc, warnings } = await loadBloc(config);
  printConfigWarnings(warnings);
  requirePeriod(bloc, period);
  return bloc;
};
