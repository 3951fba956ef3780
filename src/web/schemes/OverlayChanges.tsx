import { Button, Empty, Popconfirm, Table, Tag, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OverlayChange } from '../../domain/schemes/overlay.ts';
import type { SchemePackage } from '../../domain/schemes/package-schema.ts';
import { joinList, methodLabel, snake, techniqueLabel, useLocalized } from './labels.tsx';
import { changeRef, findNode } from './scheme-tree.ts';

const OP_COLORS: Record<OverlayChange['op'], string> = {
  setPoints: 'orange',
  addNode: 'green',
  addGuidance: 'blue',
  addTypicalEvidence: 'cyan',
  setMethod: 'purple',
  setExcludable: 'magenta',
  setTechniques: 'geekblue',
};

/**
 * The changes of a body version's overlay, in words, in the order they apply. On a draft each can be
 * taken back (the draft is re-derived from its reference without it).
 */
export function OverlayChanges({
  pkg,
  changes,
  onRemove,
  onSelectNode,
  saving,
}: {
  pkg: SchemePackage;
  changes: readonly OverlayChange[];
  /** Present on an editable draft. */
  onRemove?: ((index: number) => void) | undefined;
  onSelectNode: (urn: string) => void;
  saving?: boolean;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();

  const detail = (change: OverlayChange) => {
    switch (change.op) {
      case 'setPoints':
        return t('schemes.change.points_to', { points: change.points });
      case 'setExcludable':
        return change.excludable ? t('schemes.node.excludable_yes') : t('schemes.node.excludable_no');
      case 'addGuidance':
        return localized(change.guidance);
      case 'addTypicalEvidence':
        return localized(change.evidence);
      case 'setMethod':
        return methodLabel(t, change.method.kind);
      case 'setTechniques':
        return joinList(
          t,
          change.techniques.map((x) => techniqueLabel(t, x)),
        );
      case 'addNode':
        return t('schemes.change.added_node', {
          code: change.node.code,
          title: localized(change.node.title),
          points: change.node.points,
        });
    }
  };

  if (changes.length === 0) {
    return <Empty description={t('schemes.change.none')} data-testid="overlay-changes-empty" />;
  }

  return (
    <Table
      size="small"
      pagination={false}
      rowKey="index"
      dataSource={changes.map((change, index) => ({ change, index }))}
      data-testid="overlay-changes"
      columns={[
        { title: '#', key: 'index', width: 48, render: (_, r) => r.index + 1 },
        {
          title: t('schemes.change.op'),
          key: 'op',
          width: 150,
          render: (_, r) => (
            <Tag color={OP_COLORS[r.change.op]}>{t(`schemes.change.ops.${snake(r.change.op)}`)}</Tag>
          ),
        },
        {
          title: t('schemes.change.node'),
          key: 'node',
          width: 280,
          render: (_, r) => {
            const ref = changeRef(r.change);
            const node = findNode(pkg.tree, ref);
            return node ? (
              <Typography.Link onClick={() => onSelectNode(node.urn)}>
                {node.code} {localized(node.title)}
              </Typography.Link>
            ) : (
              <Typography.Text code>{ref}</Typography.Text>
            );
          },
        },
        { title: t('schemes.change.detail'), key: 'detail', render: (_, r) => detail(r.change) },
        ...(onRemove
          ? [
              {
                title: t('common.actions'),
                key: 'actions',
                width: 90,
                render: (_: unknown, r: { index: number }) => (
                  <Popconfirm
                    title={t('schemes.change.remove_confirm')}
                    onConfirm={() => onRemove(r.index)}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                  >
                    <Button
                      type="link"
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={saving}
                      data-testid={`overlay-change-remove-${r.index}`}
                    >
                      {t('schemes.change.remove')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
