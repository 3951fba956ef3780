import type { AppContext } from '../../http/context.ts';
import type { Role } from '../../domain/access/roles.ts';
import type { Actor } from '../auth/actor.ts';
import { acceptApplication, getContractReview } from '../applications/applications.service.ts';
import {
  decideEvaluation,
  reviewEvaluation,
  submitEvaluation,
} from '../evaluations/evaluation-decisions.service.ts';
import {
  completeDocumentReview,
  getEvaluation,
  sendPlan,
  setTeam,
  startEvaluation,
  updatePlan,
} from '../evaluations/evaluations.service.ts';
import { localDate } from '../common/registry.present.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { auditCtx } from '../evaluations/workflow-support.ts';
import { checklistRepository } from '../../db/repositories/workflow.repository.ts';
import { toInstant } from '../../db/time.ts';
import {
  seedDemoClientRegistry,
  seedSubmittedApplication,
  type DemoOutlet,
  type WorkflowPerson,
  type WorkflowWorld,
} from './demo-workflow.ts';
import { createOrganisationAsSystem, createUserAsSystem } from './setup.service.ts';

export const DEMO_CERTIFIED_CLIENT_NAME = '示例电器销售有限公司';
export const DEMO_CERTIFIED_CLIENT_ADMIN = 'certified.admin@starmark.local';

const OUTLETS: readonly DemoOutlet[] = [
  {
    code: 'QD-201',
    name: '青岛香港中路门店',
    divisionCode: '370202',
    address: '青岛市市南区香港中路36号',
    staff: 7,
  },
  {
    code: 'XM-201',
    name: '厦门中山路门店',
    divisionCode: '350203',
    address: '厦门市思明区中山路120号',
    staff: 6,
  },
  {
    code: 'CS-201',
    name: '长沙五一广场门店',
    divisionCode: '430102',
    address: '长沙市芙蓉区五一大道88号',
    staff: 5,
  },
  {
    code: 'ZZ-201',
    name: '郑州二七服务站',
    divisionCode: '410103',
    address: '郑州市二七区大学路66号',
    staff: 4,
  },
];

/** The demo staff's names (demo-workflow.ts), shown in the certificate's history and the audit trail. */
const NAMES: Record<WorkflowPerson, string> = {
  programmeManager: '周项目',
  lead: '李组长',
  evaluator: '王评价',
  reviewer: '陈评审',
  decisionMaker: '赵决定',
  consultant: '孙顾问',
};

export interface DemoCertified {
  clientId: string;
  clientAdminUserId: string;
  evaluationId: string;
  certificateId: string | null;
}

/**
 * A third demo client, an appliance retailer, taken through the whole journey by the services to a
 * grant: application, contract review, team and plan, on-site checklists (most sampled items 9 of 10
 * conforming: 四星), submission, technical review and the decision — which issues its certificate. Its
 * administrator signs in to the portal to download the certificate PDF and the star mark.
 */
export async function seedCertifiedClient(
  ctx: AppContext,
  input: { cbId: string; password: string; people: Pick<WorkflowWorld, 'users' | 'personnel'> },
): Promise<DemoCertified> {
  const rid = 'seed';
  const client = await createOrganisationAsSystem(ctx, {
    kind: 'client',
    name: DEMO_CERTIFIED_CLIENT_NAME,
    cbId: input.cbId,
  });
  const clientAdmin = await createUserAsSystem(ctx, {
    organisationId: client.id,
    email: DEMO_CERTIFIED_CLIENT_ADMIN,
    displayName: '电器销售企业管理员（演示）',
    roles: ['clientAdmin'],
    password: input.password,
  });
  await seedDemoClientRegistry(ctx, {
    cbId: input.cbId,
    clientId: client.id,
    clientName: DEMO_CERTIFIED_CLIENT_NAME,
    clientNameEn: 'Demo Appliance Sales Co., Ltd.',
    enterpriseType: 'salesService',
    outlets: OUTLETS,
  });
  const applicationId = await seedSubmittedApplication(
    ctx,
    { clientId: client.id },
    { cbId: input.cbId, userId: clientAdmin.userId, displayName: '电器销售企业管理员（演示）' },
  );
  // Every step is taken by the person the rules require.
  const staff = (key: WorkflowPerson, roles: Role[]): Actor => ({
    via: 'system',
    userId: input.people.users[key].userId,
    displayName: NAMES[key],
    organisationId: input.cbId,
    organisationKind: 'certificationBody',
    cbId: input.cbId,
    roles,
  });
  const pm = staff('programmeManager', ['programmeManager']);
  const lead = staff('lead', ['evaluator']);
  const review = await getContractReview(ctx, pm, applicationId);
  const { evaluationId } = await acceptApplication(ctx, pm, applicationId, { version: review.version }, rid);
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
    { version: ev.version, plannedStart: today, plannedEnd: today },
    rid,
  );
  ev = await sendPlan(ctx, pm, evaluationId, { version: ev.version }, rid);
  ev = await startEvaluation(ctx, lead, evaluationId, { version: ev.version }, rid);
  // Document review, then on site.
  ev = await completeDocumentReview(ctx, lead, evaluationId, { version: ev.version }, rid);
  // The lead's answers, written in one transaction (each with its audit entry) to keep the first start fast;
  // submission, review and decision then go through the services and their rules.
  const entries = await checklistRepository.ofEvaluation(ctx.db, input.cbId, evaluationId);
  const at = toInstant(ctx.clock());
  await ctx.db.transaction().execute(async (trx) => {
    for (const entry of entries) {
      const result =
        entry.method === 'sampled'
          ? { method: 'sampled', checked: 10, conforming: 9 }
          : entry.method === 'staffing'
            ? { method: 'staffing', serviceManagementStaff: 28, certifiedManagers: 3 }
            : entry.method === 'metric'
              ? { method: 'metric', value: 90 }
              : { method: 'qualitative', conforms: true };
      await checklistRepository.update(trx, input.cbId, entry.id, entry.version, {
        result: JSON.stringify(result),
        updatedBy: lead.userId,
        updatedByName: lead.displayName,
        updatedAt: at,
      });
      await appendAudit(trx, auditCtx(ctx, lead, rid), {
        action: 'checklist.record',
        entityType: 'checklistEntry',
        entityId: entry.id,
        after: { evaluationId, site: entry.siteId, node: entry.node, result },
      });
    }
  });
  ev = await getEvaluation(ctx, lead, evaluationId);
  ev = await submitEvaluation(ctx, lead, evaluationId, { version: ev.version }, rid);
  ev = await reviewEvaluation(
    ctx,
    staff('reviewer', ['reviewer', 'evaluator']),
    evaluationId,
    { version: ev.version, outcome: 'approve' },
    rid,
  );
  const decision = await decideEvaluation(
    ctx,
    staff('decisionMaker', ['decisionMaker']),
    evaluationId,
    { version: ev.version, decision: 'grant' },
    rid,
  );
  return {
    clientId: client.id,
    clientAdminUserId: clientAdmin.userId,
    evaluationId,
    certificateId: decision.certificate?.id ?? null,
  };
}
