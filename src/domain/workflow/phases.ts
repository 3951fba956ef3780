import { DomainError } from '../errors.ts';
import type { EvidenceTechnique } from '../schemes/package-schema.ts';
import type { SiteKind } from './checklist.ts';
import type { EvaluationState } from './transitions.ts';

/**
 * Execution runs in two phases within `inProgress` (gbt27922.md: document review, then on-site
 * evaluation): the lead completes the document review (an explicit transition), and only then may the
 * on-site items — every outlet item and the headquarters items fed on site — be answered. Items fed by
 * document review can be answered in either phase.
 */
export const EVALUATION_PHASES = ['documentReview', 'onSite'] as const;
export type EvaluationPhase = (typeof EVALUATION_PHASES)[number];

export interface PhaseFacts {
  state: EvaluationState;
  documentReviewCompletedAt: string | null;
}

/** The phase of an evaluation; null before it starts. A completed document review stays completed. */
export function phaseOf(e: PhaseFacts): EvaluationPhase | null {
  if (e.state === 'planned') return null;
  return e.documentReviewCompletedAt ? 'onSite' : 'documentReview';
}

/** Whether an item of a site is evaluated on site (outlets always; headquarters when fed on site). */
export function isOnSiteItem(kind: SiteKind, technique: EvidenceTechnique): boolean {
  return kind === 'outlet' || technique === 'onSiteHQ' || technique === 'onSiteOutlet';
}

/**
 * The lead completes the document review of an evaluation in progress, once.
 * @throws DomainError `transition_not_allowed` (not in progress), `not_the_lead`,
 *   `document_review_completed` (already done)
 */
export function checkCompleteDocumentReview(
  e: PhaseFacts & { leadId: string | null },
  actorPersonId: string | null,
) {
  if (e.state !== 'inProgress') {
    throw new DomainError(
      'transition_not_allowed',
      `An evaluation in state "${e.state}" cannot complete its document review.`,
      { ruleId: 'workflow.phase', details: { state: e.state, event: 'completeDocumentReview' } },
    );
  }
  if (!actorPersonId || e.leadId !== actorPersonId) {
    throw new DomainError('not_the_lead', 'Only the lead evaluator completes the document review.', {
      ruleId: 'workflow.phase',
    });
  }
  if (e.documentReviewCompletedAt) {
    throw new DomainError('document_review_completed', 'The document review is already complete.', {
      ruleId: 'workflow.phase',
      details: { completedAt: e.documentReviewCompletedAt },
    });
  }
}

/**
 * An item may be answered in the current phase: on-site items wait for the document review.
 * @throws DomainError `document_review_open`
 */
export function checkItemPhase(e: PhaseFacts, kind: SiteKind, technique: EvidenceTechnique): void {
  if (phaseOf(e) === 'documentReview' && isOnSiteItem(kind, technique)) {
    throw new DomainError(
      'document_review_open',
      'On-site items are answered once the lead has completed the document review.',
      { ruleId: 'workflow.phase', details: { phase: 'documentReview', technique, site: kind } },
    );
  }
}
