import { useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Progress,
  Row,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  CheckCircleFilled,
  EditOutlined,
  EyeInvisibleOutlined,
  PlusOutlined,
  WarningFilled,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import type { CertificateState, Client, ServiceManager, Staff, StaffListParams } from './api.ts';
import {
  createServiceManager,
  createStaff,
  getStaffing,
  listServiceManagers,
  listStaff,
  registryKeys,
  updateServiceManager,
  updateStaff,
} from './api.ts';
import { isApiError } from '../api/client.ts';
import { KeysetPager, useKeyset } from './fields.tsx';
import { showFieldErrors } from './form-errors.ts';
import { CERTIFICATE_STATE_COLORS, certificateStateLabel, DASH } from './labels.ts';

/** A personal number as the API sent it: masked ones are marked so (the API decides, by permission). */
function PersonalNumber({ value, masked }: { value: string | null; masked: boolean }) {
  const { t } = useTranslation();
  if (!value) return <>{DASH}</>;
  return (
    <Flex gap={4} align="center">
      <Typography.Text code>{value}</Typography.Text>
      {masked ? (
        <Tooltip title={t('clients.staff.masked')}>
          <EyeInvisibleOutlined style={{ color: '#999' }} />
        </Tooltip>
      ) : null}
    </Flex>
  );
}

/** Staff and certified after-sales service managers of a client, with the live 10 % check. */
export function StaffTab({ client }: { client: Client }) {
  return (
    <Flex vertical gap="middle">
      <StaffingCard clientId={client.id} />
      <ManagersCard clientId={client.id} />
      <RosterCard clientId={client.id} />
    </Flex>
  );
}

function StaffingCard({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const staffing = useQuery({
    queryKey: registryKeys.staffing(clientId),
    queryFn: ({ signal }) => getStaffing(clientId, signal),
  });
  const s = staffing.data;
  return (
    <Card
      title={t('clients.staffing.title')}
      loading={staffing.isPending}
      data-testid="staffing-card"
      extra={
        s ? (
          s.met ? (
            <Tag icon={<CheckCircleFilled />} color="success" data-testid="staffing-met">
              {t('clients.staffing.met')}
            </Tag>
          ) : (
            <Tag icon={<WarningFilled />} color="error" data-testid="staffing-met">
              {t('clients.staffing.not_met', { count: s.shortfall })}
            </Tag>
          )
        ) : null
      }
    >
      {staffing.isError ? <Alert type="error" showIcon title={errorMessage(staffing.error)} /> : null}
      {s ? (
        <>
          <Row gutter={[16, 16]} align="middle">
            <Col xs={24} md={6}>
              <Flex align="center" gap="middle">
                <Progress
                  type="circle"
                  size={88}
                  percent={s.required ? Math.min(100, Math.round((s.held / s.required) * 100)) : 100}
                  status={s.met ? 'success' : 'exception'}
                  format={() => `${s.held}/${s.required}`}
                />
              </Flex>
            </Col>
            <Col xs={12} md={4}>
              <Statistic
                title={t('clients.staffing.required')}
                value={s.required}
                data-testid="staffing-required"
              />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('clients.staffing.held')} value={s.held} data-testid="staffing-held" />
            </Col>
            <Col xs={12} md={5}>
              <Statistic
                title={t('clients.staffing.expiring_soon', { days: s.expiringWithinDays })}
                value={s.expiringSoon}
                styles={{ content: { color: s.expiringSoon ? '#d46b08' : undefined } }}
                data-testid="staffing-expiring"
              />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={t('clients.staffing.base')} value={s.serviceManagementStaff} />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('clients.staffing.explain', {
              ratio: Math.round(s.ratio * 100),
              minimum: s.minimum,
              base: s.serviceManagementStaff,
              source: t(`clients.staffing.source.${s.serviceManagementStaffSource}`),
              roster: s.rosterServiceManagementStaff,
              on: s.on,
            })}
          </Typography.Paragraph>
          {s.expiringSoon > 0 ? (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              showIcon
              title={t('clients.staffing.expiring_warning', {
                count: s.expiringSoon,
                after: s.heldAfterExpiring,
                required: s.required,
              })}
              data-testid="staffing-expiring-warning"
            />
          ) : null}
        </>
      ) : null}
    </Card>
  );
}

