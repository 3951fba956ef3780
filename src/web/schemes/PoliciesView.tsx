import type { ReactNode } from 'react';
import { Card, Col, Descriptions, Flex, Row, Space, Table, Tag, Typography } from 'antd';
import { StarFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LocalizedText, Policies } from '../../domain/schemes/package-schema.ts';
import {
  exactText,
  methodLabel,
  percentText,
  ProvisionalTag,
  roundingLabel,
  useLocalized,
} from './labels.tsx';

function Section({
  title,
  provisional,
  notes,
  children,
  testId,
}: {
  title: string;
  provisional?: boolean | undefined;
  notes?: LocalizedText | undefined;
  children: ReactNode;
  testId: string;
}) {
  const localized = useLocalized();
  return (
    <Card
      size="small"
      title={title}
      extra={provisional ? <ProvisionalTag what="policy" /> : null}
      style={{ height: '100%' }}
      data-testid={testId}
    >
      <Flex vertical gap="small">
        {children}
        {notes ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {localized(notes)}
          </Typography.Text>
        ) : null}
      </Flex>
    </Card>
  );
}

/**
 * The policies of a package in words: scoring (rounding, special items), grading thresholds, outlet
 * sampling, effort in person-days and the certificate cycle. Provisional sections are tagged.
 */
