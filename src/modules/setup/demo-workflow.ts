import { createHash } from 'node:crypto';
import type { Role } from '../../domain/access/roles.ts';
import { creditCodeCheckCharacter } from '../../domain/registry/credit-code.ts';
import { addMonths, addYears } from '../../domain/workflow/index.ts';
import type { AppContext } from '../../http/context.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { ClientCreateBody } from '../clients/clients.contract.ts';
import { createClient } from '../clients/clients.service.ts';
import { clientsRepository } from '../../db/repositories/clients.repository.ts';
import { OutletCreateBody } from '../outlets/outlets.contract.ts';
import { createOutlet } from '../outlets/outlets.service.ts';
import { ServiceManagerCreateBody } from '../client-staff/client-staff.contract.ts';
import { createManager } from '../client-staff/client-staff.service.ts';
import { DeclarationCreateBody, PersonnelCreateBody } from '../cb-personnel/cb-personnel.contract.ts';
import { addDeclaration, createPersonnel } from '../cb-personnel/cb-personnel.service.ts';
import { ApplicationCreateBody } from '../applications/applications.contract.ts';
import { createApplication, submitApplication } from '../applications/applications.service.ts';
import { localDate } from '../common/registry.present.ts';
import { createUserAsSystem } from './setup.service.ts';

/**
 * The people and registry records one client's certification journey needs: the client's registry
 * record with outlets in several provinces and certified service managers, and the certification
 * body's programme manager, lead evaluator, evaluator, technical reviewer and decision maker — each a
 * user with a personnel record (qualification for GB/T 27922, industry competence). One more evaluator
 * once consulted for the client, so that assigning them shows the impartiality block. Used by the demo
 * seed and by the tests.
 */
export interface WorkflowWorld {
  clientId: string;
  outletIds: string[];
  users: Record<WorkflowPerson, { userId: string; email: string }>;
  personnel: Record<Exclude<WorkflowPerson, 'programmeManager'>, string>;
}

export type WorkflowPerson =
  'programmeManager' | 'lead' | 'evaluator' | 'reviewer' | 'decisionMaker' | 'consultant';

const PEOPLE: {
  key: WorkflowPerson;
  name: string;
  local: string;
  roles: Role[];
  qualification: 'lead' | 'evaluator' | null;
}[] = [
  {
    key: 'programmeManager',
    name: '周项目',
    local: 'programme',
    roles: ['programmeManager'],
    qualification: null,
  },
  { key: 'lead', name: '李组长', local: 'lead', roles: ['evaluator'], qualification: 'lead' },
  { key: 'evaluator', name: '王评价', local: 'evaluator', roles: ['evaluator'], qualification: 'evaluator' },
  {
    key: 'reviewer',
    name: '陈评审',
    local: 'reviewer',
    roles: ['reviewer', 'evaluator'],
    qualification: 'lead',
  },
  { key: 'decisionMaker', name: '赵决定', local: 'decision', roles: ['decisionMaker'], qualification: null },
  {
    key: 'consultant',
    name: '孙顾问',
    local: 'consultant',
    roles: ['evaluator'],
    qualification: 'evaluator',
  },
];

const OUTLETS: readonly DemoOutlet[] = [
  {
    code: 'BJ-001',
    name: '北京朝阳服务中心',
    divisionCode: '110105',
    address: '北京市朝阳区建国路88号',
    staff: 12,
  },
  {
    code: 'SH-001',
    name: '上海浦东服务中心',
    divisionCode: '310115',
    address: '上海市浦东新区张杨路500号',
    staff: 10,
  },
  {
    code: 'SZ-001',
    name: '深圳南山服务站',
    divisionCode: '440305',
    address: '深圳市南山区科技园南路16号',
    staff: 6,
  },
  {
    code: 'GZ-001',
    name: '广州天河服务站',
    divisionCode: '440106',
    address: '广州市天河区体育西路101号',
    staff: 5,
    partner: '广州安家电器维修有限公司',
  },
  {
    code: 'HZ-001',
    name: '杭州西湖服务站',
    divisionCode: '330106',
    address: '杭州市西湖区文三路90号',
    staff: 4,
    partner: '杭州益修家电服务有限公司',
  },
  {
    code: 'CD-001',
    name: '成都武侯服务站',
    divisionCode: '510107',
    address: '成都市武侯区人民南路四段9号',
    staff: 5,
  },
];

