import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Flex,
  Input,
  Select,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/session.tsx';
import { useFormatInstant } from '../shared/format.ts';
import {
  editAnswer,
  evidenceFileUrl,
  getVisit,
  mysteryKeys,
  reviewVisit,
  type AnswerValue,
  type Visit,
} from './api.ts';
import { ChannelTag, FlagList, StateTag, useGroupLabel, useLocalText, useMysteryError } from './shared.tsx';

/**
 * One visit for CB staff: answers against the pinned scenario version, proof of visit (GPS, times,
 * evidence), flags, the per-question audit log, the samples it gives (frozen once approved), and the
 * reviewer's actions: approve, send back, void, edit an answer with a reason.
 */
export function ReviewDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const format = useFormatInstant();
  const local = useLocalText();
  const groupLabel = useGroupLabel();
  const errorText = useMysteryError();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const [ack, setAck] = useState(false);
  const [edit, setEdit] = useState<{ questionId?: string; value?: AnswerValue; reason: string }>({
    reason: '',
  });
  const visit = useQuery({
    queryKey: mysteryKeys.visit(id ?? ''),
    queryFn: ({ signal }) => getVisit(id!, signal),
    enabled: !!id,
  });
  const done = (v: Visit) => {
    client.setQueryData(mysteryKeys.visit(v.id), v);
    void client.invalidateQueries({ queryKey: mysteryKeys.all });
    setNote('');
    setAck(false);
    setEdit({ reason: '' });
  };
  const review = useMutation({
    mutationFn: (action: 'approve' | 'return' | 'void') =>
      reviewVisit(id!, {
        version: visit.data!.version,
        action,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(ack ? { acknowledgeFlags: true } : {}),
      }),
    onSuccess: (v) => {
      done(v);
      void message.success(t('mystery_visits.review.done'));
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const editMutation = useMutation({
    mutationFn: () =>
      editAnswer(id!, {
        version: visit.data!.version,
        questionId: edit.questionId!,
        value: edit.value!,
        reason: edit.reason.trim(),
      }),
    onSuccess: done,
    onError: (e) => void message.error(errorText(e)),
  });

  const v = visit.data;
  const content = v?.scenario.content;
  const answers = new Map(v?.answers.map((a) => [a.questionId, a]) ?? []);
  const canReview = can('mysteryVisits.review') && v?.state === 'submitted';
  const canVoid = can('mysteryVisits.review') && v && !['approved', 'voided'].includes(v.state);
  const answerText = (value: AnswerValue | undefined) =>
    value === undefined
      ? '—'
      : typeof value === 'number'
        ? String(value)
        : t(`mystery_visits.answer.${value}`);
  const editQuestion = content?.questions.find((q) => q.id === edit.questionId);

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      width={Math.min(720, typeof window === 'undefined' ? 720 : window.innerWidth)}
      title={v ? `${v.ref} · ${v.outlet.code} ${v.outlet.name}` : ''}
      data-testid="review-drawer"
    >
      {visit.isPending ? <Spin /> : null}
      {v && content ? (
        <Flex vertical gap="middle">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('mystery_visits.fields.state')}>
              <StateTag state={v.state} /> <ChannelTag channel={v.channel} />
              {v.locked ? <Tag color="green">{t('mystery_visits.review.locked')}</Tag> : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('mystery_visits.fields.scenario')}>
              {local(content.title)} · v{v.scenario.versionNumber}{' '}
              <Typography.Text type="secondary" code>
                {v.scenario.contentHash.slice(0, 12)}
              </Typography.Text>
            </Descriptions.Item>
            {v.shopper ? (
              <Descriptions.Item label={t('mystery_visits.fields.shopper')}>
                {v.shopper.displayName}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('mystery_visits.fields.window')}>
              {format(v.windowStart)} – {format(v.windowEnd)}
            </Descriptions.Item>
            <Descriptions.Item label={t('mystery_visits.fields.times')}>
              {format(v.startedAt) || '—'} – {format(v.endedAt) || '—'}
            </Descriptions.Item>
            {v.gps ? (
              <Descriptions.Item label={t('mystery_visits.fields.gps')}>
                {v.gps.latitude.toFixed(5)}, {v.gps.longitude.toFixed(5)} (±{Math.round(v.gps.accuracy)} m) ·{' '}
                {format(v.gps.at)}
              </Descriptions.Item>
            ) : null}
            {v.reviewNote ? (
              <Descriptions.Item label={t('mystery_visits.fields.review_note')}>
                {v.reviewNote}
              </Descriptions.Item>
            ) : null}
            {v.voidReason ? (
              <Descriptions.Item label={t('mystery_visits.fields.void_reason')}>
                {v.voidReason}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {v.flags.length ? (
            <Alert
              type="warning"
              showIcon
              message={t('mystery_visits.review.flags')}
              description={<FlagList flags={v.flags} />}
              data-testid="visit-flags"
            />
          ) : null}

          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={content.questions}
            scroll={{ x: true }}
            columns={[
              {
                title: t('mystery_visits.fields.group'),
                dataIndex: 'group',
                render: (g: string) => groupLabel(g),
              },
              { title: t('mystery_visits.fields.question'), render: (_, q) => local(q.text) },
              { title: t('mystery_visits.fields.item'), dataIndex: 'node' },
              {
                title: t('mystery_visits.fields.answer'),
                render: (_, q) => (
                  <>
                    {answerText(answers.get(q.id)?.value)}
                    {answers.get(q.id)?.note ? (
                      <Typography.Text type="secondary"> · {answers.get(q.id)?.note}</Typography.Text>
                    ) : null}
                  </>
                ),
              },
            ]}
          />

          <div>
            <Typography.Title level={5}>{t('mystery_visits.review.samples')}</Typography.Title>
            <Flex gap={4} wrap data-testid="visit-samples">
              {v.samples.map((s) => (
                <Tag key={s.node} color={s.conforming < s.checked ? 'red' : 'green'}>
                  {s.node}: {s.conforming}/{s.checked}
                </Tag>
              ))}
            </Flex>
          </div>

          {v.files.length ? (
            <div>
              <Typography.Title level={5}>{t('mystery_visits.capture.evidence')}</Typography.Title>
              <Flex vertical>
                {v.files.map((f) =>
                  can('mysteryVisits.evidence') ? (
                    <a key={f.id} href={evidenceFileUrl(v.id, f.id)} target="_blank" rel="noreferrer">
                      {f.key}: {f.fileName} ({Math.ceil(f.size / 1024)} KB)
                    </a>
                  ) : (
                    <span key={f.id}>
                      {f.key}: {f.fileName}
                    </span>
                  ),
                )}
              </Flex>
            </div>
          ) : null}

          {canReview || canVoid ? (
            <Flex vertical gap="small" data-testid="review-actions">
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('mystery_visits.review.title')}
              </Typography.Title>
              <Input.TextArea
                rows={2}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t('mystery_visits.review.note')}
                data-testid="review-note"
              />
              {canReview && v.flags.length ? (
                <Checkbox checked={ack} onChange={(e) => setAck(e.target.checked)} data-testid="review-ack">
                  {t('mystery_visits.review.acknowledge')}
                </Checkbox>
              ) : null}
              <Flex gap="small" wrap>
                {canReview ? (
                  <Button
                    type="primary"
                    loading={review.isPending}
                    onClick={() => review.mutate('approve')}
                    data-testid="review-approve"
                  >
                    {t('mystery_visits.review.approve')}
                  </Button>
                ) : null}
                {canReview ? (
                  <Button
                    loading={review.isPending}
                    onClick={() => review.mutate('return')}
                    data-testid="review-return"
                  >
                    {t('mystery_visits.review.return')}
                  </Button>
                ) : null}
                {canVoid ? (
                  <Button
                    danger
                    loading={review.isPending}
                    onClick={() => review.mutate('void')}
                    data-testid="review-void"
                  >
                    {t('mystery_visits.review.void')}
                  </Button>
                ) : null}
              </Flex>
              {canReview ? (
                <Flex gap="small" wrap align="center">
                  <Select
                    style={{ minWidth: 200 }}
                    placeholder={t('mystery_visits.review.edit_question')}
                    value={edit.questionId}
                    onChange={(questionId: string) =>
                      setEdit((e) => ({ ...e, questionId, value: undefined }))
                    }
                    options={content.questions.map((q) => ({ value: q.id, label: local(q.text) }))}
                  />
                  {editQuestion ? (
                    <Select
                      style={{ width: 100 }}
                      value={edit.value}
                      onChange={(value: AnswerValue) => setEdit((e) => ({ ...e, value }))}
                      options={[
                        ...(editQuestion.answer.type === 'yesNo'
                          ? (['yes', 'no'] as const).map((x) => ({
                              value: x as AnswerValue,
                              label: answerText(x),
                            }))
                          : Array.from({ length: editQuestion.answer.scale }, (_, i) => ({
                              value: (i + 1) as AnswerValue,
                              label: String(i + 1),
                            }))),
                        ...(editQuestion.naAllowed
                          ? [{ value: 'na' as AnswerValue, label: answerText('na') }]
                          : []),
                      ]}
                    />
                  ) : null}
                  <Input
                    style={{ flex: 1, minWidth: 160 }}
                    placeholder={t('mystery_visits.review.edit_reason')}
                    value={edit.reason}
                    onChange={(e) => setEdit((x) => ({ ...x, reason: e.target.value }))}
                  />
                  <Button
                    disabled={!edit.questionId || edit.value === undefined || !edit.reason.trim()}
                    loading={editMutation.isPending}
                    onClick={() => editMutation.mutate()}
                  >
                    {t('mystery_visits.review.edit')}
                  </Button>
                </Flex>
              ) : null}
            </Flex>
          ) : null}

          {v.log ? (
            <div>
              <Typography.Title level={5}>{t('mystery_visits.review.log')}</Typography.Title>
              <Table
                size="small"
                rowKey="seq"
                pagination={false}
                scroll={{ x: true }}
                dataSource={v.log}
                columns={[
                  { title: t('mystery_visits.log.at'), dataIndex: 'at', render: (x: string) => format(x) },
                  {
                    title: t('mystery_visits.log.event'),
                    dataIndex: 'event',
                    render: (e: string) =>
                      t(`mystery_visits.log.events.${e.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`),
                  },
                  { title: t('mystery_visits.log.question'), dataIndex: 'questionId' },
                  {
                    title: t('mystery_visits.log.change'),
                    render: (_, l) =>
                      l.oldValue !== null || l.newValue !== null
                        ? `${l.oldValue === null ? '' : JSON.stringify(l.oldValue)} → ${JSON.stringify(l.newValue)}`
                        : '',
                  },
                  {
                    title: t('mystery_visits.log.device'),
                    render: (_, l) =>
                      [l.shownAt ? format(l.shownAt) : null, l.clientAt ? format(l.clientAt) : null]
                        .filter(Boolean)
                        .join(' → '),
                  },
                  { title: t('mystery_visits.log.reason'), dataIndex: 'reason' },
                ]}
              />
            </div>
          ) : null}
        </Flex>
      ) : null}
    </Drawer>
  );
}
