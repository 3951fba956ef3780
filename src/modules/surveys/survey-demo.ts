import type { AppContext } from '../../http/context.ts';
import type { Actor } from '../auth/actor.ts';
import { toInstant } from '../../db/time.ts';
import type { DemoEvaluation } from '../setup/demo-evaluation.ts';
import type { WorkflowWorld } from '../setup/demo-workflow.ts';
import { responseRows } from './survey-intake.ts';
import {
  campaignRow,
  createCampaign,
  createQuestionnaire,
  questionnaireOfCampaign,
  transitionCampaign,
} from './surveys.service.ts';

export const DEMO_SURVEY_NAME = '2026 年度顾客满意度调查';

/**
 * The surveys demo on the evaluation in progress: the after-sales questionnaire, an anonymous campaign
 * over the evaluation's outlets (quota 30 each, 500 customers each for the finite-population correction),
 * launched with an open link, and a few earlier responses so that the metrics page is not empty. The
 * campaign feeds item 5.3.1 of the evaluation's live score.
 */
export async function seedSurveyDemo(
  ctx: AppContext,
  input: {
    cbId: string;
    inProgress: Pick<DemoEvaluation, 'evaluationId'>;
    world: Pick<WorkflowWorld, 'users'>;
  },
): Promise<{ campaignId: string; openUrl: string }> {
  const pm: Actor = {
    via: 'system',
    userId: input.world.users.programmeManager.userId,
    displayName: 'programmeManager',
    organisationId: input.cbId,
    organisationKind: 'certificationBody',
    cbId: input.cbId,
    roles: ['programmeManager'],
  };
  const q = await createQuestionnaire(ctx, pm, { name: '售后服务满意度问卷', template: 'afterSales' }, null);
  const evaluation = await ctx.db
    .selectFrom('evaluations')
    .select('sites')
    .where('id', '=', input.inProgress.evaluationId)
    .executeTakeFirstOrThrow();
  const outlets = (JSON.parse(evaluation.sites) as { id: string; kind: string }[]).filter(
    (s) => s.kind === 'outlet',
  );
  const draft = await createCampaign(
    ctx,
    pm,
    input.inProgress.evaluationId,
    {
      name: DEMO_SURVEY_NAME,
      questionnaireVersionId: q.latest.id,
      anonymity: 'anonymous',
      outlets: outlets.map((o) => ({ siteId: o.id, quota: 30, population: 500 })),
      scoreNode: '5.3.1',
    },
    null,
  );
  const live = await transitionCampaign(ctx, pm, draft.id, draft.version, 'live', null);
  // Earlier responses: a fixed pattern per outlet (deterministic, no randomness in the demo).
  const campaign = await campaignRow(ctx.db, input.cbId, live.id);
  const content = (await questionnaireOfCampaign(ctx.db, campaign)).parsed;
  const patterns = [
    [5, 5, 4, 5, 10],
    [4, 4, 4, 4, 8],
    [5, 4, 5, 4, 9],
    [3, 4, 3, 3, 6],
    [4, 5, 4, 4, 9],
  ];
  const instant = toInstant(ctx.clock());
  await ctx.db.transaction().execute(async (trx) => {
    for (const [i, o] of outlets.entries()) {
      for (let k = 0; k < 8 + i * 3; k++) {
        const [speed, attitude, competence, quality, recommend] = patterns[(k + i) % patterns.length]!;
        const answers = {
          speed,
          attitude,
          competence,
          quality,
          complained: 'no',
          overall: quality,
          recommend,
        };
        const rows = responseRows(
          campaign,
          content,
          { siteId: o.id, channel: 'open' },
          answers as never,
          instant,
        );
        await trx.insertInto('surveyResponses').values(rows.response).execute();
        await trx.insertInto('surveyAnswers').values(rows.answers).execute();
      }
    }
  });
  return { campaignId: live.id, openUrl: live.openUrl };
}
