import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { publishedBuiltin, testHash } from '../schemes/builtin.test-support.ts';
import { parseEvaluationDocument } from '../scoring/evaluation-input.ts';
import { scoreEvaluation } from '../scoring/score-evaluation.ts';
import { conformingDocument } from '../scoring/evaluation.test-support.ts';
import { nextState } from '../workflow/transitions.ts';
import { rollUpChecklists } from '../workflow/checklist.ts';
import {
  BUILTIN_SCENARIOS,
  checkScenarioAgainstScheme,
  checkSubmission,
  parseScenarioContent,
  scenarioContentHash,
  VISIT_MACHINE,
  visitFlags,
  visitSamples,
  visitsToExtraSamples,
  type AnswerValue,
  type ScenarioContent,
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

const store = BUILTIN_SCENARIOS[0]!.content;
const hotline = BUILTIN_SCENARIOS[1]!.content;
const scheme = publishedBuiltin();
const answers = (o: Record<string, AnswerValue>) => new Map(Object.entries(o));

describe('scenarios', () => {
  it('the built-in scenarios are valid and fit the built-in scheme', () => {
    for (const s of BUILTIN_SCENARIOS) {
      expect(parseScenarioContent(s.content)).toEqual(s.content);
      expect(() => checkScenarioAgainstScheme(s.content, scheme.package)).not.toThrow();
    }
  });

  it('hashes the content canonically: key order does not matter, a changed question does', () => {
    const reordered = Object.fromEntries(Object.entries(store).reverse()) as ScenarioContent;
    expect(scenarioContentHash(reordered, testHash)).toBe(scenarioContentHash(store, testHash));
    const changed = { ...store, questions: store.questions.map((q, i) => (i ? q : { ...q, group: 'x' })) };
    expect(scenarioContentHash(changed, testHash)).not.toBe(scenarioContentHash(store, testHash));
  });

  it('refuses questions on items that are not sampled or do not admit mystery visits', () => {
    const on = (node: string) => ({ ...store, questions: [{ ...store.questions[0]!, node }] });
    expect(codeOf(() => checkScenarioAgainstScheme(on('5.1.7'), scheme.package))).toBe(
      'question_node_not_sampled',
    );
    expect(codeOf(() => checkScenarioAgainstScheme(on('5.2.3'), scheme.package))).toBe(
      'question_node_no_mystery_visits',
    );
    expect(codeOf(() => checkScenarioAgainstScheme(on('9.9'), scheme.package))).toBe('question_node_unknown');
  });

  it('refuses duplicate question ids and a conforming minimum above the scale', () => {
    expect(
      codeOf(() => parseScenarioContent({ ...store, questions: [store.questions[0], store.questions[0]] })),
    ).toBe('duplicate_question');
    const q = { ...store.questions[5]!, answer: { type: 'rating', scale: 5, conformingMin: 6 } };
    expect(codeOf(() => parseScenarioContent({ ...store, questions: [q] }))).toBe('invalid_scenario');
  });
});

describe('visit state machine', () => {
  it('assigned → inProgress → submitted → approved; returned comes back to submitted; void is exposure', () => {
    expect(nextState(VISIT_MACHINE, 'visit', 'assigned', 'start')).toBe('inProgress');
    expect(nextState(VISIT_MACHINE, 'visit', 'inProgress', 'submit')).toBe('submitted');
    expect(nextState(VISIT_MACHINE, 'visit', 'submitted', 'return')).toBe('returned');
    expect(nextState(VISIT_MACHINE, 'visit', 'returned', 'submit')).toBe('submitted');
    expect(nextState(VISIT_MACHINE, 'visit', 'submitted', 'approve')).toBe('approved');
    expect(nextState(VISIT_MACHINE, 'visit', 'submitted', 'void')).toBe('voided');
  });
  it('an approved or voided visit takes no further step', () => {
    for (const e of ['start', 'submit', 'approve', 'return', 'void'] as const) {
      expect(codeOf(() => nextState(VISIT_MACHINE, 'visit', 'approved', e))).toBe('transition_not_allowed');
      expect(codeOf(() => nextState(VISIT_MACHINE, 'visit', 'voided', e))).toBe('transition_not_allowed');
    }
    expect(codeOf(() => nextState(VISIT_MACHINE, 'visit', 'assigned', 'approve'))).toBe(
      'transition_not_allowed',
    );
  });
});

describe('window and evidence rules', () => {
  const all = answers({
    greet: 'yes',
    badge: 'yes',
    warranty: 'yes',
    repairProcess: 'yes',
    complaint: 'na',
    attitude: 5,
  });
  const base = {
    content: store,
    now: '2026-12-01T03:00:00.000Z',
    windowStart: '2026-12-01T00:00:00.000Z',
    windowEnd: '2026-12-01T10:00:00.000Z',
    startedAt: '2026-12-01T02:00:00.000Z',
    endedAt: '2026-12-01T02:30:00.000Z',
    answers: all,
    evidenceKeys: new Set(['storefront']),
  };
  it('accepts a complete visit inside the window', () => {
    expect(() => checkSubmission(base)).not.toThrow();
  });
  it('refuses a submission before or after the window', () => {
    expect(codeOf(() => checkSubmission({ ...base, now: '2026-12-01T10:00:01.000Z' }))).toBe(
      'outside_window',
    );
    expect(codeOf(() => checkSubmission({ ...base, now: '2026-11-30T23:59:59.000Z' }))).toBe(
      'outside_window',
    );
  });
  it('refuses missing required evidence and unanswered required questions', () => {
    expect(codeOf(() => checkSubmission({ ...base, evidenceKeys: new Set(['receipt']) }))).toBe(
      'evidence_missing',
    );
    const partial = new Map(all);
    partial.delete('greet');
    expect(codeOf(() => checkSubmission({ ...base, answers: partial }))).toBe('answers_missing');
    expect(
      codeOf(() =>
        checkSubmission({ ...base, answers: answers({ ...Object.fromEntries(all), greet: 'na' }) }),
      ),
    ).toBe('answer_invalid');
  });

  const facts = {
    channel: 'inStore' as const,
    windowStart: base.windowStart,
    windowEnd: base.windowEnd,
    startedAt: base.startedAt,
    endedAt: base.endedAt,
    gps: { latitude: 32.0418, longitude: 118.7845, accuracy: 20, at: '2026-12-01T02:01:00.000Z' },
    outlet: { latitude: 32.0415, longitude: 118.784 },
  };
  it('flags nothing for a plausible visit at the outlet', () => {
    expect(visitFlags(facts, store.expectedMinutes)).toEqual([]);
  });
  it('flags times and GPS that contradict the window or the place instead of accepting them', () => {
    const flags = visitFlags(
      {
        ...facts,
        startedAt: '2026-11-30T20:00:00.000Z',
        endedAt: '2026-11-30T20:02:00.000Z',
        gps: { latitude: 31.2304, longitude: 121.4737, accuracy: 350, at: '2026-11-30T20:01:00.000Z' },
      },
      store.expectedMinutes,
    ).map((f) => f.code);
    expect(flags).toEqual([
      'started_outside_window',
      'ended_outside_window',
      'duration_short',
      'gps_inaccurate',
      'gps_outside_window',
      'gps_far_from_outlet',
    ]);
    expect(visitFlags({ ...facts, gps: null }, store.expectedMinutes).map((f) => f.code)).toEqual([
      'gps_missing',
    ]);
    // A hotline call has no place to be.
    expect(visitFlags({ ...facts, channel: 'hotline', gps: null }, hotline.expectedMinutes)).toEqual([]);
  });
});

describe('samples and the engine', () => {
  // Worked example 1: an in-store visit at NJ-101. greet no, badge yes, warranty yes, repairProcess no,
  // complaint n/a, attitude 3 (below 4).
  // 5.3.1: greet ✗, badge ✓, attitude ✗ → 3 checked, 1 conforming; 5.2.5: 1/1; 5.2.4: 0/1; 5.3.2: none.
  const mv1 = answers({
    greet: 'no',
    badge: 'yes',
    warranty: 'yes',
    repairProcess: 'no',
    complaint: 'na',
    attitude: 3,
  });
  // Worked example 2: a second visit at NJ-101, everything conforms (complaint yes, attitude 5).
  const mv2 = answers({
    greet: 'yes',
    badge: 'yes',
    warranty: 'yes',
    repairProcess: 'yes',
    complaint: 'yes',
    attitude: 5,
  });

  it('turns answers into samples per item; n/a is no sample', () => {
    expect(visitSamples(store, mv1)).toEqual([
      { node: '5.3.1', checked: 3, conforming: 1, nonConforming: ['greet', 'attitude'] },
      { node: '5.2.5', checked: 1, conforming: 1, nonConforming: [] },
      { node: '5.2.4', checked: 1, conforming: 0, nonConforming: ['repairProcess'] },
    ]);
  });

  it('pools approved visits per item and outlet, naming the visits that lost samples', () => {
    const extra = visitsToExtraSamples([
      { ref: 'MV-1', outletCode: 'NJ-101', samples: visitSamples(store, mv1) },
      { ref: 'MV-2', outletCode: 'NJ-101', samples: visitSamples(store, mv2) },
    ]);
    expect(extra).toEqual([
      {
        node: '5.2.4',
        record: { source: 'mysteryVisit', ref: 'MV NJ-101', checked: 2, conforming: 1, evidence: ['MV-1'] },
      },
      { node: '5.2.5', record: { source: 'mysteryVisit', ref: 'MV NJ-101', checked: 2, conforming: 2 } },
      {
        node: '5.3.1',
        record: { source: 'mysteryVisit', ref: 'MV NJ-101', checked: 6, conforming: 4, evidence: ['MV-1'] },
      },
      { node: '5.3.2', record: { source: 'mysteryVisit', ref: 'MV NJ-101', checked: 1, conforming: 1 } },
    ]);
  });

  it('changes the score and trace exactly by the visit’s samples (worked example)', () => {
    // Base: every item conforms, every sampled item 10/10 → 100.
    const base = conformingDocument(scheme);
    const before = scoreEvaluation(scheme, parseEvaluationDocument(base));
    expect(before.totals.score).toBe(100);
    const extra = visitsToExtraSamples([
      { ref: 'MV-1', outletCode: 'NJ-101', samples: visitSamples(store, mv1) },
    ]);
    const doc = {
      ...base,
      results: base.results.map((r) => {
        const mine = extra.filter((e) => e.node === r.node);
        return mine.length && r.method === 'sampled'
          ? { ...r, samples: [...r.samples, ...mine.map((e) => e.record)] }
          : r;
      }),
    };
    const after = scoreEvaluation(scheme, parseEvaluationDocument(doc));
    // 5.3.1 (12 points): 10/10 + 1/3 → 11/13 → 12 × 11/13 = 132/13; loss 24/13.
    // 5.2.4 (8 points): 10/10 + 0/1 → 10/11 → 80/11; loss 8/11. 5.2.5 10/10 + 1/1: no loss.
    // achieved = 100 − 24/13 − 8/11 = (14300 − 264 − 104)/143 = 13932/143 = 97.4265… → 97.4.
    expect(after.totals.exact.achieved).toBe('13932/143');
    expect(after.totals.score).toBe(97.4);
    const lost = after.trace.lostPoints.filter((l) => l.points > 0);
    expect(lost.map((l) => l.node).sort()).toEqual(['5.2.4', '5.3.1']);
    for (const l of lost) expect(l.evidence).toContain('MV-1');
  });

  it('is the same through the checklist roll-up seam (extraSamples)', () => {
    const extra = visitsToExtraSamples([
      { ref: 'MV-1', outletCode: 'NJ-101', samples: visitSamples(store, mv1) },
    ]);
    const doc = rollUpChecklists(scheme.package, {
      scheme: { urn: scheme.package.urn, version: scheme.package.version },
      evaluationId: 'EV-1',
      stage: 'initial',
      sites: [{ id: 'o1', kind: 'outlet', code: 'NJ-101' }],
      entries: [
        { siteId: 'o1', node: '5.3.1', method: 'sampled', checked: 10, conforming: 10 },
        { siteId: 'o1', node: '5.2.4', method: 'sampled', checked: 10, conforming: 10 },
      ],
      exclusions: [],
      specialDeductions: [],
      specialBonuses: [],
      extraSamples: extra,
    });
    const r531 = doc.results.find((r) => r.node === '5.3.1');
    expect(r531 && r531.method === 'sampled' ? r531.samples : []).toEqual([
      { source: 'onSiteOutlet', ref: 'NJ-101', checked: 10, conforming: 10 },
      { source: 'mysteryVisit', ref: 'MV NJ-101', checked: 3, conforming: 1, evidence: ['MV-1'] },
    ]);
  });

  it('a locked visit keeps its samples when a later scenario version changes the mapping', () => {
    const locked = visitSamples(store, mv1);
    const v2 = {
      ...store,
      questions: store.questions.map((q) => (q.id === 'greet' ? { ...q, node: '5.3.2' } : q)),
    };
    expect(visitSamples(v2, mv1)).not.toEqual(locked);
    // What enters the score is the frozen list, not a recomputation.
    const extra = visitsToExtraSamples([{ ref: 'MV-1', outletCode: 'NJ-101', samples: locked }]);
    expect(extra.find((e) => e.node === '5.3.1')?.record.checked).toBe(3);
  });
});
