import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, DatePicker, Flex, Form, Input, Modal, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { showFieldErrors } from '../clients/form-errors.ts';
import { useErrorMessage } from '../shared/errors.ts';
import type { Person, PersonnelStatus, QualificationRole } from './api.ts';
import {
  createPerson,
  getPerson,
  personnelKeys,
  PERSONNEL_STATUSES,
  QUALIFICATION_ROLES,
  updatePerson,
} from './api.ts';

interface QualificationValues {
  scheme: string;
  role: QualificationRole;
  registrationNo?: string;
  validUntil?: Dayjs | null;
}

interface PersonValues {
  name: string;
  email?: string;
  phone?: string;
  idNumber?: string;
  languages?: string[];
  status: PersonnelStatus;
  qualifications?: QualificationValues[];
}

const FIELDS = ['name', 'email', 'phone', 'idNumber', 'languages', 'status', 'qualifications'];

const valuesOf = (p: Person | null): Partial<PersonValues> =>
  p
    ? {
        name: p.name,
        email: p.email ?? undefined,
        phone: p.phone ?? undefined,
        idNumber: p.idNumber ?? undefined,
        languages: p.languages,
        status: p.status,
        qualifications: p.qualifications.map((q) => ({
          scheme: q.scheme,
          role: q.role,
          registrationNo: q.registrationNo ?? undefined,
          validUntil: q.validUntil ? dayjs(q.validUntil) : null,
        })),
      }
    : { status: 'active', languages: ['zh'], qualifications: [] };

/**
 * Add an evaluator or technical expert, or edit one: the same form, filled with the stored values.
 * Edits carry the version; a conflict (409) reloads the person and says so. Personal numbers come
 * masked; sending a masked number back keeps the stored one.
 */
export function PersonFormModal({
  person,
  open,
  onClose,
}: {
  person: Person | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<PersonValues>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [fresh, setFresh] = useState<Person | null>(null);
  const current = fresh?.id === person?.id ? fresh : person;

  const close = () => {
    setFresh(null);
    setError(null);
    onClose();
  };

  const submit = async (v: PersonValues) => {
    setSubmitting(true);
    setError(null);
    // Competences and home region are not on this form: left out, they stay as stored.
    const body = {
      name: v.name.trim(),
      email: v.email?.trim() || null,
      phone: v.phone?.trim() || null,
      idNumber: v.idNumber?.trim() || null,
      languages: v.languages ?? [],
      status: v.status,
      qualifications: (v.qualifications ?? []).map((q) => ({
        scheme: q.scheme.trim(),
        role: q.role,
        registrationNo: q.registrationNo?.trim() || null,
        validUntil: q.validUntil ? q.validUntil.format('YYYY-MM-DD') : null,
      })),
    };
    try {
      const saved = current
        ? await updatePerson(current.id, { ...body, version: current.version })
        : await createPerson(body);
      void queryClient.invalidateQueries({ queryKey: personnelKeys.all });
      void message.success(
        t(current ? 'personnel.form.updated' : 'personnel.form.created', { name: saved.name }),
      );
      close();
    } catch (e) {
      if (current && isApiError(e, 'version_conflict')) {
        void message.warning(t('errors.version_conflict'));
        void queryClient.invalidateQueries({ queryKey: personnelKeys.all });
        const reloaded = await getPerson(current.id).catch(() => null);
        if (reloaded) {
          setFresh(reloaded);
          form.setFieldsValue(valuesOf(reloaded));
        }
        setError(t('personnel.form.conflict_reloaded'));
        return;
      }
      const shown = showFieldErrors(form, e, t, FIELDS);
      setError(shown ? t('personnel.form.fix_fields') : errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={person ? t('personnel.form.edit_title', { name: person.name }) : t('personnel.form.create')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={close}
      destroyOnHidden
      width={720}
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="person-form-error"
        />
      ) : null}
      <Form<PersonValues>
        form={form}
        layout="vertical"
        initialValues={valuesOf(person)}
        onFinish={(v) => void submit(v)}
        preserve={false}
        data-testid="person-form"
      >
        <Flex gap="middle" wrap>
          <Form.Item
            name="name"
            label={t('personnel.field.name')}
            rules={[{ required: true, whitespace: true }]}
            style={{ flex: 1, minWidth: 200 }}
          >
            <Input maxLength={100} data-testid="person-name" />
          </Form.Item>
          <Form.Item name="email" label={t('personnel.form.email')} style={{ flex: 1, minWidth: 200 }}>
            <Input maxLength={254} />
          </Form.Item>
        </Flex>
        <Flex gap="middle" wrap>
          <Form.Item name="phone" label={t('personnel.form.phone')} style={{ flex: 1, minWidth: 200 }}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="idNumber" label={t('personnel.form.id_number')} style={{ flex: 1, minWidth: 200 }}>
            <Input maxLength={40} />
          </Form.Item>
        </Flex>
        <Flex gap="middle" wrap>
          <Form.Item
            name="languages"
            label={t('personnel.field.languages')}
            style={{ flex: 1, minWidth: 200 }}
          >
            <Select mode="tags" tokenSeparators={[',', ' ']} />
          </Form.Item>
          <Form.Item name="status" label={t('personnel.field.status')} style={{ flex: 1, minWidth: 200 }}>
            <Select
              options={PERSONNEL_STATUSES.map((s) => ({ value: s, label: t(`personnel.status.${s}`) }))}
            />
          </Form.Item>
        </Flex>
        <Form.List name="qualifications">
          {(items, { add, remove }) => (
            <Flex vertical gap={8}>
              <span>{t('personnel.field.qualifications')}</span>
              {items.map(({ key, name }) => (
                <Flex key={key} gap={8} wrap align="start">
                  <Form.Item name={[name, 'scheme']} rules={[{ required: true, whitespace: true }]} noStyle>
                    <Input placeholder={t('personnel.form.scheme')} maxLength={200} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'role']} rules={[{ required: true }]} noStyle>
                    <Select<QualificationRole>
                      placeholder={t('personnel.field.role')}
                      options={QUALIFICATION_ROLES.map((r) => ({
                        value: r,
                        label: t(`personnel.role.${r}`),
                      }))}
                      style={{ width: 120 }}
                    />
                  </Form.Item>
                  <Form.Item name={[name, 'registrationNo']} noStyle>
                    <Input
                      placeholder={t('personnel.form.registration_no')}
                      maxLength={64}
                      style={{ width: 150 }}
                    />
                  </Form.Item>
                  <Form.Item name={[name, 'validUntil']} noStyle>
                    <DatePicker placeholder={t('personnel.form.valid_until')} style={{ width: 150 }} />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    onClick={() => remove(name)}
                    title={t('personnel.form.remove_qualification')}
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ role: 'evaluator' })}
                style={{ alignSelf: 'flex-start' }}
              >
                {t('personnel.form.add_qualification')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
