import type { OrganisationKind, Permission, Role } from '../../domain/access/roles.ts';
import { hasPermission } from '../../domain/access/roles.ts';
import { forbidden } from '../../http/errors.ts';

/** Who is calling: a signed-in user (cookie session) or an integration (API token). */
export interface Actor {
  via: 'session' | 'apiToken';
  userId: string;
  displayName: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  /** Tenant key: every query is scoped by it. */
  cbId: string;
  roles: Role[];
  sessionId?: string;
  apiTokenId?: string;
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor.roles, permission)) throw forbidden();
}

/** A client's users see only their own organisation; CB staff see the whole tenant. */
export function organisationScope(actor: Actor): string | undefined {
  return actor.organisationKind === 'client' ? actor.organisationId : undefined;
}
