import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  Modal,
  Select,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { useCan } from '../auth/session.tsx';
import { PageHeader } from '../shared/PageHeader.tsx';
import { NotFoundResult } from '../shared/Results.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { DASH, EvaluationStateTag, stageLabel, useLabel } from '../evaluations/labels.tsx';
import type { EvaluationState } from '../evaluations/api.ts';
import type { ProgrammeEvent } from './api.ts';
import { createProgrammeEvaluation, getProgramme, programmeKeys } from './api.ts';

/** A programme: the 3-year cycle (initial, surveillance 1 and 2, recertification, specials) with due dates. */
export default function ProgrammeDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const label = useLabel();
  const can = useCan();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const programme = useQuery({
    queryKey: programmeKeys.one(id),
    queryFn: ({ signal }) => getProgramme(id, signal),
  });
  const [creating, setCreating] = useState(false);
  const [stage, setStage] = useState<string>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  if (programme.isLoading) return <Spin />;
  if (!programme.data) return isApiError(programme.error, 'not_found') ? <NotFoundResult /> : <Spin />;
  const p = programme.data;
  const staff = can('evaluations.read');
  const dueStages = p.events.filter((e) => !e.evaluation && e.stage !== 'initial').map((e) => e.stage);

  const create = async () => {
    if (!stage) return;
    setBusy(true);
    try {
      const done = await createProgrammeEvaluation(p.id, {
        version: p.version,
        stage,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      message.success(t('programmes.evaluation_created'));
      await queryClient.invalidateQueries({ queryKey: programmeKeys.all });
      navigate(`/evaluations/${done.evaluationId}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const eventColor = (e: ProgrammeEvent) =>
    e.evaluation?.state === 'decided' ? 'green' : e.overdue ? 'red' : e.evaluation ? 'blue' : 'gray';

  return (
    <>
      <PageHeader
        title={p.client.name}
        subtitle={t('programmes.detail_subtitle')}
        extra={
          can('evaluations.plan') && p.state === 'active' ? (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="programme-new-evaluation">
              {t('programmes.new_evaluation')}
            </Button>
          ) : null
        }
      />
      <Flex vertical gap="middle">
        <Card>
          <Descriptions column={{ xs: 1, md: 3 }} size="small">
            <Descriptions.Item label={t('programmes.field.scheme')}>
              <Typography.Text code>{`${p.scheme.urn} ${p.scheme.version}`}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('programmes.field.state')}>
              <Tag color={p.state === 'active' ? 'green' : 'default'}>{t(`programmes.state.${p.state}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('programmes.field.application')}>
              <Link to={`/applications/${p.applicationId}`}>{t('programmes.open_application')}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('programmes.field.decision_date')}>
              {p.decisionDate ?? DASH}
            </Descriptions.Item>
            <Descriptions.Item label={t('programmes.field.expiry_date')}>
              {p.expiryDate ?? DASH}
            </Descriptions.Item>
            <Descriptions.Item label={t('programmes.field.certificate')}>
              {p.certificateId ? <Tag color="gold">{t('programmes.certificate_issued')}</Tag> : DASH}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('programmes.cycle')} data-testid="programme-cycle">
          <Timeline
            items={p.events.map((e, i) => ({
              key: `${e.stage}-${i}`,
              color: eventColor(e),
              children: (
                <Flex vertical gap={4}>
                  <Flex gap="small" align="center" wrap>
                    <Typography.Text strong>{stageLabel(t, e.stage)}</Typography.Text>
                    {e.evaluation ? (
                      <EvaluationStateTag state={e.evaluation.state as EvaluationState} />
                    ) : null}
                    {e.dueBy ? (
                      <Typography.Text type={e.overdue ? 'danger' : 'secondary'}>
                        {t('programmes.due_by', { date: e.dueBy })}
                      </Typography.Text>
                    ) : null}
                    {e.overdue ? <Tag color="red">{t('programmes.overdue')}</Tag> : null}
                  </Flex>
                  {e.why ? <Typography.Text type="secondary">{label(e.why)}</Typography.Text> : null}
                  {e.evaluation ? (
                    <Typography.Text>
                      {t('programmes.planned', {
                        start: e.evaluation.plannedStart ?? DASH,
                        end: e.evaluation.plannedEnd ?? DASH,
                      })}
                      {e.evaluation.team.length
                        ? ` · ${e.evaluation.team.map((m) => m.name).join('、')}`
                        : ''}
                      {staff ? (
                        <>
                          {' · '}
                          <Link
                            to={`/evaluations/${e.evaluation.id}`}
                            data-testid={`programme-evaluation-${e.stage}`}
                          >
                            {t('programmes.open_evaluation')}
                          </Link>
                        </>
                      ) : null}
                    </Typography.Text>
                  ) : null}
                  {!staff && e.evaluation && e.evaluation.sites.length ? (
                    <Typography.Text type="secondary">
                      {t('programmes.sites', { sites: e.evaluation.sites.map((s) => s.name).join('、') })}
                    </Typography.Text>
                  ) : null}
                </Flex>
              ),
            }))}
          />
        </Card>
      </Flex>
      <Modal
        open={creating}
        title={t('programmes.new_evaluation')}
        onCancel={() => setCreating(false)}
        onOk={create}
        okButtonProps={{ loading: busy, disabled: !stage }}
      >
        <Flex vertical gap="small">
          <Select
            value={stage}
            onChange={setStage}
            placeholder={t('programmes.pick_stage')}
            options={[...dueStages, 'special'].map((s) => ({ value: s, label: stageLabel(t, s) }))}
            data-testid="programme-stage"
          />
          {stage === 'special' ? (
            <Input.TextArea
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={t('programmes.special_reason')}
            />
          ) : null}
        </Flex>
      </Modal>
    </>
  );
}
