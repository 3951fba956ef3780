import { Alert, App as AntApp, Button, Input, Modal, Space } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { copyText } from './clipboard.ts';

/**
 * Shows a secret exactly once (a temporary password, an API token). The server never shows it again,
 * so the modal says so and offers a copy button.
 */
export function SecretModal({
  open,
  title,
  description,
  secret,
  onClose,
  testId = 'secret-modal',
}: {
  open: boolean;
  title: string;
  description?: string;
  secret: string | null;
  onClose: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const copy = async () => {
    if (!secret) return;
    if (await copyText(secret)) void message.success(t('common.copied'));
    else void message.error(t('common.copy_failed'));
  };
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose} data-testid={`${testId}-close`}>
          {t('common.done')}
        </Button>
      }
      destroyOnHidden
      width={640}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid={testId}>
        {description ? <div>{description}</div> : null}
        <Space.Compact style={{ width: '100%' }}>
          <Input
            readOnly
            value={secret ?? ''}
            data-testid={`${testId}-secret`}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
            onFocus={(e) => e.currentTarget.select()}
          />
          <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid={`${testId}-copy`}>
            {t('common.copy')}
          </Button>
        </Space.Compact>
        <Alert type="warning" showIcon title={t('common.secret_shown_once')} />
      </Space>
    </Modal>
  );
}
