import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../shared/errors.ts';
import type { Checklist } from '../evaluations/api.ts';
import { evaluationKeys } from '../evaluations/api.ts';
import { severityLabel, useLabel } from '../evaluations/labels.tsx';
import type { FindingSeverity } from './api.ts';
import { FINDING_SEVERITIES, createFinding, findingKeys } from './api.ts';

interface Values {
  node: string;
  siteId?: string;
  severity: FindingSeverity;
  category?: string;
  description: string;
  dueDate?: Dayjs;
}

const CATEGORIES = ['law', 'ownRules', 'industry', 'serviceSystem'] as const;

/** Raise a finding tied to an indicator (and a site), with severity and a due date (default 30 days). */
export function FindingCreateModal({
  evaluationId,
  entries,
  initial,
  onClose,
}: {
  evaluationId: string;
  entries: Checklist | undefined;
  initial?: { node?: string; siteId?: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const severity = Form.useWatch('severity', form);

  const nodes = new Map<string, string>();
  for (const s of entries?.sites ?? [])
    for (const i of s.items) if (!nodes.has(i.node)) nodes.set(i.node, label(i.title));

  const save = async (v: Values) => {
    setSaving(true);
    try {
      await createFinding(evaluationId, {
        node: v.node,
        ...(v.siteId ? { siteId: v.siteId } : {}),
        severity: v.severity,
        ...(v.category ? { category: v.category } : {}),
        description: v.description,
        ...(v.dueDate ? { dueDate: v.dueDate.format('YYYY-MM-DD') } : {}),
      });
      message.success(t('findings.created'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: findingKeys.all }),
        queryClient.invalidateQueries({ queryKey: evaluationKeys.all }),
      ]);
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
      title={t('findings.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, 'data-testid': 'finding-create-ok' } as ButtonProps}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          node: initial?.node,
          siteId: initial?.siteId,
          severity: 'nonconformity',
          dueDate: dayjs().add(30, 'day'),
        }}
      >
        <Form.Item name="node" label={t('findings.field.indicator')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={[...nodes].map(([n, title]) => ({ value: n, label: `${n} ${title}` }))}
            data-testid="finding-node"
          />
        </Form.Item>
        <Form.Item name="siteId" label={t('findings.field.site')}>
          <Select
            allowClear
            options={(entries?.sites ?? []).map((s) => ({
              value: s.site.id,
              label:
                s.site.kind === 'headquarters'
                  ? t('evaluations.plan.headquarters')
                  : `${s.site.code} ${s.site.name}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="severity" label={t('findings.field.severity')} rules={[{ required: true }]}>
          <Select
            options={FINDING_SEVERITIES.map((s) => ({ value: s, label: severityLabel(t, s) }))}
            data-testid="finding-severity"
          />
        </Form.Item>
        {severity === 'specialDeduction' ? (
          <Form.Item name="category" label={t('findings.field.category')} rules={[{ required: true }]}>
            <Select
              options={CATEGORIES.map((c) => ({
                value: c,
                label: t(
                  `findings.category.${c === 'ownRules' ? 'own_rules' : c === 'serviceSystem' ? 'service_system' : c}`,
                ),
              }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="description"
          label={t('findings.field.description')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={4} data-testid="finding-description" />
        </Form.Item>
        <Form.Item name="dueDate" label={t('findings.field.due_date')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
