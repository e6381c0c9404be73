/**
 * Is the From address the sender's own? Locally, the receiving server's Authentication-Results header
 * (RFC 8601); in AWS, the SES receipt's verdicts. A message that is not authenticated is never
 * ingested and never answered: a reply would go to whoever was impersonated.
 */
export type Verdict = 'pass' | 'fail' | 'none';

export interface Verdicts {
  spf: Verdict;
  dkim: Verdict;
  dmarc: Verdict;
}

export const NO_VERDICTS: Verdicts = { spf: 'none', dkim: 'none', dmarc: 'none' };

/** DMARC passed; or, where the domain publishes no DMARC policy, an aligned DKIM signature or SPF pass. */
export const authenticated = (v: Verdicts): boolean => v.dmarc === 'pass' || (v.dmarc === 'none' && (v.dkim === 'pass' || v.spf === 'pass'));

/** Relaxed alignment (RFC 7489 §3.1): the same domain, or one a subdomain of the other. */
const aligned = (a: string, b: string): boolean => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);

const withoutComments = (text: string): string => {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      if (!depth) out += c + text[i + 1];
      i++;
    } else if (c === '"' && !depth) {
      quoted = !quoted;
      out += c;
    } else if (c === '(' && !quoted) depth++;
    else if (c === ')' && !quoted && depth) depth--;
    else if (!depth) out += c;
  }
  return out;
};

const domainOf = (value: string | undefined): string | undefined => value?.replace(/^"|"$/g, '').split('@').pop()?.trim().toLowerCase() || undefined;

/**
 * The verdicts of one Authentication-Results header for the From domain: a method counts only when
 * its identity (header.from, header.d / header.i, smtp.mailfrom / smtp.helo) is aligned with it.
 */
export const verdictsFromHeader = (header: string | undefined, fromDomain: string): Verdicts => {
  const v: Verdicts = { ...NO_VERDICTS };
  if (!header) return v;
  const domain = fromDomain.toLowerCase();
  const [, ...results] = withoutComments(header).split(';');
  for (const result of results) {
    const tokens = result.trim().split(/\s+/).filter(Boolean);
    const [method, outcome] = (tokens[0] ?? '').toLowerCase().split('=');
    if (method !== 'spf' && method !== 'dkim' && method !== 'dmarc') continue;
    const props = Object.fromEntries(tokens.slice(1).map((t) => [t.slice(0, t.indexOf('=')).toLowerCase(), t.slice(t.indexOf('=') + 1)]));
    const identity =
      method === 'dmarc'
        ? domainOf(props['header.from'])
        : method === 'dkim'
          ? domainOf(props['header.d'] ?? props['header.i'])
          : domainOf(props['smtp.mailfrom'] ?? props['smtp.helo']);
    // Unaligned results say nothing about the From domain; a failure of the From domain's own DMARC says no.
    if (!identity || !aligned(identity, domain)) continue;
    const verdict: Verdict = outcome === 'pass' ? 'pass' : outcome === 'fail' || outcome === 'softfail' || outcome === 'permerror' ? 'fail' : 'none';
    // Several DKIM signatures: one aligned pass is enough; a failure does not undo it.
    if (v[method] !== 'pass') v[method] = verdict === 'none' && v[method] === 'fail' ? 'fail' : verdict;
  }
  return v;
};

/** SES receipt verdicts: `{ status: 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' }`. */
export interface SesReceiptVerdicts {
  spfVerdict?: { status: string };
  dkimVerdict?: { status: string };
  dmarcVerdict?: { status: string };
}

const fromSes = (status: string | undefined): Verdict => (status === 'PASS' ? 'pass' : status === 'FAIL' ? 'fail' : 'none');

export const verdictsFromSes = (r: SesReceiptVerdicts): Verdicts => ({
  spf: fromSes(r.spfVerdict?.status),
  dkim: fromSes(r.dkimVerdict?.status),
  dmarc: fromSes(r.dmarcVerdict?.status),
});
