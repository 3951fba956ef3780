import { describe, expect, it } from 'vitest';
import type { DomainError } from '../errors.ts';
import {
  ALLOWED_EVENTS,
  CERTIFICATE_STATUSES,
  IAF_STATUS,
  addMonths,
  decodePayload,
  encodePayload,
  escapeXml,
  expiryDateFor,
  formatCertificateNumber,
  fromBase64Url,
  localDateOf,
  nextSurveillanceDue,
  parseNumberPattern,
  planCertificateJobs,
  renderStarMarkSvg,
  resolveTimings,
  splitToken,
  suspensionEnd,
  toBase64Url,
  transitionCertificate,
  type CertificateEvent,
  type CertificateState,
  type CertificateTimings,
} from './index.ts';

const active: CertificateState = {
  status: 'active',
  expiryDate: '2029-11-29',
  suspendedUntil: null,
  reasonCode: 'granted',
  statusDate: '2026-11-30',
};
const EVENTS: Record<CertificateEvent['type'], CertificateEvent> = {
  suspend: { type: 'suspend', reasonCode: 'surveillance_overdue', until: '2027-06-30' },
  restore: { type: 'restore' },
  withdraw: { type: 'withdraw', reasonCode: 'suspension_unresolved' },
  cancel: { type: 'cancel', reasonCode: 'client_request' },
  expire: { type: 'expire' },
  supersede: { type: 'supersede', reasonCode: 'level_change' },
};
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return null;
};

describe('transitionCertificate', () => {
  it('accepts exactly the allowed events of every status and refuses the rest', () => {
    for (const status of CERTIFICATE_STATUSES) {
      for (const [type, event] of Object.entries(EVENTS)) {
        const state = { ...active, status, suspendedUntil: status === 'suspended' ? '2027-06-30' : null };
        const now = type === 'expire' ? '2029-11-30' : '2027-01-10';
        if (ALLOWED_EVENTS[status].includes(event.type)) {
          const t = transitionCertificate(state, event, now);
          expect(t.entry.from, `${status} ${type}`).toBe(status);
          expect(t.state.statusDate).toBe(now);
        } else {
          expect(
            code(() => transitionCertificate(state, event, now)),
            `${status} ${type}`,
          ).toBe('transition_not_allowed');
        }
      }
    }
  });

  it('suspends with a reason and period, restores to active, and records the entry', () => {
    const s = transitionCertificate(active, EVENTS.suspend, '2027-01-10');
    expect(s.state).toMatchObject({
      status: 'suspended',
      suspendedUntil: '2027-06-30',
      reasonCode: 'surveillance_overdue',
    });
    expect(s.entry).toMatchObject({
      from: 'active',
      to: 'suspended',
      event: 'suspend',
      effectiveDate: '2027-01-10',
    });
    const r = transitionCertificate(s.state, EVENTS.restore, '2027-02-01');
    expect(r.state).toMatchObject({ status: 'active', suspendedUntil: null, reasonCode: 'resolved' });
  });

  it('refuses unknown reasons, a suspension ending today, early expiry and restore after expiry', () => {
    expect(
      code(() =>
        transitionCertificate(active, { type: 'withdraw', reasonCode: 'bored' as never }, '2027-01-01'),
      ),
    ).toBe('invalid_reason');
    expect(
      code(() =>
        transitionCertificate(
          active,
          { ...EVENTS.suspend, until: '2027-01-01' } as CertificateEvent,
          '2027-01-01',
        ),
      ),
    ).toBe('suspension_period_invalid');
    expect(code(() => transitionCertificate(active, EVENTS.expire, '2029-11-29'))).toBe('not_yet_expired');
    expect(transitionCertificate(active, EVENTS.expire, '2029-11-30').state.status).toBe('expired');
    const suspended = { ...active, status: 'suspended' as const, suspendedUntil: '2030-01-01' };
    expect(code(() => transitionCertificate(suspended, EVENTS.restore, '2029-12-01'))).toBe(
      'certificate_expired',
    );
  });
});

