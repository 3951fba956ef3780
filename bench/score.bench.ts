/**
 * Scoring benchmark (issue 3, item 8): one evaluation of the built-in GB/T 27922-2011 tree with
 * 2,000 outlets × every leaf item, 20,000 mystery-visit records and 200,000 survey responses mapped to
 * items. Prints the engine's time beside a baseline measured in the same run (a flat loop summing the
 * same numbers) and the peak memory.
 *
 *   node --import tsx bench/score.bench.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createPrng } from '../src/domain/sampling/prng.ts';
import { BodyOverlaySchema, deriveBodyVersion } from '../src/domain/schemes/overlay.ts';
import { publishSchemeVersion } from '../src/domain/schemes/publish.ts';
import { schemeIndexOf } from '../src/domain/schemes/tree.ts';
import { validateSchemePackage } from '../src/domain/schemes/validate.ts';
import type { EvaluationDocument, ItemResult } from '../src/domain/scoring/evaluation-input.ts';
import { parseEvaluationDocument } from '../src/domain/scoring/evaluation-input.ts';
import { scoreEvaluation } from '../src/domain/scoring/score-evaluation.ts';

const OUTLETS = 2_000;
const MYSTERY_VISITS = 20_000;
const SURVEY_RESPONSES = 200_000;
const WARM_RUNS = 7;
const TARGET_MS = 250;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
let peakRss = 0;
let peakHeap = 0;
const sampleMemory = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// ── scheme: the built-in package; a bench body version lets outlet checklists feed every item ──
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reference = publishSchemeVersion(
  parse(readFileSync(join(root, 'schemes/gbt27922-2011/package.yaml'), 'utf8')),
  sha256,
);
const leaves = schemeIndexOf(reference.package).nodes.filter((e) => e.isLeaf);
const overlay = BodyOverlaySchema.parse({
  format: 'starmark/scheme-overlay@1',
  urn: 'urn:starmark:scheme:gbt27922:2011:cb:bench',
  version: 'bench-1',
  publisher: { kind: 'body', id: 'bench', name: { zh: '基准测试', en: 'Benchmark' } },
  base: { urn: reference.package.urn, version: reference.package.version },
  changes: leaves
    .filter((e) => !e.node.techniques?.includes('onSiteOutlet'))
    .map((e) => ({
      op: 'setTechniques',
      node: e.node.code,
      techniques: [...e.node.techniques!, 'onSiteOutlet'],
    })),
});
const derived = deriveBodyVersion(reference.package, overlay, {
  referenceContentHash: reference.contentHash,
});
if (!validateSchemePackage(derived).ok) throw new Error('bench body version does not validate');
const scheme = publishSchemeVersion(derived, sha256);
const benchLeaves = schemeIndexOf(scheme.package).nodes.filter((e) => e.isLeaf);

// ── data (seeded, so every run scores the same evaluation) ──
const prng = createPrng('bench-score-v1');
const chance = (per10k: number) => prng.nextInt(10_000) < per10k;
const results: ItemResult[] = [];
for (let o = 0; o < OUTLETS; o++) {
  const ref = `OUT-${o}`;
  for (const e of benchLeaves) {
    const node = e.node.code;
    switch (e.method!.kind) {
      case 'qualitative':
        // a failed observation at a single outlet fails the item: keep those rare
        results.push({
          node,
          method: 'qualitative',
          observations: [{ source: 'onSiteOutlet', ref, conforms: !chance(1) }],
        });
        break;
      case 'sampled': {
        const checked = 1 + prng.nextInt(5);
        let conforming = 0;
        for (let k = 0; k < checked; k++) if (!chance(800)) conforming++;
        results.push({
          node,
          method: 'sampled',
          samples: [{ source: 'onSiteOutlet', ref, checked, conforming }],
        });
        break;
      }
      default:
        break; // staffing is one HQ result below
    }
  }
}
results.push({ node: '5.1.2.2', method: 'staffing', serviceManagementStaff: 420, certifiedManagers: 42 });
const mysteryItems = benchLeaves.filter(
  (e) => e.method!.kind === 'sampled' && e.node.techniques!.includes('mysteryVisit'),
);
for (let v = 0; v < MYSTERY_VISITS; v++) {
  const node = mysteryItems[v % mysteryItems.length]!.node.code;
  const ok = !chance(1200);
  results.push({
    node,
    method: 'sampled',
    samples: [{ source: 'mysteryVisit', ref: `MV-${v}`, checked: 1, conforming: ok ? 1 : 0 }],
  });
}
const surveyItems = benchLeaves.filter(
  (e) => e.method!.kind === 'sampled' && e.node.techniques!.includes('customerSurvey'),
);
for (let s = 0; s < SURVEY_RESPONSES; s++) {
  const node = surveyItems[prng.nextInt(surveyItems.length)]!.node.code;
  const ok = !chance(1000);
  results.push({
    node,
    method: 'sampled',
    samples: [{ source: 'customerSurvey', ref: `SV-${s}`, checked: 1, conforming: ok ? 1 : 0 }],
  });
}
const raw: EvaluationDocument = {
  format: 'starmark/evaluation@1',
  id: 'bench',
  scheme: { urn: scheme.package.urn, version: scheme.package.version },
  results,
  specialDeductions: [{ category: 'ownRules', finding: 'F-1' }],
  specialBonuses: [],
};
sampleMemory();

// ── baseline: a flat loop summing the same numbers ──
function baseline(doc: EvaluationDocument): number {
  let checked = 0;
  let conforming = 0;
  let flags = 0;
  for (const r of doc.results) {
    if (r.method === 'sampled') {
      for (const s of r.samples) {
        checked += s.checked;
        conforming += s.conforming;
      }
    } else if (r.method === 'qualitative') {
      for (const o of r.observations ?? []) if (o.conforms) flags++;
    } else if (r.method === 'staffing') checked += r.serviceManagementStaff;
  }
  return checked + conforming + flags;
}

const time = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
};

const [doc, parseMs] = time(() => parseEvaluationDocument(raw));
sampleMemory();
const [first, coldMs] = time(() => scoreEvaluation(scheme, doc));
sampleMemory();
const warm: number[] = [];
const base: number[] = [];
let sink = 0;
for (let i = 0; i < WARM_RUNS; i++) {
  const [b, bMs] = time(() => baseline(doc));
  sink += b;
  base.push(bMs);
  const [r, ms] = time(() => scoreEvaluation(scheme, doc));
  sink += r.totals.achievedPoints;
  warm.push(ms);
  sampleMemory();
}
const peak = process.resourceUsage().maxRSS * 1024;

const sampleRecords = results.reduce(
  (n, r) =>
    n +
    (r.method === 'sampled'
      ? r.samples.length
      : r.method === 'qualitative'
        ? (r.observations?.length ?? 0)
        : 1),
  0,
);
const scoreMs = median(warm);
const baseMs = median(base);
console.log(
  `Scoring benchmark — GB/T 27922-2011 built-in tree (${benchLeaves.length} leaf items), Node ${process.version}`,
);
console.log(
  `  input: ${OUTLETS} outlets × ${benchLeaves.length - 1} items + ${MYSTERY_VISITS} mystery visits + ${SURVEY_RESPONSES} survey responses`,
);
console.log(`         = ${results.length} result entries, ${sampleRecords} records`);
console.log(
  `  result: ${first.status}, score ${first.totals.scoreText}, level ${first.outcome.level?.id ?? '—'}, ${first.trace.lostPoints.length} lost-point entries`,
);
console.log('');
console.log(`  scoreEvaluation, cold (first run)       ${coldMs.toFixed(1).padStart(8)} ms`);
console.log(
  `  scoreEvaluation, warm (median of ${WARM_RUNS})    ${scoreMs.toFixed(1).padStart(8)} ms   target < ${TARGET_MS} ms: ${scoreMs < TARGET_MS ? 'met' : 'NOT met'}`,
);
console.log(
  `  baseline flat loop (median of ${WARM_RUNS})      ${baseMs.toFixed(1).padStart(8)} ms   engine/baseline ×${(scoreMs / baseMs).toFixed(1)}`,
);
console.log(`  parseEvaluationDocument (zod, once)     ${parseMs.toFixed(1).padStart(8)} ms`);
console.log('');
console.log(`  peak memory: maxRSS ${mb(peak)}; sampled rss ${mb(peakRss)}, heapUsed ${mb(peakHeap)}`);
if (sink === -1) console.log(sink); // keep the results alive
