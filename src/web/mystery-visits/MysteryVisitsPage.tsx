import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  InputNumber,
  Select,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCan, useCurrentUser } from '../auth/session.tsx';
import { useFormatInstant } from '../shared/format.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import {
  getEvaluationSites,
  getLiveScore,
  getResults,
  listOpenEvaluations,
  listScenarios,
  listVisitEvaluations,
  listShoppers,
  listVisits,
  mysteryKeys,
  planVisits,
  type Results,
  type Visit,
} from './api.ts';
import { ReviewDrawer } from './ReviewDrawer.tsx';
import { ScenarioEditor } from './ScenarioEditor.tsx';
import { ChannelTag, FlagList, StateTag, useGroupLabel, useLocalText, useMysteryError } from './shared.tsx';

const EVALUATION_STATE_KEY: Record<string, string> = {
  planned: 'planned',
  inProgress: 'in_progress',
  submitted: 'submitted',
  reviewed: 'reviewed',
  decided: 'decided',
};

const pct = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
/** Red (0 %) through amber to green (100 %) for the heat map. */
const heat = (rate: number | null) =>
  rate === null ? '#fafafa' : `hsl(${Math.round(rate * 120)}, 70%, ${rate === 1 ? 80 : 85}%)`;

/** The client's users never learn who the shopper was, nor see flags: those columns are left out for them. */
function VisitsTab({
  evaluationId,
  onOpen,
  client,
}: {
  evaluationId: string;
  onOpen: (id: string) => void;
  client: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormatInstant();
  const visits = useQuery({
    queryKey: mysteryKeys.visits(evaluationId),
    queryFn: ({ signal }) => listVisits(evaluationId, signal),
  });
  return (
    <Table<Visit>
      size="small"
      rowKey="id"
      loading={visits.isPending}
      dataSource={visits.data?.items ?? []}
      scroll={{ x: true }}
      onRow={(v) =>
        ({
          onClick: () => onOpen(v.id),
          style: { cursor: 'pointer' },
          'data-testid': `visit-row-${v.ref}`,
        }) as never
      }
      columns={[
        { title: t('mystery_visits.fields.ref'), dataIndex: 'ref' },
        { title: t('mystery_visits.fields.outlet'), render: (_, v) => `${v.outlet.code} ${v.outlet.name}` },
        { title: t('mystery_visits.fields.channel'), render: (_, v) => <ChannelTag channel={v.channel} /> },
        { title: t('mystery_visits.fields.state'), render: (_, v) => <StateTag state={v.state} /> },
        ...(client
          ? []
          : [
              {
                title: t('mystery_visits.fields.shopper'),
                render: (_: unknown, v: Visit) => v.shopper?.displayName ?? '—',
              },
            ]),
        {
          title: t('mystery_visits.fields.window'),
          render: (_, v) => `${format(v.windowStart)} – ${format(v.windowEnd)}`,
        },
        ...(client
          ? []
          : [
              {
                title: t('mystery_visits.fields.flags'),
                render: (_: unknown, v: Visit) => <FlagList flags={v.flags} />,
              },
            ]),
        {
          title: t('mystery_visits.fields.samples'),
          render: (_, v) =>
            v.samples.map((s) => (
              <Tag key={s.node} color={s.conforming < s.checked ? 'red' : 'green'}>
                {s.node} {s.conforming}/{s.checked}
              </Tag>
            )),
        },
      ]}
    />
  );
}

function PlanTab({ evaluationId }: { evaluationId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const local = useLocalText();
  const errorText = useMysteryError();
  const client = useQueryClient();
  const [form] = Form.useForm<{
    scenarioId: string;
    siteIds: string[];
    count: number;
    window: [Dayjs, Dayjs];
    shopperId: string;
  }>();
  const evaluation = useQuery({
    queryKey: mysteryKeys.evaluation(evaluationId),
    queryFn: ({ signal }) => getEvaluationSites(evaluationId, signal),
  });
  const scenarios = useQuery({
    queryKey: mysteryKeys.scenarios,
    queryFn: ({ signal }) => listScenarios(signal),
  });
  const shoppers = useQuery({
    queryKey: mysteryKeys.shoppers,
    queryFn: ({ signal }) => listShoppers(signal),
  });
  const plan = useMutation({
    mutationFn: (values: Awaited<ReturnType<typeof form.validateFields>>) =>
      planVisits(evaluationId, {
        scenarioId: values.scenarioId,
        siteIds: values.siteIds,
        count: values.count,
        windowStart: values.window[0].toISOString(),
        windowEnd: values.window[1].toISOString(),
        shopperId: values.shopperId,
      }),
    onSuccess: (res) => {
      void message.success(t('mystery_visits.plan.done', { count: res.items.length }));
      void client.invalidateQueries({ queryKey: mysteryKeys.all });
      form.resetFields(['siteIds']);
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const outlets = evaluation.data?.sites.filter((s) => s.kind === 'outlet') ?? [];
  return (
    <Card size="small" style={{ maxWidth: 640 }}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ count: 1 }}
        onFinish={() => void form.validateFields().then((v) => plan.mutate(v))}
        data-testid="plan-form"
      >
        <Form.Item name="scenarioId" label={t('mystery_visits.fields.scenario')} rules={[{ required: true }]}>
          <Select
            options={(scenarios.data?.items ?? [])
              .filter((s) => s.latest)
              .map((s) => ({
                value: s.id,
                label: `${local(s.title as { zh: string; en: string | null })} (v${s.latest!.number})`,
              }))}
          />
        </Form.Item>
        <Form.Item name="siteIds" label={t('mystery_visits.plan.outlets')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            options={outlets.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))}
          />
        </Form.Item>
        <Form.Item name="count" label={t('mystery_visits.plan.count')} rules={[{ required: true }]}>
          <InputNumber min={1} max={20} />
        </Form.Item>
        <Form.Item name="window" label={t('mystery_visits.fields.window')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime />
        </Form.Item>
        <Form.Item name="shopperId" label={t('mystery_visits.fields.shopper')} rules={[{ required: true }]}>
          <Select
            options={(shoppers.data?.items ?? []).map((s) => ({ value: s.id, label: s.displayName }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={plan.isPending}>
          {t('mystery_visits.plan.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function ResultsTab({ evaluationId }: { evaluationId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const local = useLocalText();
  const groupLabel = useGroupLabel();
  const results = useQuery({
    queryKey: mysteryKeys.results(evaluationId),
    queryFn: ({ signal }) => getResults(evaluationId, signal),
  });
  const score = useQuery({
    queryKey: mysteryKeys.score(evaluationId),
    queryFn: ({ signal }) => getLiveScore(evaluationId, signal),
    enabled: can('evaluations.read'),
  });
  const r: Results | undefined = results.data;
  if (!r) return null;
  if (!r.approvedVisits) return <Empty description={t('mystery_visits.results.empty')} />;
  const mvLoss = (score.data?.trace.lostPoints ?? []).filter((l) =>
    l.evidence.some((e) => e.startsWith('MV-')),
  );
  return (
    <Flex vertical gap="middle" data-testid="mystery-results">
      <Flex gap="large" wrap>
        <Statistic title={t('mystery_visits.results.approved')} value={r.approvedVisits} />
        {score.data?.totals.scoreText ? (
          <Statistic
            title={t('mystery_visits.results.live_score')}
            value={score.data.totals.scoreText}
            data-testid="live-score"
          />
        ) : score.data ? (
          <Statistic
            title={t('mystery_visits.results.achieved')}
            value={`${score.data.totals.achievedPoints} / ${score.data.totals.applicablePoints}`}
            data-testid="live-achieved"
          />
        ) : null}
      </Flex>
      {mvLoss.length ? (
        <Alert
          type="info"
          showIcon
          message={t('mystery_visits.results.trace')}
          description={mvLoss.map((l) => (
            <div key={l.node ?? ''} data-testid="trace-loss">
              {l.node}: −{l.points.toFixed(2)} · {l.evidence.filter((e) => e.startsWith('MV-')).join(', ')}
            </div>
          ))}
        />
      ) : null}
      <Card size="small" title={t('mystery_visits.results.heat_map')}>
        <div style={{ overflowX: 'auto' }}>
          <table style={{ borderCollapse: 'collapse', minWidth: 360 }} data-testid="heat-map">
            <thead>
              <tr>
                <th style={{ textAlign: 'left', padding: 6 }}>{t('mystery_visits.fields.outlet')}</th>
                {r.heatMap.groups.map((g) => (
                  <th key={g} style={{ padding: 6 }}>
                    {groupLabel(g)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.heatMap.rows.map((row) => (
                <tr key={row.siteId}>
                  <td style={{ padding: 6, whiteSpace: 'nowrap' }}>
                    {row.code} {row.name}
                  </td>
                  {row.cells.map((c, i) => (
                    <td
                      key={r.heatMap.groups[i]}
                      style={{
                        padding: 6,
                        textAlign: 'center',
                        background: heat(c.rate),
                        border: '1px solid #fff',
                      }}
                      title={`${c.conforming}/${c.checked}`}
                    >
                      {pct(c.rate)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Flex gap="middle" wrap>
        <Card size="small" title={t('mystery_visits.results.by_outlet')} style={{ flex: 1, minWidth: 280 }}>
          <Table
            size="small"
            rowKey="siteId"
            pagination={false}
            dataSource={r.byOutlet}
            columns={[
              { title: t('mystery_visits.fields.outlet'), render: (_, o) => `${o.code} ${o.name}` },
              { title: t('mystery_visits.results.visits'), dataIndex: 'visits' },
              {
                title: t('mystery_visits.results.rate'),
                render: (_, o) => `${pct(o.rate)} (${o.conforming}/${o.checked})`,
              },
            ]}
          />
        </Card>
        <Card size="small" title={t('mystery_visits.results.by_channel')} style={{ flex: 1, minWidth: 280 }}>
          <Table
            size="small"
            rowKey="channel"
            pagination={false}
            dataSource={r.byChannel}
            columns={[
              {
                title: t('mystery_visits.fields.channel'),
                render: (_, c) => <ChannelTag channel={c.channel} />,
              },
              { title: t('mystery_visits.results.visits'), dataIndex: 'visits' },
              {
                title: t('mystery_visits.results.rate'),
                render: (_, c) => `${pct(c.rate)} (${c.conforming}/${c.checked})`,
              },
            ]}
          />
        </Card>
      </Flex>
      <Card size="small" title={t('mystery_visits.results.weakest')}>
        <Table
          size="small"
          rowKey={(q) => `${q.scenarioCode}/${q.questionId}`}
          pagination={false}
          dataSource={r.weakestQuestions}
          columns={[
            { title: t('mystery_visits.fields.question'), render: (_, q) => local(q.text) },
            { title: t('mystery_visits.fields.group'), render: (_, q) => groupLabel(q.group) },
            { title: t('mystery_visits.fields.item'), dataIndex: 'node' },
            {
              title: t('mystery_visits.results.rate'),
              render: (_, q) => `${pct(q.rate)} (${q.conforming}/${q.checked})`,
            },
          ]}
        />
      </Card>
    </Flex>
  );
}

function ScenariosTab() {
  const { t } = useTranslation();
  const local = useLocalText();
  const client = useQueryClient();
  const scenarios = useQuery({
    queryKey: mysteryKeys.scenarios,
    queryFn: ({ signal }) => listScenarios(signal),
  });
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Flex vertical gap="small">
      {(scenarios.data?.items ?? []).map((s) => (
        <Card
          key={s.id}
          size="small"
          data-testid={`scenario-${s.code}`}
          title={
            <Flex gap={6} align="center" wrap>
              {local(s.title as { zh: string; en: string | null })} <ChannelTag channel={s.channel} />
              {s.builtin ? <Tag>{t('mystery_visits.scenarios.builtin')}</Tag> : null}
            </Flex>
          }
          extra={
            <Button
              size="small"
              onClick={() => setEditing(s.id)}
              disabled={editing === s.id}
              data-testid="scenario-edit"
            >
              {t('mystery_visits.scenarios.edit')}
            </Button>
          }
        >
          <Typography.Text type="secondary">
            {s.code} · {t('mystery_visits.scenarios.version', { number: s.latest?.number ?? 0 })}{' '}
            <Typography.Text code>{s.latest?.contentHash.slice(0, 12)}</Typography.Text>
          </Typography.Text>
          {editing === s.id ? (
            <ScenarioEditor
              scenario={s}
              onCancel={() => setEditing(null)}
              onDone={() => {
                setEditing(null);
                void client.invalidateQueries({ queryKey: mysteryKeys.scenarios });
              }}
            />
          ) : (
            <ul style={{ margin: '8px 0 0', paddingLeft: 20 }}>
              {(s.latest?.content.questions ?? []).map((q) => (
                <li key={q.id}>
                  {local(q.text)} → <Tag>{q.node}</Tag>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ))}
    </Flex>
  );
}

/**
 * Mystery visits of an evaluation for CB staff (and, approved ones only, for the client):
 * `/mystery-visits?evaluation=<id>`. Tabs: visits (review drawer), planning, results, scenarios.
 */
export default function MysteryVisitsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useCurrentUser();
  const isClient = me.organisation.kind === 'client';
  const [params, setParams] = useSearchParams();
  const evaluationId = params.get('evaluation') ?? '';
  const [open, setOpen] = useState<string | null>(null);
  const evaluations = useQuery({
    queryKey: mysteryKeys.evaluations,
    queryFn: ({ signal }) => listOpenEvaluations(signal),
    enabled: !isClient && can('evaluations.read'),
  });
  // A client's users pick among their own evaluations with approved visits.
  const clientEvaluations = useQuery({
    queryKey: mysteryKeys.visitEvaluations,
    queryFn: ({ signal }) => listVisitEvaluations(signal),
    enabled: isClient,
  });
  const tabs = [
    ...(evaluationId
      ? [
          {
            key: 'visits',
            label: t('mystery_visits.tabs.visits'),
            children: <VisitsTab evaluationId={evaluationId} onOpen={setOpen} client={isClient} />,
          },
          ...(can('mysteryVisits.plan')
            ? [
                {
                  key: 'plan',
                  label: t('mystery_visits.tabs.plan'),
                  children: <PlanTab evaluationId={evaluationId} />,
                },
              ]
            : []),
          {
            key: 'results',
            label: t('mystery_visits.tabs.results'),
            children: <ResultsTab evaluationId={evaluationId} />,
          },
        ]
      : []),
    ...(can('mysteryVisits.plan')
      ? [{ key: 'scenarios', label: t('mystery_visits.tabs.scenarios'), children: <ScenariosTab /> }]
      : []),
  ];
  return (
    <>
      <PageHeader title={t('mystery_visits.title')} subtitle={t('mystery_visits.subtitle')} />
      {!isClient && evaluations.data ? (
        <Select
          style={{ minWidth: 320, marginBottom: 16 }}
          placeholder={t('mystery_visits.choose_evaluation')}
          value={evaluationId || undefined}
          onChange={(id: string) => setParams({ evaluation: id })}
          data-testid="evaluation-select"
          options={evaluations.data.items.map((e) => ({
            value: e.id,
            label: `${e.client.name} · ${e.plannedStart ?? ''} · ${t(`mystery_visits.evaluation_state.${EVALUATION_STATE_KEY[e.state]}`)}`,
          }))}
        />
      ) : null}
      {isClient && clientEvaluations.data?.items.length ? (
        <Select
          style={{ minWidth: 320, maxWidth: '100%', marginBottom: 16 }}
          placeholder={t('mystery_visits.choose_evaluation')}
          value={evaluationId || undefined}
          onChange={(id: string) => setParams({ evaluation: id })}
          data-testid="evaluation-select"
          options={clientEvaluations.data.items.map((e) => ({
            value: e.id,
            label: t('mystery_visits.evaluation_option', {
              client: e.client.name,
              start: e.plannedStart ?? '',
              state: t(`mystery_visits.evaluation_state.${EVALUATION_STATE_KEY[e.state]}`),
              count: e.approvedVisits,
            }),
          }))}
        />
      ) : null}
      {isClient && clientEvaluations.data && !clientEvaluations.data.items.length && !evaluationId ? (
        <Empty description={t('mystery_visits.no_evaluations')} />
      ) : null}
      {!evaluationId &&
      !can('mysteryVisits.plan') &&
      !(isClient && clientEvaluations.data?.items.length === 0) ? (
        <Empty description={t('mystery_visits.choose_evaluation')} />
      ) : null}
      {tabs.length ? <Tabs items={tabs} destroyOnHidden /> : null}
      <ReviewDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}
