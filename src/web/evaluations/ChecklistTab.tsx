import type { ButtonProps } from 'antd';
import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Row,
  Select,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { CheckOutlined, FileDoneOutlined, FlagOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { EvidenceTechnique } from '../../domain/schemes/package-schema.ts';
import { isApiError } from '../api/client.ts';
import { methodLabel, techniqueLabel } from '../schemes/labels.tsx';
import { useErrorMessage } from '../shared/errors.ts';
import { useFormatInstant } from '../shared/format.ts';
import { isOnSiteItem } from '../../domain/workflow/phases.ts';
import { FindingCreateModal } from '../findings/FindingCreateModal.tsx';
import type { Checklist, ChecklistEntry, Evaluation, Label, Result } from './api.ts';
import {
  completeDocumentReview,
  evaluationKeys,
  getChecklist,
  listEvaluationEvidence,
  patchEntry,
  uploadEvaluationEvidence,
} from './api.ts';
import { EvidenceLinks, UploadButton } from './Evidence.tsx';
import { ScorePanel } from './ScorePanel.tsx';
import { SpecialsCard } from './SpecialsCard.tsx';
import { useLabel } from './labels.tsx';

type Method = 'qualitative' | 'sampled' | 'metric' | 'staffing';

/**
 * The on-site checklists, one per site (headquarters and each sampled outlet): each item's result in the
 * form its method needs, notes, evidence, findings; a live score from the engine beside it. Every item
 * is saved on its own with its version: a concurrent change is answered by a clear conflict, never lost.
 * Laid out for a phone at an outlet as much as for a desk.
 */
export function ChecklistTab({ evaluation: e }: { evaluation: Evaluation }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const formatInstant = useFormatInstant();
  const checklist = useQuery({
    queryKey: evaluationKeys.checklist(e.id),
    queryFn: ({ signal }) => getChecklist(e.id, signal),
  });
  const files = useQuery({
    queryKey: evaluationKeys.evidence(e.id),
    queryFn: ({ signal }) => listEvaluationEvidence(e.id, signal),
  });
  const [siteId, setSiteId] = useState<string>();
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkSample, setBulkSample] = useState(5);
  const [bulkDone, setBulkDone] = useState<number | null>(null);
  const [findingFor, setFindingFor] = useState<ChecklistEntry | null>(null);
  const conduct = e.actions.includes('conduct');
  // Document review, then on site: on-site items wait for the lead to complete the document review.
  const inReview = e.phase === 'documentReview';
  const locked = (item: ChecklistEntry, kind: 'headquarters' | 'outlet') =>
    inReview && isOnSiteItem(kind, item.technique as EvidenceTechnique);

  const sites = checklist.data?.sites ?? [];
  const current = sites.find((s) => s.site.id === siteId) ?? sites[0];
  const items = useMemo(
    () => (current?.items ?? []).filter((i) => !onlyOpen || i.result === null),
    [current, onlyOpen],
  );

  if (checklist.isLoading) return <Spin />;
  if (!current) return <Empty />;

  const store = (saved: ChecklistEntry) =>
    queryClient.setQueryData<Checklist>(evaluationKeys.checklist(e.id), (old) =>
      old
        ? {
            ...old,
            sites: old.sites.map((s) => {
              const list = s.items.map((i) => (i.id === saved.id ? saved : i));
              return { ...s, items: list, answered: list.filter((i) => i.result !== null).length };
            }),
          }
        : old,
    );
  const refreshScore = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: evaluationKeys.score(e.id) }),
      queryClient.invalidateQueries({ queryKey: evaluationKeys.one(e.id) }),
    ]);
  const afterSave = async (saved: ChecklistEntry) => {
    store(saved);
    await refreshScore();
  };

  const completeReview = () =>
    modal.confirm({
      title: t('evaluations.checklist.complete_review'),
      content: t('evaluations.checklist.complete_review_confirm'),
      okButtonProps: { 'data-testid': 'complete-review-ok' } as ButtonProps,
      onOk: async () => {
        try {
          await completeDocumentReview(e.id, e.version);
          message.success(t('evaluations.checklist.complete_review_done'));
          await queryClient.invalidateQueries({ queryKey: evaluationKeys.one(e.id) });
        } catch (err) {
          message.error(errorMessage(err));
        }
      },
    });

  const open = (i: ChecklistEntry) =>
    i.result === null &&
    (i.method === 'qualitative' || i.method === 'sampled') &&
    !locked(i, current.site.kind);
  const bulk = async () => {
    const todo = current.items.filter(open);
    setBulkDone(0);
    let done = 0;
    try {
      for (const item of todo) {
        const result: Result =
          item.method === 'qualitative'
            ? { method: 'qualitative', conforms: true }
            : { method: 'sampled', checked: bulkSample, conforming: bulkSample };
        store(await patchEntry(item.id, { version: item.version, result }));
        done += 1;
        setBulkDone(done);
      }
      message.success(t('evaluations.checklist.bulk_done', { count: done }));
      setBulkOpen(false);
    } catch (err) {
      message.error(errorMessage(err));
      await checklist.refetch();
    } finally {
      setBulkDone(null);
      await refreshScore();
    }
  };
  const bulkCount = current.items.filter(open).length;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={{ span: 24, order: 1 }} lg={{ span: 16, order: 1 }}>
        <Flex vertical gap="middle">
          {e.phase ? (
            <Card size="small" data-testid="checklist-phase">
              <Flex gap="small" wrap align="center" justify="space-between">
                <Flex gap="small" wrap align="center">
                  <Typography.Text type="secondary">{t('evaluations.checklist.phase')}</Typography.Text>
                  <Tag color={inReview ? 'gold' : 'green'} data-testid={`checklist-phase-${e.phase}`}>
                    {t(`evaluations.checklist.phases.${inReview ? 'document_review' : 'on_site'}`)}
                  </Tag>
                  {e.documentReviewCompletedAt ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('evaluations.checklist.review_completed', {
                        at: formatInstant(e.documentReviewCompletedAt, { withTime: true }),
                        by: e.documentReviewCompletedBy ?? '—',
                      })}
                    </Typography.Text>
                  ) : null}
                </Flex>
                {e.actions.includes('completeDocumentReview') ? (
                  <Button
                    type="primary"
                    size="small"
                    icon={<FileDoneOutlined />}
                    onClick={completeReview}
                    data-testid="complete-review"
                  >
                    {t('evaluations.checklist.complete_review')}
                  </Button>
                ) : null}
              </Flex>
              {inReview ? (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginTop: 8 }}
                  message={t('evaluations.checklist.phase_hint')}
                />
              ) : null}
            </Card>
          ) : null}
          <Card size="small">
            <Flex vertical gap="small">
              <Select
                value={current.site.id}
                onChange={setSiteId}
                style={{ width: '100%' }}
                data-testid="checklist-site"
                options={sites.map((s) => ({
                  value: s.site.id,
                  label: `${s.site.kind === 'headquarters' ? t('evaluations.plan.headquarters') : `${s.site.code} ${s.site.name}`} (${s.answered}/${s.total})`,
                }))}
              />
              <Progress
                percent={Math.round((100 * current.answered) / Math.max(1, current.total))}
                format={() => `${current.answered}/${current.total}`}
                data-testid="checklist-site-progress"
              />
              <Flex gap="small" wrap justify="space-between">
                <Radio.Group
                  size="small"
                  value={onlyOpen}
                  onChange={(ev) => setOnlyOpen(ev.target.value as boolean)}
                  optionType="button"
                  options={[
                    { value: false, label: t('evaluations.checklist.show_all') },
                    { value: true, label: t('evaluations.checklist.show_open') },
                  ]}
                />
                {conduct && bulkCount > 0 ? (
                  <Button
                    size="small"
                    icon={<CheckOutlined />}
                    onClick={() => setBulkOpen(true)}
                    data-testid="checklist-bulk"
                  >
                    {t('evaluations.checklist.bulk')}
                  </Button>
                ) : null}
              </Flex>
            </Flex>
          </Card>
          {items.map((item) => (
            <EntryCard
              key={item.id}
              evaluationId={e.id}
              entry={item}
              editable={conduct && !locked(item, current.site.kind)}
              locked={locked(item, current.site.kind)}
              canRaise={e.actions.includes('raiseFinding')}
              files={files.data ?? []}
              onSaved={afterSave}
              onConflict={() => checklist.refetch()}
              onRaise={() => setFindingFor(item)}
              onEvidence={() => files.refetch()}
            />
          ))}
          {items.length === 0 ? <Empty description={t('evaluations.checklist.all_answered')} /> : null}
        </Flex>
      </Col>
      <Col xs={{ span: 24, order: 2 }} lg={{ span: 8, order: 2 }}>
        <Flex vertical gap="middle" style={{ position: 'sticky', top: 16 }}>
          <ScorePanel evaluationId={e.id} />
          <SpecialsCard evaluation={e} checklist={checklist.data} />
        </Flex>
      </Col>
      <Modal
        open={bulkOpen}
        title={t('evaluations.checklist.bulk')}
        onCancel={() => setBulkOpen(false)}
        onOk={bulk}
        okButtonProps={{ loading: bulkDone !== null, 'data-testid': 'checklist-bulk-ok' } as ButtonProps}
      >
        <Typography.Paragraph>
          {t('evaluations.checklist.bulk_hint', { count: bulkCount, site: current.site.name })}
        </Typography.Paragraph>
        <Flex gap="small" align="center">
          <Typography.Text>{t('evaluations.checklist.bulk_sample')}</Typography.Text>
          <InputNumber min={1} value={bulkSample} onChange={(v) => setBulkSample(v ?? 1)} />
        </Flex>
        {bulkDone !== null ? (
          <Progress percent={Math.round((100 * bulkDone) / Math.max(1, bulkCount))} />
        ) : null}
      </Modal>
      {findingFor ? (
        <FindingCreateModal
          evaluationId={e.id}
          entries={checklist.data}
          initial={{ node: findingFor.node, siteId: findingFor.siteId }}
          onClose={() => setFindingFor(null)}
        />
      ) : null}
    </Row>
  );
}

