import { DomainError } from '../errors.ts';
import type { LifecyclePolicy } from '../schemes/package-schema.ts';
import { addDays, addMonths, daysBetween, type CivilDate } from './civil-date.ts';
import type { CertificateStatus } from './statuses.ts';

/**
 * Every timing of a certificate's life. Validity, the surveillance interval and the recertification
 * lead come from the scheme's lifecycle policy; the suspension period, the surveillance overdue
 * allowance and the reminder lead times come from the scheme when its policy names them
 * (`suspensionMaxMonths`, `surveillanceGraceDays`, `reminderLeadDays`) and otherwise from the
 * certification body's certificate settings. Nothing here is a constant.
 */
export interface CertificateTimings {
  validityYears: number;
  surveillanceMaxIntervalMonths: number;
  recertApplyMonthsBeforeExpiry: number;
  surveillanceGraceDays: number;
  suspensionMaxMonths: number;
  reminderLeadDays: number[];
}

export interface BodyTimingSettings {
  surveillanceGraceDays: number;
  suspensionMaxMonths: number;
  reminderLeadDays: number[];
}

/** Optional lifecycle fields a scheme may carry beyond LifecyclePolicySchema's required ones. */
type ExtendedLifecyclePolicy = LifecyclePolicy &
  Partial<Pick<CertificateTimings, 'surveillanceGraceDays' | 'suspensionMaxMonths' | 'reminderLeadDays'>>;

export function resolveTimings(policy: LifecyclePolicy, body: BodyTimingSettings): CertificateTimings {
  const p = policy as ExtendedLifecyclePolicy;
  return {
    validityYears: p.validityYears,
    surveillanceMaxIntervalMonths: p.surveillanceMaxIntervalMonths,
    recertApplyMonthsBeforeExpiry: p.recertApplyMonthsBeforeExpiry,
    surveillanceGraceDays: p.surveillanceGraceDays ?? body.surveillanceGraceDays,
    suspensionMaxMonths: p.suspensionMaxMonths ?? body.suspensionMaxMonths,
    reminderLeadDays: [...(p.reminderLeadDays ?? body.reminderLeadDays)].sort((a, b) => b - a),
  };
}

/** Last day of validity: issue date + validity − 1 day (issued 2026-12-01 for 3 years → 2029-11-30). */
export function expiryDateFor(issueDate: CivilDate, validityYears: number): CivilDate {
  const months = Math.round(validityYears * 12);
  return addDays(addMonths(issueDate, months), -1);
}

/**
 * The next surveillance due date after `from` (the issue date or the last surveillance), or null when
 * it would fall at or after expiry (recertification takes its place).
 */
export function nextSurveillanceDue(
  from: CivilDate,
  expiryDate: CivilDate,
  t: CertificateTimings,
): CivilDate | null {
  const due = addMonths(from, t.surveillanceMaxIntervalMonths);
  return daysBetween(due, expiryDate) > 0 ? due : null;
}

/** The last day of a suspension starting today; a longer period than the maximum is refused. */
export function suspensionEnd(today: CivilDate, t: CertificateTimings, requested?: CivilDate): CivilDate {
  const max = addMonths(today, t.suspensionMaxMonths);
  if (!requested) return max;
  if (daysBetween(requested, max) < 0) {
    throw new DomainError(
      'suspension_period_invalid',
      `A suspension lasts at most ${t.suspensionMaxMonths} months (until ${max}).`,
      { ruleId: 'certificate.suspension_period', details: { path: 'until', max } },
    );
  }
  return requested;
}

export type DueKind = 'expiry' | 'recertification' | 'surveillance' | 'suspensionEnd';

export interface JobCertificate {
  status: CertificateStatus;
  expiryDate: CivilDate;
  surveillanceDueOn: CivilDate | null;
  suspendedUntil: CivilDate | null;
  withdrawalProposed: boolean;
}

export type PlannedAction =
  | { kind: 'expire' }
  | { kind: 'suspendForOverdueSurveillance'; dueOn: CivilDate; until: CivilDate }
  | { kind: 'proposeWithdrawal'; suspendedUntil: CivilDate }
  | { kind: 'remind'; due: DueKind; dueDate: CivilDate; leadDays: number };

/**
 * What the scheduled jobs must do for one certificate today: expire it after its expiry date; suspend
 * it when surveillance is overdue beyond the allowance; propose withdrawal to the decision maker when
 * a suspension has run out; remind ahead of every due date (only the nearest lead time whose window
 * has opened, so a late run sends one reminder, not all). Idempotence is the caller's: each reminder
 * has a key (due, date, lead) stored once.
 */
export function planCertificateJobs(
  c: JobCertificate,
  t: CertificateTimings,
  today: CivilDate,
): PlannedAction[] {
  if (c.status !== 'active' && c.status !== 'suspended') return [];
  if (daysBetween(c.expiryDate, today) > 0) return [{ kind: 'expire' }];
  const actions: PlannedAction[] = [];
  if (c.status === 'active' && c.surveillanceDueOn) {
    if (daysBetween(addDays(c.surveillanceDueOn, t.surveillanceGraceDays), today) > 0) {
      actions.push({
        kind: 'suspendForOverdueSurveillance',
        dueOn: c.surveillanceDueOn,
        until: addMonths(today, t.suspensionMaxMonths),
      });
      return actions;
    }
  }
  if (
    c.status === 'suspended' &&
    c.suspendedUntil &&
    daysBetween(c.suspendedUntil, today) > 0 &&
    !c.withdrawalProposed
  ) {
    actions.push({ kind: 'proposeWithdrawal', suspendedUntil: c.suspendedUntil });
  }
  const dues: [DueKind, CivilDate | null][] = [
    ['expiry', c.expiryDate],
    ['recertification', addMonths(c.expiryDate, -t.recertApplyMonthsBeforeExpiry)],
    ['surveillance', c.status === 'active' ? c.surveillanceDueOn : null],
    ['suspensionEnd', c.status === 'suspended' ? c.suspendedUntil : null],
  ];
  for (const [due, dueDate] of dues) {
    if (!dueDate) continue;
    const left = daysBetween(today, dueDate);
    if (left < 0) continue;
    // reminderLeadDays is sorted descending: the last one whose window opened is the nearest.
    const opened = t.reminderLeadDays.filter((lead) => left <= lead);
    const lead = opened[opened.length - 1];
    if (lead !== undefined) actions.push({ kind: 'remind', due, dueDate, leadDays: lead });
  }
  return actions;
}
