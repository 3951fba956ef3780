import { useMemo } from 'react';
import { Flex, Space, Table, Tag, Tooltip, Typography, theme } from 'antd';
import type { TableProps } from 'antd';
import { CheckOutlined, WarningFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { IndicatorNode, SchemePackage } from '../../domain/schemes/package-schema.ts';
import {
  CodeProvisionalMark,
  MethodTag,
  ProvisionalTag,
  techniqueLabel,
  techniqueShortLabel,
  useLocalized,
} from './labels.tsx';
import { indexTree, pointsMismatch } from './scheme-tree.ts';

/**
 * The indicator tree (评价指标) as a nested table: clause code, title in the interface language, points
 * (provisional ones tagged, a parent whose children do not add up flagged), method, evidence techniques
 * and whether the item may be excluded. Clicking a row selects the node.
 */
export function IndicatorTreeTable({
  pkg,
  selectedUrn,
  onSelect,
  expandedUrns,
  onExpandedChange,
  flaggedUrns,
}: {
  pkg: SchemePackage;
  selectedUrn: string | null;
  onSelect: (urn: string) => void;
  expandedUrns: readonly string[];
  onExpandedChange: (urns: string[]) => void;
  /** Nodes named by a validation issue. */
  flaggedUrns?: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { token } = theme.useToken();
  const index = useMemo(() => indexTree(pkg.tree), [pkg]);
  const defaultMethod = pkg.policies.scoring.defaultMethod;

  const cell = (node: IndicatorNode) => ({
    style: node.urn === selectedUrn ? { background: token.controlItemBgActive } : undefined,
  });

  const columns: TableProps<IndicatorNode>['columns'] = [
    {
      title: t('schemes.tree.code'),
      key: 'code',
      width: 128,
      onCell: cell,
      render: (_, node) => (
        <span style={{ whiteSpace: 'nowrap' }} data-testid="node-code">
          <Typography.Text strong={(index.get(node.urn)?.level ?? 0) <= 1}>{node.code}</Typography.Text>
          {node.codeProvisional ? <CodeProvisionalMark /> : null}
        </span>
      ),
    },
    {
      title: t('schemes.tree.title'),
      key: 'title',
      onCell: cell,
      render: (_, node) => (
        <Flex gap={6} align="center">
          <Typography.Text strong={(index.get(node.urn)?.level ?? 0) <= 1}>
            {localized(node.title)}
          </Typography.Text>
          {flaggedUrns?.has(node.urn) && !pointsMismatch(node) ? (
            <WarningFilled style={{ color: token.colorError }} data-testid="node-flagged" />
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('schemes.tree.points'),
      key: 'points',
      width: 132,
      onCell: cell,
      render: (_, node) => {
        const mismatch = pointsMismatch(node);
        return (
          <Space size={6} wrap={false}>
            <Typography.Text strong data-testid="node-points">
              {node.points}
            </Typography.Text>
            {node.provisional ? <ProvisionalTag /> : null}
            {mismatch ? (
              <Tooltip title={t('schemes.tree.sum_mismatch', mismatch)}>
                <WarningFilled style={{ color: token.colorError }} data-testid="node-sum-mismatch" />
              </Tooltip>
            ) : null}
          </Space>
        );
      },
    },
    {
      title: t('schemes.tree.method_techniques'),
      key: 'method',
      width: 190,
      onCell: cell,
      render: (_, node) => {
        if (node.children?.length) return null;
        const method = node.method ?? { kind: defaultMethod };
        const provisional = 'provisional' in method && method.provisional;
        return (
          <Flex vertical gap={4}>
            <Space size={4}>
              <MethodTag method={method} />
              {provisional ? <ProvisionalTag what="method" /> : null}
            </Space>
            <Flex gap={4} wrap>
              {(node.techniques ?? []).map((technique) => (
                <Tooltip key={technique} title={techniqueLabel(t, technique)}>
                  <Tag variant="filled" style={{ marginInlineEnd: 0, fontSize: 12 }}>
                    {techniqueShortLabel(t, technique)}
                  </Tag>
                </Tooltip>
              ))}
            </Flex>
          </Flex>
        );
      },
    },
    {
      title: t('schemes.tree.excludable'),
      key: 'excludable',
      width: 84,
      align: 'center',
      onCell: cell,
      render: (_, node) =>
        node.excludable ? (
          <Tooltip title={t('schemes.tree.excludable_hint')}>
            <CheckOutlined style={{ color: token.colorSuccess }} data-testid="node-excludable" />
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <Table<IndicatorNode>
      rowKey="urn"
      size="small"
      columns={columns}
      dataSource={[pkg.tree]}
      pagination={false}
      expandable={{
        expandedRowKeys: [...expandedUrns],
        onExpandedRowsChange: (keys) => onExpandedChange(keys.map(String)),
        indentSize: 14,
      }}
      onRow={(node) => ({ onClick: () => onSelect(node.urn), style: { cursor: 'pointer' } })}
      data-testid="scheme-tree"
    />
  );
}
