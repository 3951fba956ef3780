import { randomUUID } from 'node:crypto';
import { rolesFitOrganisation, type Role } from '../../domain/access/roles.ts';
import { isUniqueViolation } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import { usersRepository } from '../../db/repositories/users.repository.ts';
import type { OrganisationRow } from '../../db/schema.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, badRequest, conflict } from '../../http/errors.ts';
import { appendAudit, type AuditContext } from '../audit/audit.service.ts';
import { generateTemporaryPassword, hashPassword } from '../auth/passwords.ts';
import { seedEvaluationInProgress, type DemoEvaluation } from './demo-evaluation.ts';
import { seedCertifiedClient } from './demo-certified.ts';
import { seedSubmittedApplication, seedWorkflowWorld } from './demo-workflow.ts';
import { seedMysteryDemo } from '../mystery-visits/mystery-demo.ts';
import { seedSurveyDemo } from '../surveys/survey-demo.ts';

/** Work done by the installation itself (first start, CLI), recorded in the audit trail as "system". */
const systemActor = (cbId: string, requestId: string | null, now: Date): AuditContext => ({
  actor: { userId: null, displayName: 'system', cbId },
  occurredAt: now,
  requestId,
});

export interface NewUserResult {
  userId: string;
  email: string;
  /** The password to hand over: the one given, or a generated one-time password. */
  password: string;
  generated: boolean;
}

/** Creates a user as the system (CLI, first start). Web and API users are created by users.service. */
export async function createUserAsSystem(
  ctx: AppContext,
  input: { organisationId: string; email: string; displayName: string; roles: Role[]; password?: string },
): Promise<NewUserResult> {
  const org = await organisationsRepository.getAny(ctx.db, input.organisationId);
  if (!org) throw new AppError(404, 'not_found', `Organisation ${input.organisationId} not found.`);
  if (input.roles.length === 0 || !rolesFitOrganisation(input.roles, org.kind)) {
    throw badRequest(
      'roles_not_allowed',
      `Roles ${input.roles.join(', ')} do not fit a ${org.kind} organisation.`,
    );
  }
  const generated = !input.password;
  const password = input.password ?? generateTemporaryPassword();
  const now = ctx.clock();
  const id = randomUUID();
  const email = input.email.toLowerCase();
  const passwordHash = await hashPassword(password);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await usersRepository.create(trx, {
        id,
        organisationId: org.id,
        cbId: org.cbId,
        email,
        displayName: input.displayName,
        passwordHash,
        roles: JSON.stringify(input.roles),
        status: 'active',
        mustChangePassword: generated ? 1 : 0,
        locale: 'zh-CN',
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: null,
        passwordChangedAt: toInstant(now),
        createdAt: toInstant(now),
        updatedAt: toInstant(now),
        version: 1,
      });
      await appendAudit(trx, systemActor(org.cbId, null, now), {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        after: {
          email,
          displayName: input.displayName,
          roles: input.roles,
          status: 'active',
          organisationId: org.id,
        },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('email_taken', `A user with the email ${email} already exists.`);
    throw e;
  }
  return { userId: id, email, password, generated };
}

export async function createOrganisationAsSystem(
  ctx: AppContext,
  input: { kind: 'certificationBody' | 'client'; name: string; cbId?: string; timeZone?: string },
): Promise<OrganisationRow> {
  const now = ctx.clock();
  const id = randomUUID();
  const row: OrganisationRow = {
    id,
    kind: input.kind,
    name: input.name,
    cbId: input.kind === 'certificationBody' ? id : input.cbId!,
    timeZone: input.timeZone ?? ctx.config.defaultTimeZone,
    createdAt: toInstant(now),
    updatedAt: toInstant(now),
    version: 1,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await organisationsRepository.create(trx, row);
    await appendAudit(trx, systemActor(row.cbId, null, now), {
      action: 'organisation.create',
      entityType: 'organisation',
      entityId: id,
      after: { name: row.name, kind: row.kind, timeZone: row.timeZone },
    });
  });
  return row;
}

export const DEMO_CB_NAME = '星标演示认证中心';
export const DEMO_CLIENT_NAME = '示例家电服务有限公司';

export interface DemoSeedResult {
  created: boolean;
  certificationBodyId: string;
  admin?: NewUserResult;
  clientAdmin?: NewUserResult;
  /** The second demo client's evaluation under way (mystery visits and surveys attach to it). */
  evaluationInProgress?: DemoEvaluation;
}

/**
 * The demo certification body, its administrator and a demo client. Idempotent: a second run finds
 * the demo body and creates nothing.
 */
export async function seedDemo(ctx: AppContext): Promise<DemoSeedResult> {
  const existing = await ctx.db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'certificationBody')
    .where('name', '=', DEMO_CB_NAME)
    .executeTakeFirst();
  if (existing) return { created: false, certificationBodyId: existing.id };
  const cb = await createOrganisationAsSystem(ctx, { kind: 'certificationBody', name: DEMO_CB_NAME });
  const client = await createOrganisationAsSystem(ctx, {
    kind: 'client',
    name: DEMO_CLIENT_NAME,
    cbId: cb.id,
  });
  const admin = await createUserAsSystem(ctx, {
    organisationId: cb.id,
    email: ctx.config.admin.email,
    displayName: '系统管理员',
    roles: ['cbAdmin'],
    password: ctx.config.admin.password,
  });
  const clientAdmin = await createUserAsSystem(ctx, {
    organisationId: client.id,
    email: 'client.admin@starmark.local',
    displayName: '企业管理员（演示）',
    roles: ['clientAdmin'],
    password: ctx.config.admin.password,
  });
  // The certification journey (issue 5): registry records, CB people and an application ready for
  // contract review; the people sign in with the administrator's password.
  const world = await seedWorkflowWorld(ctx, {
    cbId: cb.id,
    clientId: client.id,
    clientName: DEMO_CLIENT_NAME,
    emailDomain: 'starmark.local',
    password: admin.password,
  });
  await seedSubmittedApplication(ctx, world, {
    cbId: cb.id,
    userId: clientAdmin.userId,
    displayName: '企业管理员（演示）',
  });
  // A second client whose initial evaluation is under way: mystery visits and surveys attach to it.
  const inProgress = await seedEvaluationInProgress(ctx, {
    cbId: cb.id,
    password: admin.password,
    people: world,
  });
  // A third client taken through to a grant: its certificate, star mark and public verification.
  await seedCertifiedClient(ctx, { cbId: cb.id, password: admin.password, people: world });
  // Demos built on the evaluation in progress follow, one line per capability.
  await seedMysteryDemo(ctx, { cbId: cb.id, password: admin.password, inProgress, world });
  await seedSurveyDemo(ctx, { cbId: cb.id, inProgress, world });
  return { created: true, certificationBodyId: cb.id, admin, clientAdmin, evaluationInProgress: inProgress };
}

/** On first start: when no certification body exists yet, create the demo one (if SEED_DEMO). */
export async function bootstrapOnFirstStart(ctx: AppContext): Promise<DemoSeedResult | undefined> {
  if (!ctx.config.seedDemo) return undefined;
  if ((await organisationsRepository.countCertificationBodies(ctx.db)) > 0) return undefined;
  return seedDemo(ctx);
}
