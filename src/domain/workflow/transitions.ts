import { DomainError } from '../errors.ts';

/**
 * Every step of the workflow is an explicit transition: a state machine says which events a state
 * accepts and what it becomes; guards (who may, what must hold) refuse with a reason code.
 */
export type Machine<S extends string, E extends string> = Record<S, Partial<Record<E, S>>>;

export function nextState<S extends string, E extends string>(
  machine: Machine<S, E>,
  entity: string,
  state: S,
  event: E,
): S {
  const to = machine[state][event];
  if (!to) {
    throw new DomainError('transition_not_allowed', `A ${entity} in state "${state}" cannot "${event}".`, {
      ruleId: `workflow.${entity}`,
      details: { state, event },
    });
  }
  return to;
}

export const APPLICATION_STATES = ['draft', 'submitted', 'accepted', 'declined', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];
export type ApplicationEvent = 'submit' | 'accept' | 'decline' | 'withdraw';
export const APPLICATION_MACHINE: Machine<ApplicationState, ApplicationEvent> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { accept: 'accepted', decline: 'declined', withdraw: 'withdrawn' },
  accepted: {},
  declined: {},
  withdrawn: {},
};

/**
 * An evaluation (评价): planned → in progress (document review, then on site) → submitted by the lead →
 * technically reviewed → decided. A review may send it back; a decision may ask for more.
 */
export const EVALUATION_STATES = ['planned', 'inProgress', 'submitted', 'reviewed', 'decided'] as const;
export type EvaluationState = (typeof EVALUATION_STATES)[number];
export type EvaluationEvent =
  'start' | 'submit' | 'approveReview' | 'returnReview' | 'grant' | 'refuse' | 'askMore';
export const EVALUATION_MACHINE: Machine<EvaluationState, EvaluationEvent> = {
  planned: { start: 'inProgress' },
  inProgress: { submit: 'submitted' },
  submitted: { approveReview: 'reviewed', returnReview: 'inProgress' },
  reviewed: { grant: 'decided', refuse: 'decided', askMore: 'inProgress' },
  decided: {},
};

/** A finding (不符合 / 观察项): the client answers, the evaluator accepts or reopens. */
export const FINDING_STATES = ['open', 'answered', 'accepted', 'reopened'] as const;
export type FindingState = (typeof FINDING_STATES)[number];
export type FindingEvent = 'answer' | 'accept' | 'reopen';
export const FINDING_MACHINE: Machine<FindingState, FindingEvent> = {
  open: { answer: 'answered' },
  reopened: { answer: 'answered' },
  answered: { accept: 'accepted', reopen: 'reopened' },
  accepted: {},
};

export const FINDING_SEVERITIES = ['specialDeduction', 'nonconformity', 'observation'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** Overdue: past its due date and not yet accepted. */
export function isFindingOverdue(f: { state: FindingState; dueDate: string }, today: string): boolean {
  return f.state !== 'accepted' && f.dueDate < today;
}

export interface Team {
  leadId: string;
  memberIds: readonly string[];
}

const onTeam = (team: Team, personId: string) =>
  team.leadId === personId || team.memberIds.includes(personId);

/**
 * The lead submits the evaluation, and only when every nonconformity and special deduction has an
 * accepted correction; observations do not hold it up.
 * @throws DomainError `not_the_lead`, `findings_unresolved`
 */
export function checkSubmit(
  team: Team,
  actorPersonId: string,
  findings: readonly { id: string; severity: FindingSeverity; state: FindingState }[],
): void {
  if (team.leadId !== actorPersonId) {
    throw new DomainError('not_the_lead', 'Only the lead evaluator submits the evaluation.', {
      ruleId: 'workflow.submit',
    });
  }
  const unresolved = findings.filter((f) => f.severity !== 'observation' && f.state !== 'accepted');
  if (unresolved.length) {
    throw new DomainError(
      'findings_unresolved',
      `${unresolved.length} finding(s) still need an accepted correction before submission.`,
      { ruleId: 'workflow.submit', details: { findings: unresolved.map((f) => f.id) } },
    );
  }
}

/**
 * Technical review and the certification decision are made by people outside the evaluation team
 * (ISO/IEC 17065 7.5, 17021-1 9.5): a team member is refused, whatever their roles.
 * @throws DomainError `reviewer_on_team`, `decision_maker_on_team`, `decision_maker_was_reviewer`
 */
export function checkIndependence(
  step: 'review' | 'decision',
  team: Team,
  actorPersonId: string,
  reviewerId?: string | null,
): void {
  if (onTeam(team, actorPersonId)) {
    throw new DomainError(
      step === 'review' ? 'reviewer_on_team' : 'decision_maker_on_team',
      step === 'review'
        ? 'The technical reviewer must not have been on the evaluation team.'
        : 'The decision maker must not have been on the evaluation team.',
      { ruleId: 'workflow.independence' },
    );
  }
  if (step === 'decision' && reviewerId && reviewerId === actorPersonId) {
    throw new DomainError(
      'decision_maker_was_reviewer',
      'The decision is taken by someone other than the technical reviewer.',
      {
        ruleId: 'workflow.independence',
      },
    );
  }
}
