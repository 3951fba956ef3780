/**
 * Phone survey (issue 8): an interviewer (`surveys.interview`) picks a live campaign and the outlet, asks the
 * questions of the campaign's pinned questionnaire, enters the answers and submits; a fresh form follows for
 * the next call. Visibility of conditional questions and the checks of the answers come from the domain
 * (src/domain/surveys/answers.ts), the same code the server runs.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Flex,
  Form,
  Input,
  Progress,
  Radio,
  Select,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { isDomainError } from '../../domain/errors.ts';
import { isVisible, validateAnswers, type AnswerValue, type Answers } from '../../domain/surveys/answers.ts';
import type { Question, QuestionnaireContent, SurveyText } from '../../domain/surveys/questionnaire.ts';
import { isApiError } from '../api/client.ts';
import { PageHeader } from '../shared/PageHeader.tsx';
import { enterPhoneResponse, listInterviews, surveyKeys, type Interview } from './api.ts';

type Issues = Record<string, string>;

/** The questions shown for the answers so far, in order (conditions refer to earlier questions). */
function visibleQuestions(q: QuestionnaireContent, answers: Answers): Question[] {
  const shown = new Set<string>();
  const out: Question[] = [];
  for (const question of q.questions) {
    if (!isVisible(question, answers, shown)) continue;
    shown.add(question.id);
    out.push(question);
  }
  return out;
}

function issuesOf(details: unknown): Issues {
  const list = (details as { issues?: { path: string; code: string }[] } | undefined)?.issues ?? [];
  return Object.fromEntries(list.map((i) => [i.path, i.code]));
}

