import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Input,
  Popconfirm,
  Rate,
  Row,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useFormatInstant } from '../shared/format.ts';
import { useErrorMessage } from '../shared/errors.ts';
import type { Decision, Evaluation } from './api.ts';
import {
  decideEvaluation,
  documentUrl,
  evaluationKeys,
  getScore,
  listDecisions,
  reportUrl,
  reviewEvaluation,
  submitEvaluation,
} from './api.ts';
import { ScorePanel } from './ScorePanel.tsx';
import { DASH, useLabel } from './labels.tsx';

/** Submission by the lead, technical review, the certification decision, the frozen result and the report. */
export function DecisionTab({ evaluation: e }: { evaluation: Evaluation }) {
  const { t } = useTranslation();
  const label = useLabel();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const formatInstant = useFormatInstant();
  const [comments, setComments] = useState('');
  const [busy, setBusy] = useState(false);
  const decisions = useQuery({
    queryKey: evaluationKeys.decisions(e.id),
    queryFn: ({ signal }) => listDecisions(e.id, signal),
  });
  const score = useQuery({
    queryKey: evaluationKeys.score(e.id),
    queryFn: ({ signal }) => getScore(e.id, signal),
    enabled: e.actions.includes('decide'),
  });

  const run = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      setComments('');
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: evaluationKeys.all });
    }
  };
  const withComments = comments.trim() ? { comments: comments.trim() } : {};
  const withReasons = comments.trim() ? { reasons: comments.trim() } : {};

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Flex vertical gap="middle">
          {e.actions.includes('submit') ? (
            <Card size="small" title={t('evaluations.decision.submit_title')}>
              <Flex vertical gap="small">
                <Typography.Text>
                  {t('evaluations.decision.submit_status', {
                    answered: e.progress.answered,
                    total: e.progress.total,
                    unresolved: e.findings.unresolved,
                  })}
                </Typography.Text>
                <Popconfirm
                  title={t('evaluations.decision.submit_confirm')}
                  onConfirm={() =>
                    run(() => submitEvaluation(e.id, e.version), t('evaluations.decision.submitted'))
                  }
                >
                  <Button
                    type="primary"
                    loading={busy}
                    data-testid="evaluation-submit"
                    style={{ alignSelf: 'flex-start' }}
                  >
                    {t('evaluations.decision.submit')}
                  </Button>
                </Popconfirm>
              </Flex>
            </Card>
          ) : null}
          {e.actions.includes('review') ? (
            <Card size="small" title={t('evaluations.decision.review_title')}>
              <Flex vertical gap="small">
                <Input.TextArea
                  rows={3}
                  value={comments}
                  onChange={(ev) => setComments(ev.target.value)}
                  placeholder={t('evaluations.decision.review_comments')}
                  data-testid="review-comments"
                />
                <Flex gap="small" wrap>
                  <Button
                    type="primary"
                    loading={busy}
                    onClick={() =>
                      run(
                        () =>
                          reviewEvaluation(e.id, { version: e.version, outcome: 'approve', ...withComments }),
                        t('evaluations.decision.approved'),
                      )
                    }
                    data-testid="review-approve"
                  >
                    {t('evaluations.decision.approve')}
                  </Button>
                  <Button
                    danger
                    loading={busy}
                    disabled={!comments.trim()}
                    onClick={() =>
                      run(
                        () =>
                          reviewEvaluation(e.id, { version: e.version, outcome: 'return', ...withComments }),
                        t('evaluations.decision.returned'),
                      )
                    }
                    data-testid="review-return"
                  >
                    {t('evaluations.decision.return')}
                  </Button>
                </Flex>
              </Flex>
            </Card>
          ) : null}
          {e.actions.includes('decide') ? (
            <Card size="small" title={t('evaluations.decision.decide_title')}>
              <Flex vertical gap="small">
                <Alert
                  type={score.data?.outcome.level ? 'success' : 'warning'}
                  showIcon
                  data-testid="decision-engine-level"
                  message={
                    score.data?.outcome.level
                      ? t('evaluations.decision.engine_level', {
                          level: label(score.data.outcome.level.title),
                          score: score.data.totals.scoreText ?? DASH,
                        })
                      : t('evaluations.decision.engine_no_level')
                  }
                />
                <Input.TextArea
                  rows={3}
                  value={comments}
                  onChange={(ev) => setComments(ev.target.value)}
                  placeholder={t('evaluations.decision.reasons')}
                />
                <Flex gap="small" wrap>
                  <Popconfirm
                    title={t('evaluations.decision.grant_confirm')}
                    onConfirm={() =>
                      run(
                        () =>
                          decideEvaluation(e.id, { version: e.version, decision: 'grant', ...withReasons }),
                        t('evaluations.decision.granted'),
                      )
                    }
                  >
                    <Button
                      type="primary"
                      loading={busy}
                      disabled={!score.data?.outcome.level}
                      data-testid="decision-grant"
                    >
                      {t('evaluations.decision.grant')}
                    </Button>
                  </Popconfirm>
                  <Button
                    danger
                    loading={busy}
                    disabled={!comments.trim()}
                    onClick={() =>
                      run(
                        () =>
                          decideEvaluation(e.id, { version: e.version, decision: 'refuse', ...withReasons }),
                        t('evaluations.decision.refused'),
                      )
                    }
                  >
                    {t('evaluations.decision.refuse')}
                  </Button>
                  <Button
                    loading={busy}
                    disabled={!comments.trim()}
                    onClick={() =>
                      run(
                        () =>
                          decideEvaluation(e.id, { version: e.version, decision: 'askMore', ...withReasons }),
                        t('evaluations.decision.asked_more'),
                      )
                    }
                  >
                    {t('evaluations.decision.ask_more')}
                  </Button>
                </Flex>
              </Flex>
            </Card>
          ) : null}
          {(decisions.data ?? []).map((d) => (
            <FrozenDecision key={d.id} decision={d} />
          ))}
          {e.reviews.length ? (
            <Card size="small" title={t('evaluations.decision.history')}>
              <Timeline
                items={e.reviews.map((r) => ({
                  key: r.id,
                  color: r.outcome === 'approved' ? 'green' : 'orange',
                  children: (
                    <Flex vertical>
                      <Typography.Text>
                        {r.outcome === 'approved'
                          ? t('evaluations.decision.review_approved', { who: r.reviewer })
                          : t('evaluations.decision.review_returned', { who: r.reviewer })}
                        {' · '}
                        {formatInstant(r.createdAt, { withTime: true })}
                      </Typography.Text>
                      {r.comments ? <Typography.Text type="secondary">{r.comments}</Typography.Text> : null}
                    </Flex>
                  ),
                }))}
              />
            </Card>
          ) : null}
          <Card size="small" title={t('evaluations.decision.documents')}>
            <Flex gap="small" wrap>
              <Button
                icon={<FilePdfOutlined />}
                href={reportUrl(e.id, 'zh-CN')}
                target="_blank"
                data-testid="report-zh"
              >
                {t('evaluations.decision.report_zh')}
              </Button>
              <Button
                icon={<FilePdfOutlined />}
                href={reportUrl(e.id, 'en')}
                target="_blank"
                data-testid="report-en"
              >
                {t('evaluations.decision.report_en')}
              </Button>
              <Button icon={<DownloadOutlined />} href={documentUrl(e.id)} target="_blank">
                {t('evaluations.decision.document')}
              </Button>
            </Flex>
          </Card>
        </Flex>
      </Col>
      <Col xs={24} lg={8}>
        <ScorePanel evaluationId={e.id} />
      </Col>
    </Row>
  );
}

