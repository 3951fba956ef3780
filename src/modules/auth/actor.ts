import type { OrganisationKind, Permission, Role } from '../../domain/access/roles.ts';
import { hasPermission } from '../../domain/access/roles.ts';
import { forbidden } from '../../http/errors.ts';

/** Who is calling: a signed-in user (cookie session), an integration (API token) or the installation (CLI). */
export interface Actor {
  via: 'session' | 'apiToken' | 'system';
  /** Null only for the system actor. */
  userId: string | null;
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

/** The user behind the actor; the system actor has none and cannot use per-user routes. */
export function userIdOf(actor: Actor): string {
  if (actor.userId === null) throw forbidden('This action needs a signed-in user.');
  return actor.userId;
}

/** A client's users see only their own organisation; CB staff see the whole tenant. */
export function organisationScope(actor: Actor): string | undefined {
  return actor.organisationKind === 'client' ? actor.organisationId : undefined;
}

/** The installation itself, for CLI commands: acts in one certification body with the given roles. */
export function systemActor(cbId: string, roles: Role[] = ['cbAdmin']): Actor {
  return {
    via: 'system',
    userId: null,
    displayName: 'system',
    organisationId: cbId,
    organisationKind: 'certificationBody',
    cbId,
    roles,
  };
}