function QuestionField({
  question,
  value,
  error,
  onChange,
  text,
}: {
  question: Question;
  value: AnswerValue | undefined;
  error: string | undefined;
  onChange: (v: AnswerValue | undefined) => void;
  text: (s: SurveyText | undefined) => string;
}) {
  const { t } = useTranslation();
  const scale = (from: number, to: number) => (
    <Radio.Group
      value={value}
      onChange={(e) => onChange(e.target.value as number)}
      optionType="button"
      buttonStyle="solid"
      style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
      options={Array.from({ length: to - from + 1 }, (_, i) => ({
        value: from + i,
        label: String(from + i),
        style: { minWidth: 40, minHeight: 40, lineHeight: '38px', textAlign: 'center' as const },
      }))}
    />
  );
  let input: ReactNode;
  switch (question.kind) {
    case 'rating':
      input = (
        <Flex vertical gap={4}>
          {scale(1, question.scale)}
          {(question.lowLabel || question.highLabel) && (
            <Typography.Text type="secondary">
              1 = {text(question.lowLabel) || '—'} · {question.scale} = {text(question.highLabel) || '—'}
            </Typography.Text>
          )}
        </Flex>
      );
      break;
    case 'nps':
      input = (
        <Flex vertical gap={4}>
          {scale(0, 10)}
          <Typography.Text type="secondary">{t('surveys.interview.nps_help')}</Typography.Text>
        </Flex>
      );
      break;
    case 'single':
      input = (
        <Radio.Group
          value={value}
          onChange={(e) => onChange(e.target.value as string)}
          style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
          options={question.options.map((o) => ({ value: o.value, label: text(o.text) }))}
        />
      );
      break;
    case 'multiple':
      input = (
        <Checkbox.Group
          value={(value as string[] | undefined) ?? []}
          onChange={(v) => onChange(v as string[])}
          style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
          options={question.options.map((o) => ({ value: o.value, label: text(o.text) }))}
        />
      );
      break;
    case 'text':
      input = (
        <Input.TextArea
          value={(value as string | undefined) ?? ''}
          maxLength={question.maxLength}
          autoSize={{ minRows: 2, maxRows: 6 }}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
  }
  return (
    <Form.Item
      label={text(question.text)}
      required={question.required}
      validateStatus={error ? 'error' : undefined}
      help={error ? t(`surveys.interview.issue.${error}`, { defaultValue: error }) : undefined}
      data-testid={`question-${question.id}`}
    >
      {input}
    </Form.Item>
  );
}

function InterviewForm({
  campaign,
  siteId,
  onDone,
}: {
  campaign: Interview;
  siteId: string;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const content = campaign.questionnaire.content as unknown as QuestionnaireContent;
  const [answers, setAnswers] = useState<Answers>({});
  const [issues, setIssues] = useState<Issues>({});
  const [failure, setFailure] = useState<string | null>(null);
  const text = (s: SurveyText | undefined) =>
    !s ? '' : i18n.language.startsWith('en') && s.en ? s.en : s.zh;
  const shown = useMemo(() => visibleQuestions(content, answers), [content, answers]);
  const submit = useMutation({
    mutationFn: (valid: Answers) => enterPhoneResponse(campaign.id, siteId, valid),
    onSuccess: () => {
      message.success(t('surveys.interview.saved'));
      setAnswers({});
      setIssues({});
      setFailure(null);
      onDone();
    },
    onError: (e) => {
      if (isApiError(e)) {
        setIssues(issuesOf(e.details));
        const key = `surveys.errors.${e.code}`;
        const known = t(key);
        setFailure(known === key ? e.message : known);
      } else setFailure(String(e));
    },
  });
  const set = (id: string, v: AnswerValue | undefined) => {
    setAnswers((a) => {
      const next = { ...a };
      if (v === undefined || (Array.isArray(v) && v.length === 0) || v === '') delete next[id];
      else next[id] = v;
      return next;
    });
    setIssues((current) => Object.fromEntries(Object.entries(current).filter(([k]) => k !== id)));
    setFailure(null);
  };
  const onSubmit = () => {
    setFailure(null);
    try {
      // Drops the answers of questions hidden by their condition, as the server does.
      submit.mutate(validateAnswers(content, answers));
    } catch (e) {
      if (isDomainError(e)) {
        setIssues(issuesOf(e.details));
        setFailure(t('surveys.interview.fix'));
      } else throw e;
    }
  };
  return (
    <Form layout="vertical" onFinish={onSubmit} data-testid="interview-form">
      <Typography.Title level={5}>{text(content.title)}</Typography.Title>
      {content.intro && <Typography.Paragraph type="secondary">{text(content.intro)}</Typography.Paragraph>}
      {shown.map((q) => (
        <QuestionField
          key={q.id}
          question={q}
          value={answers[q.id]}
          error={issues[q.id]}
          onChange={(v) => set(q.id, v)}
          text={text}
        />
      ))}
      {failure && (
        <Alert
          type="error"
          showIcon
          title={failure}
          style={{ marginBottom: 16 }}
          data-testid="interview-error"
        />
      )}
      <Flex gap="small" wrap>
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          loading={submit.isPending}
          data-testid="interview-submit"
        >
          {t('surveys.interview.submit')}
        </Button>
        <Button
          size="large"
          onClick={() => {
            setAnswers({});
            setIssues({});
            setFailure(null);
          }}
        >
          {t('surveys.interview.clear')}
        </Button>
      </Flex>
    </Form>
  );
}

export default function InterviewPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: surveyKeys.interviews, queryFn: ({ signal }) => listInterviews(signal) });
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [siteId, setSiteId] = useState<string | null>(null);
  const [entered, setEntered] = useState(0);
  const [round, setRound] = useState(0);
  const items = list.data?.items ?? [];
  const campaign = items.find((c) => c.id === campaignId) ?? (items.length === 1 ? items[0] : undefined);
  const outlet = campaign?.outlets.find((o) => o.siteId === siteId);
  const percent = (n: number, of: number) => (of > 0 ? Math.min(100, Math.round((n / of) * 100)) : 0);
  return (
    <>
      <PageHeader title={t('surveys.interview.title')} subtitle={t('surveys.interview.subtitle')} />
      <Flex vertical gap="middle" style={{ maxWidth: 720 }}>
        {!list.isPending && items.length === 0 && <Empty description={t('surveys.interview.none')} />}
        {items.length > 0 && (
          <Card size="small">
            <Form layout="vertical">
              <Form.Item label={t('surveys.interview.campaign')}>
                <Select
                  value={campaign?.id}
                  data-testid="interview-campaign"
                  placeholder={t('surveys.interview.campaign')}
                  onChange={(v) => {
                    setCampaignId(v);
                    setSiteId(null);
                  }}
                  options={items.map((c) => ({
                    value: c.id,
                    label: `${c.clientName} · ${c.name}`,
                  }))}
                />
              </Form.Item>
              {campaign && (
                <Form.Item label={t('surveys.metrics.outlet')} style={{ marginBottom: 8 }}>
                  <Select
                    value={siteId ?? undefined}
                    data-testid="interview-outlet"
                    placeholder={t('surveys.interview.pick_outlet')}
                    onChange={(v) => setSiteId(v)}
                    options={campaign.outlets.map((o) => ({
                      value: o.siteId,
                      label: `${o.code} ${o.name} (${o.responses} / ${o.quota})`,
                    }))}
                  />
                </Form.Item>
              )}
              {campaign && (
                <Typography.Text type="secondary">
                  {campaign.questionnaire.name} v{campaign.questionnaire.number} ·{' '}
                  {t(`surveys.anonymity.${campaign.anonymity}`)}
                </Typography.Text>
              )}
            </Form>
          </Card>
        )}
        {campaign && outlet && (
          <Card size="small" data-testid="interview-quota">
            <Typography.Text>
              {t('surveys.interview.quota', {
                outlet: `${outlet.code} ${outlet.name}`,
                responses: outlet.responses,
                quota: outlet.quota,
              })}
            </Typography.Text>
            <Progress
              percent={percent(outlet.responses, outlet.quota)}
              status={outlet.responses >= outlet.quota ? 'success' : 'active'}
            />
            <Typography.Text type="secondary" data-testid="interview-entered">
              {t('surveys.interview.entered', { count: entered })}
              {outlet.responses >= outlet.quota &&
                ` · ${t(campaign.capAtQuota ? 'surveys.interview.full_capped' : 'surveys.interview.full')}`}
            </Typography.Text>
          </Card>
        )}
        {campaign && outlet && (
          <Card size="small">
            <InterviewForm
              key={`${campaign.id}-${outlet.siteId}-${round}`}
              campaign={campaign}
              siteId={outlet.siteId}
              onDone={() => {
                setEntered((n) => n + 1);
                setRound((r) => r + 1);
                window.scrollTo({ top: 0 });
                void qc.invalidateQueries({ queryKey: surveyKeys.all });
              }}
            />
          </Card>
        )}
      </Flex>
    </>
  );
}