function FrozenDecision({ decision: d }: { decision: Decision }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const color = d.decision === 'grant' ? 'success' : d.decision === 'refuse' ? 'error' : 'warning';
  return (
    <Card
      size="small"
      title={
        <Flex gap="small" align="center">
          {t('evaluations.decision.frozen_title')}
          <Tag color={color}>
            {t(`evaluations.decision.kind.${d.decision === 'askMore' ? 'ask_more' : d.decision}`)}
          </Tag>
        </Flex>
      }
      data-testid="decision-frozen"
    >
      {d.level ? (
        <Flex gap="middle" align="center" style={{ marginBottom: 12 }} wrap>
          <Rate disabled count={5} value={d.level.stars} />
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="decision-level">
            {label(d.level.title)}
          </Typography.Title>
        </Flex>
      ) : null}
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('evaluations.decision.score')}>{d.scoreText ?? DASH}</Descriptions.Item>
        <Descriptions.Item label={t('evaluations.decision.date')}>{d.decisionDate}</Descriptions.Item>
        <Descriptions.Item label={t('evaluations.decision.by')}>{d.decidedBy}</Descriptions.Item>
        <Descriptions.Item label={t('evaluations.decision.engine')}>{d.engineVersion}</Descriptions.Item>
        <Descriptions.Item label={t('evaluations.decision.scheme_hash')} span={2}>
          <Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {`${d.scheme.urn} ${d.scheme.version} · ${d.scheme.contentHash}`}
          </Typography.Text>
        </Descriptions.Item>
        {d.reasons ? (
          <Descriptions.Item label={t('evaluations.decision.reasons')} span={2}>
            {d.reasons}
          </Descriptions.Item>
        ) : null}
        {d.certificate ? (
          <Descriptions.Item label={t('evaluations.decision.certificate')} span={2}>
            {d.certificate.error ? (
              <Typography.Text type="danger" data-testid="decision-certificate-error">
                {i18n.exists(`errors.${d.certificate.error.code}`)
                  ? t(`errors.${d.certificate.error.code}`)
                  : d.certificate.error.message}
              </Typography.Text>
            ) : (
              <Tag color="gold">{t('evaluations.decision.certificate_issued')}</Tag>
            )}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}
