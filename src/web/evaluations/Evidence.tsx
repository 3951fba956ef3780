import { useState } from 'react';
import { App as AntApp, Button, Flex, Typography, Upload } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../shared/errors.ts';
import type { EvidenceFile } from './api.ts';
import { evidenceUrl } from './api.ts';

type Context = 'applications' | 'evaluations' | 'findings';

/** Upload one file (photos and documents; the server limits size and type) and hand back its file record. */
export function UploadButton({
  upload,
  onUploaded,
  disabled,
  testId,
  size = 'small',
}: {
  upload: (file: File) => Promise<EvidenceFile>;
  onUploaded: (file: EvidenceFile) => void | Promise<void>;
  disabled?: boolean;
  testId?: string;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  return (
    <Upload
      showUploadList={false}
      accept=".jpg,.jpeg,.png,.webp,.heic,.pdf,.docx,.xlsx"
      disabled={disabled || busy}
      beforeUpload={(file) => {
        setBusy(true);
        upload(file)
          .then(async (f) => {
            await onUploaded(f);
            message.success(t('evaluations.evidence.uploaded', { name: f.fileName }));
          })
          .catch((e: unknown) => message.error(errorMessage(e)))
          .finally(() => setBusy(false));
        return false;
      }}
    >
      <Button size={size} icon={<UploadOutlined />} loading={busy} disabled={disabled} data-testid={testId}>
        {t('evaluations.evidence.upload')}
      </Button>
    </Upload>
  );
}

/** Evidence references: uploaded files (`file:<id>`) as download links, other references as text. */
export function EvidenceLinks({
  refs,
  files,
  context,
  contextId,
}: {
  refs: readonly string[];
  files?: readonly EvidenceFile[];
  context: Context;
  contextId: string;
}) {
  if (refs.length === 0) return null;
  return (
    <Flex vertical gap={2}>
      {refs.map((ref) => {
        const id = ref.startsWith('file:') ? ref.slice(5) : null;
        if (!id) return <Typography.Text key={ref}>{ref}</Typography.Text>;
        const file = files?.find((f) => f.id === id);
        return (
          <Typography.Link
            key={ref}
            href={evidenceUrl(context, contextId, id)}
            target="_blank"
            rel="noreferrer"
            ellipsis
          >
            <PaperClipOutlined /> {file?.fileName ?? id.slice(0, 8)}
          </Typography.Link>
        );
      })}
    </Flex>
  );
}
