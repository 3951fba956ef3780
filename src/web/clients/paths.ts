/** Paths of the registry pages (see src/web/app/App.tsx). */
export const CLIENTS_PATH = '/clients';

export const CLIENT_TABS = ['overview', 'outlets', 'import', 'staff'] as const;
export type ClientTab = (typeof CLIENT_TABS)[number];

export const clientPath = (id: string, tab?: ClientTab) =>
  `${CLIENTS_PATH}/${encodeURIComponent(id)}${tab && tab !== 'overview' ? `?tab=${tab}` : ''}`;

export const PERSONNEL_PATH = '/personnel';
