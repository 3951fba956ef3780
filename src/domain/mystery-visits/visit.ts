import { DomainError, type DomainIssue } from '../errors.ts';
import type { Machine } from '../workflow/transitions.ts';
import { answerFits, sampleOf, type AnswerValue, type ScenarioContent } from './scenario.ts';

/**
 * A mystery visit (one assignment): assigned → inProgress → submitted → approved, or returned for
 * correction (→ submitted again), or voided (the outlet identified the shopper: exposure, with a reason).
 * Approval locks the visit's samples: they are computed once and stored, so a later scenario version
 * never recomputes them.
 */
export const VISIT_STATES = [
  'assigned',
  'inProgress',
  'submitted',
  'returned',
  'approved',
  'voided',
] as const;
export type VisitState = (typeof VISIT_STATES)[number];
export type VisitEvent = 'start' | 'submit' | 'approve' | 'return' | 'void';
export const VISIT_MACHINE: Machine<VisitState, VisitEvent> = {
  assigned: { start: 'inProgress', void: 'voided' },
  inProgress: { submit: 'submitted', void: 'voided' },
  submitted: { approve: 'approved', return: 'returned', void: 'voided' },
  returned: { submit: 'submitted', void: 'voided' },
  approved: {},
  voided: {},
};

/** States in which the shopper may change answers, evidence and check-in. */
export const EDITABLE_STATES: readonly VisitState[] = ['inProgress', 'returned'];

export interface GpsFix {
  latitude: number;
  longitude: number;
  /** Metres, as reported by the device. */
  accuracy: number;
  at: string;
}

export interface VisitFacts {
  channel: ScenarioContent['channel'];
  windowStart: string;
  windowEnd: string;
  /** When the shopper started and ended the visit (device-reported instants). */
  startedAt: string | null;
  endedAt: string | null;
  gps: GpsFix | null;
  /** The outlet's coordinates, when the registry has them. */
  outlet: { latitude: number | null; longitude: number | null };
}

export type VisitFlagCode =
  | 'started_outside_window'
  | 'ended_outside_window'
  | 'ended_before_start'
  | 'duration_short'
  | 'duration_long'
  | 'gps_missing'
  | 'gps_inaccurate'
  | 'gps_far_from_outlet'
  | 'gps_outside_window';

export interface VisitFlag {
  code: VisitFlagCode;
  params: Record<string, string | number>;
}

export const GPS_MAX_ACCURACY_M = 200;
export const GPS_MAX_DISTANCE_M = 500;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const ms = (iso: string) => Date.parse(iso);

/**
 * What contradicts the window or the place: times outside the window, an implausible duration, a GPS fix
 * that is missing (in-store visits), inaccurate, far from the outlet or taken outside the window. These
 * never refuse a submission: they are shown to the reviewer, who must acknowledge them to approve.
 */
export function visitFlags(facts: VisitFacts, expected: ScenarioContent['expectedMinutes']): VisitFlag[] {
  const flags: VisitFlag[] = [];
  const start = ms(facts.windowStart);
  const end = ms(facts.windowEnd);
  const inWindow = (t: string) => ms(t) >= start && ms(t) <= end;
  if (facts.startedAt && !inWindow(facts.startedAt))
    flags.push({ code: 'started_outside_window', params: { at: facts.startedAt } });
  if (facts.endedAt && !inWindow(facts.endedAt))
    flags.push({ code: 'ended_outside_window', params: { at: facts.endedAt } });
  if (facts.startedAt && facts.endedAt) {
    const minutes = (ms(facts.endedAt) - ms(facts.startedAt)) / 60000;
    if (minutes < 0) flags.push({ code: 'ended_before_start', params: {} });
    else if (minutes < expected.min)
      flags.push({ code: 'duration_short', params: { minutes: Math.round(minutes), min: expected.min } });
    else if (minutes > expected.max)
      flags.push({ code: 'duration_long', params: { minutes: Math.round(minutes), max: expected.max } });
  }
  const onSite = facts.channel === 'inStore';
  if (!facts.gps) {
    if (onSite) flags.push({ code: 'gps_missing', params: {} });
    return flags;
  }
  if (facts.gps.accuracy > GPS_MAX_ACCURACY_M)
    flags.push({
      code: 'gps_inaccurate',
      params: { accuracy: Math.round(facts.gps.accuracy), max: GPS_MAX_ACCURACY_M },
    });
  if (!inWindow(facts.gps.at)) flags.push({ code: 'gps_outside_window', params: { at: facts.gps.at } });
  const { latitude, longitude } = facts.outlet;
  if (onSite && latitude !== null && longitude !== null) {
    const d = distanceMetres(
      { lat: facts.gps.latitude, lng: facts.gps.longitude },
      { lat: latitude, lng: longitude },
    );
    if (d > GPS_MAX_DISTANCE_M + facts.gps.accuracy)
      flags.push({ code: 'gps_far_from_outlet', params: { metres: Math.round(d), max: GPS_MAX_DISTANCE_M } });
  }
  return flags;
}

