import type { ReactNode } from 'react';
import {
  ApartmentOutlined,
  AlertOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  CommentOutlined,
  EyeOutlined,
  FileProtectOutlined,
  AuditOutlined,
  HomeOutlined,
  KeyOutlined,
  PartitionOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Permission } from '../../domain/access/roles.ts';

export interface NavItem {
  key: string;
  path: string;
  icon: ReactNode;
  /** i18n key of the label. */
  label: string;
  /** Shown only to holders of this permission (the route is guarded by the same one). */
  permission?: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'home', path: '/', icon: <HomeOutlined />, label: 'nav.home' },
  { key: 'users', path: '/users', icon: <TeamOutlined />, label: 'nav.users', permission: 'users.read' },
  {
    key: 'organisations',
    path: '/organisations',
    icon: <ApartmentOutlined />,
    label: 'nav.organisations',
    permission: 'organisations.read',
  },
  {
    key: 'clients',
    path: '/clients',
    icon: <ShopOutlined />,
    label: 'nav.clients',
    permission: 'clients.read',
  },
  {
    key: 'personnel',
    path: '/personnel',
    icon: <SolutionOutlined />,
    label: 'nav.personnel',
    permission: 'personnel.read',
  },
  {
    key: 'applications',
    path: '/applications',
    icon: <FileProtectOutlined />,
    label: 'nav.applications',
    permission: 'applications.read',
  },
  {
    key: 'programmes',
    path: '/programmes',
    icon: <CalendarOutlined />,
    label: 'nav.programmes',
    permission: 'programmes.read',
  },
  {
    key: 'evaluations',
    path: '/evaluations',
    icon: <CarryOutOutlined />,
    label: 'nav.evaluations',
    permission: 'evaluations.read',
  },
  {
    key: 'findings',
    path: '/findings',
    icon: <AlertOutlined />,
    label: 'nav.findings',
    permission: 'findings.read',
  },
  {
    key: 'certificates',
    path: '/certificates',
    icon: <SafetyCertificateOutlined />,
    label: 'nav.certificates',
    permission: 'certificates.read',
  },
  {
    key: 'schemes',
    path: '/schemes',
    icon: <PartitionOutlined />,
    label: 'nav.schemes',
    permission: 'schemes.read',
  },
  {
    key: 'my-visits',
    path: '/my-visits',
    icon: <EyeOutlined />,
    label: 'nav.my_visits',
    permission: 'mysteryVisits.conduct',
  },
  {
    key: 'mystery-visits',
    path: '/mystery-visits',
    icon: <EyeOutlined />,
    label: 'nav.mystery_visits',
    permission: 'mysteryVisits.read',
  },
  {
    key: 'surveys',
    path: '/surveys',
    icon: <CommentOutlined />,
    label: 'nav.surveys',
    permission: 'surveys.read',
  },
  {
    key: 'phone-survey',
    path: '/phone-survey',
    icon: <PhoneOutlined />,
    label: 'nav.phone_survey',
    permission: 'surveys.interview',
  },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, label: 'nav.audit', permission: 'audit.read' },
  {
    key: 'api-tokens',
    // Not /api-tokens: a path beginning with "/api" looks like the API to proxies.
    path: '/tokens',
    icon: <KeyOutlined />,
    label: 'nav.api_tokens',
    permission: 'apiTokens.manage',
  },
  { key: 'profile', path: '/profile', icon: <UserOutlined />, label: 'nav.profile' },
];

/** The menu key of a path: the item whose path is its first segment, or home. */
export function navKeyOf(pathname: string): string {
  const first = pathname.split('/').filter(Boolean)[0];
  return NAV_ITEMS.find((item) => first && item.path === `/${first}`)?.key ?? 'home';
}
