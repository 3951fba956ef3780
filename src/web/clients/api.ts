/**
 * The registry API (clients, outlets, staff, certified service managers, the live 10 % check, imports
 * and reference data). Types come from the server's contracts; enum lists are repeated here (the
 * contracts pull in zod and server code at run time) and kept equal to the server's by their types.
 */
import type {
  ClientCreateBody,
  ClientListQuery,
  ClientListResponse,
  ClientResponse,
  ClientUpdateBody,
  ENTERPRISE_TYPES as ServerEnterpriseTypes,
} from '../../modules/clients/clients.contract.ts';
import type {
  OutletCreateBody,
  OutletHistoryResponse,
  OutletListQuery,
  OutletListResponse,
  OutletRegionsResponse,
  OutletResponse,
  OutletUpdateBody,
} from '../../modules/outlets/outlets.contract.ts';
import type {
  OUTLET_CHANNELS as ServerChannels,
  OUTLET_OWNERSHIPS as ServerOwnerships,
  OUTLET_STATUSES as ServerOutletStatuses,
} from '../../modules/outlets/outlet-fields.ts';
import type {
  CERTIFICATE_STATES as ServerCertificateStates,
  ServiceManagerCreateBody,
  ServiceManagerUpdateBody,
  ServiceManagerListResponse,
  ServiceManagerResponse,
  StaffCreateBody,
  StaffUpdateBody,
  StaffingResponse,
  StaffListQuery,
  StaffListResponse,
  StaffResponse,
} from '../../modules/client-staff/client-staff.contract.ts';
import type { ImportResultResponse } from '../../modules/imports/imports.contract.ts';
import { api, isApiError } from '../api/client.ts';

export type Client = ClientResponse;
export type Outlet = OutletResponse;
export type Staff = StaffResponse;
export type ServiceManager = ServiceManagerResponse;
export type Staffing = StaffingResponse;
export type OutletRegions = OutletRegionsResponse;
export type OutletChange = OutletHistoryResponse['items'][number];
export type ImportResult = ImportResultResponse;
export type ImportRowError = ImportResult['errors'][number];
export type ImportKind = ImportResult['kind'];
export type ImportMode = ImportResult['mode'];
export type FileFormat = ImportResult['format'];

export const ENTERPRISE_TYPES: typeof ServerEnterpriseTypes = ['production', 'salesService'];
export type EnterpriseType = (typeof ENTERPRISE_TYPES)[number];
export const OUTLET_CHANNELS: typeof ServerChannels = ['inStore', 'onSite', 'hotline', 'online'];
export type OutletChannel = (typeof OUTLET_CHANNELS)[number];
export const OUTLET_OWNERSHIPS: typeof ServerOwnerships = ['owned', 'contracted'];
export type OutletOwnership = (typeof OUTLET_OWNERSHIPS)[number];
export const OUTLET_STATUSES: typeof ServerOutletStatuses = ['active', 'closed'];
export type OutletStatus = (typeof OUTLET_STATUSES)[number];
export const CERTIFICATE_STATES: typeof ServerCertificateStates = [
  'valid',
  'expiringSoon',
  'expired',
  'notYetValid',
  'withdrawn',
];
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

/** Reference data (src/modules/reference/reference.routes.ts; its response schemas are not exported). */
export interface DivisionItem {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  hasChildren: boolean;
}
export interface DivisionList {
  source: string;
  items: DivisionItem[];
}
export interface IndustryList {
  version: string;
  sections: {
    code: string;
    zh: string;
    en: string;
    divisions: { code: string; zh: string; en: string }[];
  }[];
}

/** A list query without the cursor, which the keyset pager adds. */
export type ClientListParams = Partial<Omit<ClientListQuery, 'after'>>;
export type OutletListParams = Partial<Omit<OutletListQuery, 'after'>>;
export type StaffListParams = Partial<Omit<StaffListQuery, 'after' | 'serviceManagement'>> & {
  serviceManagement?: 'true' | 'false';
};

export const registryKeys = {
  clients: ['clients'] as const,
  clientList: (params: ClientListParams, after?: string) => ['clients', 'list', params, after] as const,
  client: (id: string) => ['clients', 'detail', id] as const,
  outlets: (clientId: string) => ['clients', 'detail', clientId, 'outlets'] as const,
  outletList: (clientId: string, params: OutletListParams, after?: string) =>
    ['clients', 'detail', clientId, 'outlets', 'list', params, after] as const,
  regions: (clientId: string) => ['clients', 'detail', clientId, 'outlets', 'regions'] as const,
  outletHistory: (id: string) => ['outlets', 'history', id] as const,
  staff: (clientId: string) => ['clients', 'detail', clientId, 'staff'] as const,
  staffList: (clientId: string, params: StaffListParams, after?: string) =>
    ['clients', 'detail', clientId, 'staff', 'list', params, after] as const,
  managers: (clientId: string) => ['clients', 'detail', clientId, 'staff', 'managers'] as const,
  staffing: (clientId: string) => ['clients', 'detail', clientId, 'staff', 'staffing'] as const,
  divisions: (parent?: string) => ['reference', 'divisions', parent ?? ''] as const,
  industries: ['reference', 'industries'] as const,
};

