import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  List,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { FilePdfOutlined, StopOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { useErrorMessage } from '../shared/errors.ts';
import type { AssignmentBlock, Evaluation, TeamRole } from './api.ts';
import { evaluationKeys, getCandidates, patchPlan, planUrl, putTeam, sendPlan } from './api.ts';
import { DASH, useLabel } from './labels.tsx';

/** The plan: team (each candidate checked, blocks explained), dates, sites with why, sending the plan. */
export function PlanTab({ evaluation: e }: { evaluation: Evaluation }) {
  const { t } = useTranslation();
  const label = useLabel();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const canPlan = e.actions.includes('plan');
  const refresh = () => queryClient.invalidateQueries({ queryKey: evaluationKeys.all });
  const [busy, setBusy] = useState(false);

  const send = async () => {
    setBusy(true);
    try {
      await sendPlan(e.id, e.version);
      message.success(t('evaluations.plan.sent'));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  return (
    <Flex vertical gap="middle">
      {canPlan ? <TeamEditor evaluation={e} /> : <TeamView evaluation={e} />}
      <DatesCard evaluation={e} editable={canPlan} />
      <Card size="small" title={t('evaluations.plan.sites')}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={e.sites}
          scroll={{ x: 'max-content' }}
          data-testid="plan-sites"
          columns={[
            {
              title: t('evaluations.plan.site'),
              key: 'site',
              render: (_, s) => (
                <Flex vertical>
                  <Typography.Text strong>
                    {s.kind === 'headquarters' ? t('evaluations.plan.headquarters') : `${s.code} ${s.name}`}
                  </Typography.Text>
                  <Typography.Text type="secondary">{s.address ?? DASH}</Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('evaluations.plan.why'),
              key: 'why',
              render: (_, s) => (
                <Flex gap="small" align="flex-start">
                  <Tag>{t(`applications.review.reason.${s.reason}`)}</Tag>
                  <Typography.Text type="secondary">{label(s.why)}</Typography.Text>
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      <Flex gap="small" wrap>
        <Button
          icon={<FilePdfOutlined />}
          href={planUrl(e.id, 'zh-CN')}
          target="_blank"
          data-testid="plan-pdf-zh"
        >
          {t('evaluations.plan.pdf_zh')}
        </Button>
        <Button icon={<FilePdfOutlined />} href={planUrl(e.id, 'en')} target="_blank">
          {t('evaluations.plan.pdf_en')}
        </Button>
      </Flex>
      {e.planSentAt ? (
        <Alert type="success" showIcon message={t('evaluations.plan.was_sent')} />
      ) : e.actions.includes('sendPlan') ? (
        <Flex justify="flex-end">
          <Popconfirm title={t('evaluations.plan.send_confirm')} onConfirm={send}>
            <Button type="primary" loading={busy} data-testid="plan-send">
              {t('evaluations.plan.send')}
            </Button>
          </Popconfirm>
        </Flex>
      ) : canPlan ? (
        <Alert type="info" showIcon message={t('evaluations.plan.send_needs')} />
      ) : null}
    </Flex>
  );
}

function TeamView({ evaluation: e }: { evaluation: Evaluation }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('evaluations.plan.team')}>
      <List
        size="small"
        dataSource={e.team}
        locale={{ emptyText: t('evaluations.plan.no_team') }}
        renderItem={(m) => (
          <List.Item>
            <Flex gap="small">
              <Tag color={m.role === 'lead' ? 'gold' : 'blue'}>{t(`evaluations.role.${m.role}`)}</Tag>
              {m.name}
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

function useCandidates(id: string, role: TeamRole) {
  return useQuery({
    queryKey: evaluationKeys.candidates(id, role),
    queryFn: ({ signal }) => getCandidates(id, role, signal),
  });
}

function blocksOf(details: unknown): AssignmentBlock[] {
  if (typeof details !== 'object' || details === null) return [];
  const blocks = (details as { blocks?: unknown }).blocks;
  return Array.isArray(blocks) ? (blocks as AssignmentBlock[]) : [];
}

function TeamEditor({ evaluation: e }: { evaluation: Evaluation }) {
  const { t } = useTranslation();
  const label = useLabel();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const leads = useCandidates(e.id, 'lead');
  const evaluators = useCandidates(e.id, 'evaluator');
  const experts = useCandidates(e.id, 'expert');
  const [leadId, setLeadId] = useState(e.team.find((m) => m.role === 'lead')?.personnelId);
  const [evaluatorIds, setEvaluatorIds] = useState(
    e.team.filter((m) => m.role === 'evaluator').map((m) => m.personnelId),
  );
  const [expertIds, setExpertIds] = useState(
    e.team.filter((m) => m.role === 'expert').map((m) => m.personnelId),
  );
  const [blocks, setBlocks] = useState<AssignmentBlock[]>([]);
  const [busy, setBusy] = useState(false);

  const options = (data: typeof leads.data) =>
    (data?.items ?? []).map((c) => ({
      value: c.personnelId,
      label: (
        <Flex gap="small" align="center">
          <span>{c.name}</span>
          {c.allowed ? null : (
            <Tag color="red" icon={<StopOutlined />}>
              {t('evaluations.plan.blocked')}
            </Tag>
          )}
        </Flex>
      ),
      title: c.blocks.map((b) => label(b.reason)).join('\n'),
    }));

  const save = async () => {
    if (!leadId) return;
    setBusy(true);
    setBlocks([]);
    try {
      await putTeam(e.id, { version: e.version, leadId, evaluatorIds, expertIds });
      message.success(t('evaluations.plan.team_saved'));
    } catch (err) {
      if (isApiError(err, 'assignment_blocked')) setBlocks(blocksOf(err.details));
      else message.error(errorMessage(err));
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: evaluationKeys.one(e.id) });
    }
  };

  const blockedCandidates = [...(evaluators.data?.items ?? []), ...(leads.data?.items ?? [])].filter(
    (c, i, all) => !c.allowed && all.findIndex((x) => x.personnelId === c.personnelId) === i,
  );

  return (
    <Card size="small" title={t('evaluations.plan.team')} data-testid="plan-team">
      <Form layout="vertical">
        <Form.Item label={t('evaluations.role.lead')} required>
          <Select
            value={leadId}
            onChange={setLeadId}
            options={options(leads.data)}
            loading={leads.isFetching}
            optionLabelProp="label"
            data-testid="team-lead"
          />
        </Form.Item>
        <Form.Item label={t('evaluations.role.evaluator')}>
          <Select
            mode="multiple"
            value={evaluatorIds}
            onChange={setEvaluatorIds}
            options={options(evaluators.data)}
            loading={evaluators.isFetching}
            data-testid="team-evaluators"
          />
        </Form.Item>
        <Form.Item label={t('evaluations.role.expert')}>
          <Select
            mode="multiple"
            value={expertIds}
            onChange={setExpertIds}
            options={options(experts.data)}
            loading={experts.isFetching}
            data-testid="team-experts"
          />
        </Form.Item>
      </Form>
      {blocks.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('evaluations.plan.assignment_blocked')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="team-blocks">
              {blocks.map((b, i) => (
                <li key={i}>{label(b.reason)}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {blockedCandidates.length ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('evaluations.plan.blocked_hint')}
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
            {blockedCandidates.map((c) => (
              <li key={c.personnelId}>{c.blocks.map((b) => label(b.reason)).join('；')}</li>
            ))}
          </ul>
        </Typography.Paragraph>
      ) : null}
      <Button type="primary" onClick={save} loading={busy} disabled={!leadId} data-testid="team-save">
        {t('evaluations.plan.save_team')}
      </Button>
    </Card>
  );
}

function DatesCard({ evaluation: e, editable }: { evaluation: Evaluation; editable: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(
    e.plannedStart ? [dayjs(e.plannedStart), e.plannedEnd ? dayjs(e.plannedEnd) : null] : null,
  );
  const save = async () => {
    try {
      await patchPlan(e.id, {
        version: e.version,
        plannedStart: range?.[0]?.format('YYYY-MM-DD') ?? null,
        plannedEnd: range?.[1]?.format('YYYY-MM-DD') ?? null,
      });
      message.success(t('evaluations.plan.dates_saved'));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      await queryClient.invalidateQueries({ queryKey: evaluationKeys.one(e.id) });
    }
  };
  return (
    <Card size="small" title={t('evaluations.plan.dates')}>
      {editable ? (
        <Flex gap="small" wrap>
          <div data-testid="plan-dates">
            <DatePicker.RangePicker
              value={range}
              onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)}
            />
          </div>
          <Button onClick={save} data-testid="plan-dates-save">
            {t('evaluations.plan.save_dates')}
          </Button>
        </Flex>
      ) : (
        <Typography.Text>
          {e.plannedStart ? `${e.plannedStart} – ${e.plannedEnd ?? ''}` : DASH}
        </Typography.Text>
      )}
    </Card>
  );
}
