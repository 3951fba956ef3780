import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, LinkOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import { useFormatInstant } from '../shared/format.ts';
import {
  CANCELLATION_REASONS,
  SUSPENSION_REASONS,
  WITHDRAWAL_REASONS,
  certificateKeys,
  changeStatus,
  getCertificate,
  listVersions,
  markUrl,
  pdfUrl,
  type Certificate,
  type HistoryEntry,
  type LifecycleAction,
} from './api.ts';
import { certificatePath, DASH, LevelStars, StatusTag } from './labels.tsx';

/** Which actions a status allows (the server's state machine decides; the buttons follow it). */
const ACTIONS: Record<Certificate['status'], LifecycleAction[]> = {
  active: ['suspend', 'withdraw', 'cancel'],
  suspended: ['restore', 'withdraw', 'cancel'],
  withdrawn: [],
  cancelled: [],
  expired: [],
  superseded: [],
};
const REASONS: Record<LifecycleAction, readonly string[]> = {
  suspend: SUSPENSION_REASONS,
  restore: [],
  withdraw: WITHDRAWAL_REASONS,
  cancel: CANCELLATION_REASONS,
};

/**
 * One certificate: the record, its sites, its status history with reason codes, its versions, the
 * downloads (PDF; the star mark only while valid; the public verification link) and — for those allowed
 * — suspend, restore, withdraw and cancel, each confirmed with its reason.
 */
