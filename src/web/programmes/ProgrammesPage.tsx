import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth/session.tsx';
import { PageHeader } from '../shared/PageHeader.tsx';
import { DASH, stageLabel } from '../evaluations/labels.tsx';
import type { Programme } from './api.ts';
import { listProgrammes, programmeKeys } from './api.ts';

/** Certification programmes: one per accepted application, the 3-year cycle with its next due event. */
export default function ProgrammesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [page, setPage] = useState(1);
  const query = { page, pageSize: 20 };
  const list = useQuery({
    queryKey: programmeKeys.list(query),
    queryFn: ({ signal }) => listProgrammes(query, signal),
    placeholderData: keepPreviousData,
  });

  const columns: TableProps<Programme>['columns'] = [
    {
      title: t('programmes.field.client'),
      key: 'client',
      render: (_, p) => (
        <Link to={`/programmes/${p.id}`} data-testid={`programme-link-${p.id}`}>
          <Typography.Text strong>{p.client.name}</Typography.Text>
        </Link>
      ),
    },
    {
      title: t('programmes.field.state'),
      dataIndex: 'state',
      width: 100,
      render: (s: Programme['state']) => (
        <Tag color={s === 'active' ? 'green' : 'default'}>{t(`programmes.state.${s}`)}</Tag>
      ),
    },
    {
      title: t('programmes.field.next'),
      key: 'next',
      render: (_, p) => {
        const next = p.events.find((e) => !e.evaluation || e.evaluation.state !== 'decided');
        if (!next) return DASH;
        return (
          <span>
            {stageLabel(t, next.stage)}
            {next.dueBy ? (
              <Typography.Text type={next.overdue ? 'danger' : 'secondary'}>
                {' '}
                {t('programmes.due_by', { date: next.dueBy })}
              </Typography.Text>
            ) : null}
          </span>
        );
      },
    },
    {
      title: t('programmes.field.decision_date'),
      dataIndex: 'decisionDate',
      width: 130,
      responsive: ['md'],
      render: (v: string | null) => v ?? DASH,
    },
    {
      title: t('programmes.field.expiry_date'),
      dataIndex: 'expiryDate',
      width: 130,
      responsive: ['md'],
      render: (v: string | null) => v ?? DASH,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('programmes.title')}
        subtitle={
          me.organisation.kind === 'client' ? t('programmes.subtitle_client') : t('programmes.subtitle')
        }
      />
      <Card>
        <Table<Programme>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          data-testid="programmes-table"
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        />
      </Card>
    </>
  );
}
