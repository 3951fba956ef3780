import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../domain/access/roles.ts';
import { useCan } from '../auth/session.tsx';
import { listApplications } from '../applications/api.ts';
import { listFindings } from '../findings/api.ts';
import { listEvaluations } from './api.ts';

interface QueueItem {
  key: string;
  permission: Permission;
  to: string;
  count: () => Promise<number>;
  danger?: boolean;
}

const ITEMS: QueueItem[] = [
  {
    key: 'contract_review',
    permission: 'contractReviews.perform',
    to: '/applications',
    count: async () => (await listApplications({ state: 'submitted', pageSize: 1 })).total,
  },
  {
    key: 'to_conduct',
    permission: 'evaluations.conduct',
    to: '/evaluations',
    count: async () => (await listEvaluations({ mine: 'true', state: 'inProgress', pageSize: 1 })).total,
  },
  {
    key: 'to_verify',
    permission: 'findings.manage',
    to: '/evaluations',
    count: async () => (await listFindings({ state: 'answered', pageSize: 1 })).total,
  },
  {
    key: 'to_review',
    permission: 'reviews.perform',
    to: '/evaluations',
    count: async () => (await listEvaluations({ state: 'submitted', pageSize: 1 })).total,
  },
  {
    key: 'to_decide',
    permission: 'decisions.make',
    to: '/evaluations',
    count: async () => (await listEvaluations({ state: 'reviewed', pageSize: 1 })).total,
  },
  {
    key: 'to_answer',
    permission: 'findings.answer',
    to: '/findings',
    count: async () => (await listFindings({ state: 'open', pageSize: 1 })).total,
  },
  {
    key: 'overdue',
    permission: 'findings.answer',
    to: '/findings',
    count: async () => (await listFindings({ overdue: 'true', pageSize: 1 })).total,
    danger: true,
  },
];

/** What needs the signed-in person in the certification workflow: counts that link to the work. */
export function WorkQueue() {
  const { t } = useTranslation();
  const can = useCan();
  const items = ITEMS.filter((i) => can(i.permission));
  if (items.length === 0) return null;
  return (
    <Card title={t('evaluations.queue.title')} data-testid="home-work-queue">
      <Row gutter={[16, 16]}>
        {items.map((item) => (
          <Col key={item.key} xs={12} md={8} xl={6}>
            <QueueCount item={item} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function QueueCount({ item }: { item: QueueItem }) {
  const { t } = useTranslation();
  const count = useQuery({ queryKey: ['work-queue', item.key], queryFn: item.count });
  const n = count.data ?? 0;
  return (
    <Link to={item.to} data-testid={`queue-${item.key}`}>
      <Typography.Text type="secondary">{t(`evaluations.queue.${item.key}`)}</Typography.Text>
      <div>
        <Badge
          count={n}
          showZero
          color={item.danger && n > 0 ? '#ff4d4f' : n > 0 ? '#1677ff' : '#d9d9d9'}
          style={{ fontSize: 16, minWidth: 32, height: 28, lineHeight: '28px' }}
        />
      </div>
    </Link>
  );
}
