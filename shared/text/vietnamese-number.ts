import { formatRational, fromHundredths, type Rational } from '../numbers/rational.js';
import type { Hundredths } from '../model/rubric.js';

/** A number as a person reads it in Vietnamese: 8.5 → "8,5", 1103 → "1103". */
export const vnNumber = (r: Rational): string => formatRational(r).replace('.', ',');

export const vnPoints = (h: Hundredths): string => vnNumber(fromHundredths(h));
