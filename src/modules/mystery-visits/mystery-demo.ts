import type { AppContext } from '../../http/context.ts';
import type { Actor } from '../auth/actor.ts';
import { getEvaluation } from '../evaluations/evaluations.service.ts';
import { createUserAsSystem } from '../setup/setup.service.ts';
import type { DemoEvaluation } from '../setup/demo-evaluation.ts';
import type { WorkflowWorld } from '../setup/demo-workflow.ts';
import { ensureBuiltinScenarios, planVisits } from './mystery-visits.service.ts';

export const DEMO_SHOPPER_EMAIL = 'shopper@starmark.local';

/**
 * Mystery visits in the demo: a shopper (`shopper@starmark.local`, the administrator's password), the
 * built-in scenarios, and two in-store visits assigned on the demo evaluation in progress, one at each of
 * its first two sampled outlets, open for the next 14 days. The programme manager plans them.
 */
export async function seedMysteryDemo(
  ctx: AppContext,
  input: {
    cbId: string;
    password: string;
    inProgress: Pick<DemoEvaluation, 'evaluationId'>;
    world: Pick<WorkflowWorld, 'users'>;
  },
): Promise<{ shopperUserId: string; visitIds: string[] }> {
  const shopper = await createUserAsSystem(ctx, {
    organisationId: input.cbId,
    email: DEMO_SHOPPER_EMAIL,
    displayName: '赵暗访（演示）',
    roles: ['mysteryShopper'],
    password: input.password,
  });
  await ensureBuiltinScenarios(ctx, input.cbId);
  const pm: Actor = {
    via: 'system',
    userId: input.world.users.programmeManager.userId,
    displayName: 'programmeManager',
    organisationId: input.cbId,
    organisationKind: 'certificationBody',
    cbId: input.cbId,
    roles: ['programmeManager'],
  };
  const scenario = await ctx.db
    .selectFrom('mysteryScenarios')
    .select('id')
    .where('cbId', '=', input.cbId)
    .where('code', '=', 'GBT27922-STORE')
    .executeTakeFirstOrThrow();
  const evaluation = await getEvaluation(ctx, pm, input.inProgress.evaluationId);
  const outlets = evaluation.sites.filter((s) => s.kind === 'outlet').slice(0, 2);
  const now = ctx.clock().getTime();
  const planned = await planVisits(
    ctx,
    pm,
    evaluation.id,
    {
      scenarioId: scenario.id,
      siteIds: outlets.map((s) => s.id),
      count: 1,
      windowStart: new Date(now - 60 * 60 * 1000).toISOString(),
      windowEnd: new Date(now + 14 * 24 * 60 * 60 * 1000).toISOString(),
      shopperId: shopper.userId,
    },
    'seed',
  );
  return { shopperUserId: shopper.userId, visitIds: planned.items.map((v) => v.id) };
}
