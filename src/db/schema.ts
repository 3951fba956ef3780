import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Database types: the single source for every table's row shape. Column names are snake_case in SQL
 * and camelCase here (Kysely's CamelCasePlugin maps them). Portable choices, identical on SQLite and
 * PostgreSQL: ids are UUID text, instants are ISO-8601 UTC text (lexically sortable), booleans are
 * 0/1 integers, structured values are JSON text.
 */
export interface OrganisationsTable {
  id: string;
  kind: 'certificationBody' | 'client';
  name: string;
  /** Tenant key: for a certification body its own id, for a client the id of its certification body. */
  cbId: string;
  timeZone: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface UsersTable {
  id: string;
  organisationId: string;
  cbId: string;
  email: string;
  displayName: string;
  passwordHash: string;
  /** JSON array of Role. */
  roles: string;
  status: 'active' | 'disabled';
  mustChangePassword: number;
  locale: 'zh-CN' | 'en';
  failedLoginCount: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's secret; the secret itself is never stored. */
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

export interface ApiTokensTable {
  id: string;
  cbId: string;
  organisationId: string;
  userId: string;
  name: string;
  prefix: string;
  secretHash: string;
  roles: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  version: number;
}

export interface AuditEntriesTable {
  id: string;
  cbId: string;
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** JSON: { before?, after? } */
  summary: string;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

/** The head of each tenant's audit hash chain: lets verification detect a removed tail. */
export interface AuditChainsTable {
  cbId: string;
  lastSeq: number;
  lastHash: string;
}

/** A scheme package version held by a certification body: a built-in reference or a body version. */
export interface SchemeVersionsTable {
  id: string;
  cbId: string;
  urn: string;
  /** The package's own version string (e.g. 1.0.0); `version` is the row's edit counter. */
  schemeVersion: string;
  kind: 'reference' | 'body';
  status: 'draft' | 'published';
  titleZh: string;
  titleEn: string | null;
  category: string;
  builtin: number;
  /** The full (resolved) package as JSON. */
  packageJson: string;
  /** For a body version: the overlay it was derived with. */
  overlayJson: string | null;
  derivedFromId: string | null;
  contentHash: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface DB {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  auditEntries: AuditEntriesTable;
  auditChains: AuditChainsTable;
  schemeVersions: SchemeVersionsTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditEntryRow = Selectable<AuditEntriesTable>;
export type SchemeVersionRow = Selectable<SchemeVersionsTable>;
export type { Generated };
