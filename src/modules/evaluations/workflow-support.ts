import type { Executor } from '../../db/database.ts';
import type { CbPersonnelRow } from '../../db/schema.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import { DomainError } from '../../domain/errors.ts';
import type { SchemePackage } from '../../domain/schemes/package-schema.ts';
import type { PublishedSchemeVersion } from '../../domain/schemes/index.ts';
import {
  DEFAULT_WORKFLOW_POLICY,
  nextState,
  type Machine,
  type WorkflowPolicy,
} from '../../domain/workflow/index.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { AuditContext } from '../audit/audit.service.ts';
import { localDate } from '../common/registry.present.ts';

/** Shared by the workflow modules (applications, programmes, evaluations, findings). */

export const auditCtx = (ctx: AppContext, actor: Actor, requestId: string | null): AuditContext => ({
  actor,
  occurredAt: ctx.clock(),
  requestId,
});

/** A rule of the workflow refused the request: 422 with a stable code and the place (`details.path`). */
export const refused = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError(422, code, message, details);

/** The state machine's answer, as a refusal with the reason code `transition_not_allowed`. */
export function transition<S extends string, E extends string>(
  machine: Machine<S, E>,
  entity: string,
  state: S,
  event: E,
): S {
  return nextState(machine, entity, state, event);
}

/** The calendar date in the certification body's time zone. */
export async function cbToday(ctx: AppContext, db: Executor, cbId: string): Promise<string> {
  const cb = await organisationsRepository.get(db, cbId, cbId);
  return localDate(ctx.clock(), cb?.timeZone ?? ctx.config.defaultTimeZone);
}

/** The CB personnel record of the signed-in user, if there is one. */
export async function personnelOfActor(db: Executor, actor: Actor): Promise<CbPersonnelRow | undefined> {
  if (!actor.userId || actor.organisationKind !== 'certificationBody') return undefined;
  return db
    .selectFrom('cbPersonnel')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .where('userId', '=', actor.userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/**
 * Who a person is for the independence rules: their personnel record when they have one, else their
 * user account (a user without a personnel record can never be on a team).
 */
export const identityOf = (personnel: CbPersonnelRow | undefined, actor: Actor): string =>
  personnel?.id ?? `user:${actor.userId ?? 'system'}`;

/** The body's workflow rules: the defaults, with the cycle lengths of the pinned scheme version. */
export function workflowPolicyFor(pkg: SchemePackage | null): WorkflowPolicy {
  const lifecycle = pkg?.policies.lifecycle;
  return {
    ...DEFAULT_WORKFLOW_POLICY,
    programme: {
      ...DEFAULT_WORKFLOW_POLICY.programme,
      ...(lifecycle?.validityYears ? { validityYears: lifecycle.validityYears } : {}),
      ...(lifecycle?.surveillanceMaxIntervalMonths
        ? {
            surveillanceMaxIntervalMonths: lifecycle.surveillanceMaxIntervalMonths,
            firstSurveillanceWithinMonths: lifecycle.surveillanceMaxIntervalMonths,
          }
        : {}),
      ...(lifecycle?.recertApplyMonthsBeforeExpiry !== undefined
        ? { recertApplyMonthsBeforeExpiry: lifecycle.recertApplyMonthsBeforeExpiry }
        : {}),
    },
  };
}

export const parseJson = <T>(text: string | null, fallback: T): T =>
  text === null ? fallback : (JSON.parse(text) as T);

/** A domain rule as a 422 refusal naming the place. */
export const domainRefusal = (
  code: string,
  message: string,
  path: string,
  details: Record<string, unknown> = {},
) => new DomainError(code, message, { ruleId: 'workflow', details: { path, ...details } });

const schemeCache = new Map<string, PublishedSchemeVersion>();

/**
 * A published scheme version of the body, read through the given executor (so it can run inside a
 * transaction). Published versions never change, so parsed packages are cached by content hash.
 * Callers that may be the first to touch a body's library go through schemes.service's
 * `publishedScheme` once, outside a transaction, which installs the built-in packages.
 */
export async function schemeFor(
  db: Executor,
  cbId: string,
  urn: string,
  version: string,
): Promise<PublishedSchemeVersion> {
  const row = await db
    .selectFrom('schemeVersions')
    .select(['status', 'contentHash', 'packageJson'])
    .where('cbId', '=', cbId)
    .where('urn', '=', urn)
    .where('schemeVersion', '=', version)
    .executeTakeFirst();
  if (!row) {
    throw new AppError(
      422,
      'unknown_scheme_version',
      `No scheme version ${urn} ${version} in this body's library.`,
      {
        path: 'scheme',
      },
    );
  }
  if (row.status !== 'published' || !row.contentHash) {
    throw new AppError(
      422,
      'scheme_not_published',
      `Scheme version ${urn} ${version} is a draft; publish it first.`,
      {
        path: 'scheme.version',
      },
    );
  }
  const cached = schemeCache.get(row.contentHash);
  if (cached) return cached;
  const scheme: PublishedSchemeVersion = {
    status: 'published',
    contentHash: row.contentHash,
    package: JSON.parse(row.packageJson) as SchemePackage,
  };
  if (schemeCache.size > 100) schemeCache.clear();
  schemeCache.set(row.contentHash, scheme);
  return scheme;
}
