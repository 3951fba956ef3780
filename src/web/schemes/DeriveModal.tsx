import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SchemeDeriveBody } from '../../modules/schemes/schemes.contract.ts';
import { useCurrentUser } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import type { SchemeSummary } from './api.ts';
import { deriveScheme } from './api.ts';
import { useLocalized } from './labels.tsx';

interface Values {
  urn: string;
  schemeVersion: string;
  titleZh?: string;
  titleEn?: string;
}

/** The URN form both the API and the package format accept (lower-case namespace). */
const URN_PATTERN = /^urn:[a-z0-9][a-z0-9-]{0,31}:[\w.:-]+$/;

/**
 * Derive a body version (a draft) from a published reference version. The reference stays as it is;
 * the body's changes live in the draft's overlay.
 */
export function DeriveModal({
  base,
  onClose,
  onDerived,
}: {
  base: SchemeSummary | null;
  onClose: () => void;
  onDerived: (derived: SchemeSummary) => void;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const localized = useLocalized();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!base) return;
    setError(null);
    form.setFieldsValue({
      urn: `${base.urn}:body`,
      schemeVersion: `${new Date().getFullYear()}.1`,
      titleZh: '',
      titleEn: '',
    });
  }, [base, form]);

  const submit = async (values: Values) => {
    if (!base) return;
    setError(null);
    setSubmitting(true);
    const titleZh = values.titleZh?.trim();
    const titleEn = values.titleEn?.trim();
    const body: SchemeDeriveBody = {
      urn: values.urn.trim(),
      schemeVersion: values.schemeVersion.trim(),
      ...(titleZh ? { title: { zh: titleZh, ...(titleEn ? { en: titleEn } : {}) } } : {}),
    };
    try {
      onDerived(await deriveScheme(base.id, body));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={!!base}
      title={t('schemes.derive.title')}
      okText={t('schemes.derive.submit')}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={onClose}
      width={600}
      forceRender
    >
      {base ? (
        <Typography.Paragraph type="secondary">
          {t('schemes.derive.intro', {
            title: localized(base.title),
            version: base.schemeVersion,
            body: me.certificationBody.name,
          })}
        </Typography.Paragraph>
      ) : null}
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="derive-error" />
      ) : null}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="derive-form">
        <Form.Item
          name="urn"
          label={t('schemes.field.urn')}
          extra={t('schemes.derive.urn_hint')}
          rules={[
            { required: true, whitespace: true, message: t('schemes.derive.urn_required') },
            { pattern: URN_PATTERN, message: t('schemes.derive.urn_invalid') },
          ]}
        >
          <Input autoComplete="off" spellCheck={false} data-testid="derive-urn" />
        </Form.Item>
        <Form.Item
          name="schemeVersion"
          label={t('schemes.field.version')}
          extra={t('schemes.derive.version_hint')}
          rules={[
            { required: true, whitespace: true, message: t('schemes.derive.version_required') },
            { max: 50 },
          ]}
        >
          <Input autoComplete="off" data-testid="derive-version" />
        </Form.Item>
        <Form.Item
          name="titleZh"
          label={t('schemes.derive.title_zh')}
          extra={base ? t('schemes.derive.title_hint', { title: base.title.zh }) : null}
          dependencies={['titleEn']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value?: string) =>
                !value?.trim() && (getFieldValue('titleEn') as string | undefined)?.trim()
                  ? Promise.reject(new Error(t('schemes.derive.title_zh_required')))
                  : Promise.resolve(),
            }),
            { max: 200 },
          ]}
        >
          <Input autoComplete="off" data-testid="derive-title-zh" />
        </Form.Item>
        <Form.Item name="titleEn" label={t('schemes.derive.title_en')} rules={[{ max: 200 }]}>
          <Input autoComplete="off" data-testid="derive-title-en" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
