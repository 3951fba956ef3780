import { DomainError } from '../errors.ts';
import { daysBetween, type CivilDate } from './civil-date.ts';
import {
  CANCELLATION_REASONS,
  CHANGE_REASONS,
  SUSPENSION_REASONS,
  WITHDRAWAL_REASONS,
  type CancellationReason,
  type CertificateStatus,
  type ChangeReason,
  type ReasonCode,
  type SuspensionReason,
  type WithdrawalReason,
} from './statuses.ts';

/** What the lifecycle needs to know of a certificate. */
export interface CertificateState {
  status: CertificateStatus;
  /** Last day of validity (inclusive). */
  expiryDate: CivilDate;
  /** While suspended: the last day of the suspension period. */
  suspendedUntil: CivilDate | null;
  /** The reason code of the current status. */
  reasonCode: ReasonCode | null;
  /** The date the current status took effect. */
  statusDate: CivilDate;
}

export type CertificateEvent =
  | { type: 'suspend'; reasonCode: SuspensionReason; until: CivilDate }
  | { type: 'restore' }
  | { type: 'withdraw'; reasonCode: WithdrawalReason }
  | { type: 'cancel'; reasonCode: CancellationReason }
  | { type: 'expire' }
  | { type: 'supersede'; reasonCode: ChangeReason };

export type CertificateEventType = CertificateEvent['type'];

export interface Transition {
  state: CertificateState;
  entry: {
    from: CertificateStatus;
    to: CertificateStatus;
    event: CertificateEventType;
    reasonCode: ReasonCode;
    effectiveDate: CivilDate;
    suspendedUntil: CivilDate | null;
  };
}

/** Which events each status accepts. Withdrawn, cancelled, expired and superseded are final. */
export const ALLOWED_EVENTS: Record<CertificateStatus, readonly CertificateEventType[]> = {
  active: ['suspend', 'withdraw', 'cancel', 'expire', 'supersede'],
  suspended: ['restore', 'withdraw', 'cancel', 'expire'],
  withdrawn: [],
  cancelled: [],
  expired: [],
  superseded: [],
};

const refuse = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError(code, message, { ruleId: 'certificate.lifecycle', details });

const TO: Record<CertificateEventType, CertificateStatus> = {
  suspend: 'suspended',
  restore: 'active',
  withdraw: 'withdrawn',
  cancel: 'cancelled',
  expire: 'expired',
  supersede: 'superseded',
};

/**
 * The certificate state machine: applies one event on the date `now` (the certification body's local
 * date) and answers the new state with the history entry to record, or refuses with a DomainError
 * (`transition_not_allowed`, `invalid_reason`, `suspension_period_invalid`, `not_yet_expired`,
 * `certificate_expired`).
 */
export function transitionCertificate(
  state: CertificateState,
  event: CertificateEvent,
  now: CivilDate,
): Transition {
  if (!ALLOWED_EVENTS[state.status].includes(event.type)) {
    throw refuse(
      'transition_not_allowed',
      `A ${state.status} certificate cannot be ${pastTense(event.type)}.`,
      { from: state.status, event: event.type, path: 'status' },
    );
  }
  let reasonCode: ReasonCode;
  let suspendedUntil: CivilDate | null = null;
  switch (event.type) {
    case 'suspend':
      checkReason(SUSPENSION_REASONS, event.reasonCode);
      if (daysBetween(now, event.until) < 1) {
        throw refuse('suspension_period_invalid', 'The suspension must end after today.', {
          path: 'until',
        });
      }
      reasonCode = event.reasonCode;
      suspendedUntil = event.until;
      break;
    case 'restore':
      if (daysBetween(state.expiryDate, now) > 0) {
        throw refuse(
          'certificate_expired',
          'The certificate has passed its expiry date; it cannot be restored.',
          {
            expiryDate: state.expiryDate,
          },
        );
      }
      reasonCode = 'resolved';
      break;
    case 'withdraw':
      checkReason(WITHDRAWAL_REASONS, event.reasonCode);
      reasonCode = event.reasonCode;
      break;
    case 'cancel':
      checkReason(CANCELLATION_REASONS, event.reasonCode);
      reasonCode = event.reasonCode;
      break;
    case 'expire':
      if (daysBetween(state.expiryDate, now) < 1) {
        throw refuse('not_yet_expired', `The certificate is valid until ${state.expiryDate}.`, {
          expiryDate: state.expiryDate,
        });
      }
      reasonCode = 'validity_ended';
      break;
    case 'supersede':
      checkReason(CHANGE_REASONS, event.reasonCode);
      reasonCode = event.reasonCode;
      break;
  }
  const to = TO[event.type];
  return {
    state: { ...state, status: to, suspendedUntil, reasonCode, statusDate: now },
    entry: { from: state.status, to, event: event.type, reasonCode, effectiveDate: now, suspendedUntil },
  };
}

function checkReason(table: Record<string, unknown>, code: string): void {
  if (!Object.hasOwn(table, code)) {
    throw refuse(
      'invalid_reason',
      `Unknown reason code ${code}; use one of ${Object.keys(table).join(', ')}.`,
      {
        path: 'reasonCode',
        allowed: Object.keys(table),
      },
    );
  }
}

function pastTense(t: CertificateEventType): string {
  return {
    suspend: 'suspended',
    restore: 'restored',
    withdraw: 'withdrawn',
    cancel: 'cancelled',
    expire: 'expired',
    supersede: 'superseded',
  }[t];
}
