import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, Flex, Input, Radio, Spin, Tag, Typography } from 'antd';
import {
  AudioOutlined,
  CameraOutlined,
  CheckCircleFilled,
  EnvironmentOutlined,
  LeftOutlined,
} from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormatInstant } from '../shared/format.ts';
import {
  captureVisit,
  EVIDENCE_LIMITS,
  getMyVisit,
  mysteryKeys,
  startVisit,
  submitVisit,
  uploadVisitEvidence,
  type AnswerValue,
  type Question,
  type Visit,
} from './api.ts';
import { ChannelTag, StateTag, useGroupLabel, useLocalText, useMysteryError } from './shared.tsx';

const EDITABLE: Visit['state'][] = ['inProgress', 'returned'];

function Timer({ since }: { since: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(h);
  }, []);
  const s = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return (
    <Typography.Text
      strong
      style={{ fontVariantNumeric: 'tabular-nums', fontSize: 18 }}
      data-testid="visit-timer"
    >
      {mm}:{ss}
    </Typography.Text>
  );
}

function AnswerInput({
  q,
  value,
  disabled,
  onChange,
}: {
  q: Question;
  value: AnswerValue | undefined;
  disabled: boolean;
  onChange: (v: AnswerValue) => void;
}) {
  const { t } = useTranslation();
  const options: { label: string; value: AnswerValue }[] =
    q.answer.type === 'yesNo'
      ? [
          { label: t('mystery_visits.answer.yes'), value: 'yes' },
          { label: t('mystery_visits.answer.no'), value: 'no' },
        ]
      : Array.from({ length: q.answer.scale }, (_, i) => ({ label: String(i + 1), value: i + 1 }));
  if (q.naAllowed) options.push({ label: t('mystery_visits.answer.na'), value: 'na' });
  return (
    <Radio.Group
      optionType="button"
      buttonStyle="solid"
      size="large"
      disabled={disabled}
      value={value}
      onChange={(e) => onChange(e.target.value as AnswerValue)}
      data-testid={`answer-${q.id}`}
      style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}
    >
      {options.map((o) => (
        <Radio.Button key={String(o.value)} value={o.value} style={{ minWidth: 56, textAlign: 'center' }}>
          {o.label}
        </Radio.Button>
      ))}
    </Radio.Group>
  );
}

/**
 * The shopper's visit on a phone: the script and consent notice, start, a running timer, GPS check-in,
 * one card per question (each answer saved at once with when it was shown and answered), photo and audio
 * capture checked for type and size before sending, and submit.
 */
