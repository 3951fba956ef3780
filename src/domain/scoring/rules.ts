/**
 * Rule identifiers cited by the trace and by errors, with the clause of GB/T 27922-2011 (or the scheme
 * policy) each one applies. Identifiers are stable; the numbers they use come from the scheme package.
 */
export const SCORING_ENGINE_VERSION = '1.0.0';

export const RULES = {
  qualitative: 'scoring.qualitative',
  sampled: 'scoring.sampled',
  metric: 'scoring.metric',
  staffing: 'scoring.staffing',
  exclusion: 'scoring.exclusion',
  unscorable: 'scoring.unscorable',
  normalisation: 'scoring.normalisation',
  specialDeduction: 'scoring.special_deduction',
  specialBonus: 'scoring.special_bonus',
  rounding: 'scoring.rounding',
  passMark: 'grading.pass_mark',
  failCount: 'grading.special_deduction_fail_count',
  level: 'grading.level',
  starsAfterCompliance: 'grading.stars_after_compliance',
  scheme: 'evaluation.scheme',
  input: 'evaluation.input',
} as const;
export type RuleId = (typeof RULES)[keyof typeof RULES];

/** Where each rule comes from (clause of the standard or the scheme policy that parameterises it). */
export const RULE_REFERENCES: Record<RuleId, string> = {
  'scoring.qualitative': 'GB/T 27922-2011 cl. 6, rule 1 (met → all points, not met → none)',
  'scoring.sampled': 'GB/T 27922-2011 cl. 6, rule 2 (deduct in proportion to non-conforming samples)',
  'scoring.metric': 'scheme method "metric" (bands on a measured value)',
  'scoring.staffing': 'GB/T 27922-2011 5.1.2.2 (售后服务管理师 ≥ 10 % of service management staff)',
  'scoring.exclusion': 'GB/T 27922-2011 6.2.2 (删减; applicable points 涉及项分值)',
  'scoring.unscorable': 'scheme policy scoring.onUnscorableItem',
  'scoring.normalisation': 'GB/T 27922-2011 cl. 6 (score = actual ÷ applicable × 100)',
  'scoring.special_deduction': 'GB/T 27922-2011 cl. 6, rule 3; 4.2 (特别扣分项, correction required)',
  'scoring.special_bonus': 'GB/T 27922-2011 cl. 6, rule 4 (特别加分项, at most one)',
  'scoring.rounding': 'scheme policy scoring.rounding',
  'grading.pass_mark': 'GB/T 27922-2011 cl. 6 outcome; scheme policy grading.levels[0]',
  'grading.special_deduction_fail_count': 'scheme policy scoring.specialDeduction.failCount',
  'grading.level': 'scheme policy grading.levels',
  'grading.stars_after_compliance': 'scheme policy grading.starsAfterCompliance (body policy)',
  'evaluation.scheme': 'scheme versions: only published versions are used',
  'evaluation.input': 'evaluation document format (docs/scoring.md)',
};
