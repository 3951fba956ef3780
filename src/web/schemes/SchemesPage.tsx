import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App as AntApp,
  Badge,
  Button,
  Card,
  Flex,
  Modal,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import {
  BranchesOutlined,
  DiffOutlined,
  DownloadOutlined,
  ExclamationCircleOutlined,
  EyeOutlined,
  ReloadOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { useFormatInstant } from '../shared/format.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import type { SchemeSummary } from './api.ts';
import { exportUrl, listSchemes, schemesKeys } from './api.ts';
import { DeriveModal } from './DeriveModal.tsx';
import { ImportModal } from './ImportModal.tsx';
import { kindLabel, statusLabel, useLocalized } from './labels.tsx';
import { diffPath, schemePath } from './paths.ts';
import { shortHash } from './scheme-tree.ts';
import { defaultAgainst, VersionSelect } from './VersionSelect.tsx';

/**
 * The scheme library: the built-in reference packages and the body's own versions, with their status,
 * content hash and how many values are still provisional.
 */
export default function SchemesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const canManage = can('schemes.manage');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const formatInstant = useFormatInstant();
  const localized = useLocalized();

  const [deriving, setDeriving] = useState<SchemeSummary | null>(null);
  const [importing, setImporting] = useState(false);
  const [diffing, setDiffing] = useState<SchemeSummary | null>(null);
  const [against, setAgainst] = useState<string | undefined>();

  const list = useQuery({ queryKey: schemesKeys.list(), queryFn: ({ signal }) => listSchemes(signal) });
  const items = list.data?.items ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: schemesKeys.all });

  const openDiff = (scheme: SchemeSummary) => {
    setDiffing(scheme);
    setAgainst(defaultAgainst(scheme, items)?.id);
  };

  const columns: TableProps<SchemeSummary>['columns'] = [
    {
      title: t('schemes.field.title_urn'),
      key: 'title',
      width: 280,
      render: (_, s) => (
        <Flex vertical gap={2}>
          <Space size={6} wrap>
            <Link to={schemePath(s.id)} data-testid={`scheme-title-${s.schemeVersion}`}>
              <Typography.Text strong>{localized(s.title)}</Typography.Text>
            </Link>
            {s.builtin ? <Tag color="red">{t('schemes.builtin')}</Tag> : null}
          </Space>
          <Typography.Text
            type="secondary"
            style={{ fontSize: 12, fontFamily: 'monospace', wordBreak: 'break-all' }}
          >
            {s.urn}
          </Typography.Text>
          {s.derivedFrom ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('schemes.derived_from', { version: s.derivedFrom.schemeVersion })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { title: t('schemes.field.version'), dataIndex: 'schemeVersion', width: 80 },
    {
      title: t('schemes.field.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (_, s) => (
        <Tag color={s.kind === 'reference' ? 'geekblue' : 'purple'} variant="outlined">
          {kindLabel(t, s.kind)}
        </Tag>
      ),
    },
    {
      title: t('schemes.field.status'),
      dataIndex: 'status',
      width: 110,
      render: (_, s) => (
        <Flex vertical gap={0}>
          <Badge
            status={s.status === 'published' ? 'success' : 'processing'}
            text={statusLabel(t, s.status)}
          />
          {s.publishedAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatInstant(s.publishedAt, { withTime: false })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: (
        <Tooltip title={t('schemes.provisional.count_hint')}>
          <span>
            {t('schemes.field.provisional_count')} <ExclamationCircleOutlined />
          </span>
        </Tooltip>
      ),
      dataIndex: 'provisionalCount',
      width: 90,
      align: 'center',
      render: (count: number) =>
        count > 0 ? (
          <Tag color="warning" data-testid="provisional-count">
            {count}
          </Tag>
        ) : (
          <Tag color="success">0</Tag>
        ),
    },
    {
      title: t('schemes.field.content_hash'),
      dataIndex: 'contentHash',
      width: 160,
      render: (hash: string | null) =>
        hash ? (
          <Tooltip title={hash}>
            <Typography.Text code copyable={{ text: hash }} style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {shortHash(hash)}
            </Typography.Text>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('schemes.not_published')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      render: (_, s) => (
        <Space size={0} wrap={false} style={{ whiteSpace: 'nowrap' }}>
          <Link to={schemePath(s.id)}>
            <Button
              type="link"
              size="small"
              icon={<EyeOutlined />}
              data-testid={`scheme-view-${s.schemeVersion}`}
            >
              {t('schemes.action.view')}
            </Button>
          </Link>
          {canManage && s.kind === 'reference' && s.status === 'published' ? (
            <Button
              type="link"
              size="small"
              icon={<BranchesOutlined />}
              onClick={() => setDeriving(s)}
              data-testid={`scheme-derive-${s.schemeVersion}`}
            >
              {t('schemes.action.derive_short')}
            </Button>
          ) : null}
          <Button
            type="link"
            size="small"
            icon={<DownloadOutlined />}
            href={exportUrl(s.id)}
            download
            data-testid={`scheme-export-${s.schemeVersion}`}
          >
            {t('schemes.action.export')}
          </Button>
          {items.length > 1 ? (
            <Button
              type="link"
              size="small"
              icon={<DiffOutlined />}
              onClick={() => openDiff(s)}
              data-testid={`scheme-diff-${s.schemeVersion}`}
            >
              {t('schemes.action.diff')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('schemes.title')}
        subtitle={t('schemes.subtitle')}
        extra={
          canManage ? (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="schemes-import">
              {t('schemes.import.action')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }} gap="middle" wrap>
          <Typography.Text type="secondary">{t('schemes.library_hint')}</Typography.Text>
          <Button icon={<ReloadOutlined />} onClick={() => void refresh()} title={t('common.refresh')} />
        </Flex>
        <Table<SchemeSummary>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={list.isFetching}
          locale={list.isError ? { emptyText: errorMessage(list.error) } : undefined}
          pagination={false}
          scroll={{ x: 1080 }}
          data-testid="schemes-table"
        />
      </Card>

      <DeriveModal
        base={deriving}
        onClose={() => setDeriving(null)}
        onDerived={(derived) => {
          setDeriving(null);
          void refresh();
          void message.success(t('schemes.derive.done', { version: derived.schemeVersion }));
          void navigate(schemePath(derived.id));
        }}
      />
      <ImportModal
        open={importing}
        onClose={() => {
          setImporting(false);
          void refresh();
        }}
        onImported={(scheme) => {
          setImporting(false);
          void refresh();
          void navigate(schemePath(scheme.id));
        }}
      />
      <Modal
        open={!!diffing}
        title={t('schemes.diff.pick_title')}
        okText={t('schemes.diff.compare')}
        okButtonProps={{ disabled: !against }}
        onOk={() => {
          if (diffing && against) void navigate(diffPath(diffing.id, against));
        }}
        onCancel={() => setDiffing(null)}
        destroyOnHidden
      >
        {diffing ? (
          <Flex vertical gap="small">
            <Typography.Text>
              {t('schemes.diff.pick_intro', {
                title: localized(diffing.title),
                version: diffing.schemeVersion,
              })}
            </Typography.Text>
            <VersionSelect
              versions={items}
              exclude={diffing.id}
              value={against}
              onChange={setAgainst}
              testId="diff-pick-against"
              style={{ width: '100%' }}
            />
          </Flex>
        ) : null}
      </Modal>
    </>
  );
}