const enc = encodeURIComponent;
const clientPath = (id: string) => `/api/clients/${enc(id)}`;

export const listClients = (params: ClientListParams, after: string | undefined, signal?: AbortSignal) =>
  api.get<ClientListResponse>('/api/clients', { ...params, after }, signal);
export const getClient = (id: string, signal?: AbortSignal) =>
  api.get<ClientResponse>(clientPath(id), undefined, signal);
export const createClient = (body: ClientCreateBody) => api.post<ClientResponse>('/api/clients', body);
export const updateClient = (id: string, body: ClientUpdateBody) =>
  api.patch<ClientResponse>(clientPath(id), body);

export const listOutlets = (
  clientId: string,
  params: OutletListParams,
  after: string | undefined,
  signal?: AbortSignal,
) => api.get<OutletListResponse>(`${clientPath(clientId)}/outlets`, { ...params, after }, signal);
export const createOutlet = (clientId: string, body: OutletCreateBody) =>
  api.post<OutletResponse>(`${clientPath(clientId)}/outlets`, body);
export const updateOutlet = (id: string, body: OutletUpdateBody) =>
  api.patch<OutletResponse>(`/api/outlets/${enc(id)}`, body);
export const getOutlet = (id: string) => api.get<OutletResponse>(`/api/outlets/${enc(id)}`);
export const outletHistory = (id: string, signal?: AbortSignal) =>
  api.get<OutletHistoryResponse>(`/api/outlets/${enc(id)}/history`, undefined, signal);
export const outletRegions = (clientId: string, signal?: AbortSignal) =>
  api.get<OutletRegionsResponse>(`${clientPath(clientId)}/outlet-regions`, undefined, signal);

export const listStaff = (
  clientId: string,
  params: StaffListParams,
  after: string | undefined,
  signal?: AbortSignal,
) => api.get<StaffListResponse>(`${clientPath(clientId)}/staff`, { ...params, after }, signal);
export const createStaff = (clientId: string, body: StaffCreateBody) =>
  api.post<StaffResponse>(`${clientPath(clientId)}/staff`, body);
export const updateStaff = (id: string, body: StaffUpdateBody) =>
  api.patch<StaffResponse>(`/api/client-staff/${enc(id)}`, body);
export const listServiceManagers = (clientId: string, signal?: AbortSignal) =>
  api.get<ServiceManagerListResponse>(`${clientPath(clientId)}/service-managers`, undefined, signal);
export const createServiceManager = (clientId: string, body: ServiceManagerCreateBody) =>
  api.post<ServiceManagerResponse>(`${clientPath(clientId)}/service-managers`, body);
export const updateServiceManager = (id: string, body: ServiceManagerUpdateBody) =>
  api.patch<ServiceManagerResponse>(`/api/service-managers/${enc(id)}`, body);
export const getStaffing = (clientId: string, signal?: AbortSignal) =>
  api.get<StaffingResponse>(`${clientPath(clientId)}/staffing`, undefined, signal);

export const listDivisions = (parent?: string, signal?: AbortSignal) =>
  api.get<DivisionList>('/api/reference/divisions', { parent }, signal);
export const listIndustries = (signal?: AbortSignal) =>
  api.get<IndustryList>('/api/reference/industries', undefined, signal);

/** The import template (Chinese and English headers); the server names the file. */
export const templateUrl = (kind: ImportKind, format: FileFormat) =>
  `/api/${kind === 'outlets' ? 'outlets' : 'client-staff'}/template?format=${format}`;

/** The client's current list in the import format (so that the file imports back unchanged). */
/** The export of outlets or staff; for outlets, `filters` (the list's) narrow it to the list shown. */
export const exportUrl = (
  clientId: string,
  kind: ImportKind,
  format: FileFormat,
  filters: Pick<OutletListParams, 'q' | 'status' | 'ownership' | 'channel' | 'divisionCode'> = {},
) => {
  const query = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(filters)) if (v) query.set(k, String(v));
  return `${clientPath(clientId)}/${kind}/export?${query.toString()}`;
};

/**
 * Upload a file (multipart field "file"). An all-or-nothing import with bad rows answers 422
 * `import_rejected` with the whole result as its details: that result is returned, not thrown.
 */
export async function importFile(
  clientId: string,
  kind: ImportKind,
  file: File,
  mode: ImportMode,
): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  try {
    return await api.upload<ImportResult>(`${clientPath(clientId)}/${kind}/import`, form, { mode });
  } catch (e) {
    if (isApiError(e, 'import_rejected')) {
      const details = e.details as Partial<ImportResult> | undefined;
      if (details && Array.isArray(details.errors)) return details as ImportResult;
    }
    throw e;
  }
}
