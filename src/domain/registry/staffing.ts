/**
 * GB/T 27922-2011 5.1.2.2: certified after-sales service managers (售后服务管理师) make up at least
 * 10 % of service management staff, and every enterprise needs at least one. The ratio, the minimum and
 * the "expiring soon" window are parameters (scheme data), defaulting to 0.1, 1 and 90 days.
 *
 *   required = max(minimum, ceil(ratio × serviceManagementStaff))
 *   held     = managers whose certificate is valid on the given date
 *
 * The result feeds the scoring engine's staffing item as { serviceManagementStaff, certifiedManagers: held }.
 */

export interface ManagerCertificate {
  /** ISO date (YYYY-MM-DD) from which the certificate is valid; null when unknown. */
  validFrom?: string | null;
  /** ISO date (YYYY-MM-DD), the last day the certificate is valid. */
  validUntil: string;
  /** A withdrawn certificate never counts. */
  withdrawn?: boolean;
}

export type CertificateState = 'valid' | 'expiringSoon' | 'expired' | 'notYetValid' | 'withdrawn';

export interface StaffingOptions {
  /** The day the check is made, ISO date (YYYY-MM-DD). */
  on: string;
  ratio?: number;
  minimum?: number;
  /** A valid certificate ending within this many days (inclusive) is flagged as expiring soon. */
  expiringWithinDays?: number;
}

export interface StaffingCheck {
  on: string;
  ratio: number;
  minimum: number;
  expiringWithinDays: number;
  serviceManagementStaff: number;
  required: number;
  /** Certificates valid on `on` (including those expiring soon). */
  held: number;
  /** Valid certificates that end within the window: held today, perhaps not at the next evaluation. */
  expiringSoon: number;
  expired: number;
  shortfall: number;
  met: boolean;
  /** Held once the expiring-soon certificates have lapsed: what the client should plan for. */
  heldAfterExpiring: number;
  /** The state of each certificate, in input order. */
  states: CertificateState[];
}

const DAY_MS = 86_400_000;

/** Days from ISO date a to ISO date b (b − a); NaN when either is not a date. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The required number of certified managers. Guards against binary fractions: 0.1 × 30 is 3, not 4. */
export function requiredManagers(serviceManagementStaff: number, ratio = 0.1, minimum = 1): number {
  if (!Number.isFinite(serviceManagementStaff) || serviceManagementStaff < 0) {
    throw new RangeError('serviceManagementStaff must be a non-negative number');
  }
  if (!(ratio >= 0 && ratio <= 1)) throw new RangeError('ratio must be between 0 and 1');
  if (!(Number.isInteger(minimum) && minimum >= 0))
    throw new RangeError('minimum must be a non-negative integer');
  const exact = Number((ratio * serviceManagementStaff).toPrecision(12));
  return Math.max(minimum, Math.ceil(exact));
}

export function certificateState(
  c: ManagerCertificate,
  on: string,
  expiringWithinDays: number,
): CertificateState {
  if (c.withdrawn) return 'withdrawn';
  if (c.validFrom && c.validFrom > on) return 'notYetValid';
  const left = daysBetween(on, c.validUntil);
  if (!(left >= 0)) return 'expired';
  return left <= expiringWithinDays ? 'expiringSoon' : 'valid';
}

/** The 10 % check, computed live from the declared staff count and the managers' certificates. */
export function checkServiceManagerStaffing(
  serviceManagementStaff: number,
  managers: readonly ManagerCertificate[],
  opts: StaffingOptions,
): StaffingCheck {
  const ratio = opts.ratio ?? 0.1;
  const minimum = opts.minimum ?? 1;
  const expiringWithinDays = opts.expiringWithinDays ?? 90;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.on) || Number.isNaN(Date.parse(opts.on))) {
    throw new RangeError('on must be an ISO date (YYYY-MM-DD)');
  }
  const required = requiredManagers(serviceManagementStaff, ratio, minimum);
  const states = managers.map((m) => certificateState(m, opts.on, expiringWithinDays));
  const count = (s: CertificateState) => states.filter((x) => x === s).length;
  const expiringSoon = count('expiringSoon');
  const held = count('valid') + expiringSoon;
  return {
    on: opts.on,
    ratio,
    minimum,
    expiringWithinDays,
    serviceManagementStaff,
    required,
    held,
    expiringSoon,
    expired: count('expired'),
    shortfall: Math.max(0, required - held),
    met: held >= required,
    heldAfterExpiring: held - expiringSoon,
    states,
  };
}