export default function VisitCapturePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormatInstant();
  const local = useLocalText();
  const groupLabel = useGroupLabel();
  const errorText = useMysteryError();
  const client = useQueryClient();
  const visit = useQuery({
    queryKey: mysteryKeys.myVisit(id),
    queryFn: ({ signal }) => getMyVisit(id, signal),
  });
  const shownAt = useRef(new Map<string, string>());
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [gpsError, setGpsError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);

  const set = (v: Visit) => {
    client.setQueryData(mysteryKeys.myVisit(id), v);
    void client.invalidateQueries({ queryKey: mysteryKeys.mine, exact: true });
  };
  const current = () => client.getQueryData<Visit>(mysteryKeys.myVisit(id))!;
  const onError = (e: unknown) => void message.error(errorText(e));

  const start = useMutation({ mutationFn: () => startVisit(id, current().version), onSuccess: set, onError });
  const capture = useMutation({
    mutationFn: (body: Partial<Omit<Parameters<typeof captureVisit>[1], 'version'>>) =>
      captureVisit(id, { ...body, answers: body.answers ?? [], version: current().version }),
    onSuccess: set,
    onError,
  });
  const upload = useMutation({
    mutationFn: ({ key, file }: { key: string; file: File }) => uploadVisitEvidence(id, key, file),
    onSuccess: (v) => {
      set(v);
      void message.success(t('mystery_visits.capture.uploaded'));
    },
    onError,
  });
  const submit = useMutation({
    mutationFn: async () => {
      let v = current();
      if (!v.endedAt)
        v = await captureVisit(id, { version: v.version, answers: [], endedAt: new Date().toISOString() });
      return submitVisit(id, v.version);
    },
    onSuccess: (v) => {
      set(v);
      void message.success(t('mystery_visits.capture.submitted'));
    },
    onError: (e) => {
      void client.invalidateQueries({ queryKey: mysteryKeys.myVisit(id) });
      onError(e);
    },
  });

  const v = visit.data;
  useEffect(() => {
    if (!v) return;
    const at = new Date().toISOString();
    for (const q of v.scenario.content.questions)
      if (!shownAt.current.has(q.id)) shownAt.current.set(q.id, at);
  }, [v]);

  if (visit.isPending) return <Spin />;
  if (visit.isError || !v) return <Alert type="error" showIcon message={errorText(visit.error)} />;

  const content = v.scenario.content;
  const editable = EDITABLE.includes(v.state);
  const busy = capture.isPending || upload.isPending || submit.isPending || start.isPending;
  const answers = new Map(v.answers.map((a) => [a.questionId, a]));
  const answered = content.questions.filter((q) => answers.has(q.id)).length;

  const answer = (q: Question, value: AnswerValue) =>
    capture.mutate({
      answers: [
        {
          questionId: q.id,
          value,
          ...(notes[q.id] ? { note: notes[q.id] } : {}),
          shownAt: shownAt.current.get(q.id) ?? new Date().toISOString(),
          answeredAt: new Date().toISOString(),
        },
      ],
    });

  const checkIn = () => {
    setGpsError(null);
    if (!('geolocation' in navigator)) return setGpsError(t('mystery_visits.capture.gps_unavailable'));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        capture.mutate({
          gps: {
            latitude: pos.coords.latitude,
            longitude: pos.coords.longitude,
            accuracy: pos.coords.accuracy,
            at: new Date(pos.timestamp || Date.now()).toISOString(),
          },
        });
      },
      () => {
        setLocating(false);
        setGpsError(t('mystery_visits.capture.gps_denied'));
      },
      { enableHighAccuracy: true, timeout: 15000 },
    );
  };

  const pick = (key: string, kind: 'photo' | 'audio', file: File | undefined) => {
    setFileError(null);
    if (!file) return;
    const rules = EVIDENCE_LIMITS[kind];
    const ext = file.name.includes('.') ? file.name.slice(file.name.lastIndexOf('.')).toLowerCase() : '';
    if (!(rules.ext as readonly string[]).includes(ext)) {
      return setFileError(t('mystery_visits.capture.file_type', { allowed: rules.ext.join(' ') }));
    }
    if (file.size > rules.maxBytes) {
      return setFileError(t('mystery_visits.capture.file_size', { max: rules.maxBytes / 1024 / 1024 }));
    }
    upload.mutate({ key, file });
  };

  return (
    <Flex vertical gap="small" style={{ maxWidth: 640, margin: '0 auto' }} data-testid="visit-capture">
      <Link to="/my-visits">
        <LeftOutlined /> {t('mystery_visits.mine.back')}
      </Link>
      <Card size="small">
        <Flex vertical gap={4}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
            {v.ref} · {v.outlet.name}
          </Typography.Title>
          <Typography.Text type="secondary">{local(content.title)}</Typography.Text>
          <Flex gap={4} wrap>
            <StateTag state={v.state} />
            <ChannelTag channel={v.channel} />
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('mystery_visits.window', { start: format(v.windowStart), end: format(v.windowEnd) })}
          </Typography.Text>
        </Flex>
      </Card>

      {v.state === 'returned' && v.reviewNote ? (
        <Alert
          type="warning"
          showIcon
          message={t('mystery_visits.capture.returned')}
          description={v.reviewNote}
        />
      ) : null}
      {v.state === 'submitted' ? (
        <Alert type="info" showIcon message={t('mystery_visits.capture.waiting')} />
      ) : null}
      {v.state === 'approved' ? (
        <Alert type="success" showIcon message={t('mystery_visits.capture.approved')} />
      ) : null}
      {v.state === 'voided' ? (
        <Alert type="error" showIcon message={t('mystery_visits.capture.voided')} />
      ) : null}

      <Collapse
        size="small"
        defaultActiveKey={v.state === 'assigned' ? ['script'] : []}
        items={[
          {
            key: 'script',
            label: t('mystery_visits.capture.script'),
            children: (
              <Typography.Paragraph style={{ margin: 0 }}>{local(content.script)}</Typography.Paragraph>
            ),
          },
        ]}
      />
      {content.consentNotice ? (
        <Alert
          type="info"
          showIcon
          message={t('mystery_visits.capture.consent')}
          description={local(content.consentNotice)}
        />
      ) : null}

      {v.state === 'assigned' ? (
        <Button
          type="primary"
          size="large"
          block
          loading={start.isPending}
          onClick={() => start.mutate()}
          data-testid="visit-start"
        >
          {t('mystery_visits.capture.start')}
        </Button>
      ) : null}

      {v.state !== 'assigned' ? (
        <Card size="small">
          <Flex justify="space-between" align="center" gap="small" wrap>
            <Flex vertical>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('mystery_visits.capture.elapsed')}
              </Typography.Text>
              {v.startedAt && !v.endedAt ? (
                <Timer since={v.startedAt} />
              ) : (
                <Typography.Text>
                  {format(v.startedAt)}
                  {v.endedAt ? ` – ${format(v.endedAt)}` : ''}
                </Typography.Text>
              )}
            </Flex>
            {v.channel === 'inStore' || v.channel === 'onSiteRepair' ? (
              <Button
                icon={v.gps ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <EnvironmentOutlined />}
                loading={locating}
                disabled={!editable || busy}
                onClick={checkIn}
                data-testid="visit-gps"
              >
                {v.gps
                  ? t('mystery_visits.capture.gps_done', { accuracy: Math.round(v.gps.accuracy) })
                  : t('mystery_visits.capture.gps')}
              </Button>
            ) : null}
          </Flex>
          {gpsError ? <Alert style={{ marginTop: 8 }} type="warning" showIcon message={gpsError} /> : null}
        </Card>
      ) : null}

      {v.state !== 'assigned' ? (
        <>
          <Typography.Text type="secondary">
            {t('mystery_visits.capture.progress', { done: answered, total: content.questions.length })}
          </Typography.Text>
          {content.questions.map((q, i) => (
            <Card
              key={q.id}
              size="small"
              data-testid={`question-${q.id}`}
              title={
                <Flex gap={6} align="center" style={{ whiteSpace: 'normal' }}>
                  <Tag>{groupLabel(q.group)}</Tag>
                  <span style={{ fontWeight: 500 }}>
                    {i + 1}. {local(q.text)}
                    {q.required ? <Typography.Text type="danger"> *</Typography.Text> : null}
                  </span>
                </Flex>
              }
            >
              <Flex vertical gap="small">
                <AnswerInput
                  q={q}
                  value={answers.get(q.id)?.value}
                  disabled={!editable || busy}
                  onChange={(value) => answer(q, value)}
                />
                {editable ? (
                  <Input
                    size="small"
                    placeholder={t('mystery_visits.capture.note')}
                    value={notes[q.id] ?? answers.get(q.id)?.note ?? ''}
                    onChange={(e) => setNotes((n) => ({ ...n, [q.id]: e.target.value }))}
                    onBlur={() => {
                      const a = answers.get(q.id);
                      if (a && (notes[q.id] ?? '') !== (a.note ?? '')) answer(q, a.value);
                    }}
                  />
                ) : answers.get(q.id)?.note ? (
                  <Typography.Text type="secondary">{answers.get(q.id)?.note}</Typography.Text>
                ) : null}
              </Flex>
            </Card>
          ))}

          <Card size="small" title={t('mystery_visits.capture.evidence')}>
            <Flex vertical gap="small">
              {content.evidence.map((e) => {
                const files = v.files.filter((f) => f.key === e.key);
                const inputId = `evidence-${e.key}`;
                return (
                  <Flex
                    key={e.key}
                    justify="space-between"
                    align="center"
                    gap="small"
                    wrap
                    data-testid={inputId}
                  >
                    <Flex vertical style={{ minWidth: 0 }}>
                      <Typography.Text>
                        {e.kind === 'photo' ? <CameraOutlined /> : <AudioOutlined />} {local(e.label)}
                        {e.required ? <Typography.Text type="danger"> *</Typography.Text> : null}
                      </Typography.Text>
                      {files.map((f) => (
                        <Typography.Text key={f.id} type="secondary" style={{ fontSize: 12 }} ellipsis>
                          <CheckCircleFilled style={{ color: '#52c41a' }} /> {f.fileName} (
                          {Math.ceil(f.size / 1024)} KB)
                        </Typography.Text>
                      ))}
                    </Flex>
                    <input
                      id={inputId}
                      type="file"
                      hidden
                      accept={EVIDENCE_LIMITS[e.kind].accept}
                      capture={e.kind === 'photo' ? 'environment' : 'user'}
                      disabled={!editable || busy}
                      onChange={(ev) => {
                        pick(e.key, e.kind, ev.target.files?.[0]);
                        ev.target.value = '';
                      }}
                    />
                    <Button
                      disabled={!editable || busy}
                      loading={upload.isPending && upload.variables?.key === e.key}
                      onClick={() => document.getElementById(inputId)?.click()}
                    >
                      {e.kind === 'photo'
                        ? t('mystery_visits.capture.take_photo')
                        : t('mystery_visits.capture.record_audio')}
                    </Button>
                  </Flex>
                );
              })}
              {fileError ? (
                <Alert type="error" showIcon message={fileError} data-testid="file-error" />
              ) : null}
            </Flex>
          </Card>

          {editable ? (
            <Button
              type="primary"
              size="large"
              block
              loading={submit.isPending}
              disabled={busy}
              onClick={() => submit.mutate()}
              data-testid="visit-submit"
            >
              {v.state === 'returned'
                ? t('mystery_visits.capture.resubmit')
                : t('mystery_visits.capture.submit')}
            </Button>
          ) : null}
        </>
      ) : null}
    </Flex>
  );
}
