import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Card,
  Descriptions,
  Flex,
  Result,
  Space,
  Spin,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  ArrowLeftOutlined,
  BranchesOutlined,
  CheckCircleOutlined,
  DiffOutlined,
  DownloadOutlined,
  LockOutlined,
  NodeCollapseOutlined,
  NodeExpandOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OverlayChange } from '../../domain/schemes/overlay.ts';
import { isApiError } from '../api/client.ts';
import { useCan } from '../auth/session.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { useFormatInstant } from '../shared/format.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import type { SchemeDetail, SchemeIssue } from './api.ts';
import { exportUrl, getScheme, listSchemes, publishScheme, schemesKeys, updateOverlay } from './api.ts';
import { DeriveModal } from './DeriveModal.tsx';
import { IndicatorTreeTable } from './IndicatorTreeTable.tsx';
import { joinList, kindLabel, snake, statusLabel, useLocalized } from './labels.tsx';
import { NodePanel } from './NodePanel.tsx';
import { OverlayChanges } from './OverlayChanges.tsx';
import { PoliciesView } from './PoliciesView.tsx';
import { SchemeIssues } from './SchemeIssues.tsx';
import { diffPath, SCHEMES_PATH, schemePath } from './paths.ts';
import type { TreeEntry } from './scheme-tree.ts';
import { indexTree, internalUrns, nodeAtPath } from './scheme-tree.ts';
import { defaultAgainst } from './VersionSelect.tsx';

/** The first leaf of the tree: selected when the page opens, so that the panel shows an item. */
function firstLeafUrn(detail: SchemeDetail): string {
  let node = detail.package.tree;
  while (node.children?.length) node = node.children[0]!;
  return node.urn;
}

/**
 * One scheme version: its identity and content hash, the indicator tree with provisional values marked
 * and a side panel for the selected node, the policies, and — for a body version — its overlay. A body
 * draft is edited here (points, excludability, guidance) with the validation issues shown live, and
 * published (frozen under its content hash).
 */
