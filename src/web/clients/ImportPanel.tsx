import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Flex,
  Popconfirm,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { TableProps } from 'antd';
import { CheckOutlined, DownloadOutlined, FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useCan } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import type { Client, ImportKind, ImportMode, ImportResult, ImportRowError } from './api.ts';
import { exportUrl, importFile, registryKeys, templateUrl } from './api.ts';
import { DASH } from './labels.ts';
import { fieldLabel } from './OutletsTab.tsx';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Import and export of outlets or staff: download the template, upload a CSV/XLSX file, check it (a dry
 * run lists every bad row with its row number, column and reason), then apply it all-or-nothing or the
 * valid rows only. Export writes the current list in the same format, so a file round-trips.
 */
export function ImportPanel({ client }: { client: Client }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const [kind, setKind] = useState<ImportKind>('outlets');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<ImportMode | null>(null);
  const canImport = can(kind === 'outlets' ? 'outlets.manage' : 'staff.manage');

  const run = async (mode: ImportMode) => {
    if (!file) return;
    setBusy(mode);
    setError(null);
    try {
      const r = await importFile(client.id, kind, file, mode);
      setResult(r);
      if (r.outcome === 'applied') {
        void message.success(t('clients.import.applied', { created: r.created, updated: r.updated }));
        void queryClient.invalidateQueries({ queryKey: registryKeys.client(client.id) });
      }
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const chooseKind = (k: ImportKind) => {
    setKind(k);
    setFile(null);
    setResult(null);
    setError(null);
  };

  const columns: TableProps<ImportRowError>['columns'] = [
    { title: t('clients.import.row'), dataIndex: 'row', width: 80, align: 'right' },
    {
      title: t('clients.import.column'),
      key: 'column',
      width: 240,
      render: (_, e) => (
        <Flex vertical>
          <span>{e.header ?? (e.column ? fieldLabel(t, e.column) : DASH)}</span>
          {e.cell ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('clients.import.cell', { cell: e.cell })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('clients.import.value'),
      dataIndex: 'value',
      width: 160,
      render: (v: string | null) => (v === null ? DASH : <Typography.Text code>{v}</Typography.Text>),
    },
    {
      title: t('clients.import.reason'),
      key: 'reason',
      render: (_, e) => <span data-code={e.code}>{problemText(t, e)}</span>,
    },
  ];

  const format = (f: 'xlsx' | 'csv') => f.toUpperCase();

  return (
    <Flex vertical gap="middle">
      <Card>
        <Flex justify="space-between" align="center" gap="middle" wrap>
          <Segmented<ImportKind>
            value={kind}
            onChange={chooseKind}
            options={[
              { value: 'outlets', label: t('clients.import.kind.outlets') },
              { value: 'staff', label: t('clients.import.kind.staff') },
            ]}
            data-testid="import-kind"
          />
          <Space wrap>
            <Typography.Text type="secondary">{t('clients.import.template')}</Typography.Text>
            {(['xlsx', 'csv'] as const).map((f) => (
              <Button
                key={f}
                icon={<DownloadOutlined />}
                href={templateUrl(kind, f)}
                download
                data-testid={`import-template-${f}`}
              >
                {format(f)}
              </Button>
            ))}
            <Typography.Text type="secondary">{t('clients.import.export')}</Typography.Text>
            {(['xlsx', 'csv'] as const).map((f) => (
              <Button
                key={f}
                icon={<DownloadOutlined />}
                href={exportUrl(client.id, kind, f)}
                download
                data-testid={`import-export-${f}`}
              >
                {format(f)}
              </Button>
            ))}
          </Space>
        </Flex>
      </Card>

      {canImport ? (
        <Card title={t('clients.import.upload_title')}>
          <Upload.Dragger
            accept={ACCEPT}
            maxCount={1}
            multiple={false}
            beforeUpload={(f) => {
              setFile(f);
              setResult(null);
              setError(null);
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setResult(null);
            }}
            fileList={
              file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size, type: file.type }] : []
            }
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('clients.import.drop')}</p>
            <p className="ant-upload-hint">{t('clients.import.drop_hint')}</p>
          </Upload.Dragger>
          <Flex gap="small" wrap style={{ marginTop: 16 }}>
            <Button
              icon={<FileSearchOutlined />}
              disabled={!file}
              loading={busy === 'dryRun'}
              onClick={() => void run('dryRun')}
              data-testid="import-dry-run"
            >
              {t('clients.import.dry_run')}
            </Button>
            <Popconfirm
              title={t('clients.import.confirm_all')}
              onConfirm={() => run('allOrNothing')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              disabled={!file}
            >
              <Button
                type="primary"
                icon={<CheckOutlined />}
                disabled={!file}
                loading={busy === 'allOrNothing'}
                data-testid="import-apply-all"
              >
                {t('clients.import.apply_all')}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={t('clients.import.confirm_valid')}
              onConfirm={() => run('validOnly')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              disabled={!file || !result || result.invalidRows === 0 || result.validRows === 0}
            >
              <Button
                disabled={!file || !result || result.invalidRows === 0 || result.validRows === 0}
                loading={busy === 'validOnly'}
                data-testid="import-apply-valid"
              >
                {t('clients.import.apply_valid')}
              </Button>
            </Popconfirm>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('clients.import.modes_hint')}
          </Typography.Paragraph>
        </Card>
      ) : null}

      {error ? <Alert type="error" showIcon title={error} data-testid="import-error" /> : null}

      {result ? (
        <Card
          title={
            <Space>
              {t('clients.import.result_title')}
              <Tag color={OUTCOME_COLORS[result.outcome]} data-testid="import-outcome">
                {t(`clients.import.outcome.${result.outcome === 'dryRun' ? 'dry_run' : result.outcome}`)}
              </Tag>
            </Space>
          }
          extra={
            <Typography.Text type="secondary">
              {[result.fileName, result.format.toUpperCase(), result.encoding].filter(Boolean).join(' · ')}
            </Typography.Text>
          }
          data-testid="import-result"
        >
          <Row gutter={[16, 16]}>
            <Col xs={12} md={4}>
              <Statistic title={t('clients.import.stat.rows')} value={result.rows} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('clients.import.stat.valid')} value={result.validRows} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic
                title={t('clients.import.stat.invalid')}
                value={result.invalidRows}
                styles={{ content: { color: result.invalidRows ? '#cf1322' : undefined } }}
              />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('clients.import.stat.created')} value={result.created} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('clients.import.stat.updated')} value={result.updated} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('clients.import.stat.unchanged')} value={result.unchanged} />
            </Col>
          </Row>
          <Alert
            style={{ margin: '16px 0' }}
            type={result.outcome === 'rejected' ? 'error' : result.errorCount ? 'warning' : 'success'}
            showIcon
            title={t(`clients.import.summary.${result.outcome === 'dryRun' ? 'dry_run' : result.outcome}`, {
              count: result.errorCount,
              valid: result.validRows,
            })}
            data-testid="import-summary"
          />
          {result.errors.length ? (
            <>
              <Table<ImportRowError>
                rowKey={(e) => `${e.row}-${e.column ?? ''}-${e.code}-${e.reason}`}
                size="small"
                columns={columns}
                dataSource={result.errors}
                pagination={result.errors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                scroll={{ x: 700 }}
                data-testid="import-errors"
              />
              {result.errorsTruncated ? (
                <Typography.Text type="warning">
                  {t('clients.import.truncated', { shown: result.errors.length, count: result.errorCount })}
                </Typography.Text>
              ) : null}
            </>
          ) : null}
        </Card>
      ) : null}
    </Flex>
  );
}

/**
 * A row error in the reader's language: its machine code translated with its params (a credit code's
 * problem gets its own text); the server's English reason when the code is not known here.
 */
export function problemText(t: TFunction, e: Pick<ImportRowError, 'code' | 'params' | 'reason'>): string {
  const keys = [`clients.import.problem.${e.code}`];
  if (e.code === 'invalid_credit_code' && typeof e.params.problem === 'string') {
    keys.unshift(`clients.import.problem.invalid_credit_code_${e.params.problem}`);
  }
  return t(keys, { ...e.params, defaultValue: e.reason });
}

const OUTCOME_COLORS: Record<ImportResult['outcome'], string> = {
  dryRun: 'blue',
  applied: 'green',
  rejected: 'red',
};