/** A valid unified social credit code derived from a seed (same seed, same code). */
function creditCodeFrom(seed: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(seed).digest('hex').slice(0, 15)}`)
    .toString()
    .padStart(9, '0')
    .slice(-9);
  const body = `91440300${digits}`;
  return body + creditCodeCheckCharacter(body)!;
}

export interface DemoOutlet {
  code: string;
  name: string;
  divisionCode: string;
  address: string;
  staff: number;
  partner?: string;
}

export interface DemoClientInput {
  cbId: string;
  /** The client organisation (its registry record is created unless it exists). */
  clientId: string;
  clientName: string;
  clientNameEn?: string;
  enterpriseType?: 'production' | 'salesService';
  outlets?: readonly DemoOutlet[];
}

/**
 * A client's registry record (unless it exists), its outlets and three certified service managers:
 * what the eligibility check, the sampling engine and the staffing item need.
 */
export async function seedDemoClientRegistry(ctx: AppContext, input: DemoClientInput): Promise<string[]> {
  const sys = systemActor(input.cbId, ['cbAdmin']);
  const rid = 'seed';
  const today = localDate(ctx.clock(), ctx.config.defaultTimeZone);
  // A client that already has its registry record keeps it (the outlets and people are added to it).
  const existing = await clientsRepository.get(ctx.db, input.cbId, input.clientId);
  if (!existing)
    await createClient(
      ctx,
      sys,
      ClientCreateBody.parse({
        organisationId: input.clientId,
        legalNameZh: input.clientName,
        legalNameEn: input.clientNameEn ?? 'Demo Home Appliance Service Co., Ltd.',
        creditCode: creditCodeFrom(input.clientId),
        enterpriseType: input.enterpriseType ?? 'production',
        industryCode: '38',
        registeredAddress: '深圳市南山区科技园北区1号',
        registeredDivisionCode: '440305',
        operatingAddress: '深圳市南山区科技园北区1号',
        operatingDivisionCode: '440305',
        productCategories: ['空调', '冰箱', '洗衣机'],
        serviceCategories: ['安装', '维修', '保养'],
        headcount: 320,
        serviceManagementStaff: 28,
      }),
      rid,
    );
  const outletIds: string[] = [];
  for (const o of input.outlets ?? OUTLETS) {
    const created = await createOutlet(
      ctx,
      sys,
      input.clientId,
      OutletCreateBody.parse({
        code: o.code,
        name: o.name,
        address: o.address,
        divisionCode: o.divisionCode,
        ownership: o.partner ? 'contracted' : 'owned',
        ...(o.partner ? { partnerName: o.partner, agreementValidUntil: addYears(today, 2) } : {}),
        channels: ['inStore', 'onSite'],
        staffCount: o.staff,
        openedOn: addYears(today, -3),
      }),
      rid,
    );
    outletIds.push(created.id);
  }
  for (const [i, name] of ['刘管理', '黄管理', '吴管理'].entries()) {
    await createManager(
      ctx,
      sys,
      input.clientId,
      ServiceManagerCreateBody.parse({
        name,
        certificateNo: `SM-${input.clientId.slice(0, 4)}-${i + 1}`,
        level: '高级',
        issuer: '中国商业联合会',
        issuedOn: addYears(today, -1),
        validUntil: addYears(today, 2),
      }),
      rid,
    );
  }
  return outletIds;
}

/**
 * The certification body's people (users with personnel records qualified for GB/T 27922), once per
 * body. The consultant declares a consulting relationship with `consultedClientId`.
 */
export async function seedCbPeople(
  ctx: AppContext,
  input: { cbId: string; emailDomain: string; password: string; consultedClientId: string },
): Promise<Pick<WorkflowWorld, 'users' | 'personnel'>> {
  const sys = systemActor(input.cbId, ['cbAdmin']);
  const rid = 'seed';
  const today = localDate(ctx.clock(), ctx.config.defaultTimeZone);
  const users = {} as WorkflowWorld['users'];
  const personnel = {} as WorkflowWorld['personnel'];
  for (const p of PEOPLE) {
    const email = `${p.local}@${input.emailDomain}`;
    const user = await createUserAsSystem(ctx, {
      organisationId: input.cbId,
      email,
      displayName: p.name,
      roles: p.roles,
      password: input.password,
    });
    users[p.key] = { userId: user.userId, email };
    if (p.key === 'programmeManager') continue;
    const person = await createPersonnel(
      ctx,
      sys,
      PersonnelCreateBody.parse({
        userId: user.userId,
        name: p.name,
        email,
        competenceCodes: ['C'],
        qualifications: p.qualification
          ? [
              {
                scheme: 'gbt27922',
                role: p.qualification,
                registrationNo: `GBT27922-${p.local.toUpperCase()}`,
                validFrom: addYears(today, -2),
                validUntil: addYears(today, 3),
              },
            ]
          : [],
      }),
      rid,
    );
    personnel[p.key] = person.id;
  }
  // The consultant advised the client until six months ago: barred from its evaluations for two years.
  await addDeclaration(
    ctx,
    sys,
    personnel.consultant,
    DeclarationCreateBody.parse({
      clientId: input.consultedClientId,
      relationship: 'consulting',
      startedOn: addYears(today, -2),
      endedOn: addMonths(today, -6),
      note: '售后服务体系建设咨询',
    }),
    rid,
  );
  return { users, personnel };
}

export async function seedWorkflowWorld(
  ctx: AppContext,
  input: { cbId: string; clientId: string; clientName: string; emailDomain: string; password: string },
): Promise<WorkflowWorld> {
  const outletIds = await seedDemoClientRegistry(ctx, input);
  const people = await seedCbPeople(ctx, { ...input, consultedClientId: input.clientId });
  return { clientId: input.clientId, outletIds, ...people };
}

/** An application of the demo client, submitted and waiting for contract review. */
export async function seedSubmittedApplication(
  ctx: AppContext,
  world: Pick<WorkflowWorld, 'clientId'>,
  client: { cbId: string; userId: string; displayName: string },
): Promise<string> {
  const actor: Actor = {
    via: 'system',
    userId: client.userId,
    displayName: client.displayName,
    organisationId: world.clientId,
    organisationKind: 'client',
    cbId: client.cbId,
    roles: ['clientAdmin'],
  };
  const today = localDate(ctx.clock(), ctx.config.defaultTimeZone);
  const doc = (kind: string, ref: string) => ({ kind, refs: [ref] });
  const app = await createApplication(
    ctx,
    actor,
    ApplicationCreateBody.parse({
      scopeZh: '家用空调、冰箱、洗衣机的安装、维修、保养及投诉处理等售后服务',
      scopeEn:
        'After-sales service (installation, repair, maintenance, complaints) for air conditioners, refrigerators and washing machines',
      systemOperatingSince: addYears(today, -2),
      documents: [
        doc('businessLicence', '营业执照（副本）.pdf'),
        doc('organisationChart', '售后服务组织机构图.pdf'),
        doc('serviceManual', '售后服务手册 V3.2.pdf'),
        doc('outletList', '服务网点清单.xlsx'),
        doc('managerRoster', '售后服务管理师名册.xlsx'),
        doc('satisfactionReports', '2025年顾客满意度调查报告.pdf'),
        doc('complaintRecords', '投诉处理台账.xlsx'),
      ],
    }),
    'seed',
  );
  await submitApplication(ctx, actor, app.id, { version: app.version }, 'seed');
  return app.id;
}
