import type { ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Result,
  Space,
  Spin,
  Table,
  Tag,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, SwapOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { DiffNodeRef, FieldChange, NodeChange, PointsChange } from '../../domain/schemes/diff.ts';
import type {
  EvaluationMethod,
  EvidenceTechnique,
  LocalizedText,
} from '../../domain/schemes/package-schema.ts';
import { useErrorMessage } from '../shared/errors.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import type { SchemeSummary } from './api.ts';
import { diffSchemes, listSchemes, schemesKeys } from './api.ts';
import {
  joinList,
  kindLabel,
  methodLabel,
  snake,
  statusLabel,
  techniqueLabel,
  useLocalized,
} from './labels.tsx';
import { diffPath, SCHEMES_PATH, schemePath } from './paths.ts';
import { defaultAgainst, VersionSelect } from './VersionSelect.tsx';

const isText = (v: unknown): v is LocalizedText =>
  typeof v === 'object' && v !== null && typeof (v as { zh?: unknown }).zh === 'string';
const lastSegment = (urn: unknown) => (typeof urn === 'string' ? (urn.split(':').pop() ?? urn) : '—');

/** A changed value of a node field, in words. */
function NodeValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  if (value === undefined || value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  switch (field) {
    case 'provisional':
    case 'codeProvisional':
    case 'excludable':
      return <>{value === true ? t('schemes.policy.yes') : t('schemes.policy.no')}</>;
    case 'title':
      return <>{isText(value) ? localized(value) : String(value)}</>;
    case 'techniques':
      return (
        <>
          {joinList(
            t,
            (value as EvidenceTechnique[]).map((x) => techniqueLabel(t, x)),
          )}
        </>
      );
    case 'method':
      return <>{methodLabel(t, (value as EvaluationMethod).kind)}</>;
    case 'parent':
      return <>{lastSegment(value)}</>;
    case 'children':
      return <>{(value as unknown[]).map(lastSegment).join(', ')}</>;
    case 'guidance':
    case 'typicalEvidence':
      return <>{t('schemes.diff.text_count', { count: (value as unknown[]).length })}</>;
    default:
      return <>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</>;
  }
}

/** Guidance and evidence lists: the texts added and removed, rather than both whole lists. */
function TextListChange({ change }: { change: FieldChange }) {
  const localized = useLocalized();
  const key = (v: unknown) => JSON.stringify(v);
  const from = Array.isArray(change.from) ? (change.from as LocalizedText[]) : [];
  const to = Array.isArray(change.to) ? (change.to as LocalizedText[]) : [];
  const before = new Set(from.map(key));
  const after = new Set(to.map(key));
  return (
    <Flex vertical gap={2}>
      {to
        .filter((x) => !before.has(key(x)))
        .map((x, i) => (
          <Typography.Text key={`a${i}`} type="success" data-testid="diff-text-added">
            + {localized(x)}
          </Typography.Text>
        ))}
      {from
        .filter((x) => !after.has(key(x)))
        .map((x, i) => (
          <Typography.Text key={`r${i}`} type="danger" delete>
            − {localized(x)}
          </Typography.Text>
        ))}
    </Flex>
  );
}

function FieldChangeRow({ change }: { change: FieldChange }) {
  const { t } = useTranslation();
  const label = t(`schemes.diff.field.${snake(change.field)}`);
  return (
    <Flex gap={8} align="baseline" wrap data-testid={`diff-field-${change.field}`}>
      <Tag style={{ marginInlineEnd: 0 }}>{label}</Tag>
      {change.field === 'guidance' || change.field === 'typicalEvidence' ? (
        <TextListChange change={change} />
      ) : (
        <>
          <Typography.Text type="danger" delete>
            <NodeValue field={change.field} value={change.from} />
          </Typography.Text>
          <ArrowRightOutlined style={{ fontSize: 11 }} />
          <Typography.Text type="success" strong>
            <NodeValue field={change.field} value={change.to} />
          </Typography.Text>
        </>
      )}
    </Flex>
  );
}

function Delta({ from, to }: { from: number; to: number }) {
  const { token } = theme.useToken();
  const delta = Math.round((to - from) * 1e6) / 1e6;
  if (delta === 0) return <Typography.Text type="secondary">±0</Typography.Text>;
  return (
    <Typography.Text
      strong
      style={{ color: delta > 0 ? token.colorSuccess : token.colorError }}
      data-testid="diff-delta"
    >
      {delta > 0 ? `+${delta}` : `−${Math.abs(delta)}`}
    </Typography.Text>
  );
}

function provisionalText(t: TFunction, p: PointsChange): ReactNode {
  if (p.provisionalFrom === p.provisionalTo) return p.provisionalTo ? t('schemes.provisional.tag') : '—';
  return p.provisionalFrom ? t('schemes.diff.confirmed') : t('schemes.diff.became_provisional');
}

function policyValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * What changed from one version to another: nodes added (green) and removed (red), points changes with
 * their difference, every other changed field of a node, and changed package and policy fields.
 */
export default function SchemeDiffPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const localized = useLocalized();

  const list = useQuery({ queryKey: schemesKeys.list(), queryFn: ({ signal }) => listSchemes(signal) });
  const versions = list.data?.items ?? [];
  const self = versions.find((s) => s.id === id);
  const against = params.get('against') ?? (self ? defaultAgainst(self, versions)?.id : undefined);

  const diff = useQuery({
    queryKey: schemesKeys.diff(id, against ?? ''),
    queryFn: ({ signal }) => diffSchemes(id, against!, signal),
    enabled: !!against,
  });

  const title = (s: SchemeSummary) => (
    <Link to={schemePath(s.id)}>
      {localized(s.title)} <b>{s.schemeVersion}</b>
      <Tag variant="filled" style={{ marginInlineStart: 6 }}>
        {kindLabel(t, s.kind)} · {statusLabel(t, s.status)}
      </Tag>
    </Link>
  );

  const d = diff.data?.diff;
  const titles = new Map<string, LocalizedText>((d?.changed ?? []).map((c) => [c.urn, c.title]));
  const otherChanges = (d?.changed ?? [])
    .map((c) => ({
      ...c,
      changes: c.changes.filter((f) => f.field !== 'points' && f.field !== 'provisional'),
    }))
    .filter((c) => c.changes.length > 0);

  const nodeColumns = (color: 'success' | 'error') => [
    {
      title: t('schemes.tree.code'),
      dataIndex: 'code',
      width: 120,
      render: (code: string) => (
        <Tag color={color} style={{ marginInlineEnd: 0 }}>
          {color === 'success' ? '+' : '−'} {code}
        </Tag>
      ),
    },
    {
      title: t('schemes.tree.title'),
      key: 'title',
      render: (_: unknown, n: DiffNodeRef) => localized(n.title),
    },
    { title: t('schemes.tree.points'), dataIndex: 'points', width: 90 },
    {
      title: t('schemes.node.parent'),
      dataIndex: 'parent',
      width: 110,
      render: (p: string | null) => p ?? '—',
    },
  ];

  return (
    <>
      <PageHeader
        title={t('schemes.diff.title')}
        subtitle={
          <Link to={SCHEMES_PATH}>
            <ArrowLeftOutlined /> {t('schemes.back_to_library')}
          </Link>
        }
      />
      <Flex vertical gap="middle">
        <Card size="small">
          <Flex gap="middle" align="center" wrap>
            <Typography.Text strong>{t('schemes.diff.from')}</Typography.Text>
            <VersionSelect
              versions={versions}
              exclude={id}
              value={against}
              onChange={(other) => void navigate(diffPath(id, other), { replace: true })}
              testId="diff-against"
            />
            <Tooltip title={t('schemes.diff.swap')}>
              <Button
                icon={<SwapOutlined />}
                disabled={!against}
                onClick={() => against && void navigate(diffPath(against, id))}
                data-testid="diff-swap"
              />
            </Tooltip>
            <Typography.Text strong>{t('schemes.diff.to')}</Typography.Text>
            {self ? title(self) : null}
          </Flex>
        </Card>

        {!against ? (
          <Empty description={t('schemes.diff.choose')} />
        ) : diff.isPending ? (
          <Flex align="center" justify="center" style={{ minHeight: 200 }}>
            <Spin />
          </Flex>
        ) : diff.isError || !d ? (
          <Result status="error" title={errorMessage(diff.error)} />
        ) : (
          <>
            <Flex gap="small" wrap data-testid="diff-summary">
              <Tag color="success">{t('schemes.diff.count.added', { count: d.added.length })}</Tag>
              <Tag color="error">{t('schemes.diff.count.removed', { count: d.removed.length })}</Tag>
              <Tag color="processing">{t('schemes.diff.count.changed', { count: d.changed.length })}</Tag>
              <Tag color="warning">{t('schemes.diff.count.points', { count: d.points.length })}</Tag>
              <Tag>{t('schemes.diff.count.package', { count: d.package.length })}</Tag>
            </Flex>
            {d.identical ? (
              <Alert
                type="success"
                showIcon
                title={t('schemes.diff.identical')}
                data-testid="diff-identical"
              />
            ) : null}

            <Card size="small" title={t('schemes.diff.points_title')} data-testid="diff-points">
              {d.points.length === 0 ? (
                <Typography.Text type="secondary">{t('schemes.diff.none')}</Typography.Text>
              ) : (
                <Table<PointsChange>
                  size="small"
                  rowKey="urn"
                  pagination={false}
                  dataSource={d.points}
                  columns={[
                    { title: t('schemes.tree.code'), dataIndex: 'code', width: 120 },
                    {
                      title: t('schemes.tree.title'),
                      key: 'title',
                      render: (_, p) => localized(titles.get(p.urn)),
                    },
                    {
                      title: t('schemes.diff.points_change'),
                      key: 'points',
                      width: 200,
                      render: (_, p) => (
                        <Space size={8}>
                          <Typography.Text type="secondary">{p.from}</Typography.Text>
                          <ArrowRightOutlined style={{ fontSize: 11 }} />
                          <Typography.Text strong>{p.to}</Typography.Text>
                          <Delta from={p.from} to={p.to} />
                        </Space>
                      ),
                    },
                    {
                      title: t('schemes.diff.provisional_change'),
                      key: 'provisional',
                      width: 200,
                      render: (_, p) => provisionalText(t, p),
                    },
                  ]}
                />
              )}
            </Card>

            <Card size="small" title={t('schemes.diff.added_title')} data-testid="diff-added">
              {d.added.length === 0 ? (
                <Typography.Text type="secondary">{t('schemes.diff.none')}</Typography.Text>
              ) : (
                <Table<DiffNodeRef>
                  size="small"
                  rowKey="urn"
                  pagination={false}
                  dataSource={d.added}
                  columns={nodeColumns('success')}
                />
              )}
            </Card>
            <Card size="small" title={t('schemes.diff.removed_title')} data-testid="diff-removed">
              {d.removed.length === 0 ? (
                <Typography.Text type="secondary">{t('schemes.diff.none')}</Typography.Text>
              ) : (
                <Table<DiffNodeRef>
                  size="small"
                  rowKey="urn"
                  pagination={false}
                  dataSource={d.removed}
                  columns={nodeColumns('error')}
                />
              )}
            </Card>
            <Card size="small" title={t('schemes.diff.changed_title')} data-testid="diff-changed">
              {otherChanges.length === 0 ? (
                <Typography.Text type="secondary">{t('schemes.diff.none')}</Typography.Text>
              ) : (
                <Table<NodeChange>
                  size="small"
                  rowKey="urn"
                  pagination={false}
                  dataSource={otherChanges}
                  columns={[
                    { title: t('schemes.tree.code'), dataIndex: 'code', width: 120 },
                    {
                      title: t('schemes.tree.title'),
                      key: 'title',
                      width: 280,
                      render: (_, c) => localized(c.title),
                    },
                    {
                      title: t('schemes.diff.changes'),
                      key: 'changes',
                      render: (_, c) => (
                        <Flex vertical gap={4}>
                          {c.changes.map((f) => (
                            <FieldChangeRow key={f.field} change={f} />
                          ))}
                        </Flex>
                      ),
                    },
                  ]}
                />
              )}
            </Card>
            <Card size="small" title={t('schemes.diff.package_title')} data-testid="diff-package">
              {d.package.length === 0 ? (
                <Typography.Text type="secondary">{t('schemes.diff.none')}</Typography.Text>
              ) : (
                <Table<FieldChange>
                  size="small"
                  rowKey="field"
                  pagination={false}
                  dataSource={d.package}
                  columns={[
                    {
                      title: t('schemes.diff.package_field'),
                      dataIndex: 'field',
                      width: '20%',
                      render: (f: string) => <Typography.Text code>{f}</Typography.Text>,
                    },
                    {
                      title: t('schemes.diff.before'),
                      key: 'from',
                      width: '40%',
                      render: (_, f) => (
                        <Typography.Text type="danger" style={{ overflowWrap: 'anywhere', fontSize: 12 }}>
                          {isText(f.from) ? localized(f.from) : policyValue(f.from)}
                        </Typography.Text>
                      ),
                    },
                    {
                      title: t('schemes.diff.after'),
                      key: 'to',
                      width: '40%',
                      render: (_, f) => (
                        <Typography.Text type="success" style={{ overflowWrap: 'anywhere', fontSize: 12 }}>
                          {isText(f.to) ? localized(f.to) : policyValue(f.to)}
                        </Typography.Text>
                      ),
                    },
                  ]}
                />
              )}
            </Card>
          </>
        )}
      </Flex>
    </>
  );
}