function ManagersCard({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const [editing, setEditing] = useState<ServiceManager | 'new' | null>(null);
  const managers = useQuery({
    queryKey: registryKeys.managers(clientId),
    queryFn: ({ signal }) => listServiceManagers(clientId, signal),
  });
  const columns: TableProps<ServiceManager>['columns'] = [
    { title: t('clients.manager.name'), dataIndex: 'name', width: 110 },
    {
      title: t('clients.manager.id_number'),
      key: 'idNumber',
      width: 220,
      render: (_, m) => <PersonalNumber value={m.idNumber} masked={m.personalDataMasked} />,
    },
    { title: t('clients.manager.certificate_no'), dataIndex: 'certificateNo', width: 150 },
    {
      title: t('clients.manager.level'),
      dataIndex: 'level',
      width: 80,
      render: (v: string | null) => v ?? DASH,
    },
    {
      title: t('clients.manager.issuer'),
      dataIndex: 'issuer',
      ellipsis: true,
      render: (v: string | null) => v ?? DASH,
    },
    { title: t('clients.manager.valid_until'), dataIndex: 'validUntil', width: 120 },
    {
      title: t('clients.manager.state'),
      dataIndex: 'certificateState',
      width: 110,
      render: (s: CertificateState) => (
        <Tag color={CERTIFICATE_STATE_COLORS[s]} data-testid={`manager-state-${s}`}>
          {certificateStateLabel(t, s)}
        </Tag>
      ),
    },
    ...(can('staff.manage')
      ? [
          {
            key: 'actions',
            width: 80,
            render: (_: unknown, m: ServiceManager) => (
              <Button
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditing(m)}
                data-testid={`manager-edit-${m.certificateNo}`}
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card
      title={t('clients.manager.title')}
      extra={
        can('staff.manage') ? (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="manager-create">
            {t('clients.manager.create')}
          </Button>
        ) : null
      }
    >
      <Table<ServiceManager>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={managers.data?.items ?? []}
        loading={managers.isFetching}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="managers-table"
      />
      {editing !== null ? (
        <ManagerModal
          key={editing === 'new' ? 'new' : editing.id}
          clientId={clientId}
          manager={editing === 'new' ? null : editing}
          open={editing !== null}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Card>
  );
}

interface ManagerValues {
  name: string;
  idNumber?: string;
  certificateNo: string;
  level?: string;
  issuer?: string;
  validUntil: Dayjs;
}

const managerValues = (m: ServiceManager | null): Partial<ManagerValues> =>
  m
    ? {
        name: m.name,
        idNumber: m.idNumber ?? undefined,
        certificateNo: m.certificateNo,
        level: m.level ?? undefined,
        issuer: m.issuer ?? undefined,
        validUntil: dayjs(m.validUntil),
      }
    : {};

/** Add a certified manager, or edit one (the edit carries the version; a 409 reloads the form). */
function ManagerModal({
  clientId,
  manager,
  open,
  onClose,
}: {
  clientId: string;
  manager: ServiceManager | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<ManagerValues>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // The record edited: the one opened, or the fresh one after a version conflict.
  const [fresh, setFresh] = useState<ServiceManager | null>(null);
  const current = fresh?.id === manager?.id ? fresh : manager;
  const submit = async (v: ManagerValues) => {
    setSubmitting(true);
    setError(null);
    const body = {
      name: v.name.trim(),
      // Sending back the masked number read keeps the stored one.
      idNumber: v.idNumber?.trim() || null,
      certificateNo: v.certificateNo.trim(),
      level: v.level?.trim() || null,
      issuer: v.issuer?.trim() || null,
      validUntil: v.validUntil.format('YYYY-MM-DD'),
    };
    try {
      const saved = current
        ? await updateServiceManager(current.id, { ...body, version: current.version })
        : await createServiceManager(clientId, body);
      void queryClient.invalidateQueries({ queryKey: registryKeys.staff(clientId) });
      void message.success(
        t(current ? 'clients.edit.done' : 'clients.manager.created', { name: saved.name }),
      );
      setFresh(null);
      onClose();
    } catch (e) {
      if (current && isApiError(e, 'version_conflict')) {
        void message.warning(t('errors.version_conflict'));
        void queryClient.invalidateQueries({ queryKey: registryKeys.staff(clientId) });
        const reloaded = (await listServiceManagers(clientId).catch(() => null))?.items.find(
          (m) => m.id === current.id,
        );
        if (reloaded) {
          setFresh(reloaded);
          form.setFieldsValue(managerValues(reloaded));
        }
        setError(t('clients.edit.conflict_reloaded'));
        return;
      }
      const shown = showFieldErrors(form, e, t, [
        'name',
        'idNumber',
        'certificateNo',
        'level',
        'issuer',
        'validUntil',
      ]);
      setError(shown ? t('clients.form.fix_fields') : errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Modal
      open={open}
      title={manager ? t('clients.manager.edit_title', { name: manager.name }) : t('clients.manager.create')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={() => {
        setFresh(null);
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="manager-form-error"
        />
      ) : null}
      <Form<ManagerValues>
        form={form}
        layout="vertical"
        initialValues={managerValues(manager)}
        onFinish={(v) => void submit(v)}
        preserve={false}
      >
        <Form.Item
          name="name"
          label={t('clients.manager.name')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} data-testid="manager-name" />
        </Form.Item>
        <Form.Item name="idNumber" label={t('clients.manager.id_number')}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="certificateNo"
          label={t('clients.manager.certificate_no')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={64} data-testid="manager-certificate" />
        </Form.Item>
        <Flex gap="middle">
          <Form.Item name="level" label={t('clients.manager.level')} style={{ flex: 1 }}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="validUntil"
            label={t('clients.manager.valid_until')}
            rules={[{ required: true }]}
            style={{ flex: 1 }}
          >
            <DatePicker style={{ width: '100%' }} data-testid="manager-valid-until" />
          </Form.Item>
        </Flex>
        <Form.Item name="issuer" label={t('clients.manager.issuer')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RosterCard({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const errorMessage = useErrorMessage();
  const [params, setParams] = useState<StaffListParams>({ limit: 20 });
  const [search, setSearch] = useState('');
  const pager = useKeyset(JSON.stringify(params));
  const [editing, setEditing] = useState<Staff | 'new' | null>(null);
  const staff = useQuery({
    queryKey: registryKeys.staffList(clientId, params, pager.after),
    queryFn: ({ signal }) => listStaff(clientId, params, pager.after, signal),
    placeholderData: keepPreviousData,
  });
  const columns: TableProps<Staff>['columns'] = [
    { title: t('clients.staff.staff_no'), dataIndex: 'staffNo', width: 100 },
    { title: t('clients.staff.name'), dataIndex: 'name', width: 100 },
    {
      title: t('clients.staff.id_number'),
      key: 'idNumber',
      width: 220,
      render: (_, s) => <PersonalNumber value={s.idNumber} masked={s.personalDataMasked} />,
    },
    {
      title: t('clients.staff.phone'),
      key: 'phone',
      width: 150,
      render: (_, s) => <PersonalNumber value={s.phone} masked={s.personalDataMasked} />,
    },
    {
      title: t('clients.staff.outlet'),
      key: 'outlet',
      ellipsis: true,
      render: (_, s) => (s.outlet ? `${s.outlet.code} ${s.outlet.name}` : t('clients.staff.headquarters')),
    },
    {
      title: t('clients.staff.position'),
      dataIndex: 'position',
      width: 120,
      render: (v: string | null) => v ?? DASH,
    },
    {
      title: t('clients.staff.service_management'),
      dataIndex: 'serviceManagement',
      width: 110,
      render: (v: boolean) => (v ? <Tag color="geekblue">{t('clients.staff.yes')}</Tag> : DASH),
    },
    {
      title: t('clients.staff.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: Staff['status']) => (
        <Badge status={v === 'active' ? 'success' : 'default'} text={t(`clients.staff.state.${v}`)} />
      ),
    },
    ...(can('staff.manage')
      ? [
          {
            key: 'actions',
            width: 80,
            render: (_: unknown, s: Staff) => (
              <Button
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditing(s)}
                data-testid={`staff-edit-${s.staffNo}`}
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card
      title={t('clients.staff.title')}
      extra={
        can('staff.manage') ? (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="staff-create">
            {t('clients.staff.create')}
          </Button>
        ) : null
      }
    >
      <Flex gap="small" wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('clients.staff.search_placeholder')}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            if (!e.target.value) setParams((p) => ({ ...p, q: undefined }));
          }}
          onSearch={(v) => setParams((p) => ({ ...p, q: v.trim() || undefined }))}
          style={{ width: 260, maxWidth: '100%' }}
        />
        <Checkbox
          checked={params.serviceManagement === 'true'}
          onChange={(e) =>
            setParams((p) => ({ ...p, serviceManagement: e.target.checked ? 'true' : undefined }))
          }
        >
          {t('clients.staff.only_service_management')}
        </Checkbox>
      </Flex>
      <Table<Staff>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={staff.data?.items ?? []}
        loading={staff.isFetching}
        locale={staff.isError ? { emptyText: errorMessage(staff.error) } : undefined}
        pagination={false}
        scroll={{ x: 1000 }}
        data-testid="staff-table"
      />
      <KeysetPager
        page={pager.page}
        total={staff.data?.total}
        nextCursor={staff.data?.nextCursor}
        onNext={pager.next}
        onPrevious={pager.previous}
      />
      {editing !== null ? (
        <StaffModal
          key={editing === 'new' ? 'new' : editing.id}
          clientId={clientId}
          staff={editing === 'new' ? null : editing}
          open={editing !== null}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Card>
  );
}

interface StaffValues {
  staffNo: string;
  name: string;
  idNumber?: string;
  phone?: string;
  position?: string;
  serviceManagement?: boolean;
}

const staffValues = (s: Staff | null): Partial<StaffValues> =>
  s
    ? {
        staffNo: s.staffNo,
        name: s.name,
        idNumber: s.idNumber ?? undefined,
        phone: s.phone ?? undefined,
        position: s.position ?? undefined,
        serviceManagement: s.serviceManagement,
      }
    : {};

/** Add a staff member, or edit one (the edit carries the version; a 409 reloads the form). */
function StaffModal({
  clientId,
  staff,
  open,
  onClose,
}: {
  clientId: string;
  staff: Staff | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<StaffValues>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [fresh, setFresh] = useState<Staff | null>(null);
  const current = fresh?.id === staff?.id ? fresh : staff;
  const submit = async (v: StaffValues) => {
    setSubmitting(true);
    setError(null);
    const body = {
      staffNo: v.staffNo.trim(),
      name: v.name.trim(),
      // Sending back the masked numbers read keeps the stored ones.
      idNumber: v.idNumber?.trim() || null,
      phone: v.phone?.trim() || null,
      position: v.position?.trim() || null,
      serviceManagement: !!v.serviceManagement,
    };
    try {
      const saved = current
        ? await updateStaff(current.id, { ...body, version: current.version })
        : await createStaff(clientId, body);
      void queryClient.invalidateQueries({ queryKey: registryKeys.staff(clientId) });
      void message.success(t(current ? 'clients.edit.done' : 'clients.staff.created', { name: saved.name }));
      setFresh(null);
      onClose();
    } catch (e) {
      if (current && isApiError(e, 'version_conflict')) {
        void message.warning(t('errors.version_conflict'));
        void queryClient.invalidateQueries({ queryKey: registryKeys.staff(clientId) });
        const reloaded = (
          await listStaff(clientId, { q: current.staffNo, limit: 20 }, undefined).catch(() => null)
        )?.items.find((s) => s.id === current.id);
        if (reloaded) {
          setFresh(reloaded);
          form.setFieldsValue(staffValues(reloaded));
        }
        setError(t('clients.edit.conflict_reloaded'));
        return;
      }
      const shown = showFieldErrors(form, e, t, ['staffNo', 'name', 'idNumber', 'phone', 'position']);
      setError(shown ? t('clients.form.fix_fields') : errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Modal
      open={open}
      title={staff ? t('clients.staff.edit_title', { name: staff.name }) : t('clients.staff.create')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={() => {
        setFresh(null);
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="staff-form-error"
        />
      ) : null}
      <Form<StaffValues>
        form={form}
        layout="vertical"
        initialValues={staffValues(staff)}
        onFinish={(v) => void submit(v)}
        preserve={false}
      >
        <Flex gap="middle">
          <Form.Item
            name="staffNo"
            label={t('clients.staff.staff_no')}
            rules={[{ required: true, whitespace: true }]}
            style={{ flex: 1 }}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('clients.staff.name')}
            rules={[{ required: true, whitespace: true }]}
            style={{ flex: 1 }}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Form.Item name="idNumber" label={t('clients.staff.id_number')}>
          <Input maxLength={40} />
        </Form.Item>
        <Flex gap="middle">
          <Form.Item name="phone" label={t('clients.staff.phone')} style={{ flex: 1 }}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="position" label={t('clients.staff.position')} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Form.Item name="serviceManagement" valuePropName="checked">
          <Checkbox>{t('clients.staff.service_management_hint')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
