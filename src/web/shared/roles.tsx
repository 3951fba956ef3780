import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { OrganisationKind, Role } from '../../domain/access/roles.ts';

function snake(value: string): string {
  return value.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The translated name of a role, e.g. cbAdmin → 认证机构管理员. */
export function roleLabel(t: TFunction, role: Role): string {
  return t(`roles.${snake(role)}`);
}

export function organisationKindLabel(t: TFunction, kind: OrganisationKind): string {
  return t(`organisations.kind.${snake(kind)}`);
}

const ROLE_COLORS: Partial<Record<Role, string>> = {
  cbAdmin: 'red',
  clientAdmin: 'volcano',
  schemeManager: 'purple',
  programmeManager: 'geekblue',
  evaluator: 'blue',
  reviewer: 'cyan',
  decisionMaker: 'gold',
  mysteryShopper: 'magenta',
  clientUser: 'green',
};

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  return (
    <Space size={[0, 4]} wrap>
      {roles.map((role) => (
        <Tag key={role} color={ROLE_COLORS[role]}>
          {roleLabel(t, role)}
        </Tag>
      ))}
    </Space>
  );
}

export function roleOptions(t: TFunction, roles: readonly Role[]) {
  return roles.map((role) => ({ value: role, label: roleLabel(t, role) }));
}