export default function SchemeVersionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const canManage = can('schemes.manage');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const formatInstant = useFormatInstant();
  const localized = useLocalized();

  const detail = useQuery({
    queryKey: schemesKeys.detail(id),
    queryFn: ({ signal }) => getScheme(id, signal),
  });
  const list = useQuery({ queryKey: schemesKeys.list(), queryFn: ({ signal }) => listSchemes(signal) });

  const [selectedUrn, setSelectedUrn] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [tab, setTab] = useState('tree');
  const [saving, setSaving] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [deriving, setDeriving] = useState(false);

  const data = detail.data;
  const index = useMemo(() => (data ? indexTree(data.package.tree) : new Map<string, TreeEntry>()), [data]);
  const allInternal = useMemo(() => (data ? internalUrns(data.package.tree) : []), [data]);

  useEffect(() => {
    setSelectedUrn(null);
    setExpanded(null);
  }, [id]);
  useEffect(() => {
    if (data && (selectedUrn === null || !index.has(selectedUrn))) setSelectedUrn(firstLeafUrn(data));
  }, [data, index, selectedUrn]);

  const flagged = useMemo(() => {
    const out = new Set<string>();
    if (!data) return out;
    for (const issue of data.issues) {
      const node = nodeAtPath(data.package, issue.path);
      if (node) out.add(node.urn);
    }
    return out;
  }, [data]);

  if (detail.isPending) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: 240 }}>
        <Spin />
      </Flex>
    );
  }
  if (detail.isError || !data) {
    return (
      <Result
        status={isApiError(detail.error, 'not_found') ? '404' : 'error'}
        title={errorMessage(detail.error)}
        extra={
          <Link to={SCHEMES_PATH}>
            <Button type="primary">{t('schemes.back_to_library')}</Button>
          </Link>
        }
      />
    );
  }

  const { summary, package: pkg, overlay } = data;
  const isDraft = summary.status === 'draft';
  const editable = canManage && isDraft && summary.kind === 'body' && !!overlay;
  const errors = data.issues.filter((i) => i.severity === 'error');
  const changes: readonly OverlayChange[] = overlay?.changes ?? [];
  const versions = list.data?.items ?? [];
  const compareWith = defaultAgainst(summary, versions);

  const selectNode = (urn: string) => {
    setSelectedUrn(urn);
    setTab('tree');
    const ancestors: string[] = [];
    for (let e = index.get(urn)?.parent; e; e = index.get(e.urn)?.parent) ancestors.push(e.urn);
    setExpanded((old) => [...new Set([...(old ?? allInternal), ...ancestors])]);
  };

  /** Save the draft's overlay; a stale version reloads the draft and says so. */
  const saveChanges = async (next: OverlayChange[]): Promise<boolean> => {
    setSaving(true);
    try {
      const updated = await updateOverlay(summary.id, { changes: next, version: summary.version });
      queryClient.setQueryData(schemesKeys.detail(summary.id), updated);
      void queryClient.invalidateQueries({ queryKey: schemesKeys.list() });
      const count = updated.issues.filter((i) => i.severity === 'error').length;
      if (count > 0) void message.warning(t('schemes.edit.saved_with_errors', { count }));
      else void message.success(t('schemes.edit.saved'));
      return true;
    } catch (e) {
      if (isApiError(e, 'version_conflict')) void message.warning(t('errors.version_conflict'));
      else void message.error(errorMessage(e));
      void detail.refetch();
      return false;
    } finally {
      setSaving(false);
    }
  };

  const publish = () =>
    modal.confirm({
      title: t('schemes.publish.confirm_title', { version: summary.schemeVersion }),
      content: t('schemes.publish.confirm_text'),
      okText: t('schemes.publish.action'),
      cancelText: t('common.cancel'),
      icon: <LockOutlined />,
      onOk: async () => {
        setPublishing(true);
        try {
          const published = await publishScheme(summary.id, { version: summary.version });
          await queryClient.invalidateQueries({ queryKey: schemesKeys.all });
          modal.success({
            title: t('schemes.publish.done_title', { version: published.schemeVersion }),
            content: (
              <Flex vertical gap="small">
                <Typography.Text>{t('schemes.publish.done_text')}</Typography.Text>
                <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="publish-hash">
                  {published.contentHash}
                </Typography.Text>
              </Flex>
            ),
            okText: t('common.done'),
          });
        } catch (e) {
          const issues = isApiError(e, 'scheme_invalid')
            ? ((e.details as { issues?: SchemeIssue[] } | undefined)?.issues ?? [])
            : [];
          if (isApiError(e, 'version_conflict')) void message.warning(t('errors.version_conflict'));
          modal.error({
            title: errorMessage(e),
            content: issues.length ? <SchemeIssues issues={issues} pkg={pkg} /> : undefined,
            width: 640,
          });
          void detail.refetch();
        } finally {
          setPublishing(false);
        }
      },
    });

  const editor = editable ? { changes, save: saveChanges, saving } : undefined;
  const expandedUrns = expanded ?? allInternal;

  return (
    <>
      <PageHeader
        title={
          <Space size={8} wrap>
            <span>{localized(summary.title)}</span>
            <Tag color="default" style={{ fontSize: 14, padding: '2px 8px' }} data-testid="scheme-version">
              {summary.schemeVersion}
            </Tag>
          </Space>
        }
        subtitle={
          <Space size={8} wrap>
            <Link to={SCHEMES_PATH}>
              <ArrowLeftOutlined /> {t('schemes.back_to_library')}
            </Link>
            <Tag color={summary.kind === 'reference' ? 'geekblue' : 'purple'} variant="outlined">
              {kindLabel(t, summary.kind)}
            </Tag>
            <Badge
              status={summary.status === 'published' ? 'success' : 'processing'}
              text={<span data-testid="scheme-status">{statusLabel(t, summary.status)}</span>}
            />
            {summary.builtin ? <Tag color="red">{t('schemes.builtin')}</Tag> : null}
          </Space>
        }
        extra={
          <>
            {compareWith ? (
              <Button
                icon={<DiffOutlined />}
                onClick={() => void navigate(diffPath(summary.id, compareWith.id))}
                data-testid="scheme-diff"
              >
                {t('schemes.action.diff')}
              </Button>
            ) : null}
            <Button
              icon={<DownloadOutlined />}
              href={exportUrl(summary.id)}
              download
              data-testid="scheme-export"
            >
              {t('schemes.action.export_yaml')}
            </Button>
            {canManage && summary.kind === 'reference' && summary.status === 'published' ? (
              <Button
                type="primary"
                icon={<BranchesOutlined />}
                onClick={() => setDeriving(true)}
                data-testid="scheme-derive"
              >
                {t('schemes.action.derive')}
              </Button>
            ) : null}
            {editable ? (
              <Tooltip title={errors.length > 0 ? t('schemes.publish.blocked') : null}>
                <Button
                  type="primary"
                  icon={<CheckCircleOutlined />}
                  onClick={publish}
                  loading={publishing}
                  disabled={errors.length > 0 || saving}
                  data-testid="scheme-publish"
                >
                  {t('schemes.publish.action')}
                </Button>
              </Tooltip>
            ) : null}
          </>
        }
      />

      <Flex vertical gap="middle">
        <Card size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              {
                key: 'urn',
                label: t('schemes.field.urn'),
                children: (
                  <Typography.Text code style={{ fontSize: 12 }} data-testid="scheme-urn">
                    {summary.urn}
                  </Typography.Text>
                ),
              },
              {
                key: 'category',
                label: t('schemes.field.category'),
                children: t(`schemes.category.${snake(pkg.category)}`),
              },
              {
                key: 'standards',
                label: t('schemes.field.standards'),
                children: joinList(
                  t,
                  pkg.standards.map((s) => s.code),
                ),
              },
              {
                key: 'enterprise_types',
                label: t('schemes.field.enterprise_types'),
                children: joinList(
                  t,
                  pkg.enterpriseTypes.map((e) => t(`schemes.enterprise_type.${snake(e)}`)),
                ),
              },
              {
                key: 'publisher',
                label: t('schemes.field.publisher'),
                children: localized(pkg.publisher.name),
              },
              {
                key: 'derived_from',
                label: t('schemes.field.derived_from'),
                children: summary.derivedFrom ? (
                  <Link to={schemePath(summary.derivedFrom.id)}>
                    {summary.derivedFrom.urn} {summary.derivedFrom.schemeVersion}
                  </Link>
                ) : (
                  '—'
                ),
              },
              {
                key: 'hash',
                label: t('schemes.field.content_hash'),
                span: 2,
                children: summary.contentHash ? (
                  <Typography.Text
                    code
                    copyable
                    style={{ fontSize: 12, wordBreak: 'break-all' }}
                    data-testid="scheme-content-hash"
                  >
                    {summary.contentHash}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary">{t('schemes.hash_on_publish')}</Typography.Text>
                ),
              },
              {
                key: 'published',
                label: t('schemes.field.published_at'),
                children: summary.publishedAt ? formatInstant(summary.publishedAt) : '—',
              },
              ...(pkg.notes
                ? [{ key: 'notes', label: t('schemes.field.notes'), span: 3, children: localized(pkg.notes) }]
                : []),
            ]}
          />
        </Card>

        {summary.provisionalCount > 0 ? (
          <Alert
            type="warning"
            showIcon
            data-testid="provisional-banner"
            title={t('schemes.provisional.banner_title', { count: summary.provisionalCount })}
            description={
              summary.kind === 'reference'
                ? t('schemes.provisional.banner_reference')
                : t('schemes.provisional.banner_body')
            }
          />
        ) : null}

        {editable ? (
          <Card
            size="small"
            title={t('schemes.edit.draft_title')}
            data-testid="draft-card"
            extra={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('schemes.edit.change_count', { count: changes.length })}
              </Typography.Text>
            }
          >
            <Flex vertical gap="small">
              <Typography.Text type="secondary">{t('schemes.edit.draft_hint')}</Typography.Text>
              <SchemeIssues issues={data.issues} pkg={pkg} onSelectNode={selectNode} testId="draft-issues" />
            </Flex>
          </Card>
        ) : null}

        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'tree',
              label: t('schemes.tab.tree'),
              children: (
                <Flex gap="middle" align="flex-start">
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <Flex gap="small" justify="space-between" align="center" wrap style={{ marginBottom: 8 }}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('schemes.tree.legend')}
                      </Typography.Text>
                      <Space size={4}>
                        <Button
                          size="small"
                          icon={<NodeExpandOutlined />}
                          onClick={() => setExpanded(allInternal)}
                        >
                          {t('schemes.tree.expand_all')}
                        </Button>
                        <Button
                          size="small"
                          icon={<NodeCollapseOutlined />}
                          onClick={() => setExpanded([pkg.tree.urn])}
                        >
                          {t('schemes.tree.collapse_all')}
                        </Button>
                      </Space>
                    </Flex>
                    <IndicatorTreeTable
                      pkg={pkg}
                      selectedUrn={selectedUrn}
                      onSelect={setSelectedUrn}
                      expandedUrns={expandedUrns}
                      onExpandedChange={setExpanded}
                      flaggedUrns={flagged}
                    />
                  </div>
                  <div
                    style={{
                      width: 340,
                      flex: 'none',
                      position: 'sticky',
                      top: 88,
                      maxHeight: 'calc(100vh - 104px)',
                      overflowY: 'auto',
                    }}
                    data-testid="node-panel-scroll"
                  >
                    <NodePanel
                      pkg={pkg}
                      entry={selectedUrn ? index.get(selectedUrn) : undefined}
                      editor={editor}
                    />
                  </div>
                </Flex>
              ),
            },
            {
              key: 'policies',
              label: t('schemes.tab.policies'),
              children: <PoliciesView policies={pkg.policies} />,
            },
            ...(overlay
              ? [
                  {
                    key: 'changes',
                    label: t('schemes.tab.changes', { count: changes.length }),
                    children: (
                      <Card size="small">
                        <OverlayChanges
                          pkg={pkg}
                          changes={changes}
                          onSelectNode={selectNode}
                          saving={saving}
                          onRemove={
                            editable ? (i) => void saveChanges(changes.filter((_, k) => k !== i)) : undefined
                          }
                        />
                      </Card>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Flex>

      <DeriveModal
        base={deriving ? summary : null}
        onClose={() => setDeriving(false)}
        onDerived={(derived) => {
          setDeriving(false);
          void queryClient.invalidateQueries({ queryKey: schemesKeys.list() });
          void message.success(t('schemes.derive.done', { version: derived.schemeVersion }));
          void navigate(schemePath(derived.id));
        }}
      />
    </>
  );
}
