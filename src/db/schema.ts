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

/** The registry record of a client organisation: its id is the organisation's id. */
export interface ClientsTable {
  id: string;
  cbId: string;
  legalNameZh: string;
  legalNameEn: string | null;
  creditCode: string;
  enterpriseType: 'production' | 'salesService';
  industryCode: string | null;
  registeredAddress: string | null;
  registeredDivisionCode: string | null;
  operatingAddress: string | null;
  operatingDivisionCode: string | null;
  /** Derived from the operating (else registered) division, for filtering. */
  provinceCode: string | null;
  /** JSON arrays of strings. */
  productCategories: string;
  serviceCategories: string;
  headcount: number | null;
  serviceManagementStaff: number | null;
  /** JSON array of { name, role, email, phoneEnc, phoneMasked }. */
  contacts: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface OutletsTable {
  id: string;
  cbId: string;
  clientId: string;
  code: string;
  name: string;
  address: string | null;
  divisionCode: string | null;
  provinceCode: string | null;
  cityCode: string | null;
  latitude: number | null;
  longitude: number | null;
  ownership: 'owned' | 'contracted';
  partnerName: string | null;
  /** The contracted partner's unified social credit code. */
  partnerCreditCode: string | null;
  agreementValidUntil: string | null;
  /** JSON array of OutletChannel. */
  channels: string;
  staffCount: number | null;
  openedOn: string | null;
  phone: string | null;
  status: 'active' | 'closed';
  /** Hash of the outlet's values: an import recognises an unchanged row without reading it whole. */
  contentHash: string;
  /** Who created the outlet, and how: its first history entry (later changes are in outlet_changes). */
  createdById: string | null;
  createdByName: string | null;
  createdSource: 'api' | 'import';
  createdImportId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** One entry per change of an outlet: the fields that changed, from and to. */
export interface OutletChangesTable {
  id: string;
  cbId: string;
  clientId: string;
  outletId: string;
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
  action: 'create' | 'update';
  source: 'api' | 'import';
  importId: string | null;
  /** The outlet's version after the change. */
  version: number;
  /** JSON: { field: { from, to } }. */
  changes: string;
}

export interface ClientStaffTable {
  id: string;
  cbId: string;
  clientId: string;
  outletId: string | null;
  staffNo: string;
  name: string;
  idNumberEnc: string | null;
  idNumberMasked: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  position: string | null;
  department: string | null;
  /** 1 when the person counts as service management staff (5.1.2.2). */
  serviceManagement: number;
  qualifications: string | null;
  employedSince: string | null;
  status: 'active' | 'left';
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A certified after-sales service manager (售后服务管理师) of a client. */
export interface ServiceManagersTable {
  id: string;
  cbId: string;
  clientId: string;
  staffId: string | null;
  name: string;
  idNumberEnc: string | null;
  idNumberMasked: string | null;
  certificateNo: string;
  level: string | null;
  issuer: string | null;
  issuedOn: string | null;
  validUntil: string;
  status: 'active' | 'withdrawn';
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** An evaluator or technical expert of the certification body. */
export interface CbPersonnelTable {
  id: string;
  cbId: string;
  userId: string | null;
  name: string;
  email: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  idNumberEnc: string | null;
  idNumberMasked: string | null;
  homeDivisionCode: string | null;
  /** JSON arrays of strings. */
  languages: string;
  competenceCodes: string;
  status: 'active' | 'inactive';
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface PersonnelQualificationsTable {
  id: string;
  cbId: string;
  personnelId: string;
  scheme: string;
  role: 'lead' | 'evaluator' | 'expert';
  registrationNo: string | null;
  validFrom: string | null;
  validUntil: string | null;
  position: number;
}

export interface ImpartialityDeclarationsTable {
  id: string;
  cbId: string;
  personnelId: string;
  clientId: string | null;
  organisationName: string;
  relationship: 'consulting' | 'employment' | 'other';
  startedOn: string;
  endedOn: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A certification body's certificate settings: numbering, identity on the certificate, timings. */
export interface CertificateSettingsTable {
  cbId: string;
  numberPattern: string;
  cbNameEn: string | null;
  cbAddress: string | null;
  cncaApprovalNo: string | null;
  accreditationBody: string | null;
  accreditationNo: string | null;
  /** CNCA AUDFLAG code(s) of the accreditation mark, e.g. 01 (CNAS); 00 none. */
  accreditationMarkCode: string | null;
  /** 7-character CNCA audit-plan number prefix (R0xxxyy). */
  auditPlanPrefix: string | null;
  verificationBaseUrl: string | null;
  logoSvg: string | null;
  suspensionMaxMonths: number;
  surveillanceGraceDays: number;
  /** JSON array of days before a due date. */
  reminderLeadDays: string;
  /** JSON: the CNCA monthly workbook's sheets and headers; null = the built-in layout. */
  cncaReport: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The last number issued per certification body and year; updated in the issuing transaction. */
export interface CertificateNumberSequencesTable {
  cbId: string;
  year: number;
  lastValue: number;
}

/** A certification body's Ed25519 key pair; the private key is stored encrypted (AES-256-GCM). */
export interface CbSigningKeysTable {
  kid: string;
  cbId: string;
  algorithm: 'Ed25519';
  publicKeyPem: string;
  privateKeyEnc: string;
  status: 'active' | 'retired';
  createdAt: string;
  retiredAt: string | null;
}

/** One version (revision) of a certificate, with the scoring result frozen at issue. */
export interface CertificatesTable {
  id: string;
  cbId: string;
  /** The client organisation (organisations.id). */
  clientId: string;
  /** Stable across revisions (IAF CertSearch "Certification Identity Number"). */
  identityNumber: string;
  revision: number;
  supersedesId: string | null;
  supersededById: string | null;
  category: 'service' | 'managementSystem' | 'product';
  certificateNumber: string;
  numberYear: number;
  numberSeq: number;
  entityNameZh: string;
  entityNameEn: string | null;
  /** Normalised name for look-ups (lower case, no spaces, half-width). */
  entityNameSearch: string;
  entityCreditCode: string;
  /** JSON: { country, province, city, street, postcode }. */
  entityAddress: string;
  /** JSON array of { name, address, scopeZh, scopeEn }. */
  sites: string;
  scopeZh: string;
  scopeEn: string | null;
  schemeVersionId: string;
  schemeUrn: string;
  schemeVersion: string;
  schemeContentHash: string;
  schemeTitleZh: string;
  schemeTitleEn: string | null;
  /** JSON array of standard codes. */
  standards: string;
  engineVersion: string;
  evaluationId: string | null;
  score: number;
  scoreText: string;
  levelId: string;
  levelStars: number;
  levelTitleZh: string;
  levelTitleEn: string;
  /** JSON: the CertificateTimings in force at issue. */
  timings: string;
  /** JSON: { body, number, markCode } snapshot at issue. */
  accreditation: string | null;
  decisionDate: string;
  originalIssueDate: string;
  issueDate: string;
  expiryDate: string;
  status: 'active' | 'suspended' | 'withdrawn' | 'cancelled' | 'expired' | 'superseded';
  statusReason: string | null;
  statusDate: string;
  statusChangedAt: string;
  suspendedUntil: string | null;
  withdrawalProposedAt: string | null;
  surveillanceDueOn: string | null;
  lastSurveillanceOn: string | null;
  confidential: number;
  signingKid: string;
  signedToken: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A certificate's frozen engine result (docs/scoring.md), kept apart from the certificate's row. */
export interface CertificateResultsTable {
  certificateId: string;
  cbId: string;
  resultJson: string;
}

export interface CertificateStatusHistoryTable {
  id: string;
  cbId: string;
  certificateId: string;
  seq: number;
  fromStatus: string | null;
  toStatus: string;
  event: string;
  reasonCode: string;
  note: string | null;
  effectiveDate: string;
  suspendedUntil: string | null;
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
}

/** Reminders and withdrawal proposals written by the scheduled jobs; dedupKey makes each one once. */
export interface CertificateNoticesTable {
  id: string;
  cbId: string;
  certificateId: string;
  clientId: string;
  kind: 'reminder' | 'withdrawalProposal';
  audience: 'cb' | 'client' | 'decisionMaker';
  due: string | null;
  dueDate: string | null;
  leadDays: number | null;
  dedupKey: string;
  messageZh: string;
  messageEn: string;
  createdAt: string;
}

/** An application for certification (申请), by the client in its portal or by CB staff. */
export interface ApplicationsTable {
  id: string;
  cbId: string;
  /** The client organisation (organisations.id). */
  clientId: string;
  schemeUrn: string;
  schemeVersion: string;
  enterpriseType: 'production' | 'salesService';
  scopeZh: string;
  scopeEn: string | null;
  /** JSON array of strings. */
  productCategories: string;
  /** JSON array of outlet ids in scope. */
  outletIds: string;
  systemOperatingSince: string | null;
  /** JSON array of ApplicationDocument. */
  documents: string;
  /** JSON: the eligibility checks as they stood at submission. */
  eligibility: string | null;
  state: 'draft' | 'submitted' | 'accepted' | 'declined' | 'withdrawn';
  stateReason: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The contract review (合同评审) of an application: effort, sample, techniques, quote, decision. */
export interface ContractReviewsTable {
  id: string;
  cbId: string;
  applicationId: string;
  clientId: string;
  stage: 'initial' | 'surveillance' | 'recertification';
  seed: string;
  employees: number | null;
  /** JSON array of { personDays, justification }. */
  effortAdjustments: string;
  /** JSON array of { outletId, action: add | remove, justification }. */
  sampleChanges: string;
  /** JSON: { node: EvidenceTechnique[] }. */
  techniques: string;
  /** JSON: the effort engine's result. */
  effortJson: string;
  /** JSON: the sampling engine's result, with the manual changes applied. */
  sampleJson: string;
  /** JSON: { dayRate, currency, personDays, amount }. */
  quote: string;
  decision: 'accepted' | 'declined' | null;
  decisionReasons: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A client's certification programme: the 3-year cycle of evaluations. */
export interface ProgrammesTable {
  id: string;
  cbId: string;
  clientId: string;
  applicationId: string;
  schemeUrn: string;
  schemeVersion: string;
  state: 'active' | 'closed';
  decisionDate: string | null;
  expiryDate: string | null;
  /** JSON array of ProgrammeEventRecord. */
  events: string;
  certificateId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface EvaluationsTable {
  id: string;
  cbId: string;
  programmeId: string;
  clientId: string;
  /** initial, surveillance1, surveillance2, recertification, special. */
  stage: string;
  engineStage: 'initial' | 'surveillance' | 'recertification';
  reason: string | null;
  state: 'planned' | 'inProgress' | 'submitted' | 'reviewed' | 'decided';
  schemeUrn: string;
  schemeVersion: string;
  schemeContentHash: string;
  leadId: string | null;
  /** JSON array of { personnelId, role, name, userId }. */
  team: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  /** JSON array of EvaluationSite. */
  sites: string;
  sampleJson: string | null;
  techniques: string;
  /** JSON arrays of exclusions ({ node, justification, approvedBy }) and bonuses ({ id, justification, node }). */
  exclusions: string;
  bonuses: string;
  planSentAt: string | null;
  startedAt: string | null;
  /** The lead completed the document review (then on site); null while in document review. */
  documentReviewCompletedAt: string | null;
  /** Display name of who completed it (`migration` for evaluations started before the phases). */
  documentReviewCompletedBy: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  reviewedAt: string | null;
  decidedAt: string | null;
  certificateId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** One checklist item at one site of an evaluation; versioned on its own. */
export interface ChecklistEntriesTable {
  id: string;
  cbId: string;
  evaluationId: string;
  siteId: string;
  node: string;
  method: string;
  position: number;
  /** JSON: the method-shaped result, or null while unanswered. */
  result: string | null;
  note: string | null;
  /** JSON array of evidence references. */
  evidence: string;
  updatedBy: string | null;
  updatedByName: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface FindingsTable {
  id: string;
  cbId: string;
  evaluationId: string;
  clientId: string;
  number: number;
  node: string;
  siteId: string | null;
  severity: 'specialDeduction' | 'nonconformity' | 'observation';
  /** For a special deduction: the scheme's category (law, ownRules, industry, serviceSystem). */
  category: string | null;
  description: string;
  dueDate: string;
  state: 'open' | 'answered' | 'accepted' | 'reopened';
  /** JSON: { rootCause, correction, correctiveAction, evidence[] }. */
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  /** JSON array of { at, by, action, note }. */
  events: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface EvaluationReviewsTable {
  id: string;
  cbId: string;
  evaluationId: string;
  reviewerUserId: string;
  reviewerPersonnelId: string | null;
  reviewerName: string;
  outcome: 'approved' | 'returned';
  comments: string | null;
  createdAt: string;
}

/** A certification decision with the result it was taken on, frozen (append-only). */
export interface CertificationDecisionsTable {
  id: string;
  cbId: string;
  evaluationId: string;
  clientId: string;
  decision: 'grant' | 'refuse' | 'askMore';
  reasons: string | null;
  decidedBy: string;
  decidedByName: string;
  personnelId: string | null;
  decisionDate: string;
  score: number | null;
  scoreText: string | null;
  levelId: string | null;
  levelTitleZh: string | null;
  levelTitleEn: string | null;
  levelStars: number | null;
  schemeUrn: string;
  schemeVersion: string;
  schemeContentHash: string;
  engineVersion: string;
  documentJson: string;
  resultJson: string;
  createdAt: string;
}

/** An uploaded evidence file, stored under DATA_DIR. */
export interface EvidenceFilesTable {
  id: string;
  cbId: string;
  clientId: string;
  context: 'application' | 'evaluation' | 'finding';
  contextId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string | null;
  uploadedByName: string | null;
  createdAt: string;
}

/** Mystery visits (issue 7): a scenario of a body; its published versions are frozen in mystery_scenario_versions. */
export interface MysteryScenariosTable {
  id: string;
  cbId: string;
  code: string;
  schemeUrn: string;
  channel: 'inStore' | 'hotline' | 'onlineChat' | 'onSiteRepair';
  titleZh: string;
  titleEn: string | null;
  builtin: number;
  /** JSON ScenarioContent being edited; null when the latest version is published unchanged. */
  draftContent: string | null;
  latestNumber: number;
  status: 'active' | 'retired';
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface MysteryScenarioVersionsTable {
  id: string;
  cbId: string;
  scenarioId: string;
  number: number;
  /** JSON ScenarioContent, frozen. */
  content: string;
  contentHash: string;
  publishedBy: string | null;
  publishedAt: string;
}

/** One planned mystery visit (assignment) of an evaluation, at a sampled outlet, by one shopper. */
export interface MysteryVisitsTable {
  id: string;
  cbId: string;
  evaluationId: string;
  clientId: string;
  number: number;
  siteId: string;
  outletCode: string;
  outletName: string;
  scenarioVersionId: string;
  channel: string;
  shopperId: string;
  windowStart: string;
  windowEnd: string;
  state: 'assigned' | 'inProgress' | 'submitted' | 'returned' | 'approved' | 'voided';
  startedAt: string | null;
  endedAt: string | null;
  gpsLatitude: number | null;
  gpsLongitude: number | null;
  gpsAccuracy: number | null;
  gpsAt: string | null;
  /** JSON VisitFlag[]. */
  flags: string;
  submittedAt: string | null;
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  voidReason: string | null;
  /** JSON VisitItemSamples[], frozen at approval. */
  lockedSamples: string | null;
  lockedContentHash: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface MysteryVisitAnswersTable {
  id: string;
  cbId: string;
  visitId: string;
  questionId: string;
  /** JSON AnswerValue. */
  value: string;
  note: string | null;
  answeredAt: string;
  updatedAt: string;
}

/** Per-question audit log of a visit: timings and every changed answer (old, new, who, why). */
export interface MysteryVisitLogTable {
  id: string;
  cbId: string;
  visitId: string;
  seq: number;
  event: string;
  questionId: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
  clientAt: string | null;
  shownAt: string | null;
  actorId: string | null;
  actorRole: 'shopper' | 'reviewer' | 'planner';
  at: string;
}

export interface MysteryVisitFilesTable {
  id: string;
  cbId: string;
  visitId: string;
  evidenceKey: string;
  kind: 'photo' | 'audio';
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string | null;
  createdAt: string;
}

/** Customer-experience surveys (issue 8). */
export interface SurveyQuestionnairesTable {
  id: string;
  cbId: string;
  name: string;
  latestNumber: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A frozen questionnaire version: JSON QuestionnaireContent under its sha-256 content hash. */
export interface SurveyQuestionnaireVersionsTable {
  id: string;
  cbId: string;
  questionnaireId: string;
  number: number;
  content: string;
  contentHash: string;
  createdBy: string | null;
  createdAt: string;
}

export interface SurveyCampaignsTable {
  id: string;
  cbId: string;
  evaluationId: string;
  clientId: string;
  questionnaireVersionId: string;
  name: string;
  state: 'draft' | 'live' | 'closed';
  anonymity: 'anonymous' | 'identified';
  /** The scheme item the campaign scores (metric: CSI value; sampled: satisfied responses), or null. */
  scoreNode: string | null;
  minResponses: number;
  targetMargin: number;
  capAtQuota: number;
  linkTtlDays: number;
  openToken: string;
  launchedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SurveyCampaignOutletsTable {
  campaignId: string;
  siteId: string;
  code: string;
  name: string;
  quota: number;
  population: number | null;
  posterToken: string;
}

/** A single-use personal link; only the sha-256 of its token is stored. */
export interface SurveyInvitationsTable {
  id: string;
  cbId: string;
  campaignId: string;
  siteId: string;
  tokenHash: string;
  customerRef: string | null;
  contactMasked: string | null;
  expiresAt: string;
  /** The day the link was used (a day, not an instant, so it cannot be matched to a response). */
  usedOn: string | null;
  remindedAt: string | null;
  createdAt: string;
}

/** No address, no user agent; anonymous campaigns leave invitation and interviewer null and store the day only. */
export interface SurveyResponsesTable {
  id: string;
  cbId: string;
  campaignId: string;
  siteId: string;
  channel: 'open' | 'poster' | 'personal' | 'phone' | 'import';
  invitationId: string | null;
  interviewerId: string | null;
  importBatch: string | null;
  submittedAt: string;
  csi: number | null;
  nps: number | null;
}

export interface SurveyAnswersTable {
  responseId: string;
  questionId: string;
  /** JSON of the answer value. */
  value: string;
}

export interface DB {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  auditEntries: AuditEntriesTable;
  auditChains: AuditChainsTable;
  schemeVersions: SchemeVersionsTable;
  clients: ClientsTable;
  outlets: OutletsTable;
  outletChanges: OutletChangesTable;
  clientStaff: ClientStaffTable;
  serviceManagers: ServiceManagersTable;
  cbPersonnel: CbPersonnelTable;
  personnelQualifications: PersonnelQualificationsTable;
  impartialityDeclarations: ImpartialityDeclarationsTable;
  certificateSettings: CertificateSettingsTable;
  certificateNumberSequences: CertificateNumberSequencesTable;
  cbSigningKeys: CbSigningKeysTable;
  certificates: CertificatesTable;
  certificateResults: CertificateResultsTable;
  certificateStatusHistory: CertificateStatusHistoryTable;
  certificateNotices: CertificateNoticesTable;
  applications: ApplicationsTable;
  contractReviews: ContractReviewsTable;
  programmes: ProgrammesTable;
  evaluations: EvaluationsTable;
  checklistEntries: ChecklistEntriesTable;
  findings: FindingsTable;
  evaluationReviews: EvaluationReviewsTable;
  certificationDecisions: CertificationDecisionsTable;
  evidenceFiles: EvidenceFilesTable;
  mysteryScenarios: MysteryScenariosTable;
  mysteryScenarioVersions: MysteryScenarioVersionsTable;
  mysteryVisits: MysteryVisitsTable;
  mysteryVisitAnswers: MysteryVisitAnswersTable;
  mysteryVisitLog: MysteryVisitLogTable;
  mysteryVisitFiles: MysteryVisitFilesTable;
  surveyQuestionnaires: SurveyQuestionnairesTable;
  surveyQuestionnaireVersions: SurveyQuestionnaireVersionsTable;
  surveyCampaigns: SurveyCampaignsTable;
  surveyCampaignOutlets: SurveyCampaignOutletsTable;
  surveyInvitations: SurveyInvitationsTable;
  surveyResponses: SurveyResponsesTable;
  surveyAnswers: SurveyAnswersTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditEntryRow = Selectable<AuditEntriesTable>;
export type SchemeVersionRow = Selectable<SchemeVersionsTable>;
export type ClientRow = Selectable<ClientsTable>;
export type OutletRow = Selectable<OutletsTable>;
export type OutletChangeRow = Selectable<OutletChangesTable>;
export type ClientStaffRow = Selectable<ClientStaffTable>;
export type ServiceManagerRow = Selectable<ServiceManagersTable>;
export type CbPersonnelRow = Selectable<CbPersonnelTable>;
export type PersonnelQualificationRow = Selectable<PersonnelQualificationsTable>;
export type ImpartialityDeclarationRow = Selectable<ImpartialityDeclarationsTable>;
export type CertificateSettingsRow = Selectable<CertificateSettingsTable>;
export type CertificateRow = Selectable<CertificatesTable>;
export type CertificateStatusHistoryRow = Selectable<CertificateStatusHistoryTable>;
export type CbSigningKeyRow = Selectable<CbSigningKeysTable>;
export type CertificateNoticeRow = Selectable<CertificateNoticesTable>;
export type ApplicationRow = Selectable<ApplicationsTable>;
export type ContractReviewRow = Selectable<ContractReviewsTable>;
export type ProgrammeRow = Selectable<ProgrammesTable>;
export type EvaluationRow = Selectable<EvaluationsTable>;
export type ChecklistEntryRow = Selectable<ChecklistEntriesTable>;
export type FindingRow = Selectable<FindingsTable>;
export type EvaluationReviewRow = Selectable<EvaluationReviewsTable>;
export type CertificationDecisionRow = Selectable<CertificationDecisionsTable>;
export type EvidenceFileRow = Selectable<EvidenceFilesTable>;
export type MysteryScenarioRow = Selectable<MysteryScenariosTable>;
export type MysteryScenarioVersionRow = Selectable<MysteryScenarioVersionsTable>;
export type MysteryVisitRow = Selectable<MysteryVisitsTable>;
export type MysteryVisitAnswerRow = Selectable<MysteryVisitAnswersTable>;
export type MysteryVisitLogRow = Selectable<MysteryVisitLogTable>;
export type MysteryVisitFileRow = Selectable<MysteryVisitFilesTable>;
export type { Generated };
