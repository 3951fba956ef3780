import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Descriptions, Flex, Result, Spin, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { useCan, useCurrentUser } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { useFormatInstant } from '../shared/format.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import { NotFoundResult } from '../shared/Results.tsx';
import type { Client } from './api.ts';
import { getClient, registryKeys } from './api.ts';
import { ClientFormModal } from './ClientFormModal.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { DASH, enterpriseTypeLabel } from './labels.ts';
import { OutletsTab } from './OutletsTab.tsx';
import type { ClientTab } from './paths.ts';
import { CLIENT_TABS, CLIENTS_PATH } from './paths.ts';
import { StaffTab } from './StaffTab.tsx';

/** One client: overview (edit with version), outlets, import/export, staff and the 10 % check. */
export default function ClientDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useCurrentUser();
  const errorMessage = useErrorMessage();
  const [searchParams, setSearchParams] = useSearchParams();
  const tabParam = searchParams.get('tab');
  const tab: ClientTab = (CLIENT_TABS as readonly string[]).includes(tabParam ?? '')
    ? (tabParam as ClientTab)
    : 'overview';

  const client = useQuery({
    queryKey: registryKeys.client(id),
    queryFn: ({ signal }) => getClient(id, signal),
  });

  if (client.isPending) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: 240 }}>
        <Spin />
      </Flex>
    );
  }
  if (client.isError) {
    if (isApiError(client.error, 'not_found')) return <NotFoundResult />;
    return <Result status="error" title={errorMessage(client.error)} />;
  }
  const c = client.data;
  const portal = me.organisation.kind === 'client';

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap="small" wrap>
            {portal ? null : (
              <Link to={CLIENTS_PATH} title={t('clients.back')} data-testid="client-back">
                <ArrowLeftOutlined />
              </Link>
            )}
            <span data-testid="client-title">{c.legalNameZh}</span>
            <Tag>{enterpriseTypeLabel(t, c.enterpriseType)}</Tag>
          </Flex>
        }
        subtitle={
          <Flex gap="small" wrap>
            {c.legalNameEn ? <span>{c.legalNameEn}</span> : null}
            <Typography.Text type="secondary" copyable={{ text: c.creditCode }}>
              {t('clients.field.credit_code')} {c.creditCode}
            </Typography.Text>
          </Flex>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          setSearchParams((p) => {
            const next = new URLSearchParams(p);
            if (key === 'overview') next.delete('tab');
            else next.set('tab', key);
            return next;
          })
        }
        destroyOnHidden
        items={[
          { key: 'overview', label: t('clients.tab.overview'), children: <Overview client={c} /> },
          {
            key: 'outlets',
            label: (
              <span data-testid="client-tab-outlets">
                {t('clients.tab.outlets')} ({c.outletCount})
              </span>
            ),
            children: <OutletsTab client={c} />,
          },
          {
            key: 'import',
            label: <span data-testid="client-tab-import">{t('clients.tab.import')}</span>,
            children: <ImportPanel client={c} />,
          },
          {
            key: 'staff',
            label: <span data-testid="client-tab-staff">{t('clients.tab.staff')}</span>,
            children: <StaffTab client={c} />,
          },
        ]}
      />
    </>
  );
}

function Overview({ client }: { client: Client }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const formatInstant = useFormatInstant();
  const [editing, setEditing] = useState(false);
  const list = (xs: string[]) =>
    xs.length ? (
      <Flex gap={4} wrap>
        {xs.map((x) => (
          <Tag key={x}>{x}</Tag>
        ))}
      </Flex>
    ) : (
      DASH
    );
  const address = (text: string | null, division: Client['registeredDivision']) =>
    [division?.fullName, text].filter(Boolean).join(' ') || DASH;

  return (
    <Card
      title={t('clients.overview.title')}
      extra={
        can('clients.manage') ? (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="client-edit">
            {t('common.edit')}
          </Button>
        ) : null
      }
    >
      <Descriptions column={{ xs: 1, md: 2 }} data-testid="client-overview" bordered size="small">
        <Descriptions.Item label={t('clients.field.legal_name_zh')}>{client.legalNameZh}</Descriptions.Item>
        <Descriptions.Item label={t('clients.field.legal_name_en')}>
          {client.legalNameEn ?? DASH}
        </Descriptions.Item>
        <Descriptions.Item label={t('clients.field.credit_code')}>
          <Typography.Text code>{client.creditCode}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('clients.field.enterprise_type')}>
          {enterpriseTypeLabel(t, client.enterpriseType)}
        </Descriptions.Item>
        <Descriptions.Item label={t('clients.field.industry')}>
          {client.industry?.label ?? DASH}
        </Descriptions.Item>
        <Descriptions.Item label={t('clients.field.headcount')}>{client.headcount ?? DASH}</Descriptions.Item>
        <Descriptions.Item label={t('clients.field.registered_address')}>
          {address(client.registeredAddress, client.registeredDivision)}
        </Descriptions.Item>
        <Descriptions.Item label={t('clients.field.operating_address')}>
          {address(client.operatingAddress, client.operatingDivision)}
        </Descriptions.Item>
        <Descriptions.Item label={t('clients.field.product_categories')}>
          {list(client.productCategories)}
        </Descriptions.Item>
        <Descriptions.Item label={t('clients.field.service_categories')}>
          {list(client.serviceCategories)}
        </Descriptions.Item>
        <Descriptions.Item label={t('clients.field.service_management_staff')}>
          <span data-testid="client-sms-value">{client.serviceManagementStaff ?? DASH}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('clients.field.outlet_count')}>{client.outletCount}</Descriptions.Item>
        <Descriptions.Item label={t('clients.field.contacts')} span={2}>
          {client.contacts.length
            ? client.contacts.map((ct, i) => (
                <div key={i}>{[ct.name, ct.role, ct.phone, ct.email].filter(Boolean).join(' · ')}</div>
              ))
            : DASH}
        </Descriptions.Item>
        <Descriptions.Item label={t('clients.field.updated_at')}>
          {formatInstant(client.updatedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('clients.field.version')}>{client.version}</Descriptions.Item>
      </Descriptions>
      <ClientFormModal
        open={editing}
        client={client}
        onClose={() => setEditing(false)}
        onSaved={(saved) => {
          setEditing(false);
          queryClient.setQueryData(registryKeys.client(saved.id), saved);
          void queryClient.invalidateQueries({ queryKey: registryKeys.clients });
          void message.success(t('clients.edit.done', { name: saved.legalNameZh }));
        }}
      />
    </Card>
  );
}
