import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Tag,
  Typography,
} from 'antd';
import { ExclamationCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { useFormatInstant } from '../shared/format.ts';
import { EvidenceLinks, UploadButton } from '../evaluations/Evidence.tsx';
import { evaluationKeys } from '../evaluations/api.ts';
import { DASH, FindingStateTag, SeverityTag, useLabel } from '../evaluations/labels.tsx';
import type { Finding } from './api.ts';
import { acceptFinding, answerFinding, findingKeys, reopenFinding, uploadFindingEvidence } from './api.ts';

/**
 * Findings as cards: what was found where, by when; the client's answer (root cause, correction,
 * corrective action, evidence); the team's accept or reopen. Overdue findings stand out.
 */
export function FindingsList({
  findings,
  canVerdict,
  showEvaluation,
}: {
  findings: Finding[];
  /** The caller is on the team and the evaluation is in progress. */
  canVerdict: boolean;
  showEvaluation?: boolean;
}) {
  const { t } = useTranslation();
  if (findings.length === 0) return <Empty description={t('findings.none')} />;
  return (
    <Flex vertical gap="middle">
      {findings.map((f) => (
        <FindingCard key={f.id} finding={f} canVerdict={canVerdict} showEvaluation={showEvaluation} />
      ))}
    </Flex>
  );
}

function FindingCard({
  finding: f,
  canVerdict,
  showEvaluation,
}: {
  finding: Finding;
  canVerdict: boolean;
  showEvaluation?: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const formatInstant = useFormatInstant();
  const [answering, setAnswering] = useState(false);
  const [verdict, setVerdict] = useState<'accept' | 'reopen' | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const canAnswer = can('findings.answer') && (f.state === 'open' || f.state === 'reopened');
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: findingKeys.all }),
      queryClient.invalidateQueries({ queryKey: evaluationKeys.all }),
    ]);

  const decide = async () => {
    if (!verdict) return;
    setBusy(true);
    try {
      const body = { version: f.version, ...(note.trim() ? { note: note.trim() } : {}) };
      await (verdict === 'accept' ? acceptFinding(f.id, body) : reopenFinding(f.id, body));
      message.success(verdict === 'accept' ? t('findings.accepted') : t('findings.reopened'));
      setVerdict(null);
      setNote('');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  return (
    <Card
      size="small"
      data-testid={`finding-${f.ref}`}
      style={f.overdue ? { borderColor: '#ff4d4f', background: '#fff2f0' } : undefined}
      title={
        <Flex gap="small" align="center" wrap style={{ whiteSpace: 'normal' }}>
          <Typography.Text strong>{f.ref}</Typography.Text>
          <SeverityTag severity={f.severity} />
          <FindingStateTag state={f.state} />
          {f.overdue ? (
            <Tag color="red" icon={<ExclamationCircleFilled />} data-testid="finding-overdue">
              {t('findings.overdue')}
            </Tag>
          ) : null}
        </Flex>
      }
      extra={
        <Typography.Text type={f.overdue ? 'danger' : 'secondary'}>
          {t('findings.due', { date: f.dueDate })}
        </Typography.Text>
      }
    >
      <Flex vertical gap="small">
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          {showEvaluation ? (
            <Descriptions.Item label={t('findings.field.client')}>{f.client.name}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('findings.field.indicator')}>
            {`${f.node} ${label(f.nodeTitle)}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('findings.field.site')}>
            {f.site ? `${f.site.code} ${f.site.name}` : DASH}
          </Descriptions.Item>
          {showEvaluation && can('evaluations.read') ? (
            <Descriptions.Item label={t('findings.field.evaluation')}>
              <Link to={`/evaluations/${f.evaluationId}?tab=findings`}>{t('findings.open_evaluation')}</Link>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
          {f.description}
        </Typography.Paragraph>
        {f.answer ? (
          <Card
            size="small"
            type="inner"
            title={t('findings.answer_title', { at: formatInstant(f.answeredAt, { withTime: true }) })}
          >
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('findings.field.root_cause')}>
                {f.answer.rootCause}
              </Descriptions.Item>
              <Descriptions.Item label={t('findings.field.correction')}>
                {f.answer.correction}
              </Descriptions.Item>
              <Descriptions.Item label={t('findings.field.corrective_action')}>
                {f.answer.correctiveAction}
              </Descriptions.Item>
              <Descriptions.Item label={t('findings.field.evidence')}>
                <EvidenceLinks refs={f.answer.evidence} context="findings" contextId={f.id} />
              </Descriptions.Item>
            </Descriptions>
          </Card>
        ) : null}
        {f.events
          .filter((ev) => ev.note)
          .map((ev, i) => (
            <Alert
              key={i}
              type="info"
              message={`${t(`findings.event.${ev.action}`, { defaultValue: ev.action })} · ${ev.by}: ${ev.note}`}
            />
          ))}
        <Flex gap="small" justify="flex-end" wrap>
          {canAnswer ? (
            <Button type="primary" onClick={() => setAnswering(true)} data-testid="finding-answer">
              {t('findings.answer')}
            </Button>
          ) : null}
          {canVerdict && f.state === 'answered' ? (
            <>
              <Button onClick={() => setVerdict('reopen')} data-testid="finding-reopen">
                {t('findings.reopen')}
              </Button>
              <Button type="primary" onClick={() => setVerdict('accept')} data-testid="finding-accept">
                {t('findings.accept')}
              </Button>
            </>
          ) : null}
        </Flex>
      </Flex>
      {answering ? <AnswerModal finding={f} onClose={() => setAnswering(false)} onDone={refresh} /> : null}
      <Modal
        open={verdict !== null}
        title={verdict === 'reopen' ? t('findings.reopen') : t('findings.accept')}
        onCancel={() => setVerdict(null)}
        onOk={decide}
        okButtonProps={
          {
            loading: busy,
            disabled: verdict === 'reopen' && !note.trim(),
            'data-testid': 'finding-verdict-ok',
          } as ButtonProps
        }
      >
        <Input.TextArea
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={verdict === 'reopen' ? t('findings.reopen_note') : t('findings.accept_note')}
        />
      </Modal>
    </Card>
  );
}

interface AnswerValues {
  rootCause: string;
  correction: string;
  correctiveAction: string;
}

function AnswerModal({
  finding: f,
  onClose,
  onDone,
}: {
  finding: Finding;
  onClose: () => void;
  onDone: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<AnswerValues>();
  const [evidence, setEvidence] = useState<string[]>(f.answer?.evidence ?? []);
  const [saving, setSaving] = useState(false);
  const save = async (v: AnswerValues) => {
    setSaving(true);
    try {
      await answerFinding(f.id, { version: f.version, ...v, evidence });
      message.success(t('findings.answered'));
      await onDone();
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('findings.answer_modal', { ref: f.ref })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, 'data-testid': 'finding-answer-ok' } as ButtonProps}
    >
      <Typography.Paragraph type="secondary">{f.description}</Typography.Paragraph>
      <Form<AnswerValues> form={form} layout="vertical" onFinish={save} initialValues={f.answer ?? undefined}>
        <Form.Item
          name="rootCause"
          label={t('findings.field.root_cause')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={2} data-testid="finding-root-cause" />
        </Form.Item>
        <Form.Item
          name="correction"
          label={t('findings.field.correction')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={2} data-testid="finding-correction" />
        </Form.Item>
        <Form.Item
          name="correctiveAction"
          label={t('findings.field.corrective_action')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={2} data-testid="finding-corrective-action" />
        </Form.Item>
        <Form.Item label={t('findings.field.evidence')}>
          <Flex vertical gap="small">
            <EvidenceLinks refs={evidence} context="findings" contextId={f.id} />
            <UploadButton
              upload={(file) => uploadFindingEvidence(f.id, file)}
              onUploaded={(file) => setEvidence((e) => [...e, file.ref])}
              testId="finding-evidence-upload"
            />
          </Flex>
        </Form.Item>
      </Form>
    </Modal>
  );
}
