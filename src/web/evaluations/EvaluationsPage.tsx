import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Flex, Progress, Segmented, Switch, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/session.tsx';
import { PageHeader } from '../shared/PageHeader.tsx';
import type { Evaluation, EvaluationState } from './api.ts';
import { EVALUATION_STATES, evaluationKeys, listEvaluations } from './api.ts';
import { DASH, EvaluationStateTag, evaluationStateLabel, stageLabel } from './labels.tsx';

/** Evaluations of the certification body: by state, or only those the caller is on the team of. */
export default function EvaluationsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [state, setState] = useState<EvaluationState | 'all'>('all');
  const [mine, setMine] = useState(can('evaluations.conduct') && !can('evaluations.plan'));
  const [page, setPage] = useState(1);
  const query = {
    state: state === 'all' ? undefined : state,
    mine: mine ? ('true' as const) : undefined,
    page,
    pageSize: 20,
  };
  const list = useQuery({
    queryKey: evaluationKeys.list(query),
    queryFn: ({ signal }) => listEvaluations(query, signal),
    placeholderData: keepPreviousData,
  });

  const columns: TableProps<Evaluation>['columns'] = [
    {
      title: t('evaluations.field.client'),
      key: 'client',
      render: (_, e) => (
        <Link to={`/evaluations/${e.id}`} data-testid={`evaluation-link-${e.id}`}>
          <Typography.Text strong>{e.client.name}</Typography.Text>
        </Link>
      ),
    },
    {
      title: t('evaluations.field.stage'),
      dataIndex: 'stage',
      width: 120,
      render: (s: string) => stageLabel(t, s),
    },
    {
      title: t('evaluations.field.state'),
      dataIndex: 'state',
      width: 110,
      render: (s: EvaluationState) => <EvaluationStateTag state={s} />,
    },
    {
      title: t('evaluations.field.dates'),
      key: 'dates',
      width: 200,
      responsive: ['md'],
      render: (_, e) => (e.plannedStart ? `${e.plannedStart} – ${e.plannedEnd ?? ''}` : DASH),
    },
    {
      title: t('evaluations.field.team'),
      key: 'team',
      responsive: ['lg'],
      render: (_, e) => e.team.map((m) => m.name).join('、') || DASH,
    },
    {
      title: t('evaluations.field.progress'),
      key: 'progress',
      width: 140,
      responsive: ['sm'],
      render: (_, e) =>
        e.progress.total ? (
          <Progress percent={Math.round((100 * e.progress.answered) / e.progress.total)} size="small" />
        ) : (
          DASH
        ),
    },
    {
      title: t('evaluations.field.findings'),
      key: 'findings',
      width: 110,
      responsive: ['md'],
      render: (_, e) =>
        e.findings.overdue ? (
          <Tag color="red">{t('evaluations.findings_overdue', { count: e.findings.overdue })}</Tag>
        ) : e.findings.unresolved ? (
          <Tag color="orange">{t('evaluations.findings_open', { count: e.findings.unresolved })}</Tag>
        ) : (
          e.findings.total || DASH
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('evaluations.title')} subtitle={t('evaluations.subtitle')} />
      <Card>
        <Flex gap="middle" wrap align="center" style={{ marginBottom: 16 }}>
          <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
            <Segmented<EvaluationState | 'all'>
              value={state}
              onChange={(v) => {
                setState(v);
                setPage(1);
              }}
              options={[
                { value: 'all', label: t('evaluations.filter_all') },
                ...EVALUATION_STATES.map((s) => ({ value: s, label: evaluationStateLabel(t, s) })),
              ]}
              data-testid="evaluations-state-filter"
            />
          </div>
          <Flex gap="small" align="center">
            <Switch checked={mine} onChange={setMine} data-testid="evaluations-mine" />
            <Typography.Text>{t('evaluations.only_mine')}</Typography.Text>
          </Flex>
        </Flex>
        <Table<Evaluation>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          data-testid="evaluations-table"
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        />
      </Card>
    </>
  );
}
