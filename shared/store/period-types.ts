/** One bloc period: the unit of ranking and of every store query. */
export interface PeriodKey {
  bloc: string;
  year: number;
  period: string;
}

/** Values as stored: exact decimal strings (or "num/den") by criterion code. */
export type StoredValues = Record<string, { points?: string; achieved?: string; base?: string }>;
