import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, Pagination, Segmented, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth/session.tsx';
import { PageHeader } from '../shared/PageHeader.tsx';
import { findingStateLabel } from '../evaluations/labels.tsx';
import type { FindingState } from './api.ts';
import { FINDING_STATES, findingKeys, listFindings } from './api.ts';
import { FindingsList } from './FindingsList.tsx';

/**
 * Findings across evaluations. In the client portal: what the evaluators found and what to answer (root
 * cause, correction, corrective action, evidence); overdue ones first and marked.
 */
export default function FindingsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const isClient = me.organisation.kind === 'client';
  const [filter, setFilter] = useState<FindingState | 'all' | 'overdue'>(isClient ? 'open' : 'all');
  const [page, setPage] = useState(1);
  const query = {
    state: filter === 'all' || filter === 'overdue' ? undefined : filter,
    overdue: filter === 'overdue' ? ('true' as const) : undefined,
    page,
    pageSize: 20,
  };
  const list = useQuery({
    queryKey: findingKeys.list(query),
    queryFn: ({ signal }) => listFindings(query, signal),
    placeholderData: keepPreviousData,
  });
  const overdue = useQuery({
    queryKey: findingKeys.list({ overdue: 'true', pageSize: 1 }),
    queryFn: ({ signal }) => listFindings({ overdue: 'true', pageSize: 1 }, signal),
  });
  const items = [...(list.data?.items ?? [])].sort((a, b) => Number(b.overdue) - Number(a.overdue));

  return (
    <>
      <PageHeader
        title={t('findings.title')}
        subtitle={isClient ? t('findings.subtitle_client') : t('findings.subtitle')}
      />
      {overdue.data?.total ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('findings.overdue_banner', { count: overdue.data.total })}
        />
      ) : null}
      <Card data-testid="findings-page">
        <Flex vertical gap="middle">
          <div style={{ overflowX: 'auto' }}>
            <Segmented
              value={filter}
              onChange={(v) => {
                setFilter(v as typeof filter);
                setPage(1);
              }}
              options={[
                { value: 'all', label: t('findings.filter.all') },
                ...FINDING_STATES.map((s) => ({ value: s, label: findingStateLabel(t, s) })),
                { value: 'overdue', label: t('findings.filter.overdue') },
              ]}
              data-testid="findings-filter"
            />
          </div>
          {list.isLoading ? <Spin /> : <FindingsList findings={items} canVerdict={false} showEvaluation />}
          {(list.data?.total ?? 0) > 20 ? (
            <Pagination current={page} pageSize={20} total={list.data?.total ?? 0} onChange={setPage} />
          ) : null}
        </Flex>
      </Card>
    </>
  );
}
