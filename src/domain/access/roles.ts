/**
 * Roles and permissions of Starmark. Pure data: the HTTP layer, the web shell and the permission
 * matrix document (docs/permissions.md) are all derived from this one table.
 */

export const ORGANISATION_KINDS = ['certificationBody', 'client'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const CB_ROLES = [
  'cbAdmin',
  'schemeManager',
  'programmeManager',
  'evaluator',
  'reviewer',
  'decisionMaker',
  'mysteryShopper',
] as const;
export const CLIENT_ROLES = ['clientAdmin', 'clientUser'] as const;
export const ROLES = [...CB_ROLES, ...CLIENT_ROLES] as const;
export type Role = (typeof ROLES)[number];

/** Which roles a user of each kind of organisation may hold. */
export const ROLES_BY_ORGANISATION_KIND: Record<OrganisationKind, readonly Role[]> = {
  certificationBody: CB_ROLES,
  client: CLIENT_ROLES,
};

export const PERMISSIONS = [
  'users.read',
  'users.manage',
  'organisations.read',
  'organisations.manage',
  'audit.read',
  'apiTokens.manage',
  'profile.manage',
  'schemes.read',
  'schemes.manage',
  'calculations.run',
  'clients.read',
  'clients.manage',
  'outlets.manage',
  'staff.manage',
  'personalData.read',
  'personnel.read',
  'personnel.manage',
  'certificates.read',
  'certificates.issue',
  'certificates.manage',
  'certificates.export',
  'certificates.configure',
  'applications.read',
  'applications.manage',
  'contractReviews.perform',
  'programmes.read',
  'evaluations.plan',
  'evaluations.read',
  'evaluations.conduct',
  'findings.read',
  'findings.manage',
  'findings.answer',
  'reviews.perform',
  'decisions.make',
  'mysteryVisits.plan',
  'mysteryVisits.conduct',
  'mysteryVisits.review',
  'mysteryVisits.read',
  'mysteryVisits.evidence',
  'surveys.manage',
  'surveys.read',
  'surveys.interview',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * The permission matrix. Every signed-in user manages their own profile; the rest is granted by role.
 * Tenant scoping is separate: a permission never reaches outside the caller's certification body,
 * and a client's users never see beyond their own client organisation.
 */
export const PERMISSIONS_BY_ROLE: Record<Role, readonly Permission[]> = {
  cbAdmin: [
    'users.read',
    'users.manage',
    'organisations.read',
    'organisations.manage',
    'audit.read',
    'apiTokens.manage',
    'profile.manage',
    'schemes.read',
    'schemes.manage',
    'calculations.run',
    'clients.read',
    'clients.manage',
    'outlets.manage',
    'staff.manage',
    'personalData.read',
    'personnel.read',
    'personnel.manage',
    'certificates.read',
    'certificates.issue',
    'certificates.manage',
    'certificates.export',
    'certificates.configure',
    'applications.read',
    'applications.manage',
    'contractReviews.perform',
    'programmes.read',
    'evaluations.plan',
    'evaluations.read',
    'findings.read',
    'mysteryVisits.plan',
    'mysteryVisits.read',
    'mysteryVisits.evidence',
    'surveys.manage',
    'surveys.read',
    'surveys.interview',
  ],
  schemeManager: [
    'organisations.read',
    'profile.manage',
    'schemes.read',
    'schemes.manage',
    'calculations.run',
    'clients.read',
    'personnel.read',
    'certificates.read',
  ],
  programmeManager: [
    'organisations.read',
    'profile.manage',
    'schemes.read',
    'calculations.run',
    'clients.read',
    'clients.manage',
    'outlets.manage',
    'staff.manage',
    'personalData.read',
    'personnel.read',
    'certificates.read',
    'certificates.issue',
    'certificates.export',
    'applications.read',
    'applications.manage',
    'contractReviews.perform',
    'programmes.read',
    'evaluations.plan',
    'evaluations.read',
    'findings.read',
    'mysteryVisits.plan',
    'mysteryVisits.read',
    'mysteryVisits.evidence',
    'surveys.manage',
    'surveys.read',
    'surveys.interview',
  ],
  evaluator: [
    'profile.manage',
    'schemes.read',
    'calculations.run',
    'clients.read',
    'certificates.read',
    'applications.read',
    'programmes.read',
    'evaluations.read',
    'evaluations.conduct',
    'findings.read',
    'findings.manage',
    'mysteryVisits.plan',
    'mysteryVisits.read',
    'mysteryVisits.evidence',
    'surveys.manage',
    'surveys.read',
    'surveys.interview',
  ],
  reviewer: [
    'profile.manage',
    'schemes.read',
    'calculations.run',
    'clients.read',
    'certificates.read',
    'applications.read',
    'programmes.read',
    'evaluations.read',
    'findings.read',
    'reviews.perform',
    'mysteryVisits.review',
    'mysteryVisits.read',
    'mysteryVisits.evidence',
    'surveys.read',
  ],
  decisionMaker: [
    'profile.manage',
    'schemes.read',
    'calculations.run',
    'clients.read',
    'certificates.read',
    'certificates.issue',
    'certificates.manage',
    'applications.read',
    'programmes.read',
    'evaluations.read',
    'findings.read',
    'decisions.make',
    'mysteryVisits.read',
    'mysteryVisits.evidence',
    'surveys.read',
  ],
  mysteryShopper: ['profile.manage', 'mysteryVisits.conduct', 'surveys.interview'],
  clientAdmin: [
    'users.read',
    'users.manage',
    'profile.manage',
    'clients.read',
    'outlets.manage',
    'staff.manage',
    'personalData.read',
    'certificates.read',
    'applications.read',
    'applications.manage',
    'programmes.read',
    'findings.read',
    'findings.answer',
    'mysteryVisits.read',
  ],
  clientUser: [
    'profile.manage',
    'clients.read',
    'outlets.manage',
    'staff.manage',
    'certificates.read',
    'applications.read',
    'applications.manage',
    'programmes.read',
    'findings.read',
    'findings.answer',
    'mysteryVisits.read',
  ],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) for (const p of PERMISSIONS_BY_ROLE[role]) granted.add(p);
  return granted;
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => PERMISSIONS_BY_ROLE[role].includes(permission));
}

/** A role may only be held by a user of a matching organisation kind. */
export function rolesFitOrganisation(roles: readonly Role[], kind: OrganisationKind): boolean {
  const allowed = ROLES_BY_ORGANISATION_KIND[kind];
  return roles.every((r) => allowed.includes(r));
}

/** The permission matrix as a Markdown table (docs/permissions.md holds it; a test keeps them equal). */
export function renderPermissionMatrix(): string {
  const header = `| permission | ${ROLES.join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = PERMISSIONS.map(
    (p) => `| \`${p}\` | ${ROLES.map((r) => (PERMISSIONS_BY_ROLE[r].includes(p) ? '✓' : '')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
