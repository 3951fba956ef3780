import { useEffect, useMemo, useState } from 'react';
import {
  Button,
  Card,
  Descriptions,
  Divider,
  Empty,
  Flex,
  Input,
  InputNumber,
  Segmented,
  Space,
  Switch,
  Tag,
  Typography,
  theme,
} from 'antd';
import { CheckCircleFilled, WarningFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { OverlayChange } from '../../domain/schemes/overlay.ts';
import type {
  EvaluationMethod,
  IndicatorNode,
  LocalizedText,
  SchemePackage,
} from '../../domain/schemes/package-schema.ts';
import {
  MethodTag,
  percentText,
  ProvisionalTag,
  roundingLabel,
  techniqueLabel,
  useLocalized,
} from './labels.tsx';
import type { TreeEntry } from './scheme-tree.ts';
import { pointsMismatch, samePoints, sumPoints, withExcludable, withPoints } from './scheme-tree.ts';

/** The parameters of an evaluation method, in words. */
export function MethodDetails({ method }: { method: EvaluationMethod }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  switch (method.kind) {
    case 'qualitative':
    case 'sampled':
      return <Typography.Text type="secondary">{t(`schemes.method_hint.${method.kind}`)}</Typography.Text>;
    case 'staffing':
      return (
        <Typography.Text type="secondary">
          {t('schemes.method_hint.staffing', {
            ratio: percentText(method.ratio),
            minimum: method.minimum,
            rounding: roundingLabel(t, method.requiredRounding),
          })}{' '}
          {t(`schemes.staffing_mode.${method.mode === 'allOrNothing' ? 'all_or_nothing' : 'proportional'}`)}
        </Typography.Text>
      );
    case 'metric':
      return (
        <Flex vertical gap={2}>
          <Typography.Text type="secondary">
            {t('schemes.method_hint.metric', {
              metric: localized(method.metric.title),
              unit: method.metric.unit ?? '',
            })}
          </Typography.Text>
          {method.bands.map((band, i) => (
            <Typography.Text key={i} style={{ fontSize: 12 }}>
              {band.label ? `${localized(band.label)}: ` : ''}
              {t('schemes.metric_band', {
                min: band.min ?? '−∞',
                max: band.max ?? '+∞',
                share: percentText(band.share),
              })}
            </Typography.Text>
          ))}
        </Flex>
      );
  }
}

function TextList({ items, testId }: { items: readonly LocalizedText[] | undefined; testId: string }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  if (!items?.length) return <Typography.Text type="secondary">{t('schemes.node.none')}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid={testId}>
      {items.map((item, i) => (
        <li key={i}>
          <Typography.Text>{localized(item)}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}

const confidenceLabel = (t: TFunction, c: NonNullable<IndicatorNode['confidence']>) =>
  t(`schemes.confidence.${c.toLowerCase()}`);

export interface NodeEditor {
  /** The draft's overlay changes as they stand. */
  changes: readonly OverlayChange[];
  /** Save a new list of changes; resolves true when the server accepted it. */
  save: (changes: OverlayChange[]) => Promise<boolean>;
  saving: boolean;
}

/**
 * The selected node: its points, method, techniques, guidance and typical evidence. On a body draft the
 * editor changes the points of the node and its siblings together (the sum is checked as you type), its
 * excludability, and adds guidance or typical evidence.
 */
export function NodePanel({
  pkg,
  entry,
  editor,
}: {
  pkg: SchemePackage;
  entry: TreeEntry | undefined;
  editor?: NodeEditor | undefined;
}) {
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  if (!entry) {
    return (
      <Card size="small">
        <Empty description={t('schemes.node.pick')} />
      </Card>
    );
  }
  const { node, parent } = entry;
  const leaf = !node.children?.length;
  const method = leaf ? (node.method ?? { kind: pkg.policies.scoring.defaultMethod }) : undefined;
  const mismatch = pointsMismatch(node);
  const otherTitle = i18n.language === 'en' ? node.title.zh : node.title.en;

  return (
    <Card
      size="small"
      title={
        <Flex vertical gap={0} style={{ whiteSpace: 'normal', padding: '6px 0' }}>
          <Typography.Text strong data-testid="node-panel-title">
            {node.code} {localized(node.title)}
          </Typography.Text>
          {otherTitle ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
              {otherTitle}
            </Typography.Text>
          ) : null}
        </Flex>
      }
      data-testid="node-panel"
    >
      <Descriptions
        column={1}
        size="small"
        styles={{ label: { width: 96 } }}
        items={[
          {
            key: 'points',
            label: t('schemes.tree.points'),
            children: (
              <Flex vertical gap={4}>
                <Space size={6}>
                  <Typography.Text strong>{node.points}</Typography.Text>
                  {node.provisional ? <ProvisionalTag /> : null}
                </Space>
                {node.provisional ? (
                  <Typography.Text type="warning" style={{ fontSize: 12 }}>
                    {t('schemes.provisional.tooltip.points')}
                  </Typography.Text>
                ) : null}
                {node.children?.length ? (
                  <Typography.Text type={mismatch ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                    {mismatch
                      ? t('schemes.tree.sum_mismatch', mismatch)
                      : t('schemes.node.children_sum', { count: node.children.length, points: node.points })}
                  </Typography.Text>
                ) : null}
              </Flex>
            ),
          },
          ...(parent
            ? [
                {
                  key: 'parent',
                  label: t('schemes.node.parent'),
                  children: `${parent.code} ${localized(parent.title)}`,
                },
              ]
            : []),
          ...(method
            ? [
                {
                  key: 'method',
                  label: t('schemes.node.method'),
                  children: (
                    <Flex vertical gap={4}>
                      <Space size={4}>
                        <MethodTag method={method} />
                        {'provisional' in method && method.provisional ? (
                          <ProvisionalTag what="method" />
                        ) : null}
                      </Space>
                      <MethodDetails method={method} />
                    </Flex>
                  ),
                },
                {
                  key: 'techniques',
                  label: t('schemes.node.techniques'),
                  children: (
                    <Flex gap={4} wrap>
                      {(node.techniques ?? []).map((tech) => (
                        <Tag key={tech} style={{ marginInlineEnd: 0 }}>
                          {techniqueLabel(t, tech)}
                        </Tag>
                      ))}
                    </Flex>
                  ),
                },
              ]
            : []),
          ...(parent
            ? [
                {
                  key: 'excludable',
                  label: t('schemes.tree.excludable'),
                  children: node.excludable
                    ? t('schemes.node.excludable_yes')
                    : t('schemes.node.excludable_no'),
                },
              ]
            : []),
          ...(node.confidence
            ? [
                {
                  key: 'confidence',
                  label: t('schemes.node.confidence'),
                  children: confidenceLabel(t, node.confidence),
                },
              ]
            : []),
          ...(node.source ? [{ key: 'source', label: t('schemes.node.source'), children: node.source }] : []),
          {
            key: 'urn',
            label: 'URN',
            children: (
              <Typography.Text code copyable style={{ fontSize: 11, wordBreak: 'break-all' }}>
                {node.urn}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Divider titlePlacement="start" plain style={{ margin: '12px 0 8px' }}>
        {t('schemes.node.guidance')}
      </Divider>
      <TextList items={node.guidance} testId="node-guidance" />
      <Divider titlePlacement="start" plain style={{ margin: '12px 0 8px' }}>
        {t('schemes.node.typical_evidence')}
      </Divider>
      <TextList items={node.typicalEvidence} testId="node-typical-evidence" />
      {editor ? <NodeEditorSection pkg={pkg} entry={entry} editor={editor} /> : null}
    </Card>
  );
}

function NodeEditorSection({
  pkg,
  entry,
  editor,
}: {
  pkg: SchemePackage;
  entry: TreeEntry;
  editor: NodeEditor;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { token } = theme.useToken();
  const { node, parent } = entry;
  const group = useMemo(() => parent?.children ?? [], [parent]);

  const [values, setValues] = useState<Record<string, number | null>>({});
  const [textKind, setTextKind] = useState<'guidance' | 'evidence'>('guidance');
  const [textZh, setTextZh] = useState('');
  const [textEn, setTextEn] = useState('');

  useEffect(() => {
    setValues(Object.fromEntries(group.map((n) => [n.urn, n.points])));
  }, [group]);
  useEffect(() => {
    setTextZh('');
    setTextEn('');
  }, [node.urn]);

  if (!parent) {
    return (
      <>
        <Divider style={{ margin: '16px 0 8px' }} />
        <Typography.Text type="secondary">{t('schemes.edit.root_fixed')}</Typography.Text>
      </>
    );
  }

  const entered = group.map((n) => values[n.urn]);
  const complete = entered.every((v): v is number => typeof v === 'number');
  const sum = complete ? sumPoints(entered) : null;
  const balanced = sum !== null && samePoints(sum, parent.points);
  const dirty = group.some(
    (n) => typeof values[n.urn] === 'number' && !samePoints(values[n.urn] as number, n.points),
  );

  const savePoints = async () => {
    if (!complete) return;
    const next = withPoints(
      editor.changes,
      pkg.tree,
      group
        .map((n) => ({ urn: n.urn, points: values[n.urn] as number }))
        .filter((v, i) => !samePoints(v.points, group[i]!.points) || v.urn === node.urn),
    );
    await editor.save(next);
  };

  const addText = async () => {
    const zh = textZh.trim();
    if (!zh) return;
    const en = textEn.trim();
    const text: LocalizedText = en ? { zh, en } : { zh };
    const change: OverlayChange =
      textKind === 'guidance'
        ? { op: 'addGuidance', node: node.urn, guidance: text }
        : { op: 'addTypicalEvidence', node: node.urn, evidence: text };
    if (await editor.save([...editor.changes, change])) {
      setTextZh('');
      setTextEn('');
    }
  };

  return (
    <div data-testid="node-editor">
      <Divider titlePlacement="start" style={{ margin: '16px 0 8px' }}>
        {t('schemes.edit.title')}
      </Divider>
      <Typography.Text strong>
        {t('schemes.edit.points_title', { parent: parent.code, points: parent.points })}
      </Typography.Text>
      <Flex vertical gap={6} style={{ margin: '8px 0' }}>
        {group.map((n) => (
          <Flex key={n.urn} align="center" gap={8}>
            <Typography.Text
              style={{ flex: 1, minWidth: 0, fontWeight: n.urn === node.urn ? 600 : undefined }}
              ellipsis={{ tooltip: `${n.code} ${localized(n.title)}` }}
            >
              {n.code} {localized(n.title)}
            </Typography.Text>
            {n.provisional ? <ProvisionalTag /> : null}
            <InputNumber<number>
              min={0}
              step={1}
              size="small"
              style={{ width: 76 }}
              value={values[n.urn] ?? null}
              onChange={(v) => setValues((old) => ({ ...old, [n.urn]: v }))}
              data-testid={`points-input-${n.code}`}
            />
          </Flex>
        ))}
        <Flex align="center" gap={6} data-testid="points-sum">
          {balanced ? (
            <CheckCircleFilled style={{ color: token.colorSuccess }} />
          ) : (
            <WarningFilled style={{ color: token.colorWarning }} />
          )}
          <Typography.Text type={balanced ? 'success' : 'warning'}>
            {t('schemes.edit.sum', { sum: sum ?? '—', points: parent.points })}
          </Typography.Text>
        </Flex>
        {!balanced && complete ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('schemes.edit.sum_hint')}
          </Typography.Text>
        ) : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('schemes.edit.confirm_hint')}
        </Typography.Text>
        <Space>
          <Button
            type="primary"
            size="small"
            onClick={() => void savePoints()}
            loading={editor.saving}
            disabled={!complete || (!dirty && !node.provisional)}
            data-testid="points-save"
          >
            {dirty ? t('schemes.edit.save_points') : t('schemes.edit.confirm_points')}
          </Button>
          <Button
            size="small"
            disabled={!dirty}
            onClick={() => setValues(Object.fromEntries(group.map((n) => [n.urn, n.points])))}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Flex>

      <Flex align="center" justify="space-between" gap={8} style={{ margin: '12px 0' }}>
        <Typography.Text strong>{t('schemes.edit.excludable')}</Typography.Text>
        <Switch
          checked={!!node.excludable}
          loading={editor.saving}
          onChange={(checked) => void editor.save(withExcludable(editor.changes, node, checked))}
          data-testid="excludable-switch"
        />
      </Flex>

      <Flex vertical gap={6}>
        <Segmented<'guidance' | 'evidence'>
          size="small"
          value={textKind}
          onChange={setTextKind}
          options={[
            { value: 'guidance', label: t('schemes.edit.add_guidance') },
            { value: 'evidence', label: t('schemes.edit.add_evidence') },
          ]}
          data-testid="add-text-kind"
        />
        <Input.TextArea
          rows={2}
          value={textZh}
          onChange={(e) => setTextZh(e.target.value)}
          placeholder={t('schemes.edit.text_zh')}
          maxLength={2000}
          data-testid="add-text-zh"
        />
        <Input
          value={textEn}
          onChange={(e) => setTextEn(e.target.value)}
          placeholder={t('schemes.edit.text_en')}
          maxLength={2000}
          data-testid="add-text-en"
        />
        <Button
          size="small"
          onClick={() => void addText()}
          disabled={!textZh.trim()}
          loading={editor.saving}
          style={{ alignSelf: 'flex-start' }}
          data-testid="add-text-submit"
        >
          {t('schemes.edit.add')}
        </Button>
      </Flex>
    </div>
  );
}
