import { useCallback } from 'react';
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ApplicationState } from '../applications/api.ts';
import type { FindingSeverity, FindingState } from '../findings/api.ts';
import type { EvaluationState, Label } from './api.ts';

export const DASH = '—';

/** camelCase enum values become snake_case i18n keys: inProgress → in_progress. */
export function snake(value: string): string {
  return value.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Pick the text of a `{ zh, en }` label in the interface language. */
export function useLabel(): (label: Label | null | undefined) => string {
  const { i18n } = useTranslation();
  return useCallback(
    (label: Label | null | undefined) => (label ? (i18n.language === 'en' ? label.en : label.zh) : DASH),
    [i18n.language],
  );
}

const APPLICATION_COLORS: Record<ApplicationState, string> = {
  draft: 'default',
  submitted: 'processing',
  accepted: 'success',
  declined: 'error',
  withdrawn: 'default',
};
const EVALUATION_COLORS: Record<EvaluationState, string> = {
  planned: 'default',
  inProgress: 'processing',
  submitted: 'purple',
  reviewed: 'cyan',
  decided: 'success',
};
const FINDING_COLORS: Record<FindingState, string> = {
  open: 'error',
  answered: 'processing',
  accepted: 'success',
  reopened: 'warning',
};
const SEVERITY_COLORS: Record<FindingSeverity, string> = {
  specialDeduction: 'red',
  nonconformity: 'orange',
  observation: 'blue',
};

export const applicationStateLabel = (t: TFunction, s: ApplicationState) =>
  t(`applications.state.${snake(s)}`);
export const evaluationStateLabel = (t: TFunction, s: EvaluationState) => t(`evaluations.state.${snake(s)}`);
export const findingStateLabel = (t: TFunction, s: FindingState) => t(`findings.state.${snake(s)}`);
export const severityLabel = (t: TFunction, s: FindingSeverity) => t(`findings.severity.${snake(s)}`);
/** initial, surveillance1, surveillance2, recertification, special… */
export function stageLabel(t: TFunction, stage: string): string {
  const m = /^surveillance(\d+)$/.exec(stage);
  if (m) return t('evaluations.stage_surveillance', { n: m[1] });
  if (stage === 'initial' || stage === 'recertification' || stage === 'special')
    return t(`evaluations.stage.${stage}`);
  return stage;
}

export function ApplicationStateTag({ state }: { state: ApplicationState }) {
  const { t } = useTranslation();
  return (
    <Tag color={APPLICATION_COLORS[state]} data-testid="application-state">
      {applicationStateLabel(t, state)}
    </Tag>
  );
}
export function EvaluationStateTag({ state }: { state: EvaluationState }) {
  const { t } = useTranslation();
  return (
    <Tag color={EVALUATION_COLORS[state]} data-testid="evaluation-state">
      {evaluationStateLabel(t, state)}
    </Tag>
  );
}
export function FindingStateTag({ state }: { state: FindingState }) {
  const { t } = useTranslation();
  return <Tag color={FINDING_COLORS[state]}>{findingStateLabel(t, state)}</Tag>;
}
export function SeverityTag({ severity }: { severity: FindingSeverity }) {
  const { t } = useTranslation();
  return <Tag color={SEVERITY_COLORS[severity]}>{severityLabel(t, severity)}</Tag>;
}
