import type { ReactNode } from 'react';
import { useParams, useSearchParams, Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Flex,
  Popconfirm,
  Spin,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client.ts';
import { useCan } from '../auth/session.tsx';
import { PageHeader } from '../shared/PageHeader.tsx';
import { NotFoundResult } from '../shared/Results.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { useFormatInstant } from '../shared/format.ts';
import type { Evaluation } from './api.ts';
import { evaluationKeys, getEvaluation, startEvaluation } from './api.ts';
import { ChecklistTab } from './ChecklistTab.tsx';
import { DecisionTab } from './DecisionTab.tsx';
import { FindingsTab } from './FindingsTab.tsx';
import { PlanTab } from './PlanTab.tsx';
import { DASH, EvaluationStateTag, stageLabel } from './labels.tsx';

/** One tab of the evaluation page. Other features add theirs to {@link EVALUATION_TABS}. */
export interface EvaluationTab {
  key: string;
  label: (t: TFunction) => ReactNode;
  /** Shown only when this holds (e.g. once the evaluation has started). */
  visible?: (evaluation: Evaluation) => boolean;
  render: (evaluation: Evaluation) => ReactNode;
}

export const EVALUATION_TABS: EvaluationTab[] = [
  { key: 'plan', label: (t) => t('evaluations.tab.plan'), render: (e) => <PlanTab evaluation={e} /> },
  {
    key: 'checklist',
    label: (t) => t('evaluations.tab.checklist'),
    visible: (e) => e.state !== 'planned',
    render: (e) => <ChecklistTab evaluation={e} />,
  },
  {
    key: 'findings',
    label: (t) => t('evaluations.tab.findings'),
    visible: (e) => e.state !== 'planned',
    render: (e) => <FindingsTab evaluation={e} />,
  },
  {
    key: 'decision',
    label: (t) => t('evaluations.tab.decision'),
    visible: (e) => e.state !== 'planned',
    render: (e) => <DecisionTab evaluation={e} />,
  },
];

/** An evaluation: plan, on-site checklists, findings, review and decision — tabs in one page. */
export default function EvaluationDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const formatInstant = useFormatInstant();
  const can = useCan();
  const evaluation = useQuery({
    queryKey: evaluationKeys.one(id),
    queryFn: ({ signal }) => getEvaluation(id, signal),
  });

  if (evaluation.isLoading) return <Spin />;
  if (!evaluation.data) return isApiError(evaluation.error, 'not_found') ? <NotFoundResult /> : <Spin />;
  const e = evaluation.data;
  const tabs = EVALUATION_TABS.filter((tab) => !tab.visible || tab.visible(e));
  const active =
    tabs.find((tab) => tab.key === params.get('tab'))?.key ??
    (e.state === 'planned' ? 'plan' : (tabs[1]?.key ?? 'plan'));

  const start = async () => {
    try {
      await startEvaluation(e.id, e.version);
      message.success(t('evaluations.started'));
      setParams({ tab: 'checklist' }, { replace: true });
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      await queryClient.invalidateQueries({ queryKey: evaluationKeys.all });
    }
  };

  return (
    <>
      <PageHeader
        title={
          <Flex gap="small" align="center" wrap>
            {e.client.name}
            <Tag>{stageLabel(t, e.stage)}</Tag>
            <EvaluationStateTag state={e.state} />
          </Flex>
        }
        subtitle={
          <>
            <Link to={`/programmes/${e.programmeId}`}>{t('evaluations.programme_link')}</Link>
            {/* Mystery visits and customer surveys add evidence to this evaluation on their own pages. */}
            {e.state !== 'planned' && can('mysteryVisits.read') ? (
              <>
                {' · '}
                <Link to={`/mystery-visits?evaluation=${e.id}`} data-testid="evaluation-mystery-visits">
                  {t('nav.mystery_visits')}
                </Link>
              </>
            ) : null}
            {e.state !== 'planned' && can('surveys.read') ? (
              <>
                {' · '}
                <Link to={`/surveys?evaluation=${e.id}`} data-testid="evaluation-surveys">
                  {t('nav.surveys')}
                </Link>
              </>
            ) : null}
            {e.reason ? ` · ${e.reason}` : ''}
          </>
        }
        extra={
          e.actions.includes('start') ? (
            <Popconfirm title={t('evaluations.start_confirm')} onConfirm={start}>
              <Button type="primary" data-testid="evaluation-start">
                {t('evaluations.start')}
              </Button>
            </Popconfirm>
          ) : null
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('evaluations.field.dates')}>
            {e.plannedStart ? `${e.plannedStart} – ${e.plannedEnd ?? ''}` : DASH}
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluations.field.team')}>
            {e.team.map((m) => m.name).join('、') || DASH}
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluations.field.progress')}>
            <span data-testid="evaluation-progress">{`${e.progress.answered} / ${e.progress.total}`}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluations.field.scheme')}>
            <Typography.Text
              code
            >{`${e.scheme.version} · ${e.scheme.contentHash.slice(0, 12)}`}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluations.field.plan_sent')}>
            {formatInstant(e.planSentAt, { withTime: true }) || DASH}
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluations.field.started')}>
            {formatInstant(e.startedAt, { withTime: true }) || DASH}
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluations.field.submitted')}>
            {formatInstant(e.submittedAt, { withTime: true }) || DASH}
          </Descriptions.Item>
          <Descriptions.Item label={t('evaluations.field.decided')}>
            {formatInstant(e.decidedAt, { withTime: true }) || DASH}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={tabs.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`evaluation-tab-${tab.key}`}>{tab.label(t)}</span>,
          children: tab.render(e),
        }))}
      />
    </>
  );
}
