/** Test support: evaluation documents over the built-in package. */
import { publishedBuiltin, testHash } from '../schemes/builtin.test-support.ts';
import { BodyOverlaySchema, deriveBodyVersion } from '../schemes/overlay.ts';
import { publishSchemeVersion, type PublishedSchemeVersion } from '../schemes/publish.ts';
import { schemeIndexOf } from '../schemes/tree.ts';
import type { EvaluationDocument, ItemResult } from './evaluation-input.ts';

/** A result for every leaf of the scheme: everything conforms, every sampled item 10/10. */
export function conformingResults(scheme: PublishedSchemeVersion): ItemResult[] {
  return schemeIndexOf(scheme.package)
    .nodes.filter((e) => e.isLeaf)
    .map((e): ItemResult => {
      const node = e.node.code;
      const m = e.method!;
      switch (m.kind) {
        case 'qualitative':
          return { node, method: 'qualitative', conforms: true };
        case 'sampled': {
          const source = e.node.techniques!.find((t) => t !== 'documentReview')!;
          return { node, method: 'sampled', samples: [{ source, checked: 10, conforming: 10 }] };
        }
        case 'metric':
          return { node, method: 'metric', value: 100 };
        case 'staffing':
          return { node, method: 'staffing', serviceManagementStaff: 30, certifiedManagers: 3 };
      }
    });
}

export function conformingDocument(scheme: PublishedSchemeVersion = publishedBuiltin()): EvaluationDocument {
  return {
    scheme: { urn: scheme.package.urn, version: scheme.package.version },
    results: conformingResults(scheme),
  };
}

/** Replaces the result of one item. */
export function withResult(doc: EvaluationDocument, result: ItemResult): EvaluationDocument {
  return { ...doc, results: doc.results.map((r) => (r.node === result.node ? result : r)) };
}

/** A body version with a metric item (5.3.1, CSI bands) and proportional staffing (5.1.2.2). */
export function bodyVersionWithMetric(policies?: Record<string, unknown>): PublishedSchemeVersion {
  const reference = publishedBuiltin();
  const overlay = BodyOverlaySchema.parse({
    format: 'starmark/scheme-overlay@1',
    urn: 'urn:starmark:scheme:gbt27922:2011:cb:test',
    version: 'test-1',
    publisher: { kind: 'body', id: 'test', name: { zh: '测试机构' } },
    base: { urn: reference.package.urn, version: reference.package.version },
    changes: [
      {
        op: 'setMethod',
        node: '5.3.1',
        method: {
          kind: 'metric',
          metric: { id: 'csi', title: { zh: '顾客满意度指数', en: 'CSI' } },
          range: { min: 0, max: 100 },
          bands: [
            { min: 90, share: 1 },
            { min: 80, max: 90, share: 0.75 },
            { min: 70, max: 80, share: '1/3' },
            { max: 70, share: 0 },
          ],
        },
      },
      {
        op: 'setMethod',
        node: '5.1.2.2',
        method: { kind: 'staffing', ratio: 0.1, minimum: 1, requiredRounding: 'ceil', mode: 'proportional' },
      },
    ],
    ...(policies ? { policies } : {}),
  });
  return publishSchemeVersion(deriveBodyVersion(reference.package, overlay), testHash);
}