function EntryCard({
  evaluationId,
  entry,
  editable,
  locked,
  canRaise,
  files,
  onSaved,
  onConflict,
  onRaise,
  onEvidence,
}: {
  evaluationId: string;
  entry: ChecklistEntry;
  editable: boolean;
  /** An on-site item while the document review is open. */
  locked: boolean;
  canRaise: boolean;
  files: Parameters<typeof EvidenceLinks>[0]['files'];
  onSaved: (saved: ChecklistEntry) => Promise<void>;
  onConflict: () => void;
  onRaise: () => void;
  onEvidence: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = AntApp.useApp();
  const errorMessage = useErrorMessage();
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState(entry.note ?? '');
  const method = entry.method as Method;
  const guidance = Array.isArray(entry.guidance) ? (entry.guidance as Label[]) : [];

  const save = async (patch: { result?: Result | null; note?: string | null; evidence?: string[] }) => {
    setSaving(true);
    try {
      const saved = await patchEntry(entry.id, { version: entry.version, ...patch });
      setConflict(false);
      await onSaved(saved);
    } catch (err) {
      if (isApiError(err, 'version_conflict')) {
        setConflict(true);
        onConflict();
      } else message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      size="small"
      data-testid={`entry-${entry.node}`}
      style={entry.result ? undefined : { borderLeft: '3px solid #faad14' }}
      title={
        <Flex gap="small" align="baseline" style={{ whiteSpace: 'normal' }}>
          <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
            {entry.node}
          </Typography.Text>
          <Typography.Text strong style={{ whiteSpace: 'normal' }}>
            {label(entry.title)}
          </Typography.Text>
        </Flex>
      }
      extra={<Tag>{t('evaluations.checklist.points', { points: entry.points })}</Tag>}
    >
      <Flex vertical gap="small">
        <Flex gap={4} wrap>
          <Tag color="geekblue">{methodLabel(t, method)}</Tag>
          <Tag>{techniqueLabel(t, entry.technique as EvidenceTechnique)}</Tag>
          {entry.provisional ? <Tag color="orange">{t('evaluations.checklist.provisional')}</Tag> : null}
          {entry.findings.map((f) => (
            <Tag key={f.id} color="red" icon={<FlagOutlined />}>{`F-${f.number}`}</Tag>
          ))}
        </Flex>
        {guidance.length ? (
          <Typography.Paragraph
            type="secondary"
            style={{ fontSize: 13, marginBottom: 0 }}
            ellipsis={{ rows: 2, expandable: true, symbol: t('evaluations.checklist.more') }}
          >
            {guidance.map((g) => label(g)).join(' ')}
          </Typography.Paragraph>
        ) : null}
        {locked ? (
          <Typography.Text type="warning" style={{ fontSize: 13 }} data-testid="entry-locked">
            {t('evaluations.checklist.onsite_locked')}
          </Typography.Text>
        ) : null}
        {conflict ? (
          <Alert
            type="warning"
            showIcon
            message={t('evaluations.checklist.conflict')}
            data-testid="checklist-conflict"
          />
        ) : null}
        <ResultInput
          key={`${entry.id}-${entry.version}`}
          method={method}
          value={entry.result}
          disabled={!editable || saving}
          onChange={(result) => save({ result })}
        />
        <Input.TextArea
          rows={1}
          autoSize={{ minRows: 1, maxRows: 6 }}
          placeholder={t('evaluations.checklist.note')}
          value={note}
          disabled={!editable}
          onChange={(ev) => setNote(ev.target.value)}
          onBlur={() => {
            if ((entry.note ?? '') !== note) void save({ note: note.trim() || null });
          }}
          data-testid="entry-note"
        />
        <Flex gap="small" wrap align="center" justify="space-between">
          <EvidenceLinks refs={entry.evidence} files={files} context="evaluations" contextId={evaluationId} />
          <Flex gap="small">
            {editable ? (
              <UploadButton
                upload={(f) => uploadEvaluationEvidence(evaluationId, f)}
                onUploaded={async (f) => {
                  onEvidence();
                  await save({ evidence: [...entry.evidence, f.ref] });
                }}
              />
            ) : null}
            {canRaise ? (
              <Button
                size="small"
                icon={<FlagOutlined />}
                onClick={onRaise}
                data-testid="entry-raise-finding"
              >
                {t('evaluations.checklist.raise_finding')}
              </Button>
            ) : null}
          </Flex>
        </Flex>
      </Flex>
    </Card>
  );
}

/** The result in the form the item's method needs. */
function ResultInput({
  method,
  value,
  disabled,
  onChange,
}: {
  method: Method;
  value: Result | null;
  disabled: boolean;
  onChange: (result: Result | null) => void;
}) {
  const { t } = useTranslation();
  const [a, setA] = useState<number | null>(
    value?.method === 'sampled'
      ? value.checked
      : value?.method === 'metric'
        ? value.value
        : value?.method === 'staffing'
          ? value.serviceManagementStaff
          : null,
  );
  const [b, setB] = useState<number | null>(
    value?.method === 'sampled'
      ? value.conforming
      : value?.method === 'staffing'
        ? value.certifiedManagers
        : null,
  );

  if (method === 'qualitative') {
    const current = value?.method === 'qualitative' ? (value.conforms ? 'yes' : 'no') : undefined;
    return (
      <Radio.Group
        value={current}
        disabled={disabled}
        buttonStyle="solid"
        onChange={(ev) => onChange({ method: 'qualitative', conforms: ev.target.value === 'yes' })}
        data-testid="result-qualitative"
      >
        <Radio.Button value="yes" data-testid="result-conforms">
          {t('evaluations.checklist.conforms')}
        </Radio.Button>
        <Radio.Button value="no" data-testid="result-nonconforms">
          {t('evaluations.checklist.not_conforms')}
        </Radio.Button>
      </Radio.Group>
    );
  }
  const fields: { label: string; value: number | null; set: (v: number | null) => void; testId: string }[] =
    method === 'sampled'
      ? [
          { label: t('evaluations.checklist.checked'), value: a, set: setA, testId: 'result-checked' },
          { label: t('evaluations.checklist.conforming'), value: b, set: setB, testId: 'result-conforming' },
        ]
      : method === 'staffing'
        ? [
            {
              label: t('evaluations.checklist.management_staff'),
              value: a,
              set: setA,
              testId: 'result-staff',
            },
            {
              label: t('evaluations.checklist.certified_managers'),
              value: b,
              set: setB,
              testId: 'result-managers',
            },
          ]
        : [{ label: t('evaluations.checklist.measured'), value: a, set: setA, testId: 'result-value' }];
  const complete = fields.every((f) => f.value !== null);
  const submit = () => {
    if (!complete) return;
    if (method === 'sampled') onChange({ method, checked: a!, conforming: b! });
    else if (method === 'staffing') onChange({ method, serviceManagementStaff: a!, certifiedManagers: b! });
    else onChange({ method: 'metric', value: a! });
  };
  const invalid = method === 'sampled' && a !== null && b !== null && b > a;
  return (
    <Flex gap="small" wrap align="flex-end">
      {fields.map((f) => (
        <Flex vertical key={f.testId} style={{ minWidth: 120, flex: '1 1 120px' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {f.label}
          </Typography.Text>
          <InputNumber
            min={method === 'metric' ? undefined : 0}
            value={f.value}
            onChange={(v) => f.set(v)}
            disabled={disabled}
            inputMode="decimal"
            style={{ width: '100%' }}
            data-testid={f.testId}
          />
        </Flex>
      ))}
      <Button
        type="primary"
        ghost
        onClick={submit}
        disabled={disabled || !complete || invalid}
        data-testid="result-save"
      >
        {t('evaluations.checklist.save')}
      </Button>
      {invalid ? (
        <Typography.Text type="danger">{t('evaluations.checklist.conforming_exceeds')}</Typography.Text>
      ) : null}
    </Flex>
  );
}
