import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Flex, Spin, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormatInstant } from '../shared/format.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import { listMyVisits, mysteryKeys } from './api.ts';
import { ChannelTag, StateTag, useLocalText, useMysteryError } from './shared.tsx';

/**
 * The mystery shopper's own assignments, phone first: one card per visit with the outlet, channel,
 * window and state; open ones first.
 */
export default function MyVisitsPage() {
  const { t } = useTranslation();
  const format = useFormatInstant();
  const local = useLocalText();
  const errorText = useMysteryError();
  const visits = useQuery({ queryKey: mysteryKeys.mine, queryFn: ({ signal }) => listMyVisits(signal) });
  const rank = { returned: 0, inProgress: 1, assigned: 2, submitted: 3, approved: 4, voided: 5 } as const;
  const items = [...(visits.data?.items ?? [])].sort((a, b) => rank[a.state] - rank[b.state]);

  return (
    <>
      <PageHeader title={t('mystery_visits.mine.title')} subtitle={t('mystery_visits.mine.subtitle')} />
      {visits.isPending ? <Spin /> : null}
      {visits.isError ? <Alert type="error" showIcon message={errorText(visits.error)} /> : null}
      {visits.data && items.length === 0 ? <Empty description={t('mystery_visits.mine.empty')} /> : null}
      <Flex vertical gap="small" data-testid="my-visits">
        {items.map((v) => (
          <Link key={v.id} to={`/my-visits/${v.id}`} data-testid="my-visit" data-ref={v.ref}>
            <Card size="small" hoverable>
              <Flex justify="space-between" align="center" gap="small">
                <Flex vertical gap={4} style={{ minWidth: 0 }}>
                  <Typography.Text strong ellipsis>
                    {v.ref} · {v.outlet.name}
                  </Typography.Text>
                  <Typography.Text type="secondary" ellipsis>
                    {local(v.scenario.content.title)}
                  </Typography.Text>
                  <Flex gap={4} wrap>
                    <StateTag state={v.state} />
                    <ChannelTag channel={v.channel} />
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('mystery_visits.window', {
                      start: format(v.windowStart),
                      end: format(v.windowEnd),
                    })}
                  </Typography.Text>
                </Flex>
                <RightOutlined />
              </Flex>
            </Card>
          </Link>
        ))}
      </Flex>
    </>
  );
}
