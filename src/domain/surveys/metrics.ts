/**
 * Survey metrics from running sums, so that a database can aggregate a million responses per outlet:
 * CSI (mean of the responses' CSI, 0–100) and NPS (% promoters − % detractors), each with its margin of
 * error at 95 % confidence and the finite-population correction; counts against the quota; the sample size
 * needed for a target margin; a low-sample flag.
 */

/** z for a two-sided 95 % confidence interval. */
export const Z95 = 1.959963984540054;

export interface SurveySums {
  /** Responses counted. */
  responses: number;
  /** Responses with a CSI, their sum and sum of squares. */
  csiN: number;
  csiSum: number;
  csiSumSq: number;
  /** Responses with an NPS answer; promoters (9–10) and detractors (0–6) among them. */
  npsN: number;
  promoters: number;
  detractors: number;
}

export const EMPTY_SUMS: SurveySums = {
  responses: 0,
  csiN: 0,
  csiSum: 0,
  csiSumSq: 0,
  npsN: 0,
  promoters: 0,
  detractors: 0,
};

export function addResponse(s: SurveySums, csi: number | null, nps: number | null): SurveySums {
  return {
    responses: s.responses + 1,
    csiN: s.csiN + (csi === null ? 0 : 1),
    csiSum: s.csiSum + (csi ?? 0),
    csiSumSq: s.csiSumSq + (csi === null ? 0 : csi * csi),
    npsN: s.npsN + (nps === null ? 0 : 1),
    promoters: s.promoters + (nps !== null && nps >= 9 ? 1 : 0),
    detractors: s.detractors + (nps !== null && nps <= 6 ? 1 : 0),
  };
}

export function mergeSums(a: SurveySums, b: SurveySums): SurveySums {
  return {
    responses: a.responses + b.responses,
    csiN: a.csiN + b.csiN,
    csiSum: a.csiSum + b.csiSum,
    csiSumSq: a.csiSumSq + b.csiSumSq,
    npsN: a.npsN + b.npsN,
    promoters: a.promoters + b.promoters,
    detractors: a.detractors + b.detractors,
  };
}

/**
 * Finite-population correction √((N − n) ÷ (N − 1)); 1 when the population is unknown (null) or n ≥ N
 * gives 0 (the whole population was asked).
 */
export function fpc(n: number, population: number | null): number {
  if (population === null || population <= 1) return 1;
  if (n >= population) return 0;
  return Math.sqrt((population - n) / (population - 1));
}

/** Margin of error of a mean: z × s ÷ √n × FPC (s: sample standard deviation); null when n < 2. */
export function meanMargin(n: number, sd: number, population: number | null, z = Z95): number | null {
  if (n < 2) return null;
  return (z * sd * fpc(n, population)) / Math.sqrt(n);
}

/**
 * Margin of error of NPS in points: NPS = 100 (p₊ − p₋), variance of one answer (+1, 0, −1) is
 * p₊ + p₋ − (p₊ − p₋)², so MoE = 100 × z × √(var ÷ n) × FPC. Null when n < 2.
 */
export function npsMargin(
  n: number,
  promoters: number,
  detractors: number,
  population: number | null,
  z = Z95,
) {
  if (n < 2) return null;
  const pp = promoters / n;
  const pd = detractors / n;
  const variance = pp + pd - (pp - pd) ** 2;
  return 100 * z * Math.sqrt(variance / n) * fpc(n, population);
}

/**
 * Responses needed for a target margin of error (points on 0–100) on a mean with standard deviation `sd`
 * (the sample's, or 25 points before any response): n₀ = (z × sd ÷ margin)², corrected for a finite
 * population n = n₀ ÷ (1 + (n₀ − 1) ÷ N), rounded up.
 */
export function sampleSizeForMargin(margin: number, sd: number, population: number | null, z = Z95): number {
  if (!(margin > 0)) throw new RangeError('margin must be positive');
  const n0 = ((z * sd) / margin) ** 2;
  const n = population === null || population <= 0 ? n0 : n0 / (1 + (n0 - 1) / population);
  return Math.max(1, Math.ceil(n - 1e-9));
}

/** The standard deviation assumed before a sample exists (a 0–100 satisfaction scale). */
export const DEFAULT_CSI_SD = 25;

export interface MetricOptions {
  /** Responses wanted (quota); null when none was set. */
  quota: number | null;
  /** Customers of the outlet in the period (N), for the FPC; null when unknown. */
  population: number | null;
  /** Below this many responses the figures are flagged, not interpreted. */
  minResponses: number;
  /** Target margin of error (CSI points) for the sample-size figure. */
  targetMargin: number;
}

export interface SurveyMetrics {
  responses: number;
  quota: number | null;
  /** responses ÷ quota (may exceed 1); null without a quota. */
  quotaShare: number | null;
  remaining: number | null;
  csi: number | null;
  csiSd: number | null;
  csiMargin: number | null;
  nps: number | null;
  npsMargin: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  population: number | null;
  /** Responses needed for the target CSI margin (with the FPC when N is known). */
  neededForTarget: number;
  targetMargin: number;
  lowSample: boolean;
}

/** The metrics of one outlet (or of the whole campaign) from its running sums. */
export function metricsOf(s: SurveySums, o: MetricOptions): SurveyMetrics {
  const csi = s.csiN ? s.csiSum / s.csiN : null;
  const variance =
    s.csiN >= 2 ? Math.max(0, (s.csiSumSq - (s.csiSum * s.csiSum) / s.csiN) / (s.csiN - 1)) : null;
  const sd = variance === null ? null : Math.sqrt(variance);
  const nps = s.npsN ? (100 * (s.promoters - s.detractors)) / s.npsN : null;
  return {
    responses: s.responses,
    quota: o.quota,
    quotaShare: o.quota ? s.responses / o.quota : null,
    remaining: o.quota === null ? null : Math.max(0, o.quota - s.responses),
    csi,
    csiSd: sd,
    csiMargin: sd === null ? null : meanMargin(s.csiN, sd, o.population),
    nps,
    npsMargin: npsMargin(s.npsN, s.promoters, s.detractors, o.population),
    promoters: s.promoters,
    passives: s.npsN - s.promoters - s.detractors,
    detractors: s.detractors,
    population: o.population,
    neededForTarget: sampleSizeForMargin(o.targetMargin, sd ?? DEFAULT_CSI_SD, o.population),
    targetMargin: o.targetMargin,
    lowSample: s.responses < o.minResponses,
  };
}

/** Quota check at submission: an outlet whose quota is met takes no more (when the campaign caps it). */
export function quotaAllows(responses: number, quota: number | null, capAtQuota: boolean): boolean {
  return !capAtQuota || quota === null || responses < quota;
}