export default function CertificateDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const can = useCan();
  const errorMessage = useErrorMessage();
  const [action, setAction] = useState<LifecycleAction | null>(null);
  const cert = useQuery({
    queryKey: certificateKeys.detail(id),
    queryFn: ({ signal }) => getCertificate(id, signal),
  });
  const versions = useQuery({
    queryKey: certificateKeys.versions(cert.data?.identityNumber ?? ''),
    queryFn: ({ signal }) => listVersions(cert.data!, signal),
    enabled: !!cert.data,
  });
  if (cert.isPending) return <Spin />;
  if (cert.isError || !cert.data) {
    return (
      <Alert
        type="error"
        message={cert.isError ? errorMessage(cert.error) : t('certificates.not_found')}
        action={<Link to="/certificates">{t('certificates.back')}</Link>}
      />
    );
  }
  const c = cert.data;
  const en = i18n.language === 'en';
  const label = (l: { zh: string; en: string } | null) => (l ? (en ? l.en : l.zh) : DASH);
  const valid = c.status === 'active';
  const actions = can('certificates.manage') ? ACTIONS[c.status] : [];

  return (
    <>
      <Link to="/certificates">
        <ArrowLeftOutlined /> {t('certificates.back')}
      </Link>
      <PageHeader
        title={
          <Flex gap="small" align="center" wrap>
            <span data-testid="certificate-number">{c.certificateNumber}</span>
            <StatusTag status={c.status} t={t} />
            {c.revision > 1 ? <Tag>v{c.revision}</Tag> : null}
            {c.confidential ? <Tag color="purple">{t('certificates.field.confidential')}</Tag> : null}
          </Flex>
        }
        subtitle={en && c.entity.nameEn ? c.entity.nameEn : c.entity.nameZh}
        extra={actions.map((a) => (
          <Button
            key={a}
            danger={a !== 'restore'}
            type={a === 'restore' ? 'primary' : 'default'}
            onClick={() => setAction(a)}
            data-testid={`certificate-${a}`}
          >
            {t(`certificates.action.${a}`)}
          </Button>
        ))}
      />
      {c.status !== 'active' ? (
        <Alert
          type={c.status === 'suspended' ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          message={`${t(`certificates.status.${c.status}`)} · ${c.statusDate}${
            c.suspendedUntil ? ` → ${c.suspendedUntil}` : ''
          }`}
          description={label(c.statusReasonLabel)}
        />
      ) : null}
      <Flex gap="middle" wrap align="flex-start">
        <Card style={{ flex: '2 1 520px' }}>
          <Descriptions
            column={{ xs: 1, sm: 1, md: 2 }}
            size="small"
            items={[
              { key: 'entity', label: t('certificates.field.entity'), children: c.entity.nameZh },
              { key: 'credit', label: t('certificates.field.credit_code'), children: c.entity.creditCode },
              {
                key: 'scheme',
                label: t('certificates.field.scheme'),
                children: `${en && c.scheme.title.en ? c.scheme.title.en : c.scheme.title.zh} (${c.scheme.version})`,
              },
              {
                key: 'standards',
                label: t('certificates.field.standards'),
                children: c.scheme.standards.join(', '),
              },
              {
                key: 'level',
                label: t('certificates.field.level'),
                children: <LevelStars level={c.level} lang={i18n.language} />,
              },
              { key: 'score', label: t('certificates.field.score'), children: c.scoreText },
              { key: 'decision', label: t('certificates.field.decision'), children: c.decisionDate },
              {
                key: 'original',
                label: t('certificates.field.original_issue'),
                children: c.originalIssueDate,
              },
              { key: 'issue', label: t('certificates.field.issue'), children: c.issueDate },
              { key: 'expiry', label: t('certificates.field.expiry'), children: c.expiryDate },
              {
                key: 'surveillance',
                label: t('certificates.field.surveillance_due'),
                children: c.surveillanceDueOn ?? DASH,
              },
              {
                key: 'last',
                label: t('certificates.field.last_surveillance'),
                children: c.lastSurveillanceOn ?? DASH,
              },
              { key: 'identity', label: t('certificates.field.identity'), children: c.identityNumber },
              {
                key: 'scope',
                label: t('certificates.field.scope'),
                span: 2,
                children: en && c.scopeEn ? c.scopeEn : c.scopeZh,
              },
            ]}
          />
        </Card>
        <Card title={t('certificates.download.title')} style={{ flex: '1 1 280px' }}>
          <Flex vertical gap="small">
            <Button icon={<DownloadOutlined />} href={pdfUrl(c.id)} download data-testid="download-pdf">
              {t('certificates.download.pdf')}
            </Button>
            {valid ? (
              <>
                <Button
                  icon={<DownloadOutlined />}
                  href={markUrl(c.id, 'svg')}
                  download
                  data-testid="download-mark-svg"
                >
                  {t('certificates.download.mark_svg')}
                </Button>
                <Button
                  icon={<DownloadOutlined />}
                  href={markUrl(c.id, 'png')}
                  download
                  data-testid="download-mark-png"
                >
                  {t('certificates.download.mark_png')}
                </Button>
              </>
            ) : (
              <Typography.Text type="secondary">{t('certificates.download.mark_only_valid')}</Typography.Text>
            )}
            <Button
              icon={<LinkOutlined />}
              href={`/verify?no=${encodeURIComponent(c.certificateNumber)}`}
              target="_blank"
              rel="noopener"
              data-testid="open-verify"
            >
              {t('certificates.download.verify')}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('certificates.field.verification')}:
            </Typography.Text>
            <Typography.Paragraph
              copyable={{ text: c.verificationUrl }}
              style={{ margin: 0, wordBreak: 'break-all', fontSize: 12 }}
            >
              <a href={c.verificationUrl} target="_blank" rel="noopener" data-testid="verification-url">
                {c.verificationUrl.length > 80 ? `${c.verificationUrl.slice(0, 77)}…` : c.verificationUrl}
              </a>
            </Typography.Paragraph>
          </Flex>
        </Card>
      </Flex>
      <Card title={t('certificates.field.sites')} style={{ marginTop: 16 }}>
        <Table
          rowKey={(_, i) => String(i)}
          size="small"
          pagination={false}
          dataSource={c.sites}
          columns={[
            { title: t('certificates.field.site_name'), dataIndex: 'name' },
            { title: t('certificates.field.site_address'), dataIndex: 'address' },
            {
              title: t('certificates.field.site_scope'),
              key: 'scope',
              render: (_, s) => String((s as { scopeZh?: string }).scopeZh ?? DASH),
            },
          ]}
        />
      </Card>
      <History entries={c.history} />
      <Card title={t('certificates.versions.title')} style={{ marginTop: 16 }}>
        <Table<Certificate>
          rowKey="id"
          size="small"
          pagination={false}
          loading={versions.isFetching}
          dataSource={versions.data ?? []}
          data-testid="certificate-versions"
          columns={[
            {
              title: t('certificates.field.revision'),
              dataIndex: 'revision',
              width: 90,
              render: (r: number) => `v${r}`,
            },
            {
              title: t('certificates.field.level'),
              key: 'level',
              render: (_, v) => <LevelStars level={v.level} lang={i18n.language} />,
            },
            {
              title: t('certificates.field.status'),
              key: 'status',
              render: (_, v) => <StatusTag status={v.status} t={t} />,
            },
            { title: t('certificates.field.issue'), dataIndex: 'issueDate' },
            { title: t('certificates.field.expiry'), dataIndex: 'expiryDate' },
            {
              title: '',
              key: 'open',
              render: (_, v) =>
                v.id === c.id ? (
                  <Tag>{t('certificates.versions.current')}</Tag>
                ) : (
                  <Link to={certificatePath(v.id)}>{t('certificates.versions.open')}</Link>
                ),
            },
          ]}
        />
      </Card>
      {action ? <ActionModal certificate={c} action={action} onClose={() => setAction(null)} /> : null}
    </>
  );
}

