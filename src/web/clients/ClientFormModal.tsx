import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Col, Form, Input, InputNumber, Modal, Radio, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { useErrorMessage } from '../shared/errors.ts';
import type { Client, EnterpriseType } from './api.ts';
import { createClient, ENTERPRISE_TYPES, getClient, updateClient } from './api.ts';
import { DivisionCascader, divisionPath, IndustryCascader, industryPath, lastOf } from './fields.tsx';
import { showFieldErrors } from './form-errors.ts';
import { enterpriseTypeLabel } from './labels.ts';

interface Values {
  legalNameZh: string;
  legalNameEn?: string;
  creditCode: string;
  enterpriseType: EnterpriseType;
  industry?: string[];
  registeredAddress?: string;
  registeredDivision?: string[];
  operatingAddress?: string;
  operatingDivision?: string[];
  productCategories?: string[];
  serviceCategories?: string[];
  headcount?: number | null;
  serviceManagementStaff?: number | null;
}

const FIELDS = [
  'legalNameZh',
  'legalNameEn',
  'creditCode',
  'enterpriseType',
  'industryCode',
  'registeredAddress',
  'registeredDivisionCode',
  'operatingAddress',
  'operatingDivisionCode',
  'productCategories',
  'serviceCategories',
  'headcount',
  'serviceManagementStaff',
] as const;

/** The server names the body's fields; the form names some of them differently (paths, not codes). */
const FORM_FIELD: Record<string, string> = {
  industryCode: 'industry',
  registeredDivisionCode: 'registeredDivision',
  operatingDivisionCode: 'operatingDivision',
};

function initialValues(client: Client | null): Partial<Values> {
  if (!client) return { enterpriseType: 'production', productCategories: [], serviceCategories: [] };
  return {
    legalNameZh: client.legalNameZh,
    legalNameEn: client.legalNameEn ?? '',
    creditCode: client.creditCode,
    enterpriseType: client.enterpriseType,
    industry: industryPath(client.industry),
    registeredAddress: client.registeredAddress ?? '',
    registeredDivision: divisionPath(client.registeredDivision),
    operatingAddress: client.operatingAddress ?? '',
    operatingDivision: divisionPath(client.operatingDivision),
    productCategories: client.productCategories,
    serviceCategories: client.serviceCategories,
    headcount: client.headcount,
    serviceManagementStaff: client.serviceManagementStaff,
  };
}

function bodyOf(v: Values) {
  const text = (s: string | undefined) => (s && s.trim() ? s.trim() : null);
  return {
    legalNameZh: v.legalNameZh.trim(),
    legalNameEn: text(v.legalNameEn),
    creditCode: v.creditCode.trim(),
    enterpriseType: v.enterpriseType,
    industryCode: lastOf(v.industry),
    registeredAddress: text(v.registeredAddress),
    registeredDivisionCode: lastOf(v.registeredDivision),
    operatingAddress: text(v.operatingAddress),
    operatingDivisionCode: lastOf(v.operatingDivision),
    productCategories: v.productCategories ?? [],
    serviceCategories: v.serviceCategories ?? [],
    headcount: v.headcount ?? null,
    serviceManagementStaff: v.serviceManagementStaff ?? null,
  };
}

/**
 * Create a client (with its organisation) or edit one. An edit names the version it was based on; when
 * someone else saved first the latest version is loaded into the form and the user is told. The credit
 * code is checked by the API; its answer is shown under the field in the interface language.
 */
export function ClientFormModal({
  open,
  client,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** null: create. */
  client: Client | null;
  onClose: () => void;
  onSaved: (client: Client) => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [current, setCurrent] = useState<Client | null>(client);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const editing = !!client;

  useEffect(() => {
    if (!open) return;
    setCurrent(client);
    setConflict(false);
    setError(null);
  }, [open, client]);

  const submit = async (values: Values) => {
    setError(null);
    setSubmitting(true);
    try {
      const saved =
        editing && current
          ? await updateClient(current.id, { ...bodyOf(values), version: current.version })
          : await createClient(bodyOf(values));
      onSaved(saved);
    } catch (e) {
      if (editing && current && isApiError(e, 'version_conflict')) {
        void message.warning(t('errors.version_conflict'));
        const fresh = await getClient(current.id).catch(() => null);
        if (fresh) {
          setCurrent(fresh);
          setFormKey((k) => k + 1);
          setConflict(true);
        }
      } else {
        const names = FIELDS.map((f) => FORM_FIELD[f] ?? f);
        const shown = showFieldErrors(form, e, t, names, FORM_FIELD);
        setError(shown ? t('clients.form.fix_fields') : errorMessage(e));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('clients.edit.title') : t('clients.create.title')}
      okText={editing ? t('common.save') : t('clients.create.submit')}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={onClose}
      destroyOnHidden
      width={760}
    >
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          title={t('clients.edit.conflict_reloaded')}
          style={{ marginBottom: 16 }}
          data-testid="client-edit-conflict"
        />
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="client-form-error"
        />
      ) : null}
      <Form<Values>
        key={formKey}
        form={form}
        layout="vertical"
        initialValues={initialValues(conflict ? current : client)}
        onFinish={(v) => void submit(v)}
        data-testid="client-form"
        preserve={false}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="legalNameZh"
              label={t('clients.field.legal_name_zh')}
              rules={[{ required: true, whitespace: true, message: t('clients.validation.name_required') }]}
            >
              <Input data-testid="client-name-zh" maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="legalNameEn" label={t('clients.field.legal_name_en')}>
              <Input data-testid="client-name-en" maxLength={300} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="creditCode"
              label={t('clients.field.credit_code')}
              extra={t('clients.credit_code.hint')}
              rules={[
                { required: true, whitespace: true, message: t('clients.validation.credit_code_required') },
              ]}
            >
              <Input data-testid="client-credit-code" maxLength={40} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="enterpriseType"
              label={t('clients.field.enterprise_type')}
              rules={[{ required: true }]}
            >
              <Radio.Group
                optionType="button"
                options={ENTERPRISE_TYPES.map((v) => ({ value: v, label: enterpriseTypeLabel(t, v) }))}
                data-testid="client-enterprise-type"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="industry" label={t('clients.field.industry')}>
              <IndustryCascader testId="client-industry" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="headcount" label={t('clients.field.headcount')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="client-headcount" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="serviceManagementStaff"
              label={t('clients.field.service_management_staff')}
              tooltip={t('clients.field.service_management_staff_hint')}
            >
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="client-sms" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="registeredDivision" label={t('clients.field.registered_division')}>
              <DivisionCascader testId="client-registered-division" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="registeredAddress" label={t('clients.field.registered_address')}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="operatingDivision" label={t('clients.field.operating_division')}>
              <DivisionCascader testId="client-operating-division" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="operatingAddress" label={t('clients.field.operating_address')}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="productCategories" label={t('clients.field.product_categories')}>
              <Select mode="tags" open={false} placeholder={t('clients.form.tags_placeholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="serviceCategories" label={t('clients.field.service_categories')}>
              <Select mode="tags" open={false} placeholder={t('clients.form.tags_placeholder')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
