import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
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
  List,
  Modal,
  Select,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TabsProps } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { useCan, useCurrentUser } from '../auth/session.tsx';
import { listClients, listOutlets } from '../clients/api.ts';
import { enterpriseTypeLabel } from '../clients/labels.ts';
import { ENTERPRISE_TYPES } from '../clients/api.ts';
import type { EnterpriseType } from '../clients/api.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import { NotFoundResult } from '../shared/Results.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { useFormatInstant } from '../shared/format.ts';
import { EvidenceLinks, UploadButton } from '../evaluations/Evidence.tsx';
import { ApplicationStateTag, DASH, snake, useLabel } from '../evaluations/labels.tsx';
import type { Application, DocumentKind } from './api.ts';
import {
  DOCUMENT_KINDS,
  applicationKeys,
  createApplication,
  getApplication,
  listApplicationEvidence,
  submitApplication,
  updateApplication,
  uploadApplicationEvidence,
  withdrawApplication,
} from './api.ts';
import { ContractReviewTab } from './ContractReviewTab.tsx';

interface FormValues {
  clientId?: string;
  enterpriseType?: EnterpriseType;
  scopeZh: string;
  scopeEn?: string;
  productCategories?: string[];
  outletIds?: string[];
  systemOperatingSince?: Dayjs | null;
}

/** One application: details and scope, the document checklist with uploads, eligibility, contract review. */
export default function ApplicationDetailPage() {
  const { id = '' } = useParams();
  if (id === 'new') return <NewApplication />;
  return <ApplicationView id={id} />;
}

function NewApplication() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const me = useCurrentUser();
  const isClient = me.organisation.kind === 'client';
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const clientId = Form.useWatch('clientId', form) ?? (isClient ? me.organisation.id : undefined);

  const save = async (v: FormValues) => {
    setSaving(true);
    try {
      const created = await createApplication({
        ...(isClient ? {} : { clientId: v.clientId }),
        scheme: { urn: 'urn:starmark:scheme:gbt27922:2011', version: '1.0.0' },
        scopeZh: v.scopeZh,
        ...(v.scopeEn ? { scopeEn: v.scopeEn } : {}),
        ...(v.enterpriseType ? { enterpriseType: v.enterpriseType } : {}),
        ...(v.productCategories?.length ? { productCategories: v.productCategories } : {}),
        ...(v.outletIds?.length ? { outletIds: v.outletIds } : {}),
        ...(v.systemOperatingSince
          ? { systemOperatingSince: v.systemOperatingSince.format('YYYY-MM-DD') }
          : {}),
      });
      message.success(t('applications.created'));
      navigate(`/applications/${created.id}`, { replace: true });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title={t('applications.new_title')} subtitle={t('applications.new_subtitle')} />
      <Card>
        <Form<FormValues> form={form} layout="vertical" onFinish={save} style={{ maxWidth: 720 }}>
          {isClient ? null : (
            <Form.Item name="clientId" label={t('applications.field.client')} rules={[{ required: true }]}>
              <ClientSelect />
            </Form.Item>
          )}
          <ScopeFields clientId={clientId} />
          <Button type="primary" htmlType="submit" loading={saving} data-testid="application-create-save">
            {t('applications.create_save')}
          </Button>
        </Form>
      </Card>
    </>
  );
}

function ClientSelect(props: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const clients = useQuery({
    queryKey: ['clients', 'list', { q, limit: 20 }, 'applications'],
    queryFn: ({ signal }) => listClients({ q: q || undefined, limit: 20, sort: 'name' }, undefined, signal),
  });
  return (
    <Select
      {...props}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('applications.pick_client')}
      options={(clients.data?.items ?? []).map((c) => ({ value: c.id, label: c.legalNameZh }))}
      data-testid="application-client"
    />
  );
}

