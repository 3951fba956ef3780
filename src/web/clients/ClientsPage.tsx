import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan, useCurrentUser } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import type { Client, ClientListParams, EnterpriseType } from './api.ts';
import { ENTERPRISE_TYPES, listClients, registryKeys } from './api.ts';
import { ClientFormModal } from './ClientFormModal.tsx';
import { KeysetPager, ProvinceSelect, useKeyset } from './fields.tsx';
import { DASH, enterpriseTypeLabel } from './labels.ts';
import { clientPath } from './paths.ts';

/**
 * The client registry of the certification body: search by name or credit code, filter by enterprise
 * type and province, keyset pages. A client's own users never see the list: they go to their client.
 */
export default function ClientsPage() {
  const me = useCurrentUser();
  if (me.organisation.kind === 'client') return <Navigate to={clientPath(me.organisation.id)} replace />;
  return <ClientList />;
}

function ClientList() {
  const { t } = useTranslation();
  const can = useCan();
  const canManage = can('clients.manage');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();

  const [search, setSearch] = useState('');
  const [params, setParams] = useState<ClientListParams>({ limit: 20, sort: 'name' });
  const pager = useKeyset(JSON.stringify(params));
  const [creating, setCreating] = useState(false);

  const clients = useQuery({
    queryKey: registryKeys.clientList(params, pager.after),
    queryFn: ({ signal }) => listClients(params, pager.after, signal),
    placeholderData: keepPreviousData,
  });

  const setFilter = (patch: Partial<ClientListParams>) => setParams((p) => ({ ...p, ...patch }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: registryKeys.clients });

  const columns: TableProps<Client>['columns'] = [
    {
      title: t('clients.field.legal_name'),
      key: 'name',
      render: (_, c) => (
        <Flex vertical>
          <Link to={clientPath(c.id)} data-testid={`client-link-${c.creditCode}`}>
            <Typography.Text strong>{c.legalNameZh}</Typography.Text>
          </Link>
          {c.legalNameEn ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.legalNameEn}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('clients.field.credit_code'),
      dataIndex: 'creditCode',
      width: 200,
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t('clients.field.enterprise_type'),
      dataIndex: 'enterpriseType',
      width: 130,
      render: (v: EnterpriseType) => <Tag>{enterpriseTypeLabel(t, v)}</Tag>,
    },
    {
      title: t('clients.field.industry'),
      key: 'industry',
      ellipsis: true,
      render: (_, c) => c.industry?.label ?? DASH,
    },
    {
      title: t('clients.field.region'),
      key: 'region',
      width: 180,
      render: (_, c) => (c.operatingDivision ?? c.registeredDivision)?.fullName ?? DASH,
    },
    {
      title: t('clients.field.outlet_count'),
      dataIndex: 'outletCount',
      width: 100,
      align: 'right',
    },
  ];

  return (
    <>
      <PageHeader
        title={t('clients.title')}
        subtitle={t('clients.subtitle')}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="clients-create"
            >
              {t('clients.create.action')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex gap="small" wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('clients.search_placeholder')}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (!e.target.value) setFilter({ q: undefined });
            }}
            onSearch={(value) => setFilter({ q: value.trim() || undefined })}
            style={{ width: 320, maxWidth: '100%' }}
            data-testid="clients-search"
          />
          <Select<EnterpriseType>
            allowClear
            placeholder={t('clients.field.enterprise_type')}
            value={params.enterpriseType}
            onChange={(enterpriseType) => setFilter({ enterpriseType })}
            options={ENTERPRISE_TYPES.map((v) => ({ value: v, label: enterpriseTypeLabel(t, v) }))}
            style={{ width: 150 }}
            data-testid="clients-type-filter"
          />
          <ProvinceSelect
            value={params.provinceCode}
            onChange={(provinceCode) => setFilter({ provinceCode })}
            testId="clients-province-filter"
          />
          <Select<'name' | 'recent'>
            value={params.sort}
            onChange={(sort) => setFilter({ sort })}
            options={[
              { value: 'name', label: t('clients.sort.name') },
              { value: 'recent', label: t('clients.sort.recent') },
            ]}
            style={{ width: 130 }}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void refresh()} title={t('common.refresh')} />
        </Flex>
        <Table<Client>
          rowKey="id"
          columns={columns}
          dataSource={clients.data?.items ?? []}
          loading={clients.isFetching}
          locale={clients.isError ? { emptyText: errorMessage(clients.error) } : undefined}
          scroll={{ x: 900 }}
          pagination={false}
          data-testid="clients-table"
        />
        <KeysetPager
          page={pager.page}
          total={clients.data?.total}
          nextCursor={clients.data?.nextCursor}
          onNext={pager.next}
          onPrevious={pager.previous}
          testId="clients-pager"
        />
      </Card>
      <ClientFormModal
        open={creating}
        client={null}
        onClose={() => setCreating(false)}
        onSaved={(client) => {
          setCreating(false);
          void refresh();
          void message.success(t('clients.create.done', { name: client.legalNameZh }));
          void navigate(clientPath(client.id));
        }}
      />
    </>
  );
}
