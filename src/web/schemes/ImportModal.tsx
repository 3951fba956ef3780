import { useState } from 'react';
import { Alert, Button, Flex, Modal, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SchemePackage } from '../../domain/schemes/package-schema.ts';
import type { SchemeImportResponse } from '../../modules/schemes/schemes.contract.ts';
import { useErrorMessage } from '../shared/errors.ts';
import type { SchemeSummary } from './api.ts';
import { importScheme } from './api.ts';
import { SchemeIssues } from './SchemeIssues.tsx';

/** The size the API accepts (2,000,000 characters of YAML). */
const MAX_CHARS = 2_000_000;

interface Attempt {
  fileName: string;
  text: string;
  /** The file parsed here too, so that an issue can name its indicator; undefined when it does not parse. */
  parsed: SchemePackage | undefined;
  result: SchemeImportResponse;
}

/** Parse the YAML in the browser (the parser is loaded only when a file is imported). */
async function parseLocally(text: string): Promise<SchemePackage | undefined> {
  try {
    const { parse } = await import('yaml');
    const value: unknown = parse(text);
    return typeof value === 'object' && value !== null ? (value as SchemePackage) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Import a scheme package from a YAML (or JSON) file: the file is read as text and posted. A package
 * that does not validate is not stored; its problems are listed with their line numbers.
 */
export function ImportModal({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: (scheme: SchemeSummary) => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setAttempt(null);
    setError(null);
    onClose();
  };

  const upload = async (file: File) => {
    setError(null);
    setAttempt(null);
    setBusy(true);
    try {
      const text = await file.text();
      if (!text.trim()) throw new Error(t('schemes.import.empty'));
      if (text.length > MAX_CHARS) throw new Error(t('schemes.import.too_large'));
      const result = await importScheme(text);
      const parsed = result.ok ? undefined : await parseLocally(text);
      setAttempt({ fileName: file.name, text, parsed, result });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const imported = attempt?.result.ok ? attempt.result.scheme : null;

  return (
    <Modal
      open={open}
      title={t('schemes.import.title')}
      onCancel={close}
      width={760}
      destroyOnHidden
      footer={
        imported ? (
          <Flex justify="flex-end" gap="small">
            <Button onClick={close}>{t('common.done')}</Button>
            <Button type="primary" onClick={() => onImported(imported)} data-testid="import-open">
              {t('schemes.import.open')}
            </Button>
          </Flex>
        ) : (
          <Button onClick={close}>{t('common.cancel')}</Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('schemes.import.intro')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".yaml,.yml,.json,application/yaml,text/yaml,application/json"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
        data-testid="import-upload"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('schemes.import.drop')}</p>
        <p className="ant-upload-hint">{t('schemes.import.hint')}</p>
      </Upload.Dragger>

      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="import-error" />
      ) : null}
      {attempt ? (
        <Flex vertical gap="small" style={{ marginTop: 16 }} data-testid="import-result">
          <Typography.Text>
            {attempt.result.ok
              ? t('schemes.import.accepted', {
                  file: attempt.fileName,
                  urn: attempt.result.scheme?.urn ?? '',
                  version: attempt.result.scheme?.schemeVersion ?? '',
                })
              : t('schemes.import.rejected', { file: attempt.fileName })}
          </Typography.Text>
          {attempt.result.issues.length > 0 || !attempt.result.ok ? (
            <div style={{ maxHeight: 360, overflow: 'auto' }}>
              <SchemeIssues
                issues={attempt.result.issues}
                pkg={attempt.parsed}
                source={attempt.text}
                testId="import-issues"
              />
            </div>
          ) : null}
        </Flex>
      ) : null}
    </Modal>
  );
}
