import type { Bloc } from '../model/bloc.js';
import type { PeriodKey } from '../store/ports.js';

export const periodKey = (bloc: Bloc, period: string): PeriodKey => ({ bloc: bloc.id, year: bloc.year, period });
