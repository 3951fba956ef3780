import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/session.tsx';
import { isApiError } from '../api/client.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import { evaluationStateLabel, stageLabel } from '../evaluations/labels.tsx';
import { QuestionnaireEditor } from './QuestionnaireEditor.tsx';
import {
  closeCampaign,
  createCampaign,
  createQuestionnaire,
  getCampaign,
  getEvaluation,
  getMetrics,
  importInvitations,
  importResponses,
  launchCampaign,
  listCampaigns,
  listEvaluations,
  listQuestionnaires,
  posterUrl,
  remind,
  surveyKeys,
  type Campaign,
  type InvitationReport,
  type OutletMetrics,
  type Report,
} from './api.ts';

const num = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? '—' : v.toFixed(digits);
const withMargin = (v: number | null, m: number | null) =>
  v === null ? '—' : m === null ? num(v) : `${num(v)} ± ${num(m)}`;

function useSurveyError() {
  const { t } = useTranslation();
  return (e: unknown) => {
    if (isApiError(e)) {
      const key = `surveys.errors.${e.code}`;
      const text = t(key);
      return text === key ? e.message : text;
    }
    return String(e);
  };
}

function ReportView({ report }: { report: Report | InvitationReport }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap="small" data-testid="import-report">
      <Alert
        type={report.committed ? 'success' : 'error'}
        showIcon
        title={
          report.committed
            ? t('surveys.import.committed', { imported: report.imported, rows: report.rows })
            : t('surveys.import.refused', { rejected: report.rejected, rows: report.rows })
        }
      />
      {report.problems.length > 0 && (
        <Table
          size="small"
          rowKey={(p) => `${p.row}-${p.column}-${p.code}`}
          pagination={{ pageSize: 10 }}
          dataSource={report.problems}
          columns={[
            { title: t('surveys.import.row'), dataIndex: 'row', width: 80 },
            { title: t('surveys.import.column'), dataIndex: 'column', width: 140 },
            {
              title: t('surveys.import.problem'),
              render: (_, p) => t(`surveys.problems.${p.code}`, { defaultValue: p.message }),
            },
          ]}
        />
      )}
    </Flex>
  );
}

function MetricsView({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const metrics = useQuery({
    queryKey: surveyKeys.metrics(campaign.id),
    queryFn: ({ signal }) => getMetrics(campaign.id, signal),
  });
  const m = metrics.data;
  if (!m) return null;
  const columns = [
    { title: t('surveys.metrics.outlet'), render: (_: unknown, o: OutletMetrics) => `${o.code} ${o.name}` },
    {
      title: t('surveys.metrics.responses'),
      render: (_: unknown, o: OutletMetrics) => `${o.responses} / ${o.quota ?? '—'}`,
    },
    {
      title: t('surveys.metrics.csi'),
      render: (_: unknown, o: OutletMetrics) => withMargin(o.csi, o.csiMargin),
    },
    {
      title: t('surveys.metrics.nps'),
      render: (_: unknown, o: OutletMetrics) => withMargin(o.nps, o.npsMargin),
    },
    { title: t('surveys.metrics.needed'), render: (_: unknown, o: OutletMetrics) => o.neededForTarget },
    {
      title: t('surveys.metrics.flag'),
      render: (_: unknown, o: OutletMetrics) =>
        o.lowSample ? (
          <Tag color="orange">{t('surveys.metrics.low_sample')}</Tag>
        ) : (
          <Tag color="green">OK</Tag>
        ),
    },
  ];
  return (
    <Flex vertical gap="middle" data-testid="survey-metrics">
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('surveys.metrics.responses')}>
          {m.overall.responses} / {m.overall.quota ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('surveys.metrics.csi')}>
          <span data-testid="overall-csi">{withMargin(m.overall.csi, m.overall.csiMargin)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('surveys.metrics.nps')}>
          <span data-testid="overall-nps">{withMargin(m.overall.nps, m.overall.npsMargin)}</span>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text type="secondary">
        {t('surveys.metrics.explain', { target: campaign.targetMargin, min: campaign.minResponses })}
      </Typography.Text>
      <Table<OutletMetrics>
        size="small"
        rowKey="siteId"
        pagination={false}
        scroll={{ x: true }}
        dataSource={m.outlets}
        columns={columns}
      />
      {m.score && (
        <Alert
          type="info"
          showIcon
          data-testid="score-feed"
          title={
            m.score.method === 'sampled'
              ? t('surveys.metrics.feeds_sampled', {
                  node: m.score.node,
                  conforming: m.score.conforming ?? 0,
                  checked: m.score.checked ?? 0,
                })
              : t('surveys.metrics.feeds_metric', {
                  node: m.score.node,
                  value: withMargin(m.score.value, m.score.marginOfError),
                  n: m.score.responses,
                })
          }
        />
      )}
    </Flex>
  );
}

function CampaignDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const manage = can('surveys.manage');
  const qc = useQueryClient();
  const errorText = useSurveyError();
  const campaign = useQuery({
    queryKey: surveyKeys.campaign(id),
    queryFn: ({ signal }) => getCampaign(id, signal),
  });
  const [report, setReport] = useState<Report | null>(null);
  const [invitations, setInvitations] = useState<InvitationReport | null>(null);
  const [mode, setMode] = useState<'allOrNothing' | 'validOnly'>('allOrNothing');
  const refresh = () => qc.invalidateQueries({ queryKey: surveyKeys.all });
  const transition = useMutation({
    mutationFn: (to: 'launch' | 'close') =>
      to === 'launch'
        ? launchCampaign(id, campaign.data!.version)
        : closeCampaign(id, campaign.data!.version),
    onSuccess: refresh,
    onError: (e) => message.error(errorText(e)),
  });
  const upload = useMutation({
    mutationFn: ({ kind, file }: { kind: 'responses' | 'customers'; file: File }) =>
      kind === 'responses' ? importResponses(id, file, mode) : importInvitations(id, file),
    onSuccess: (r, v) => {
      if (v.kind === 'responses') setReport(r as Report);
      else setInvitations(r as InvitationReport);
      void refresh();
    },
    onError: (e) => message.error(errorText(e)),
  });
  const reminders = useMutation({
    mutationFn: () => remind(id),
    onSuccess: (r) =>
      setInvitations({
        rows: r.items.length,
        imported: r.items.length,
        rejected: 0,
        committed: true,
        problems: [],
        problemsTruncated: false,
        links: r.items,
      }),
    onError: (e) => message.error(errorText(e)),
  });
  const c = campaign.data;
  if (!c) return null;
  const picker = (kind: 'responses' | 'customers', testId: string) => (
    <Upload
      accept=".csv,.xlsx"
      showUploadList={false}
      beforeUpload={(file) => {
        upload.mutate({ kind, file });
        return false;
      }}
    >
      <Button loading={upload.isPending && upload.variables?.kind === kind} data-testid={testId}>
        {t(kind === 'responses' ? 'surveys.import.responses' : 'surveys.import.customers')}
      </Button>
    </Upload>
  );
  return (
    <Card
      title={
        <Space>
          {c.name}
          <Tag color={c.state === 'live' ? 'green' : c.state === 'closed' ? 'default' : 'blue'}>
            {t(`surveys.state.${c.state}`)}
          </Tag>
          <Tag>{t(`surveys.anonymity.${c.anonymity}`)}</Tag>
        </Space>
      }
      extra={
        manage && (
          <Space>
            {c.state === 'draft' && (
              <Button
                type="primary"
                onClick={() => transition.mutate('launch')}
                data-testid="launch-campaign"
              >
                {t('surveys.actions.launch')}
              </Button>
            )}
            {c.state === 'live' && (
              <Button onClick={() => transition.mutate('close')}>{t('surveys.actions.close')}</Button>
            )}
          </Space>
        )
      }
    >
      <Tabs
        items={[
          { key: 'metrics', label: t('surveys.tabs.metrics'), children: <MetricsView campaign={c} /> },
          {
            key: 'links',
            label: t('surveys.tabs.links'),
            children: (
              <Flex vertical gap="middle">
                <Descriptions size="small" column={1} bordered>
                  <Descriptions.Item label={t('surveys.links.open')}>
                    <Typography.Text copyable data-testid="open-link">
                      {c.openUrl}
                    </Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('surveys.links.questionnaire')}>
                    {c.questionnaire.name} v{c.questionnaire.number} ·{' '}
                    {c.questionnaire.contentHash.slice(0, 12)}
                  </Descriptions.Item>
                </Descriptions>
                <Table
                  size="small"
                  rowKey="siteId"
                  pagination={false}
                  dataSource={c.outlets}
                  columns={[
                    { title: t('surveys.metrics.outlet'), render: (_, o) => `${o.code} ${o.name}` },
                    { title: t('surveys.fields.quota'), dataIndex: 'quota' },
                    { title: t('surveys.metrics.responses'), dataIndex: 'responses' },
                    {
                      title: t('surveys.links.poster'),
                      render: (_, o) => (
                        <Space>
                          <a href={posterUrl(c.id, o.siteId)}>{t('surveys.links.poster_pdf')}</a>
                          <Typography.Text copyable={{ text: o.posterUrl }} type="secondary">
                            {t('surveys.links.copy')}
                          </Typography.Text>
                        </Space>
                      ),
                    },
                  ]}
                />
              </Flex>
            ),
          },
          {
            key: 'imports',
            label: t('surveys.tabs.imports'),
            children: (
              <Flex vertical gap="large">
                {c.state !== 'live' && <Alert type="warning" title={t('surveys.import.needs_live')} />}
                <Flex vertical gap="small">
                  <Typography.Title level={5}>{t('surveys.import.responses_title')}</Typography.Title>
                  <Typography.Text type="secondary">{t('surveys.import.responses_help')}</Typography.Text>
                  <Space wrap>
                    <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)}>
                      <Radio value="allOrNothing">{t('surveys.import.all_or_nothing')}</Radio>
                      <Radio value="validOnly">{t('surveys.import.valid_only')}</Radio>
                    </Radio.Group>
                    {manage && picker('responses', 'import-responses')}
                  </Space>
                  {report && <ReportView report={report} />}
                </Flex>
                <Flex vertical gap="small">
                  <Typography.Title level={5}>{t('surveys.import.customers_title')}</Typography.Title>
                  <Typography.Text type="secondary">
                    {t('surveys.import.customers_help', { days: c.linkTtlDays })}
                  </Typography.Text>
                  <Space>
                    {manage && picker('customers', 'import-customers')}
                    {manage && c.state === 'live' && (
                      <Button onClick={() => reminders.mutate()}>{t('surveys.import.reminders')}</Button>
                    )}
                  </Space>
                  {invitations && (
                    <>
                      <ReportView report={invitations} />
                      {invitations.links.length > 0 && (
                        <Table
                          size="small"
                          rowKey="url"
                          dataSource={invitations.links}
                          pagination={{ pageSize: 10 }}
                          columns={[
                            { title: t('surveys.import.customer'), render: (_, l) => l.customerRef ?? '—' },
                            { title: t('surveys.import.contact'), render: (_, l) => l.contact ?? '—' },
                            {
                              title: t('surveys.import.link'),
                              render: (_, l) => <Typography.Text copyable>{l.url}</Typography.Text>,
                            },
                          ]}
                        />
                      )}
                    </>
                  )}
                </Flex>
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}

function NewCampaign({ evaluationId, onCreated }: { evaluationId: string; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useSurveyError();
  const evaluation = useQuery({
    queryKey: surveyKeys.evaluation(evaluationId),
    queryFn: ({ signal }) => getEvaluation(evaluationId, signal),
  });
  const questionnaires = useQuery({
    queryKey: surveyKeys.questionnaires,
    queryFn: ({ signal }) => listQuestionnaires(signal),
  });
  const outlets = (evaluation.data?.sites ?? []).filter((s) => s.kind === 'outlet');
  const create = useMutation({
    mutationFn: (v: { name: string; questionnaireVersionId: string; anonymity: string; quota: number }) =>
      createCampaign(evaluationId, {
        name: v.name,
        questionnaireVersionId: v.questionnaireVersionId,
        anonymity: v.anonymity,
        outlets: outlets.map((o) => ({ siteId: o.id, quota: v.quota })),
      }),
    onSuccess: (c) => onCreated(c.id),
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Form
      layout="inline"
      initialValues={{ anonymity: 'anonymous', quota: 30, name: t('surveys.fields.default_name') }}
      onFinish={(v) => create.mutate(v)}
    >
      <Form.Item name="name" label={t('surveys.fields.name')} rules={[{ required: true }]}>
        <Input style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="questionnaireVersionId"
        label={t('surveys.fields.questionnaire')}
        rules={[{ required: true }]}
      >
        <Select
          style={{ width: 220 }}
          options={(questionnaires.data?.items ?? []).map((q) => ({
            value: q.latestVersionId,
            label: `${q.name} v${q.latestNumber}`,
          }))}
        />
      </Form.Item>
      <Form.Item name="anonymity" label={t('surveys.fields.anonymity')}>
        <Select
          style={{ width: 140 }}
          options={['anonymous', 'identified'].map((a) => ({ value: a, label: t(`surveys.anonymity.${a}`) }))}
        />
      </Form.Item>
      <Form.Item name="quota" label={t('surveys.fields.quota_each', { n: outlets.length })}>
        <InputNumber min={1} max={100000} />
      </Form.Item>
      <Button htmlType="submit" type="primary" loading={create.isPending} disabled={!outlets.length}>
        {t('surveys.actions.create_campaign')}
      </Button>
    </Form>
  );
}

function QuestionnairesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const qc = useQueryClient();
  const errorText = useSurveyError();
  const [editing, setEditing] = useState<string | null>(null);
  const list = useQuery({
    queryKey: surveyKeys.questionnaires,
    queryFn: ({ signal }) => listQuestionnaires(signal),
  });
  const create = useMutation({
    mutationFn: () => createQuestionnaire(t('surveys.fields.template_name')),
    onSuccess: () => qc.invalidateQueries({ queryKey: surveyKeys.questionnaires }),
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Flex vertical gap="middle">
      {can('surveys.manage') && (
        <div>
          <Button
            onClick={() => create.mutate()}
            loading={create.isPending}
            data-testid="create-questionnaire"
          >
            {t('surveys.actions.from_template')}
          </Button>
        </div>
      )}
      <Table
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        columns={[
          { title: t('surveys.fields.name'), dataIndex: 'name' },
          { title: t('surveys.fields.version'), dataIndex: 'latestNumber' },
          { title: t('surveys.fields.updated'), dataIndex: 'updatedAt' },
          ...(can('surveys.manage')
            ? [
                {
                  title: '',
                  render: (_: unknown, q: { id: string }) => (
                    <Button
                      size="small"
                      onClick={() => setEditing(q.id)}
                      data-testid={`edit-questionnaire-${q.id}`}
                    >
                      {t('surveys.editor.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <QuestionnaireEditor key={editing} id={editing} onClose={() => setEditing(null)} />}
      <Typography.Text type="secondary">{t('surveys.questionnaires.help')}</Typography.Text>
    </Flex>
  );
}

export default function SurveysPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const evaluationId = params.get('evaluation');
  const campaignId = params.get('campaign');
  const evaluations = useQuery({
    queryKey: surveyKeys.evaluations,
    queryFn: ({ signal }) => listEvaluations(signal),
  });
  const campaigns = useQuery({
    queryKey: surveyKeys.campaigns(evaluationId ?? ''),
    queryFn: ({ signal }) => listCampaigns(evaluationId!, signal),
    enabled: !!evaluationId,
  });
  const select = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p);
  };
  return (
    <>
      <PageHeader title={t('surveys.title')} subtitle={t('surveys.subtitle')} />
      <Tabs
        items={[
          {
            key: 'campaigns',
            label: t('surveys.tabs.campaigns'),
            children: (
              <Flex vertical gap="middle">
                <Select
                  style={{ maxWidth: 520 }}
                  placeholder={t('surveys.fields.evaluation')}
                  value={evaluationId ?? undefined}
                  data-testid="evaluation-select"
                  onChange={(v) => select({ evaluation: v, campaign: null })}
                  options={(evaluations.data?.items ?? []).map((e) => ({
                    value: e.id,
                    label: `${e.client.name} · ${stageLabel(t, e.stage)} · ${evaluationStateLabel(t, e.state)}`,
                  }))}
                />
                {!evaluationId && <Empty description={t('surveys.pick_evaluation')} />}
                {evaluationId && (
                  <>
                    {can('surveys.manage') && (
                      <NewCampaign evaluationId={evaluationId} onCreated={(id) => select({ campaign: id })} />
                    )}
                    <Table<Campaign>
                      size="small"
                      rowKey="id"
                      loading={campaigns.isPending}
                      dataSource={campaigns.data?.items ?? []}
                      pagination={false}
                      onRow={(c) =>
                        ({
                          onClick: () => select({ campaign: c.id }),
                          style: { cursor: 'pointer' },
                          'data-testid': `campaign-row-${c.id}`,
                        }) as never
                      }
                      columns={[
                        { title: t('surveys.fields.name'), dataIndex: 'name' },
                        { title: t('surveys.fields.state'), render: (_, c) => t(`surveys.state.${c.state}`) },
                        {
                          title: t('surveys.fields.anonymity'),
                          render: (_, c) => t(`surveys.anonymity.${c.anonymity}`),
                        },
                        {
                          title: t('surveys.metrics.responses'),
                          render: (_, c) =>
                            `${c.outlets.reduce((a, o) => a + o.responses, 0)} / ${c.outlets.reduce((a, o) => a + o.quota, 0)}`,
                        },
                      ]}
                    />
                    {campaignId && <CampaignDetail id={campaignId} />}
                  </>
                )}
              </Flex>
            ),
          },
          { key: 'questionnaires', label: t('surveys.tabs.questionnaires'), children: <QuestionnairesTab /> },
        ]}
      />
    </>
  );
}