describe('dates and timings', () => {
  it('computes expiry, month ends and local dates', () => {
    expect(expiryDateFor('2026-11-30', 3)).toBe('2029-11-29');
    expect(expiryDateFor('2024-02-29', 1)).toBe('2025-02-27');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(localDateOf(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-01');
    expect(localDateOf(new Date('2026-11-30T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-30');
  });

  it('takes timings from the scheme, else from the body', () => {
    const policy = { validityYears: 3, surveillanceMaxIntervalMonths: 12, recertApplyMonthsBeforeExpiry: 3 };
    const body = { suspensionMaxMonths: 6, surveillanceGraceDays: 10, reminderLeadDays: [7, 90, 30] };
    expect(resolveTimings(policy, body)).toMatchObject({
      suspensionMaxMonths: 6,
      reminderLeadDays: [90, 30, 7],
    });
    expect(resolveTimings({ ...policy, suspensionMaxMonths: 3 } as never, body).suspensionMaxMonths).toBe(3);
    const t = resolveTimings(policy, body);
    expect(nextSurveillanceDue('2026-11-30', '2029-11-29', t)).toBe('2027-11-30');
    expect(nextSurveillanceDue('2028-12-01', '2029-11-29', t)).toBeNull();
    expect(suspensionEnd('2027-01-10', t)).toBe('2027-07-10');
    expect(code(() => suspensionEnd('2027-01-10', t, '2027-07-11'))).toBe('suspension_period_invalid');
  });

  it('plans expiry, overdue suspension, withdrawal proposal and one reminder per window', () => {
    const t: CertificateTimings = {
      validityYears: 3,
      surveillanceMaxIntervalMonths: 12,
      recertApplyMonthsBeforeExpiry: 3,
      surveillanceGraceDays: 10,
      suspensionMaxMonths: 6,
      reminderLeadDays: [90, 30, 7],
    };
    const c = {
      status: 'active' as const,
      expiryDate: '2029-11-29',
      surveillanceDueOn: '2027-11-30',
      suspendedUntil: null,
      withdrawalProposed: false,
    };
    expect(planCertificateJobs(c, t, '2027-01-01')).toEqual([]);
    expect(planCertificateJobs(c, t, '2027-11-10')).toEqual([
      { kind: 'remind', due: 'surveillance', dueDate: '2027-11-30', leadDays: 30 },
    ]);
    expect(planCertificateJobs(c, t, '2027-12-10')).toEqual([]); // within the 10-day allowance
    expect(planCertificateJobs(c, t, '2027-12-11')).toEqual([
      { kind: 'suspendForOverdueSurveillance', dueOn: '2027-11-30', until: '2028-06-11' },
    ]);
    const s = { ...c, status: 'suspended' as const, suspendedUntil: '2028-06-11' };
    expect(planCertificateJobs(s, t, '2028-06-12')).toEqual([
      { kind: 'proposeWithdrawal', suspendedUntil: '2028-06-11' },
    ]);
    expect(planCertificateJobs({ ...s, withdrawalProposed: true }, t, '2028-06-12')).toEqual([]);
    expect(planCertificateJobs(c, t, '2029-11-30')).toEqual([{ kind: 'expire' }]);
    expect(planCertificateJobs({ ...c, status: 'withdrawn' }, t, '2029-11-30')).toEqual([]);
  });
});

describe('certificate numbers', () => {
  it('formats prefix + year + sequence, per category', () => {
    expect(
      formatCertificateNumber('SM-{yyyy}-{cat}{seq:5}', { year: 2026, seq: 7, category: 'service' }),
    ).toBe('SM-2026-S00007');
    expect(
      formatCertificateNumber('CQC{yy}{seq:6}', { year: 2026, seq: 123, category: 'managementSystem' }),
    ).toBe('CQC26000123');
    expect(formatCertificateNumber('a{yyyy}/{seq}', { year: 2026, seq: 123456, category: 'product' })).toBe(
      'A2026/123456',
    );
  });
  it('refuses patterns without year or sequence, unknown tokens and odd literals', () => {
    for (const p of [
      'SM-{seq}',
      'SM-{yyyy}',
      'SM-{yyyy}-{foo}{seq}',
      'SM {yyyy}{seq}',
      'SM-{yyyy}-{seq}{seq}',
      '{yyyy{seq}',
    ]) {
      expect(
        code(() => parseNumberPattern(p)),
        p,
      ).toBe('number_pattern_invalid');
    }
  });
});

describe('signed payload', () => {
  const p = {
    kid: '0123456789abcdef',
    number: 'SM-2026-S00001',
    revision: 2,
    entity: '海尔电器服务有限公司',
    levelId: 'fiveStar',
    stars: 5,
    issueDate: '2026-11-30',
    expiryDate: '2029-11-29',
  };
  it('round-trips through canonical bytes and base64url', () => {
    const bytes = encodePayload(p);
    expect(decodePayload(bytes)).toEqual(p);
    expect(encodePayload(decodePayload(bytes))).toEqual(bytes);
    for (const n of [0, 1, 2, 3, 4, 5, 64]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      expect(fromBase64Url(toBase64Url(b))).toEqual(b);
      expect(toBase64Url(b)).toBe(Buffer.from(b).toString('base64url'));
    }
  });
  it('folds control characters and refuses malformed tokens', () => {
    expect(decodePayload(encodePayload({ ...p, entity: 'A\nB' })).entity).toBe('A B');
    expect(code(() => splitToken('abc'))).toBe('payload_invalid');
    expect(
      code(() => splitToken(`${toBase64Url(encodePayload(p))}.${toBase64Url(new Uint8Array(10))}`)),
    ).toBe('payload_invalid');
    expect(code(() => decodePayload(new TextEncoder().encode('XX1\na')))).toBe('payload_invalid');
  });
});

describe('registries and the mark', () => {
  it('maps every status to IAF CertSearch', () => {
    expect(IAF_STATUS).toEqual({
      active: 'Active',
      suspended: 'Suspended',
      withdrawn: 'Withdrawn',
      cancelled: 'Cancelled',
      expired: 'Expired',
      superseded: 'Inactive',
    });
  });
  it('draws the stars of the level and escapes every text', () => {
    const svg = renderStarMarkSvg({
      stars: 4,
      levelTitle: { zh: '四星级', en: 'Four stars' },
      certificateNumber: 'X<&>"1',
      standard: 'GB/T 27922-2011',
      titleZh: '售后服务认证',
      titleEn: 'After-sales service',
    });
    expect(svg.match(/<polygon/g)).toHaveLength(4);
    expect(svg).not.toContain('X<&>');
    expect(svg).toContain(escapeXml('X<&>"1'));
  });
});
