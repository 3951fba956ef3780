import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { publishedBuiltin } from '../schemes/builtin.test-support.ts';
import {
  checkCompleteDocumentReview,
  checkItemPhase,
  checklistFor,
  isOnSiteItem,
  phaseOf,
  type PhaseFacts,
} from './index.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
  return null;
};

const open: PhaseFacts & { leadId: string } = {
  state: 'inProgress',
  documentReviewCompletedAt: null,
  leadId: 'lead',
};
const done = { ...open, documentReviewCompletedAt: '2026-12-10T08:00:00.000Z' };

describe('execution phases: document review, then on site', () => {
  it('an evaluation in progress is in document review until the lead completes it', () => {
    expect(phaseOf({ state: 'planned', documentReviewCompletedAt: null })).toBeNull();
    expect(phaseOf(open)).toBe('documentReview');
    expect(phaseOf(done)).toBe('onSite');
    // Sent back by the review: still on site, the document review stays complete.
    expect(phaseOf({ ...done, state: 'inProgress' })).toBe('onSite');
    expect(phaseOf({ ...done, state: 'decided' })).toBe('onSite');
  });

  it('only the lead completes the document review, once, while in progress', () => {
    expect(codeOf(() => checkCompleteDocumentReview(open, 'lead'))).toBeNull();
    expect(codeOf(() => checkCompleteDocumentReview(open, 'evaluator'))).toBe('not_the_lead');
    expect(codeOf(() => checkCompleteDocumentReview(open, null))).toBe('not_the_lead');
    expect(codeOf(() => checkCompleteDocumentReview(done, 'lead'))).toBe('document_review_completed');
    for (const state of ['planned', 'submitted', 'reviewed', 'decided'] as const) {
      expect(codeOf(() => checkCompleteDocumentReview({ ...open, state }, 'lead'))).toBe(
        'transition_not_allowed',
      );
    }
  });

  it('on-site items wait for the document review; document-review items are answered in either phase', () => {
    const scheme = publishedBuiltin();
    const hq = checklistFor(scheme.package, 'headquarters');
    const outlet = checklistFor(scheme.package, 'outlet');
    const hqReview = hq.filter((i) => i.technique === 'documentReview');
    const hqOnSite = hq.filter((i) => i.technique === 'onSiteHQ');
    expect(hqReview.length).toBeGreaterThan(0);
    expect(hqOnSite.length).toBeGreaterThan(0);
    for (const i of hqReview) {
      expect(isOnSiteItem('headquarters', i.technique)).toBe(false);
      expect(codeOf(() => checkItemPhase(open, 'headquarters', i.technique))).toBeNull();
      expect(codeOf(() => checkItemPhase(done, 'headquarters', i.technique))).toBeNull();
    }
    for (const i of hqOnSite) {
      expect(codeOf(() => checkItemPhase(open, 'headquarters', i.technique))).toBe('document_review_open');
      expect(codeOf(() => checkItemPhase(done, 'headquarters', i.technique))).toBeNull();
    }
    for (const i of outlet) {
      expect(isOnSiteItem('outlet', i.technique)).toBe(true);
      expect(codeOf(() => checkItemPhase(open, 'outlet', i.technique))).toBe('document_review_open');
      expect(codeOf(() => checkItemPhase(done, 'outlet', i.technique))).toBeNull();
    }
  });
});