export function PoliciesView({ policies }: { policies: Policies }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { scoring, grading, sampling, effort, lifecycle } = policies;
  const yes = (v: boolean) => (v ? t('schemes.policy.yes') : t('schemes.policy.no'));

  const rounding =
    scoring.rounding.mode === 'none'
      ? t('schemes.policy.rounding_none')
      : t('schemes.policy.rounding', {
          decimals: scoring.rounding.decimals,
          mode: roundingLabel(t, scoring.rounding.mode),
        });

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Section
          title={t('schemes.policy.scoring')}
          provisional={scoring.provisional}
          notes={scoring.notes}
          testId="policy-scoring"
        >
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 180 } }}
            items={[
              {
                key: 'formula',
                label: t('schemes.policy.formula'),
                children: t('schemes.policy.formula_text', { scale: scoring.scale }),
              },
              {
                key: 'default_method',
                label: t('schemes.policy.default_method'),
                children: methodLabel(t, scoring.defaultMethod),
              },
              {
                key: 'rounding',
                label: t('schemes.policy.rounding_label'),
                children: (
                  <Space size={6} wrap>
                    <span data-testid="policy-rounding">
                      {rounding}
                      {t(`schemes.policy.compare_on.${scoring.rounding.compareOn}`)}
                    </span>
                    {scoring.rounding.provisional ? <ProvisionalTag what="policy" /> : null}
                  </Space>
                ),
              },
              {
                key: 'special_items',
                label: t('schemes.policy.special_items_applied'),
                children: t(
                  `schemes.policy.special_items.${scoring.specialItemsApplied === 'afterNormalisation' ? 'after' : 'before'}`,
                ),
              },
              {
                key: 'deduction',
                label: t('schemes.policy.special_deduction'),
                children: (
                  <Flex vertical gap={4}>
                    <span>
                      {t('schemes.policy.special_deduction_text', {
                        points: scoring.specialDeduction.points,
                        failCount: scoring.specialDeduction.failCount,
                      })}
                      {scoring.specialDeduction.requiresCorrection
                        ? t('schemes.policy.requires_correction')
                        : ''}
                    </span>
                    <Flex gap={4} wrap>
                      {scoring.specialDeduction.categories.map((c) => (
                        <Tag key={c.id} style={{ marginInlineEnd: 0 }}>
                          {localized(c.title)}
                        </Tag>
                      ))}
                    </Flex>
                  </Flex>
                ),
              },
              {
                key: 'bonus',
                label: t('schemes.policy.special_bonus'),
                children: t('schemes.policy.special_bonus_text', {
                  points: scoring.specialBonus.points,
                  maxCount: scoring.specialBonus.maxCount,
                }),
              },
              {
                key: 'unscorable',
                label: t('schemes.policy.on_unscorable'),
                children: t(
                  `schemes.policy.unscorable.${scoring.onUnscorableItem === 'incomplete' ? 'incomplete' : 'zero_points'}`,
                ),
              },
            ]}
          />
        </Section>
      </Col>
      <Col xs={24} xl={12}>
        <Section
          title={t('schemes.policy.grading')}
          provisional={grading.provisional}
          notes={grading.notes}
          testId="policy-grading"
        >
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={grading.levels}
            data-testid="policy-levels"
            columns={[
              {
                title: t('schemes.policy.level'),
                key: 'title',
                render: (_, level) => <Typography.Text strong>{localized(level.title)}</Typography.Text>,
              },
              {
                title: t('schemes.policy.min_score'),
                dataIndex: 'minScore',
                render: (min: number) => `≥ ${min}`,
              },
              {
                title: t('schemes.policy.stars'),
                dataIndex: 'stars',
                render: (stars: number) =>
                  stars > 0 ? (
                    <span style={{ color: '#faad14', whiteSpace: 'nowrap' }}>
                      {Array.from({ length: stars }, (_, i) => (
                        <StarFilled key={i} />
                      ))}
                    </span>
                  ) : (
                    <Typography.Text type="secondary">{t('schemes.policy.no_stars')}</Typography.Text>
                  ),
              },
            ]}
          />
          <Typography.Text>
            {t('schemes.policy.fail_rule', {
              pass: grading.levels[0]?.minScore ?? '—',
              failCount: scoring.specialDeduction.failCount,
            })}
          </Typography.Text>
          <Typography.Text>
            {grading.starsAfterCompliance.enabled
              ? t('schemes.policy.stars_after_on', { months: grading.starsAfterCompliance.months }) +
                (grading.starsAfterCompliance.outstandingOverride
                  ? t('schemes.policy.outstanding_override')
                  : '')
              : t('schemes.policy.stars_after_off')}
          </Typography.Text>
        </Section>
      </Col>
      <Col xs={24} xl={12}>
        <Section
          title={t('schemes.policy.sampling')}
          provisional={sampling.provisional}
          notes={sampling.notes}
          testId="policy-sampling"
        >
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 180 } }}
            items={[
              ...(['initial', 'surveillance', 'recertification'] as const).map((stage) => ({
                key: stage,
                label: t(`schemes.stage.${stage}`),
                children: t('schemes.policy.sample_formula', {
                  factor: exactText(sampling.stages[stage].factor),
                  rounding: roundingLabel(t, sampling.stages[stage].rounding),
                }),
              })),
              {
                key: 'minimum',
                label: t('schemes.policy.minimum_outlets'),
                children: sampling.minimumOutlets,
              },
              {
                key: 'hq',
                label: t('schemes.policy.headquarters_always'),
                children: yes(sampling.headquartersAlways),
              },
              {
                key: 'strata',
                label: t('schemes.policy.stratify_by'),
                children:
                  sampling.stratifyBy.map((s) => t(`schemes.policy.stratum.${s}`)).join(' × ') ||
                  t('schemes.policy.no'),
              },
              {
                key: 'cover',
                label: t('schemes.policy.cover_every_stratum'),
                children: yes(sampling.coverEveryStratum),
              },
              {
                key: 'random',
                label: t('schemes.policy.random_share'),
                children: t('schemes.policy.random_share_text', { share: percentText(sampling.randomShare) }),
              },
              {
                key: 'risk',
                label: t('schemes.policy.risk_weights'),
                children: t('schemes.policy.risk_weights_text', sampling.riskWeights),
              },
            ]}
          />
        </Section>
      </Col>
      <Col xs={24} xl={12}>
        <Section
          title={t('schemes.policy.effort')}
          provisional={effort.provisional}
          notes={effort.notes}
          testId="policy-effort"
        >
          <Table
            size="small"
            rowKey="size"
            pagination={false}
            dataSource={effort.baseTable}
            columns={[
              {
                title: t('schemes.policy.enterprise_size'),
                key: 'title',
                render: (_, row) => localized(row.title),
              },
              {
                title: t('schemes.policy.max_employees'),
                dataIndex: 'maxEmployees',
                render: (max?: number) => (max === undefined ? '—' : `≤ ${max}`),
              },
              { title: t('schemes.policy.person_days'), dataIndex: 'personDays' },
            ]}
          />
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 180 } }}
            items={[
              {
                key: 'outlet',
                label: t('schemes.policy.per_outlet'),
                children: t('schemes.policy.per_outlet_text', { days: effort.perOutlet.personDays }),
              },
              ...(['initial', 'surveillance', 'recertification'] as const).map((stage) => ({
                key: stage,
                label: t(`schemes.stage.${stage}`),
                children: t(`schemes.policy.fraction_of.${effort.fractionAppliesTo}`, {
                  fraction: exactText(effort.stageFractions[stage]),
                }),
              })),
              {
                key: 'rounding',
                label: t('schemes.policy.rounding_label'),
                children: t('schemes.policy.effort_rounding', {
                  step: exactText(effort.rounding.step),
                  mode: roundingLabel(t, effort.rounding.mode),
                }),
              },
            ]}
          />
        </Section>
      </Col>
      <Col xs={24} xl={12}>
        <Section
          title={t('schemes.policy.lifecycle')}
          provisional={lifecycle.provisional}
          testId="policy-lifecycle"
        >
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 180 } }}
            items={[
              {
                key: 'validity',
                label: t('schemes.policy.validity'),
                children: t('schemes.policy.years', { count: lifecycle.validityYears }),
              },
              {
                key: 'surveillance',
                label: t('schemes.policy.surveillance_interval'),
                children: t('schemes.policy.months_at_most', {
                  count: lifecycle.surveillanceMaxIntervalMonths,
                }),
              },
              {
                key: 'recert',
                label: t('schemes.policy.recert_apply'),
                children: t('schemes.policy.months_before_expiry', {
                  count: lifecycle.recertApplyMonthsBeforeExpiry,
                }),
              },
            ]}
          />
        </Section>
      </Col>
    </Row>
  );
}
