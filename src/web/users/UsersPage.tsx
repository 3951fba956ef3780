import { useMemo, useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App as AntApp,
  Badge,
  Button,
  Card,
  Flex,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { USER_STATUSES, UserCreateResponse, UserResponse } from '../../modules/users/users.contract.ts';
import { isApiError } from '../api/client.ts';
import { useCan, useCurrentUser } from '../auth/session.tsx';
import { listOrganisations, organisationsKeys } from '../organisations/api.ts';
import { useErrorMessage } from '../shared/errors.ts';
import { useFormatInstant } from '../shared/format.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import { RoleTags } from '../shared/roles.tsx';
import { SecretModal } from '../shared/SecretModal.tsx';
import type { UserListParams } from './api.ts';
import { disableUser, enableUser, listUsers, resetUserPassword, usersKeys } from './api.ts';
import { UserCreateModal, UserEditModal } from './UserFormModals.tsx';

type UserStatus = (typeof USER_STATUSES)[number];
const STATUSES: typeof USER_STATUSES = ['active', 'disabled'];

interface Secret {
  title: string;
  description: string;
  value: string;
}

/** User management for cbAdmin (the CB and its clients) and clientAdmin (their own organisation). */
export default function UsersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useCan();
  const canManage = can('users.manage');
  const canReadOrganisations = can('organisations.read');
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const formatInstant = useFormatInstant();

  const [search, setSearch] = useState('');
  const [params, setParams] = useState<UserListParams>({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserResponse | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const users = useQuery({
    queryKey: usersKeys.list(params),
    queryFn: ({ signal }) => listUsers(params, signal),
    placeholderData: keepPreviousData,
  });
  const organisations = useQuery({
    queryKey: organisationsKeys.all,
    queryFn: ({ signal }) => listOrganisations(signal),
    enabled: canReadOrganisations,
  });
  const organisationItems = useMemo(() => organisations.data?.items ?? [], [organisations.data]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: usersKeys.all });

  const setFilter = (patch: Partial<UserListParams>) => setParams((p) => ({ ...p, ...patch, page: 1 }));

  /** Run a versioned action on a row; a stale version reloads the list and says so. */
  const runRowAction = async (user: UserResponse, action: () => Promise<unknown>, success: string) => {
    setBusyId(user.id);
    try {
      await action();
      void message.success(success);
    } catch (e) {
      if (isApiError(e, 'version_conflict')) void message.warning(t('errors.version_conflict'));
      else void message.error(errorMessage(e));
    } finally {
      setBusyId(null);
      void refresh();
    }
  };

  const onCreated = (result: UserCreateResponse) => {
    setCreating(false);
    void refresh();
    void message.success(t('users.create.done', { name: result.user.displayName }));
    if (result.temporaryPassword) {
      setSecret({
        title: t('users.temporary_password.title'),
        description: t('users.temporary_password.created', { email: result.user.email }),
        value: result.temporaryPassword,
      });
    }
  };

  const onReset = (user: UserResponse) =>
    runRowAction(
      user,
      async () => {
        const result = await resetUserPassword(user.id, { version: user.version });
        setSecret({
          title: t('users.temporary_password.title'),
          description: t('users.temporary_password.reset', { email: result.user.email }),
          value: result.temporaryPassword,
        });
      },
      t('users.reset.done'),
    );

  const columns: TableProps<UserResponse>['columns'] = [
    {
      title: t('users.field.display_name'),
      dataIndex: 'displayName',
      render: (_, user) => (
        <Flex vertical>
          <Typography.Text strong>{user.displayName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {user.email}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('users.field.organisation'), dataIndex: 'organisationName', ellipsis: true },
    {
      title: t('users.field.roles'),
      dataIndex: 'roles',
      render: (_, user) => <RoleTags roles={user.roles} />,
    },
    {
      title: t('users.field.status'),
      dataIndex: 'status',
      width: 120,
      render: (_, user) => (
        <Space orientation="vertical" size={0}>
          <Badge
            status={user.status === 'active' ? 'success' : 'default'}
            text={t(`users.status.${user.status}`)}
          />
          {user.mustChangePassword ? (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('users.must_change_password')}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('users.field.last_login'),
      dataIndex: 'lastLoginAt',
      width: 180,
      render: (_, user) =>
        user.lastLoginAt ? (
          formatInstant(user.lastLoginAt)
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 250,
      render: (_, user) => {
        const self = user.id === me.id;
        const busy = busyId === user.id;
        return (
          <Space size={0} style={{ whiteSpace: 'nowrap' }}>
            <Button
              type="link"
              size="small"
              onClick={() => setEditing(user)}
              data-testid={`user-edit-${user.email}`}
            >
              {t('common.edit')}
            </Button>
            {self ? null : (
              <Popconfirm
                title={t('users.reset.confirm', { name: user.displayName })}
                onConfirm={() => onReset(user)}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
              >
                <Button type="link" size="small" disabled={busy}>
                  {t('users.reset.action')}
                </Button>
              </Popconfirm>
            )}
            {self ? null : user.status === 'active' ? (
              <Popconfirm
                title={t('users.disable.confirm', { name: user.displayName })}
                onConfirm={() =>
                  runRowAction(
                    user,
                    () => disableUser(user.id, { version: user.version }),
                    t('users.disable.done'),
                  )
                }
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
              >
                <Button type="link" size="small" danger disabled={busy}>
                  {t('users.disable.action')}
                </Button>
              </Popconfirm>
            ) : (
              <Button
                type="link"
                size="small"
                disabled={busy}
                onClick={() =>
                  runRowAction(
                    user,
                    () => enableUser(user.id, { version: user.version }),
                    t('users.enable.done'),
                  )
                }
              >
                {t('users.enable.action')}
              </Button>
            )}
          </Space>
        );
      },
    });
  }

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="users-create"
            >
              {t('users.create.action')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex gap="small" wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('users.search_placeholder')}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (!e.target.value) setFilter({ q: undefined });
            }}
            onSearch={(value) => setFilter({ q: value.trim() || undefined })}
            style={{ width: 300 }}
            data-testid="users-search"
          />
          <Select<UserStatus>
            allowClear
            placeholder={t('users.field.status')}
            value={params.status}
            onChange={(status) => setFilter({ status })}
            options={STATUSES.map((s) => ({ value: s, label: t(`users.status.${s}`) }))}
            style={{ width: 140 }}
            data-testid="users-status-filter"
          />
          {canReadOrganisations && organisationItems.length > 1 ? (
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('users.field.organisation')}
              value={params.organisationId}
              onChange={(organisationId) => setFilter({ organisationId })}
              options={organisationItems.map((o) => ({ value: o.id, label: o.name }))}
              style={{ width: 240 }}
              data-testid="users-organisation-filter"
            />
          ) : null}
          <Button icon={<ReloadOutlined />} onClick={() => void refresh()} title={t('common.refresh')} />
        </Flex>
        <Table<UserResponse>
          rowKey="id"
          columns={columns}
          dataSource={users.data?.items ?? []}
          loading={users.isFetching}
          locale={users.isError ? { emptyText: errorMessage(users.error) } : undefined}
          scroll={{ x: 900 }}
          pagination={{
            current: users.data?.page ?? params.page,
            pageSize: users.data?.pageSize ?? params.pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
          onChange={(pagination) =>
            setParams((p) => ({
              ...p,
              page: pagination.current ?? 1,
              pageSize: pagination.pageSize ?? p.pageSize,
            }))
          }
          data-testid="users-table"
        />
      </Card>

      <UserCreateModal
        open={creating}
        organisations={canReadOrganisations ? organisationItems : []}
        onClose={() => setCreating(false)}
        onCreated={onCreated}
      />
      <UserEditModal
        user={editing}
        onClose={() => setEditing(null)}
        onConflict={() => void refresh()}
        onSaved={(saved) => {
          setEditing(null);
          void refresh();
          void message.success(t('users.edit.done', { name: saved.displayName }));
          if (saved.id === me.id) void queryClient.invalidateQueries({ queryKey: ['session'] });
        }}
      />
      <SecretModal
        open={!!secret}
        title={secret?.title ?? ''}
        description={secret?.description ?? ''}
        secret={secret?.value ?? null}
        onClose={() => setSecret(null)}
        testId="temporary-password"
      />
    </>
  );
}
