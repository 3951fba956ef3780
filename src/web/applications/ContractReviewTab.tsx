import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Row,
  Select,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { EvidenceTechnique } from '../../domain/schemes/package-schema.ts';
import { isApiError } from '../api/client.ts';
import { techniqueLabel } from '../schemes/labels.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { useLabel } from '../evaluations/labels.tsx';
import type { Label } from '../evaluations/api.ts';
import type { Application, ContractReview } from './api.ts';
import {
  acceptApplication,
  applicationKeys,
  declineApplication,
  getContractReview,
  updateContractReview,
} from './api.ts';

/**
 * The contract review of a submitted application: the engine's effort (with its justification) and
 * outlet sample (each outlet with why), manual changes each with a justification, techniques per
 * indicator, the quote, and the decision to accept (creating the programme) or decline with reasons.
 */
export function ContractReviewTab({ app }: { app: Application }) {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const review = useQuery({
    queryKey: applicationKeys.review(app.id),
    queryFn: ({ signal }) => getContractReview(app.id, signal),
  });
  const [busy, setBusy] = useState(false);
  const [declining, setDeclining] = useState(false);
  const [reasons, setReasons] = useState('');
  const [adjusting, setAdjusting] = useState(false);
  const [sampleChange, setSampleChange] = useState<'add' | 'remove' | null>(null);
  const [techniques, setTechniques] = useState<Record<string, EvidenceTechnique[]> | null>(null);

  if (review.isLoading || !review.data) return <Spin />;
  const r = review.data;
  const open = app.state === 'submitted' && !r.decision;
  const effort = r.effort as { justification?: Label[]; personDays?: number };
  const sampleWhy = (r.sample as { size?: { why?: Label } }).size?.why;

  const save = async (patch: Omit<Parameters<typeof updateContractReview>[1], 'version'>) => {
    setBusy(true);
    try {
      await updateContractReview(app.id, { version: r.version, ...patch });
      message.success(t('applications.review.saved'));
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      if (isApiError(e, 'version_conflict')) await review.refetch();
      return false;
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: applicationKeys.review(app.id) });
    }
  };

  const accept = async () => {
    setBusy(true);
    try {
      const done = await acceptApplication(app.id, { version: r.version });
      message.success(t('applications.review.accepted'));
      await queryClient.invalidateQueries({ queryKey: applicationKeys.all });
      navigate(`/evaluations/${done.evaluationId}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const decline = async () => {
    setBusy(true);
    try {
      await declineApplication(app.id, { version: r.version, reasons });
      message.success(t('applications.review.declined'));
      setDeclining(false);
      await queryClient.invalidateQueries({ queryKey: applicationKeys.all });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const chosen = techniques ?? Object.fromEntries(r.techniques.map((x) => [x.node, x.chosen]));

  return (
    <Flex vertical gap="middle" data-testid="contract-review">
      {r.decision ? (
        <Alert
          type={r.decision === 'accepted' ? 'success' : 'error'}
          showIcon
          message={
            r.decision === 'accepted'
              ? t('applications.review.was_accepted')
              : t('applications.review.was_declined')
          }
          description={r.decisionReasons ?? undefined}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('applications.review.person_days')} value={r.quote.personDays} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('applications.review.outlets_sampled')} value={r.sampledOutlets.length} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('applications.review.day_rate')}
            value={r.quote.dayRate}
            suffix={r.quote.currency}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('applications.review.quote')}
            value={r.quote.amount}
            suffix={r.quote.currency}
            data-testid="contract-review-quote"
          />
        </Col>
      </Row>

      <Card
        size="small"
        title={t('applications.review.effort')}
        extra={
          open ? (
            <Button size="small" onClick={() => setAdjusting(true)} data-testid="effort-adjust">
              {t('applications.review.adjust_effort')}
            </Button>
          ) : null
        }
      >
        <List
          size="small"
          dataSource={effort.justification ?? []}
          renderItem={(j) => <List.Item>{label(j)}</List.Item>}
        />
        {r.effortAdjustments.map((a, i) => (
          <Alert
            key={i}
            type="info"
            style={{ marginTop: 8 }}
            message={t('applications.review.adjustment', { days: a.personDays, why: a.justification })}
          />
        ))}
        {open ? (
          <Flex gap="small" align="center" style={{ marginTop: 12 }} wrap>
            <Typography.Text>{t('applications.review.employees')}</Typography.Text>
            <InputNumber
              min={0}
              defaultValue={r.employees ?? undefined}
              onBlur={(e) => {
                const v = Number(e.target.value);
                if (Number.isFinite(v) && v !== r.employees) void save({ employees: v });
              }}
            />
            <Typography.Text>{t('applications.review.day_rate')}</Typography.Text>
            <InputNumber
              min={0}
              defaultValue={r.quote.dayRate}
              onBlur={(e) => {
                const v = Number(e.target.value);
                if (Number.isFinite(v) && v !== r.quote.dayRate) void save({ dayRate: v });
              }}
            />
          </Flex>
        ) : null}
      </Card>

      <Card
        size="small"
        title={t('applications.review.sample')}
        extra={
          open ? (
            <Flex gap="small">
              <Button size="small" onClick={() => setSampleChange('add')}>
                {t('applications.review.add_outlet')}
              </Button>
              <Button size="small" onClick={() => setSampleChange('remove')}>
                {t('applications.review.remove_outlet')}
              </Button>
            </Flex>
          ) : null
        }
      >
        {sampleWhy ? <Typography.Paragraph type="secondary">{label(sampleWhy)}</Typography.Paragraph> : null}
        <Table
          size="small"
          rowKey="outletId"
          pagination={false}
          dataSource={r.sampledOutlets}
          scroll={{ x: 'max-content' }}
          data-testid="contract-review-sample"
          columns={[
            { title: t('applications.field.outlet_code'), dataIndex: 'code', width: 100 },
            { title: t('applications.field.outlet_name'), dataIndex: 'name', width: 180 },
            {
              title: t('applications.review.why_sampled'),
              key: 'why',
              render: (_, o) => (
                <Flex gap="small" align="flex-start">
                  <Tag>{t(`applications.review.reason.${o.reason}`)}</Tag>
                  <Typography.Text type="secondary">{label(o.why)}</Typography.Text>
                </Flex>
              ),
            },
          ]}
        />
        {r.sampleChanges.map((c, i) => (
          <Alert
            key={i}
            type="info"
            style={{ marginTop: 8 }}
            message={t(
              c.action === 'add' ? 'applications.review.change_add' : 'applications.review.change_remove',
              {
                outlet: app.outlets.find((o) => o.id === c.outletId)?.name ?? c.outletId,
                why: c.justification,
              },
            )}
          />
        ))}
      </Card>

      <Card
        size="small"
        title={t('applications.review.techniques')}
        extra={
          open && techniques ? (
            <Button
              size="small"
              type="primary"
              loading={busy}
              onClick={async () => {
                if (await save({ techniques: chosen })) setTechniques(null);
              }}
            >
              {t('applications.review.save_techniques')}
            </Button>
          ) : null
        }
      >
        <Table
          size="small"
          rowKey="node"
          pagination={false}
          dataSource={r.techniques}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('applications.review.indicator'), dataIndex: 'node', width: 90 },
            { title: t('applications.review.indicator_title'), dataIndex: 'title', width: 260 },
            {
              title: t('applications.review.chosen_techniques'),
              key: 'chosen',
              render: (_, x) => (
                <Checkbox.Group
                  disabled={!open}
                  value={chosen[x.node] ?? []}
                  options={x.allowed.map((tech) => ({ value: tech, label: techniqueLabel(t, tech) }))}
                  onChange={(v) => {
                    if (v.length === 0) return;
                    setTechniques({ ...chosen, [x.node]: v });
                  }}
                />
              ),
            },
          ]}
        />
      </Card>

      {open ? (
        <Flex gap="small" justify="flex-end" wrap>
          <Button danger onClick={() => setDeclining(true)} data-testid="contract-review-decline">
            {t('applications.review.decline')}
          </Button>
          <Popconfirm
            title={t('applications.review.accept_confirm')}
            onConfirm={accept}
            okButtonProps={{ 'data-testid': 'contract-review-accept-confirm' } as ButtonProps}
          >
            <Button type="primary" loading={busy} data-testid="contract-review-accept">
              {t('applications.review.accept')}
            </Button>
          </Popconfirm>
        </Flex>
      ) : null}

      <Modal
        open={declining}
        title={t('applications.review.decline')}
        okButtonProps={{ danger: true, loading: busy, disabled: !reasons.trim() }}
        onCancel={() => setDeclining(false)}
        onOk={decline}
      >
        <Input.TextArea
          rows={4}
          value={reasons}
          onChange={(e) => setReasons(e.target.value)}
          placeholder={t('applications.review.decline_reasons')}
          data-testid="contract-review-decline-reasons"
        />
      </Modal>
      <AdjustModal
        open={adjusting}
        review={r}
        onClose={() => setAdjusting(false)}
        onSave={async (personDays, justification) => {
          if (
            await save({
              effortAdjustments: [...r.effortAdjustments, { personDays, justification }],
            })
          )
            setAdjusting(false);
        }}
      />
      <SampleModal
        action={sampleChange}
        app={app}
        review={r}
        onClose={() => setSampleChange(null)}
        onSave={async (outletId, justification) => {
          if (
            await save({
              sampleChanges: [...r.sampleChanges, { outletId, action: sampleChange ?? 'add', justification }],
            })
          )
            setSampleChange(null);
        }}
      />
    </Flex>
  );
}

function AdjustModal({
  open,
  onClose,
  onSave,
}: {
  open: boolean;
  review: ContractReview;
  onClose: () => void;
  onSave: (personDays: number, justification: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ personDays: number; justification: string }>();
  return (
    <Modal
      open={open}
      title={t('applications.review.adjust_effort')}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => onSave(v.personDays, v.justification)}>
        <Form.Item
          name="personDays"
          label={t('applications.review.person_days_delta')}
          rules={[{ required: true }]}
        >
          <InputNumber step={0.5} />
        </Form.Item>
        <Form.Item
          name="justification"
          label={t('applications.review.justification')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SampleModal({
  action,
  app,
  review,
  onClose,
  onSave,
}: {
  action: 'add' | 'remove' | null;
  app: Application;
  review: ContractReview;
  onClose: () => void;
  onSave: (outletId: string, justification: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ outletId: string; justification: string }>();
  const sampled = new Set(review.sampledOutlets.map((o) => o.outletId));
  const options = app.outlets
    .filter((o) => (action === 'add' ? !sampled.has(o.id) : sampled.has(o.id)))
    .map((o) => ({ value: o.id, label: `${o.code} ${o.name}` }));
  return (
    <Modal
      open={action !== null}
      title={
        action === 'remove' ? t('applications.review.remove_outlet') : t('applications.review.add_outlet')
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('applications.review.outlets_sampled')}>
          {review.sampledOutlets.map((o) => o.code).join(', ')}
        </Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical" onFinish={(v) => onSave(v.outletId, v.justification)}>
        <Form.Item name="outletId" label={t('applications.field.outlet_name')} rules={[{ required: true }]}>
          <Select options={options} />
        </Form.Item>
        <Form.Item
          name="justification"
          label={t('applications.review.justification')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
