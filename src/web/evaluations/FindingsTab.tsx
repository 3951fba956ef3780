import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Segmented, Spin } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FindingCreateModal } from '../findings/FindingCreateModal.tsx';
import { FindingsList } from '../findings/FindingsList.tsx';
import { findingKeys, listFindings } from '../findings/api.ts';
import type { Evaluation } from './api.ts';
import { evaluationKeys, getChecklist } from './api.ts';

/** The evaluation's findings: raise one tied to an indicator, follow the client's answers, accept or reopen. */
export function FindingsTab({ evaluation: e }: { evaluation: Evaluation }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<'all' | 'unresolved' | 'overdue'>('all');
  const [creating, setCreating] = useState(false);
  const query = { evaluationId: e.id, pageSize: 200 };
  const findings = useQuery({
    queryKey: findingKeys.list(query),
    queryFn: ({ signal }) => listFindings(query, signal),
  });
  const checklist = useQuery({
    queryKey: evaluationKeys.checklist(e.id),
    queryFn: ({ signal }) => getChecklist(e.id, signal),
    enabled: creating,
  });
  const canRaise = e.actions.includes('raiseFinding');
  const items = (findings.data?.items ?? []).filter((f) =>
    filter === 'overdue' ? f.overdue : filter === 'unresolved' ? f.state !== 'accepted' : true,
  );
  return (
    <Flex vertical gap="middle">
      <Flex gap="small" justify="space-between" wrap>
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          options={[
            { value: 'all', label: t('findings.filter.all') },
            { value: 'unresolved', label: t('findings.filter.unresolved') },
            { value: 'overdue', label: t('findings.filter.overdue') },
          ]}
        />
        {canRaise ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="finding-create"
          >
            {t('findings.create')}
          </Button>
        ) : null}
      </Flex>
      {findings.isLoading ? <Spin /> : <FindingsList findings={items} canVerdict={canRaise} />}
      {creating ? (
        <FindingCreateModal evaluationId={e.id} entries={checklist.data} onClose={() => setCreating(false)} />
      ) : null}
    </Flex>
  );
}
