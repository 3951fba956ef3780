/** Shape of the engine's output: the score, the outcome and a full trace. */
import type { EvidenceTechnique, LocalizedText, MethodKind } from '../schemes/package-schema.ts';

/** A bilingual explanation with a stable code (the client may render `code` + `params` itself). */
export interface Reason {
  code: string;
  ruleId: string;
  zh: string;
  en: string;
  params: Record<string, string | number | boolean | null>;
}

export type NodeDetail =
  | { kind: 'qualitative'; conforms: boolean; observations: number; nonConforming: number }
  | {
      kind: 'sampled';
      checked: number;
      conforming: number;
      sources: { source: EvidenceTechnique; records: number; checked: number; conforming: number }[];
    }
  | {
      kind: 'metric';
      value: number;
      band: { index: number; min: number | null; max: number | null; share: number } | null;
    }
  | {
      kind: 'staffing';
      serviceManagementStaff: number;
      certifiedManagers: number;
      ratio: number;
      minimum: number;
      /** ratio × staff before rounding */
      ratioTimesStaff: number;
      required: number;
      mode: 'allOrNothing' | 'proportional';
      met: boolean;
    };

export interface NodeTrace {
  urn: string;
  code: string;
  level: number;
  title: LocalizedText;
  isLeaf: boolean;
  method: MethodKind | null;
  provisional: boolean;
  /** Maximum points of the node in the scheme. */
  maxPoints: number;
  /** Points still in scope after exclusions (涉及项分值). */
  applicablePoints: number;
  /** Points achieved; null when the node (or, for a parent, a descendant) cannot be scored. */
  achievedPoints: number | null;
  /** achievedPoints ÷ applicablePoints × 100, within [0, 100]; null when excluded or not scorable. */
  itemScore: number | null;
  status: 'scored' | 'excluded' | 'unscorable' | 'partial';
  exclusion?: { justification: string; approvedBy?: string; inheritedFrom?: string };
  ruleId?: string;
  detail?: NodeDetail;
}

export interface LostPoints {
  /** Code of the item; null for a special deduction not tied to an item. */
  node: string | null;
  urn: string | null;
  points: number;
  ruleId: string;
  reason: Reason;
  /** Evidence that caused the loss (non-conforming samples, observations, the finding). */
  evidence: string[];
}

export interface EvaluationResult {
  engineVersion: string;
  scheme: { urn: string; version: string; contentHash: string | null };
  evaluationId: string | null;
  status: 'scored' | 'incomplete';
  totals: {
    maxPoints: number;
    excludedPoints: number;
    applicablePoints: number;
    /** Sum of achieved points over scorable items. */
    achievedPoints: number;
    /** achieved ÷ applicable × scale; null when incomplete. */
    normalisedScore: number | null;
    specialDeductions: { count: number; pointsEach: number; total: number };
    specialBonus: { count: number; pointsEach: number; total: number };
    /** After special items, before rounding. */
    unroundedScore: number | null;
    /** The final score (rounded by policy). */
    score: number | null;
    /** The final score with the policy's decimals, e.g. "80.0". */
    scoreText: string | null;
    /** Exact rationals ("a/b") of the intermediate values, for audit. */
    exact: { achieved: string; applicable: string; normalised: string | null; unrounded: string | null };
  };
  rounding: { decimals: number; mode: string; compareOn: 'rounded' | 'unrounded' };
  outcome: {
    /** null when the evaluation is incomplete. */
    passed: boolean | null;
    level: { id: string; title: LocalizedText; stars: number } | null;
    /** The level the score reached before a body policy capped it; null when not capped. */
    cappedFrom: { id: string; title: LocalizedText; stars: number } | null;
    /** Why this level, why it failed, or why no score: zh-CN and en. */
    reasons: Reason[];
  };
  exclusions: { node: string; urn: string; points: number; justification: string; approvedBy?: string }[];
  specialDeductions: {
    id: string | null;
    category: string;
    categoryTitle: LocalizedText;
    finding: string;
    description: string | null;
    node: string | null;
    points: number;
    correctionRequired: boolean;
  }[];
  specialBonuses: { id: string | null; justification: string; node: string | null; points: number }[];
  /** Findings whose correction is required (every special deduction when the policy says so). */
  correctionsRequired: string[];
  unscorable: { node: string; urn: string; reason: Reason }[];
  trace: {
    nodes: NodeTrace[];
    lostPoints: LostPoints[];
    /** The calculation in words, step by step. */
    steps: Reason[];
  };
}
