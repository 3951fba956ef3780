import { useEffect, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
} from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { useErrorMessage } from '../shared/errors.ts';
import type { Outlet, OutletChannel, OutletOwnership, OutletStatus } from './api.ts';
import {
  createOutlet,
  getOutlet,
  OUTLET_CHANNELS,
  OUTLET_OWNERSHIPS,
  OUTLET_STATUSES,
  updateOutlet,
} from './api.ts';
import { DivisionCascader, divisionPath, lastOf } from './fields.tsx';
import { showFieldErrors } from './form-errors.ts';
import { channelLabel, outletStatusLabel, ownershipLabel } from './labels.ts';

interface Values {
  code: string;
  name: string;
  division?: string[];
  address?: string;
  ownership: OutletOwnership;
  partnerName?: string;
  partnerCreditCode?: string;
  agreementValidUntil?: Dayjs | null;
  channels: OutletChannel[];
  staffCount?: number | null;
  openedOn?: Dayjs | null;
  phone?: string;
  status: OutletStatus;
}

const FIELDS = [
  'code',
  'name',
  'division',
  'address',
  'ownership',
  'partnerName',
  'partnerCreditCode',
  'agreementValidUntil',
  'channels',
  'staffCount',
  'openedOn',
  'phone',
  'status',
];

const day = (s: string | null | undefined) => (s ? dayjs(s) : null);
const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const text = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

function initialValues(o: Outlet | null): Partial<Values> {
  if (!o) return { ownership: 'owned', status: 'active', channels: [] };
  return {
    code: o.code,
    name: o.name,
    division: divisionPath(o.division),
    address: o.address ?? '',
    ownership: o.ownership,
    partnerName: o.partnerName ?? '',
    partnerCreditCode: o.partnerCreditCode ?? '',
    agreementValidUntil: day(o.agreementValidUntil),
    channels: o.channels,
    staffCount: o.staffCount,
    openedOn: day(o.openedOn),
    phone: o.phone ?? '',
    status: o.status,
  };
}

function bodyOf(v: Values) {
  const contracted = v.ownership === 'contracted';
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    divisionCode: lastOf(v.division),
    address: text(v.address),
    ownership: v.ownership,
    partnerName: contracted ? text(v.partnerName) : null,
    partnerCreditCode: contracted ? text(v.partnerCreditCode) : null,
    agreementValidUntil: contracted ? iso(v.agreementValidUntil) : null,
    channels: v.channels,
    staffCount: v.staffCount ?? null,
    openedOn: iso(v.openedOn),
    phone: text(v.phone),
    status: v.status,
  };
}

/** Add or edit an outlet: owned or contracted (partner, agreement), channels, status; edits carry the version. */
export function OutletFormModal({
  clientId,
  outlet,
  open,
  onClose,
  onSaved,
  onConflict,
}: {
  clientId: string;
  outlet: Outlet | null;
  open: boolean;
  onClose: () => void;
  onSaved: (outlet: Outlet, created: boolean) => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [current, setCurrent] = useState<Outlet | null>(outlet);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const ownership = Form.useWatch('ownership', form);

  useEffect(() => {
    if (!open) return;
    setCurrent(outlet);
    setConflict(false);
    setError(null);
  }, [open, outlet]);

  const submit = async (values: Values) => {
    setError(null);
    setSubmitting(true);
    try {
      if (current)
        onSaved(await updateOutlet(current.id, { ...bodyOf(values), version: current.version }), false);
      else onSaved(await createOutlet(clientId, bodyOf(values)), true);
    } catch (e) {
      if (current && isApiError(e, 'version_conflict')) {
        void message.warning(t('errors.version_conflict'));
        onConflict();
        const fresh = await getOutlet(current.id).catch(() => null);
        if (fresh) {
          setCurrent(fresh);
          setFormKey((k) => k + 1);
          setConflict(true);
        }
      } else {
        const shown = showFieldErrors(form, e, t, FIELDS, { divisionCode: 'division' });
        setError(shown ? t('clients.form.fix_fields') : errorMessage(e));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={outlet ? t('clients.outlet.edit_title', { code: outlet.code }) : t('clients.outlet.create')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={onClose}
      destroyOnHidden
      width={720}
    >
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          title={t('clients.edit.conflict_reloaded')}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="outlet-form-error"
        />
      ) : null}
      <Form<Values>
        key={formKey}
        form={form}
        layout="vertical"
        initialValues={initialValues(conflict ? current : outlet)}
        onFinish={(v) => void submit(v)}
        preserve={false}
        data-testid="outlet-form"
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="code"
              label={t('clients.outlet.code')}
              rules={[
                { required: true, whitespace: true, message: t('clients.validation.outlet_code_required') },
              ]}
            >
              <Input maxLength={64} data-testid="outlet-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              name="name"
              label={t('clients.outlet.name')}
              rules={[
                { required: true, whitespace: true, message: t('clients.validation.outlet_name_required') },
              ]}
            >
              <Input maxLength={200} data-testid="outlet-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="division" label={t('clients.outlet.division')}>
              <DivisionCascader testId="outlet-division" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="address" label={t('clients.outlet.address')}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="ownership" label={t('clients.outlet.ownership')}>
              <Radio.Group
                optionType="button"
                options={OUTLET_OWNERSHIPS.map((v) => ({ value: v, label: ownershipLabel(t, v) }))}
                data-testid="outlet-ownership"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="status" label={t('clients.outlet.status')}>
              <Radio.Group
                optionType="button"
                options={OUTLET_STATUSES.map((v) => ({ value: v, label: outletStatusLabel(t, v) }))}
              />
            </Form.Item>
          </Col>
          {ownership === 'contracted' ? (
            <>
              <Col xs={24} md={12}>
                <Form.Item
                  name="partnerName"
                  label={t('clients.outlet.partner_name')}
                  rules={[
                    { required: true, whitespace: true, message: t('clients.validation.partner_required') },
                  ]}
                >
                  <Input maxLength={200} data-testid="outlet-partner" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="agreementValidUntil" label={t('clients.outlet.agreement_valid_until')}>
                  <DatePicker style={{ width: '100%' }} data-testid="outlet-agreement" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="partnerCreditCode" label={t('clients.outlet.partner_credit_code')}>
                  <Input maxLength={40} style={{ fontFamily: 'monospace' }} />
                </Form.Item>
              </Col>
            </>
          ) : null}
          <Col xs={24}>
            <Form.Item name="channels" label={t('clients.outlet.channels')}>
              <Checkbox.Group
                options={OUTLET_CHANNELS.map((v) => ({ value: v, label: channelLabel(t, v) }))}
                data-testid="outlet-channels"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="staffCount" label={t('clients.outlet.staff_count')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="outlet-staff-count" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="openedOn" label={t('clients.outlet.opened_on')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="phone" label={t('clients.outlet.phone')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
