import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Flex, Input, List, Modal, Select, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../shared/errors.ts';
import type { Checklist, Evaluation } from './api.ts';
import { evaluationKeys, putSpecials } from './api.ts';
import { useLabel } from './labels.tsx';

type Exclusion = { node: string; justification: string };
type Bonus = { justification: string; node?: string };

/** Exclusions (删减, only excludable items, each justified) and the special bonus of the evaluation. */
export function SpecialsCard({
  evaluation: e,
  checklist,
}: {
  evaluation: Evaluation;
  checklist?: Checklist;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const [adding, setAdding] = useState<'exclusion' | 'bonus' | null>(null);
  const [node, setNode] = useState<string>();
  const [why, setWhy] = useState('');
  const editable = e.actions.includes('conduct');

  const items = new Map<string, string>();
  for (const s of checklist?.sites ?? [])
    for (const i of s.items) if (!items.has(i.node)) items.set(i.node, label(i.title));
  const excludable = [
    ...new Set(
      (checklist?.sites ?? []).flatMap((s) => s.items.filter((i) => i.excludable).map((i) => i.node)),
    ),
  ];

  const save = async (exclusions: Exclusion[], bonuses: Bonus[]) => {
    try {
      await putSpecials(e.id, {
        version: e.version,
        exclusions: exclusions.map(({ node: n, justification }) => ({ node: n, justification })),
        bonuses: bonuses.map((b) => ({
          justification: b.justification,
          ...(b.node ? { node: b.node } : {}),
        })),
      });
      message.success(t('evaluations.specials.saved'));
      setAdding(null);
      setNode(undefined);
      setWhy('');
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: evaluationKeys.one(e.id) }),
        queryClient.invalidateQueries({ queryKey: evaluationKeys.score(e.id) }),
      ]);
    }
  };

  return (
    <Card size="small" title={t('evaluations.specials.title')}>
      <Typography.Text strong>{t('evaluations.specials.exclusions')}</Typography.Text>
      <List
        size="small"
        dataSource={e.exclusions}
        locale={{ emptyText: t('evaluations.specials.none') }}
        renderItem={(x, i) => (
          <List.Item
            actions={
              editable
                ? [
                    <Button
                      key="del"
                      size="small"
                      type="text"
                      icon={<DeleteOutlined />}
                      onClick={() =>
                        save(
                          e.exclusions.filter((_, j) => j !== i),
                          e.bonuses,
                        )
                      }
                    />,
                  ]
                : []
            }
          >
            <List.Item.Meta title={`${x.node} ${items.get(x.node) ?? ''}`} description={x.justification} />
          </List.Item>
        )}
      />
      <Typography.Text strong>{t('evaluations.specials.bonuses')}</Typography.Text>
      <List
        size="small"
        dataSource={e.bonuses}
        locale={{ emptyText: t('evaluations.specials.none') }}
        renderItem={(x, i) => (
          <List.Item
            actions={
              editable
                ? [
                    <Button
                      key="del"
                      size="small"
                      type="text"
                      icon={<DeleteOutlined />}
                      onClick={() =>
                        save(
                          e.exclusions,
                          e.bonuses.filter((_, j) => j !== i),
                        )
                      }
                    />,
                  ]
                : []
            }
          >
            <List.Item.Meta title={x.node ?? t('evaluations.specials.bonus')} description={x.justification} />
          </List.Item>
        )}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('evaluations.specials.deductions_hint')}
      </Typography.Paragraph>
      {editable ? (
        <Flex gap="small" wrap>
          <Button size="small" onClick={() => setAdding('exclusion')} disabled={excludable.length === 0}>
            {t('evaluations.specials.add_exclusion')}
          </Button>
          <Button size="small" onClick={() => setAdding('bonus')}>
            {t('evaluations.specials.add_bonus')}
          </Button>
        </Flex>
      ) : null}
      <Modal
        open={adding !== null}
        title={
          adding === 'bonus' ? t('evaluations.specials.add_bonus') : t('evaluations.specials.add_exclusion')
        }
        onCancel={() => setAdding(null)}
        okButtonProps={{ disabled: !why.trim() || (adding === 'exclusion' && !node) }}
        onOk={() =>
          adding === 'exclusion'
            ? save([...e.exclusions, { node: node!, justification: why.trim() }], e.bonuses)
            : save(e.exclusions, [...e.bonuses, { justification: why.trim(), ...(node ? { node } : {}) }])
        }
      >
        <Flex vertical gap="small">
          <Select
            allowClear={adding === 'bonus'}
            value={node}
            onChange={setNode}
            placeholder={t('evaluations.specials.pick_indicator')}
            options={(adding === 'exclusion' ? excludable : [...items.keys()]).map((n) => ({
              value: n,
              label: `${n} ${items.get(n) ?? ''}`,
            }))}
          />
          <Input.TextArea
            rows={3}
            value={why}
            onChange={(ev) => setWhy(ev.target.value)}
            placeholder={t('evaluations.specials.justification')}
          />
        </Flex>
      </Modal>
    </Card>
  );
}
