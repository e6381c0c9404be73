/** Authentication-Results (RFC 8601) and SES verdicts, for the From domain only. */
import { describe, expect, it } from 'vitest';
import { authenticated, verdictsFromHeader, verdictsFromSes } from '#shared/mail/trust.js';

const DOMAIN = 'stp-kha.gov.vn';

describe('verdictsFromHeader', () => {
  it('reads spf, dkim and dmarc aligned with the From domain, ignoring comments', () => {
    const v = verdictsFromHeader(
      'mx.google.com; dkim=pass header.i=@stp-kha.gov.vn header.s=s1 header.b=abc; spf=pass (google.com: domain of a@stp-kha.gov.vn designates 1.2.3.4 as permitted sender) smtp.mailfrom=a@stp-kha.gov.vn; dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=stp-kha.gov.vn',
      DOMAIN,
    );
    expect(v).toEqual({ spf: 'pass', dkim: 'pass', dmarc: 'pass' });
    expect(authenticated(v)).toBe(true);
  });

  it('a pass for another domain says nothing about the From domain', () => {
    const v = verdictsFromHeader('mx; dkim=pass header.d=attacker.example; spf=pass smtp.mailfrom=x@attacker.example', DOMAIN);
    expect(v).toEqual({ spf: 'none', dkim: 'none', dmarc: 'none' });
    expect(authenticated(v)).toBe(false);
  });

  it('relaxed alignment: a subdomain signature counts', () => {
    expect(verdictsFromHeader('mx; dkim=pass header.d=mail.stp-kha.gov.vn', DOMAIN).dkim).toBe('pass');
  });

  it('dmarc=fail wins over an aligned spf pass; no header is not authenticated', () => {
    expect(authenticated(verdictsFromHeader('mx; spf=pass smtp.mailfrom=stp-kha.gov.vn; dmarc=fail header.from=stp-kha.gov.vn', DOMAIN))).toBe(false);
    expect(authenticated(verdictsFromHeader(undefined, DOMAIN))).toBe(false);
    expect(authenticated(verdictsFromHeader('mx; none', DOMAIN))).toBe(false);
  });

  it('without DMARC, an aligned DKIM pass is enough; softfail is a failure', () => {
    expect(authenticated(verdictsFromHeader('mx; dkim=pass header.d=stp-kha.gov.vn', DOMAIN))).toBe(true);
    expect(verdictsFromHeader('mx; spf=softfail smtp.mailfrom=a@stp-kha.gov.vn', DOMAIN).spf).toBe('fail');
  });
});

describe('verdictsFromSes', () => {
  it('maps PASS, FAIL and GRAY', () => {
    expect(verdictsFromSes({ spfVerdict: { status: 'PASS' }, dkimVerdict: { status: 'GRAY' }, dmarcVerdict: { status: 'FAIL' } })).toEqual({
      spf: 'pass',
      dkim: 'none',
      dmarc: 'fail',
    });
    expect(authenticated(verdictsFromSes({ spfVerdict: { status: 'PASS' }, dkimVerdict: { status: 'PASS' }, dmarcVerdict: { status: 'PASS' } }))).toBe(true);
    expect(authenticated(verdictsFromSes({ spfVerdict: { status: 'PASS' }, dkimVerdict: { status: 'PASS' }, dmarcVerdict: { status: 'FAIL' } }))).toBe(false);
    expect(authenticated(verdictsFromSes({}))).toBe(false);
  });
});