function ScopeFields({ clientId }: { clientId: string | undefined }) {
  const { t } = useTranslation();
  const outlets = useQuery({
    queryKey: ['clients', 'detail', clientId ?? '', 'outlets', 'list', { limit: 200 }, 'applications'],
    queryFn: ({ signal }) => listOutlets(clientId!, { limit: 200, status: 'active' }, undefined, signal),
    enabled: !!clientId,
  });
  return (
    <>
      <Form.Item name="enterpriseType" label={t('applications.field.enterprise_type')}>
        <Select
          allowClear
          placeholder={t('applications.enterprise_type_default')}
          options={ENTERPRISE_TYPES.map((v) => ({ value: v, label: enterpriseTypeLabel(t, v) }))}
        />
      </Form.Item>
      <Form.Item
        name="scopeZh"
        label={t('applications.field.scope_zh')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input.TextArea rows={3} maxLength={4000} data-testid="application-scope" />
      </Form.Item>
      <Form.Item name="scopeEn" label={t('applications.field.scope_en')}>
        <Input.TextArea rows={2} maxLength={4000} />
      </Form.Item>
      <Form.Item name="productCategories" label={t('applications.field.product_categories')}>
        <Select mode="tags" tokenSeparators={[',', '，', '、']} data-testid="application-categories" />
      </Form.Item>
      <Form.Item
        name="outletIds"
        label={t('applications.field.outlets_in_scope')}
        extra={t('applications.outlets_default')}
      >
        <Select
          mode="multiple"
          allowClear
          loading={outlets.isFetching}
          optionFilterProp="label"
          options={(outlets.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.code} ${o.name}` }))}
        />
      </Form.Item>
      <Form.Item name="systemOperatingSince" label={t('applications.field.system_operating_since')}>
        <DatePicker />
      </Form.Item>
    </>
  );
}

function ApplicationView({ id }: { id: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const formatInstant = useFormatInstant();
  const app = useQuery({
    queryKey: applicationKeys.one(id),
    queryFn: ({ signal }) => getApplication(id, signal),
  });
  const [reasonFor, setReasonFor] = useState<'withdraw' | null>(null);
  const [reasons, setReasons] = useState('');
  const [busy, setBusy] = useState(false);

  if (app.isLoading) return <Spin />;
  if (app.isError || !app.data) return isApiError(app.error, 'not_found') ? <NotFoundResult /> : <Spin />;
  const a = app.data;
  const manage = can('applications.manage');
  const refresh = () => queryClient.invalidateQueries({ queryKey: applicationKeys.all });

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const tabs: NonNullable<TabsProps['items']> = [
    { key: 'details', label: t('applications.tab.details'), children: <DetailsTab app={a} /> },
    { key: 'documents', label: t('applications.tab.documents'), children: <DocumentsTab app={a} /> },
    { key: 'eligibility', label: t('applications.tab.eligibility'), children: <EligibilityTab app={a} /> },
  ];
  if (can('contractReviews.perform') && a.state !== 'draft' && a.contractReviewId) {
    tabs.push({
      key: 'review',
      label: <span data-testid="application-tab-review">{t('applications.tab.contract_review')}</span>,
      children: <ContractReviewTab app={a} />,
    });
  }

  return (
    <>
      <PageHeader
        title={
          <Flex gap="small" align="center" wrap>
            {a.client.name}
            <ApplicationStateTag state={a.state} />
          </Flex>
        }
        subtitle={
          a.submittedAt
            ? t('applications.detail_subtitle', {
                submitted: formatInstant(a.submittedAt, { withTime: true }),
              })
            : undefined
        }
        extra={
          <>
            {a.programmeId ? (
              <Button
                onClick={() => navigate(`/programmes/${a.programmeId}`)}
                data-testid="application-programme"
              >
                {t('applications.open_programme')}
              </Button>
            ) : null}
            {manage && a.state === 'draft' ? (
              <Button
                type="primary"
                loading={busy}
                disabled={!a.eligibility.eligible}
                onClick={() =>
                  act(() => submitApplication(a.id, { version: a.version }), t('applications.submitted'))
                }
                data-testid="application-submit"
              >
                {t('applications.submit')}
              </Button>
            ) : null}
            {manage && (a.state === 'draft' || a.state === 'submitted') ? (
              <Button danger onClick={() => setReasonFor('withdraw')} data-testid="application-withdraw">
                {t('applications.withdraw')}
              </Button>
            ) : null}
          </>
        }
      />
      {a.stateReason ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('applications.state_reason', { reason: a.stateReason })}
        />
      ) : null}
      {a.state === 'draft' && !a.eligibility.eligible ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('applications.fix_before_submit')}
        />
      ) : null}
      <Card>
        <Tabs items={tabs} destroyOnHidden />
      </Card>
      <Modal
        open={reasonFor !== null}
        title={t('applications.withdraw')}
        okButtonProps={{ danger: true, loading: busy }}
        onCancel={() => setReasonFor(null)}
        onOk={async () => {
          await act(
            () => withdrawApplication(a.id, { version: a.version, ...(reasons ? { reasons } : {}) }),
            t('applications.withdrawn'),
          );
          setReasonFor(null);
        }}
      >
        <Input.TextArea
          rows={3}
          value={reasons}
          onChange={(e) => setReasons(e.target.value)}
          placeholder={t('applications.reasons_placeholder')}
        />
      </Modal>
    </>
  );
}

function DetailsTab({ app }: { app: Application }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<FormValues>();
  const [editing, setEditing] = useState(false);
  const editable = can('applications.manage') && app.state === 'draft';

  useEffect(() => {
    if (editing) {
      form.setFieldsValue({
        enterpriseType: app.enterpriseType,
        scopeZh: app.scopeZh,
        scopeEn: app.scopeEn ?? undefined,
        productCategories: app.productCategories,
        outletIds: app.outlets.map((o) => o.id),
        systemOperatingSince: app.systemOperatingSince ? dayjs(app.systemOperatingSince) : null,
      });
    }
  }, [editing, app, form]);

  const save = async (v: FormValues) => {
    try {
      await updateApplication(app.id, {
        version: app.version,
        ...(v.enterpriseType ? { enterpriseType: v.enterpriseType } : {}),
        scopeZh: v.scopeZh,
        scopeEn: v.scopeEn || null,
        productCategories: v.productCategories ?? [],
        ...(v.outletIds?.length ? { outletIds: v.outletIds } : {}),
        systemOperatingSince: v.systemOperatingSince ? v.systemOperatingSince.format('YYYY-MM-DD') : null,
      });
      message.success(t('applications.saved'));
      setEditing(false);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      await queryClient.invalidateQueries({ queryKey: applicationKeys.all });
    }
  };

  if (editing) {
    return (
      <Form<FormValues> form={form} layout="vertical" onFinish={save} style={{ maxWidth: 720 }}>
        <ScopeFields clientId={app.client.id} />
        <Flex gap="small">
          <Button type="primary" htmlType="submit" data-testid="application-save">
            {t('applications.save')}
          </Button>
          <Button onClick={() => setEditing(false)}>{t('applications.cancel')}</Button>
        </Flex>
      </Form>
    );
  }
  return (
    <Flex vertical gap="middle">
      <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
        <Descriptions.Item label={t('applications.field.scheme')}>
          <Typography.Text code>{`${app.scheme.urn} ${app.scheme.version}`}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('applications.field.enterprise_type')}>
          {enterpriseTypeLabel(t, app.enterpriseType)}
        </Descriptions.Item>
        <Descriptions.Item label={t('applications.field.scope_zh')} span={2}>
          {app.scopeZh}
        </Descriptions.Item>
        <Descriptions.Item label={t('applications.field.scope_en')} span={2}>
          {app.scopeEn ?? DASH}
        </Descriptions.Item>
        <Descriptions.Item label={t('applications.field.product_categories')}>
          {app.productCategories.length ? app.productCategories.map((c) => <Tag key={c}>{c}</Tag>) : DASH}
        </Descriptions.Item>
        <Descriptions.Item label={t('applications.field.system_operating_since')}>
          {app.systemOperatingSince ?? DASH}
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        title={() => t('applications.outlets_title', { count: app.outlets.length })}
        dataSource={app.outlets}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('applications.field.outlet_code'), dataIndex: 'code', width: 110 },
          { title: t('applications.field.outlet_name'), dataIndex: 'name' },
          {
            title: t('applications.field.ownership'),
            dataIndex: 'ownership',
            width: 120,
            render: (v: string) => t(`clients.ownership.${v}`),
          },
        ]}
      />
      {editable ? (
        <div>
          <Button onClick={() => setEditing(true)} data-testid="application-edit">
            {t('applications.edit')}
          </Button>
        </div>
      ) : null}
    </Flex>
  );
}

function DocumentsTab({ app }: { app: Application }) {
  const { t } = useTranslation();
  const label = useLabel();
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const files = useQuery({
    queryKey: applicationKeys.evidence(app.id),
    queryFn: ({ signal }) => listApplicationEvidence(app.id, signal),
  });
  const editable = can('applications.manage') && app.state === 'draft';
  const required = new Set(app.requiredDocuments.map((d) => d.kind));

  const addRef = async (kind: DocumentKind, ref: string) => {
    const current = (await getApplication(app.id)) as Application;
    const docs = current.documents.map((d) => ({
      kind: d.kind,
      ...(d.title ? { title: d.title } : {}),
      refs: d.refs,
      ...(d.note ? { note: d.note } : {}),
    }));
    const existing = docs.find((d) => d.kind === kind);
    if (existing) existing.refs = [...existing.refs, ref];
    else docs.push({ kind, refs: [ref] });
    try {
      await updateApplication(app.id, { version: current.version, documents: docs });
    } catch (e) {
      message.error(errorMessage(e));
    }
    await queryClient.invalidateQueries({ queryKey: applicationKeys.all });
  };

  const rows = DOCUMENT_KINDS.map((kind) => {
    const doc = app.documents.find((d) => d.kind === kind);
    return { kind, doc, provided: doc?.provided ?? false };
  });

  return (
    <Table
      size="small"
      rowKey="kind"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      data-testid="application-documents"
      columns={[
        {
          title: t('applications.field.document'),
          key: 'kind',
          render: (_, r) => (
            <Flex gap="small" align="center" wrap>
              {r.doc ? label(r.doc.label) : t(`applications.document.${snake(r.kind)}`)}
              {required.has(r.kind) ? <Tag color="red">{t('applications.required')}</Tag> : null}
            </Flex>
          ),
        },
        {
          title: t('applications.field.provided'),
          key: 'provided',
          width: 90,
          render: (_, r) =>
            r.provided ? (
              <CheckCircleFilled style={{ color: '#52c41a' }} />
            ) : (
              <CloseCircleFilled style={{ color: required.has(r.kind) ? '#ff4d4f' : '#d9d9d9' }} />
            ),
        },
        {
          title: t('applications.field.files'),
          key: 'refs',
          render: (_, r) =>
            r.doc ? (
              <EvidenceLinks
                refs={r.doc.refs}
                files={files.data ?? []}
                context="applications"
                contextId={app.id}
              />
            ) : (
              DASH
            ),
        },
        {
          title: '',
          key: 'upload',
          width: 120,
          render: (_, r) =>
            editable ? (
              <UploadButton
                upload={(f) => uploadApplicationEvidence(app.id, f)}
                onUploaded={(f) => addRef(r.kind, f.ref)}
                testId={`document-upload-${r.kind}`}
              />
            ) : null,
        },
      ]}
    />
  );
}

function EligibilityTab({ app }: { app: Application }) {
  const { t } = useTranslation();
  const label = useLabel();
  const e = app.eligibility;
  return (
    <Flex vertical gap="middle">
      <Alert
        type={e.eligible ? 'success' : 'warning'}
        showIcon
        message={e.eligible ? t('applications.eligible') : t('applications.not_eligible')}
        description={
          e.snapshot
            ? t('applications.eligibility_snapshot', { date: e.asOf })
            : t('applications.eligibility_live', { date: e.asOf })
        }
        data-testid="application-eligibility"
      />
      <List
        dataSource={e.checks}
        renderItem={(c) => (
          <List.Item>
            <Flex gap="small" align="flex-start">
              {c.passed ? (
                <CheckCircleFilled style={{ color: '#52c41a', marginTop: 4 }} />
              ) : (
                <CloseCircleFilled style={{ color: '#ff4d4f', marginTop: 4 }} />
              )}
              <Typography.Text>{label(c.reason)}</Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      <Typography.Text type="secondary">
        <Link to={`/clients/${app.client.id}`}>{t('applications.registry_link')}</Link>
      </Typography.Text>
    </Flex>
  );
}
