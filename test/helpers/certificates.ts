import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../src/http/context.ts';

/** Evaluation documents of the worked examples, by the level they reach (docs/scoring.md). */
const EXAMPLES = {
  fiveStar: '01-all-conforming.json',
  fourStar: '14-rounding-89.95.json',
  threeStar: '11-rounding-79.95.json',
  compliant: '13-rounding-69.95.json',
  fail: '24-fail-score-and-deductions.json',
} as const;
export type ExampleLevel = keyof typeof EXAMPLES;

export function evaluation(level: ExampleLevel, urn?: string): Record<string, unknown> {
  const ex = JSON.parse(fs.readFileSync(`src/domain/scoring/examples/${EXAMPLES[level]}`, 'utf8')) as {
    evaluation: Record<string, unknown> & { scheme: { urn: string; version: string } };
  };
  if (urn) ex.evaluation.scheme = { ...ex.evaluation.scheme, urn };
  return ex.evaluation;
}

export const SCHEME = { urn: 'urn:starmark:scheme:gbt27922:2011', version: '1.0.0' };

export function issueBody(clientId: string, over: Record<string, unknown> = {}) {
  return {
    clientId,
    scheme: SCHEME,
    evaluation: evaluation('fiveStar'),
    entity: {
      nameZh: '海尔电器服务有限公司',
      nameEn: 'Haier Appliance Service Co., Ltd.',
      creditCode: '91370200163562681G',
      address: {
        country: 'CN',
        province: '山东省',
        city: '青岛市',
        street: '崂山区海尔路1号',
        postcode: '266101',
      },
    },
    scopeZh: '家用电器的安装、维修与售后服务',
    scopeEn: 'Installation, repair and after-sales service of household appliances',
    sites: [
      { name: '青岛服务中心', address: '青岛市崂山区海尔路1号', scopeZh: '安装与维修' },
      { name: '济南服务网点', address: '济南市历下区泉城路8号' },
    ],
    ...over,
  };
}

/**
 * A published management-system scheme version (the built-in tree relabelled), so that tests can
 * issue a certificate of the other category.
 */
export async function installManagementSystemScheme(
  ctx: AppContext,
  cbId: string,
): Promise<{ urn: string; version: string }> {
  const builtin = await ctx.db
    .selectFrom('schemeVersions')
    .selectAll()
    .where('cbId', '=', cbId)
    .where('builtin', '=', 1)
    .executeTakeFirstOrThrow();
  const pkg = JSON.parse(builtin.packageJson) as Record<string, unknown>;
  const urn = 'urn:starmark:scheme:test-iso9001:2015';
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('schemeVersions')
    .values({
      ...builtin,
      id: randomUUID(),
      urn,
      kind: 'body',
      builtin: 0,
      category: 'managementSystem',
      titleZh: '质量管理体系',
      titleEn: 'Quality management system',
      packageJson: JSON.stringify({
        ...pkg,
        urn,
        category: 'managementSystem',
        standards: [{ code: 'ISO 9001:2015', role: 'criteria' }],
      }),
      contentHash: 'test-ms-hash',
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return { urn, version: builtin.schemeVersion };
}
