import type { AppContext } from '../../http/context.ts';
import { addDays } from '../../domain/workflow/index.ts';
import type { Actor } from '../auth/actor.ts';
import { acceptApplication, getContractReview } from '../applications/applications.service.ts';
import {
  getEvaluation,
  sendPlan,
  setTeam,
  startEvaluation,
  updatePlan,
} from '../evaluations/evaluations.service.ts';
import { localDate } from '../common/registry.present.ts';
import {
  seedDemoClientRegistry,
  seedSubmittedApplication,
  type DemoOutlet,
  type WorkflowWorld,
} from './demo-workflow.ts';
import { createOrganisationAsSystem, createUserAsSystem } from './setup.service.ts';

export const DEMO_EVALUATION_CLIENT_NAME = '示例电器连锁有限公司';
export const DEMO_EVALUATION_CLIENT_ADMIN = 'retail.admin@starmark.local';

const RETAIL_OUTLETS: readonly DemoOutlet[] = [
  {
    code: 'NJ-101',
    name: '南京新街口门店',
    divisionCode: '320106',
    address: '南京市鼓楼区中山路18号',
    staff: 8,
  },
  {
    code: 'WH-101',
    name: '武汉江汉路门店',
    divisionCode: '420103',
    address: '武汉市江汉区江汉路129号',
    staff: 7,
  },
  {
    code: 'XA-101',
    name: '西安钟楼门店',
    divisionCode: '610103',
    address: '西安市碑林区东大街56号',
    staff: 6,
  },
  {
    code: 'CQ-101',
    name: '重庆解放碑服务站',
    divisionCode: '500103',
    address: '重庆市渝中区民族路166号',
    staff: 5,
    partner: '重庆惠修电器服务有限公司',
  },
  {
    code: 'TJ-101',
    name: '天津滨江道门店',
    divisionCode: '120101',
    address: '天津市和平区滨江道200号',
    staff: 6,
  },
];

/** What the demo's evaluation in progress is made of, for the demos built on it (mystery visits, surveys). */
export interface DemoEvaluation {
  clientId: string;
  clientAdminUserId: string;
  applicationId: string;
  programmeId: string;
  evaluationId: string;
  outletIds: string[];
}

/**
 * A second demo client, a sales-and-service chain, whose initial evaluation has already started: the
 * application was accepted at contract review, the lead and an evaluator are assigned, the plan was sent
 * and the lead started it, so its checklists exist. Mystery visits and customer surveys attach to it.
 * The CB people come from the first demo client's world (they are the same body's staff).
 */
export async function seedEvaluationInProgress(
  ctx: AppContext,
  input: { cbId: string; password: string; people: Pick<WorkflowWorld, 'users' | 'personnel'> },
): Promise<DemoEvaluation> {
  const rid = 'seed';
  const client = await createOrganisationAsSystem(ctx, {
    kind: 'client',
    name: DEMO_EVALUATION_CLIENT_NAME,
    cbId: input.cbId,
  });
  const clientAdmin = await createUserAsSystem(ctx, {
    organisationId: client.id,
    email: DEMO_EVALUATION_CLIENT_ADMIN,
    displayName: '连锁企业管理员（演示）',
    roles: ['clientAdmin'],
    password: input.password,
  });
  const outletIds = await seedDemoClientRegistry(ctx, {
    cbId: input.cbId,
    clientId: client.id,
    clientName: DEMO_EVALUATION_CLIENT_NAME,
    clientNameEn: 'Demo Appliance Retail Chain Co., Ltd.',
    enterpriseType: 'salesService',
    outlets: RETAIL_OUTLETS,
  });
  const applicationId = await seedSubmittedApplication(
    ctx,
    { clientId: client.id },
    { cbId: input.cbId, userId: clientAdmin.userId, displayName: '连锁企业管理员（演示）' },
  );
  // Every step is taken by the person the rules require: the programme manager, then the lead.
  const staff = (key: 'programmeManager' | 'lead', roles: Actor['roles']): Actor => ({
    via: 'system',
    userId: input.people.users[key].userId,
    displayName: key,
    organisationId: input.cbId,
    organisationKind: 'certificationBody',
    cbId: input.cbId,
    roles,
  });
  const pm = staff('programmeManager', ['programmeManager']);
  const review = await getContractReview(ctx, pm, applicationId);
  const { programmeId, evaluationId } = await acceptApplication(
    ctx,
    pm,
    applicationId,
    { version: review.version },
    rid,
  );
  let ev = await getEvaluation(ctx, pm, evaluationId);
  ev = await setTeam(
    ctx,
    pm,
    evaluationId,
    {
      version: ev.version,
      leadId: input.people.personnel.lead,
      evaluatorIds: [input.people.personnel.evaluator],
      expertIds: [],
    },
    rid,
  );
  const today = localDate(ctx.clock(), ctx.config.defaultTimeZone);
  ev = await updatePlan(
    ctx,
    pm,
    evaluationId,
    { version: ev.version, plannedStart: today, plannedEnd: addDays(today, 14) },
    rid,
  );
  ev = await sendPlan(ctx, pm, evaluationId, { version: ev.version }, rid);
  await startEvaluation(ctx, staff('lead', ['evaluator']), evaluationId, { version: ev.version }, rid);
  return {
    clientId: client.id,
    clientAdminUserId: clientAdmin.userId,
    applicationId,
    programmeId,
    evaluationId,
    outletIds,
  };
}
