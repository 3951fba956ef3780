import { useQuery } from '@tanstack/react-query';
import { Card, Collapse, Descriptions, Flex, Rate, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ScoreResult } from './api.ts';
import { evaluationKeys, getScore } from './api.ts';
import { DASH, useLabel } from './labels.tsx';

type TraceNode = ScoreResult['trace']['nodes'][number];

/** The engine's live score of the evaluation: total, level, why (reasons) and the trace per indicator. */
export function ScorePanel({ evaluationId }: { evaluationId: string }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const score = useQuery({
    queryKey: evaluationKeys.score(evaluationId),
    queryFn: ({ signal }) => getScore(evaluationId, signal),
  });
  if (!score.data) return <Card size="small">{score.isLoading ? <Spin /> : DASH}</Card>;
  const s = score.data;
  const reasons = s.outcome.reasons;
  return (
    <Card size="small" title={t('evaluations.score.title')} data-testid="score-panel">
      <Flex vertical gap="small">
        <Flex gap="large" align="center" wrap>
          <Statistic
            title={t('evaluations.score.total')}
            value={s.totals.scoreText ?? DASH}
            valueStyle={{ fontSize: 28 }}
          />
          <Flex vertical>
            <Typography.Text type="secondary">{t('evaluations.score.level')}</Typography.Text>
            {s.outcome.level ? (
              <Flex vertical>
                <Rate disabled count={5} value={s.outcome.level.stars} style={{ fontSize: 16 }} />
                <Typography.Text strong data-testid="score-level">
                  {label(s.outcome.level.title)}
                </Typography.Text>
              </Flex>
            ) : (
              <Typography.Text>{DASH}</Typography.Text>
            )}
          </Flex>
        </Flex>
        <Tag color={s.status === 'scored' ? 'green' : 'orange'} style={{ alignSelf: 'flex-start' }}>
          {t(`evaluations.score.status.${s.status === 'scored' ? 'complete' : 'incomplete'}`)}
        </Tag>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('evaluations.score.achieved')}>
            {`${s.totals.achievedPoints} / ${s.totals.applicablePoints}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluations.score.excluded')}>
            {s.totals.excludedPoints}
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluations.score.deductions')}>
            {`−${s.totals.specialDeductions.total} / +${s.totals.specialBonus.total}`}
          </Descriptions.Item>
        </Descriptions>
        {reasons.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 18, fontSize: 13 }}>
            {reasons.slice(0, 4).map((r, i) => (
              <li key={i}>{i18n.language === 'en' ? r.en : r.zh}</li>
            ))}
            {reasons.length > 4 ? (
              <li>{t('evaluations.score.more_reasons', { count: reasons.length - 4 })}</li>
            ) : null}
          </ul>
        ) : null}
        <Collapse
          size="small"
          items={[
            {
              key: 'trace',
              label: t('evaluations.score.trace'),
              children: (
                <Table<TraceNode>
                  size="small"
                  rowKey="code"
                  pagination={false}
                  dataSource={s.trace.nodes}
                  scroll={{ y: 360 }}
                  columns={[
                    {
                      title: t('evaluations.score.indicator'),
                      key: 'node',
                      render: (_, n) => (
                        <span style={{ paddingInlineStart: n.level * 8, fontWeight: n.isLeaf ? 400 : 600 }}>
                          {`${n.code} ${label(n.title)}`}
                        </span>
                      ),
                    },
                    {
                      title: t('evaluations.score.points'),
                      key: 'points',
                      width: 90,
                      align: 'right',
                      render: (_, n) =>
                        n.status === 'excluded'
                          ? t('evaluations.score.excluded_short')
                          : `${n.achievedPoints ?? DASH}/${n.applicablePoints}`,
                    },
                  ]}
                />
              ),
            },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('evaluations.score.engine', { version: s.engineVersion })}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
