import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Segmented, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan, useCurrentUser } from '../auth/session.tsx';
import { PageHeader } from '../shared/PageHeader.tsx';
import { useFormatInstant } from '../shared/format.ts';
import { ApplicationStateTag, applicationStateLabel } from '../evaluations/labels.tsx';
import type { Application, ApplicationState } from './api.ts';
import { APPLICATION_STATES, applicationKeys, listApplications } from './api.ts';

/**
 * Applications for certification: a client sees its own (and starts a new one); the certification body
 * sees every client's, filtered by state — "submitted" is the contract-review queue.
 */
export default function ApplicationsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const formatInstant = useFormatInstant();
  const isClient = me.organisation.kind === 'client';
  const [state, setState] = useState<ApplicationState | 'all'>(isClient ? 'all' : 'submitted');
  const [page, setPage] = useState(1);
  const query = { state: state === 'all' ? undefined : state, page, pageSize: 20 };
  const list = useQuery({
    queryKey: applicationKeys.list(query),
    queryFn: ({ signal }) => listApplications(query, signal),
    placeholderData: keepPreviousData,
  });

  const columns: TableProps<Application>['columns'] = [
    {
      title: t('applications.field.client'),
      key: 'client',
      render: (_, a) => (
        <Link to={`/applications/${a.id}`} data-testid={`application-link-${a.id}`}>
          <Typography.Text strong>{a.client.name}</Typography.Text>
        </Link>
      ),
    },
    {
      title: t('applications.field.scope'),
      dataIndex: 'scopeZh',
      ellipsis: true,
      responsive: ['md'],
    },
    {
      title: t('applications.field.outlets'),
      key: 'outlets',
      width: 100,
      align: 'right',
      responsive: ['lg'],
      render: (_, a) => a.outlets.length,
    },
    {
      title: t('applications.field.eligibility'),
      key: 'eligible',
      width: 130,
      responsive: ['md'],
      render: (_, a) =>
        a.eligibility.eligible ? (
          <Tag color="green">{t('applications.eligible')}</Tag>
        ) : (
          <Tag color="orange">{t('applications.not_eligible')}</Tag>
        ),
    },
    {
      title: t('applications.field.state'),
      dataIndex: 'state',
      width: 110,
      render: (s: ApplicationState) => <ApplicationStateTag state={s} />,
    },
    {
      title: t('applications.field.submitted_at'),
      dataIndex: 'submittedAt',
      width: 160,
      responsive: ['sm'],
      render: (v: string | null) => formatInstant(v, { withTime: true }),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('applications.title')}
        subtitle={isClient ? t('applications.subtitle_client') : t('applications.subtitle_staff')}
        extra={
          can('applications.manage') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/applications/new')}
              data-testid="applications-create"
            >
              {t('applications.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex style={{ marginBottom: 16, overflowX: 'auto' }}>
          <Segmented<ApplicationState | 'all'>
            value={state}
            onChange={(v) => {
              setState(v);
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('applications.filter_all') },
              ...APPLICATION_STATES.map((s) => ({ value: s, label: applicationStateLabel(t, s) })),
            ]}
            data-testid="applications-state-filter"
          />
        </Flex>
        <Table<Application>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          data-testid="applications-table"
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
        />
      </Card>
    </>
  );
}