/**
 * The rules a submission must meet: inside the window (server time), started and ended, every required
 * question answered with a valid answer, every required evidence item present.
 * @throws DomainError `outside_window`, `visit_not_started`, `visit_not_ended`, `answers_missing`,
 *   `answer_invalid`, `evidence_missing`
 */
export function checkSubmission(input: {
  content: ScenarioContent;
  now: string;
  windowStart: string;
  windowEnd: string;
  startedAt: string | null;
  endedAt: string | null;
  answers: ReadonlyMap<string, AnswerValue>;
  evidenceKeys: ReadonlySet<string>;
}): void {
  const now = ms(input.now);
  if (now < ms(input.windowStart) || now > ms(input.windowEnd)) {
    throw new DomainError('outside_window', 'A visit is submitted within its time window.', {
      ruleId: 'mysteryVisits.window',
      details: { path: 'window', windowStart: input.windowStart, windowEnd: input.windowEnd, now: input.now },
    });
  }
  const issues: DomainIssue[] = [];
  if (!input.startedAt)
    issues.push({ code: 'visit_not_started', path: 'startedAt', message: 'The visit has no start time' });
  if (!input.endedAt)
    issues.push({ code: 'visit_not_ended', path: 'endedAt', message: 'The visit has no end time' });
  const missing: string[] = [];
  input.content.questions.forEach((q, i) => {
    const value = input.answers.get(q.id);
    if (value === undefined) {
      if (q.required) missing.push(q.id);
      return;
    }
    if (!answerFits(q, value))
      issues.push({
        code: 'answer_invalid',
        path: `answers.${q.id}`,
        message: `Answer to question ${i + 1} is not valid`,
        details: { question: q.id },
      });
  });
  if (missing.length)
    issues.push({
      code: 'answers_missing',
      path: 'answers',
      message: `Unanswered: ${missing.join(', ')}`,
      details: { questions: missing },
    });
  const evidence = input.content.evidence
    .filter((e) => e.required && !input.evidenceKeys.has(e.key))
    .map((e) => e.key);
  if (evidence.length)
    issues.push({
      code: 'evidence_missing',
      path: 'evidence',
      message: `Required evidence missing: ${evidence.join(', ')}`,
      details: { evidence },
    });
  if (issues.length) throw DomainError.fromIssues(issues, 'The visit cannot be submitted');
}

/** The samples one visit contributes to one item. */
export interface VisitItemSamples {
  node: string;
  checked: number;
  conforming: number;
  /** Questions answered non-conformingly, in scenario order. */
  nonConforming: string[];
}

/** Converts a visit's answers into samples per item: every answered question (not "n/a") is one sample. */
export function visitSamples(
  content: ScenarioContent,
  answers: ReadonlyMap<string, AnswerValue>,
): VisitItemSamples[] {
  const byNode = new Map<string, VisitItemSamples>();
  for (const q of content.questions) {
    const value = answers.get(q.id);
    if (value === undefined || !answerFits(q, value)) continue;
    const s = sampleOf(q, value);
    if (s === 'none') continue;
    let item = byNode.get(q.node);
    if (!item) {
      item = { node: q.node, checked: 0, conforming: 0, nonConforming: [] };
      byNode.set(q.node, item);
    }
    item.checked++;
    if (s === 'conforming') item.conforming++;
    else item.nonConforming.push(q.id);
  }
  return [...byNode.values()];
}

export interface LockedVisit {
  /** The visit's reference, e.g. MV-3: named in the trace when it cost points. */
  ref: string;
  outletCode: string;
  /** The samples frozen at approval. */
  samples: readonly VisitItemSamples[];
}

export interface MysteryExtraSample {
  node: string;
  record: {
    source: 'mysteryVisit';
    ref: string;
    checked: number;
    conforming: number;
    evidence?: string[];
  };
}

/**
 * The approved visits as sample records of the engine (RollUpInput.extraSamples), pooled per item and
 * outlet: one record per (item, outlet) named `MV <outlet>`, whose `evidence` names each visit that lost a
 * sample there, so the engine's trace names the visits that cost points. Order: item, then outlet, as first met.
 */
export function visitsToExtraSamples(visits: readonly LockedVisit[]): MysteryExtraSample[] {
  const pooled = new Map<string, MysteryExtraSample & { record: { evidence: string[] } }>();
  for (const v of visits) {
    for (const s of v.samples) {
      if (s.checked === 0) continue;
      const key = `${s.node}\u0000${v.outletCode}`;
      let p = pooled.get(key);
      if (!p) {
        p = {
          node: s.node,
          record: {
            source: 'mysteryVisit',
            ref: `MV ${v.outletCode}`,
            checked: 0,
            conforming: 0,
            evidence: [],
          },
        };
        pooled.set(key, p);
      }
      p.record.checked += s.checked;
      p.record.conforming += s.conforming;
      if (s.conforming < s.checked && !p.record.evidence.includes(v.ref)) p.record.evidence.push(v.ref);
    }
  }
  return [...pooled.values()]
    .sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0))
    .map(({ node, record }) => ({
      node,
      record: {
        source: 'mysteryVisit',
        ref: record.ref,
        checked: record.checked,
        conforming: record.conforming,
        ...(record.evidence.length ? { evidence: record.evidence } : {}),
      },
    }));
}