function History({ entries }: { entries: HistoryEntry[] }) {
  const { t, i18n } = useTranslation();
  const formatInstant = useFormatInstant();
  return (
    <Card title={t('certificates.history.title')} style={{ marginTop: 16 }}>
      <Table<HistoryEntry>
        rowKey="seq"
        size="small"
        pagination={false}
        dataSource={[...entries].reverse()}
        locale={{ emptyText: t('certificates.history.empty') }}
        data-testid="certificate-history"
        columns={[
          { title: t('certificates.history.effective'), dataIndex: 'effectiveDate', width: 120 },
          {
            title: t('certificates.history.from_to'),
            key: 'change',
            render: (_, h) => (
              <Flex gap={4} align="center" wrap>
                {h.from ? <StatusTag status={h.from} t={t} /> : null}
                {h.from ? '→' : null}
                <StatusTag status={h.to} t={t} />
              </Flex>
            ),
          },
          {
            title: t('certificates.field.reason'),
            key: 'reason',
            render: (_, h) => (
              <Flex vertical>
                <span>{h.reason ? (i18n.language === 'en' ? h.reason.en : h.reason.zh) : h.reasonCode}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {h.reasonCode}
                  {h.suspendedUntil
                    ? ` · ${t('certificates.field.suspended_until')} ${h.suspendedUntil}`
                    : ''}
                </Typography.Text>
                {h.note ? <Typography.Text type="secondary">{h.note}</Typography.Text> : null}
              </Flex>
            ),
          },
          {
            title: t('certificates.history.by'),
            key: 'by',
            width: 200,
            render: (_, h) => (
              <Flex vertical>
                <span>{h.actor ?? 'system'}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatInstant(h.occurredAt)}
                </Typography.Text>
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}

interface ActionForm {
  reasonCode?: string;
  until?: Dayjs;
  note?: string;
}

function ActionModal({
  certificate,
  action,
  onClose,
}: {
  certificate: Certificate;
  action: LifecycleAction;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ActionForm>();
  const actionLabel = t(`certificates.action.${action}`);
  const mutation = useMutation({
    mutationFn: (v: ActionForm) =>
      changeStatus(certificate.id, action, {
        version: certificate.version,
        ...(v.reasonCode ? { reasonCode: v.reasonCode } : {}),
        ...(v.until ? { until: v.until.format('YYYY-MM-DD') } : {}),
        ...(v.note ? { note: v.note } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: certificateKeys.all });
      void message.success(
        t('certificates.confirm.done', { number: certificate.certificateNumber, action: actionLabel }),
      );
      onClose();
    },
  });
  const reasons = REASONS[action];
  return (
    <Modal
      open
      title={t(`certificates.confirm.${action}_title`, { number: certificate.certificateNumber })}
      okText={t('certificates.confirm.ok', { action: actionLabel })}
      okButtonProps={
        {
          danger: action !== 'restore',
          loading: mutation.isPending,
          'data-testid': 'certificate-action-confirm',
        } as never
      }
      cancelText={t('common.cancel')}
      onOk={() => void form.validateFields().then((v) => mutation.mutate(v))}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        message={t('certificates.confirm.warning')}
        style={{ marginBottom: 16 }}
      />
      {mutation.isError ? (
        <Alert type="error" message={errorMessage(mutation.error)} style={{ marginBottom: 16 }} />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={action === 'cancel' ? { reasonCode: 'client_request' } : {}}
      >
        {reasons.length ? (
          <Form.Item
            name="reasonCode"
            label={t('certificates.field.reason')}
            rules={[{ required: true, message: t('certificates.confirm.reason_required') }]}
          >
            <Select
              data-testid="certificate-action-reason"
              options={reasons.map((r) => ({ value: r, label: t(`certificates.reason.${r}`) }))}
            />
          </Form.Item>
        ) : null}
        {action === 'suspend' ? (
          <Form.Item name="until" label={t('certificates.confirm.until')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={t('certificates.field.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
