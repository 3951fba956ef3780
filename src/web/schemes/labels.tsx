/** Words and small marks of the scheme pages: texts in the interface language, methods, techniques, flags. */
import { useCallback } from 'react';
import { Tag, Tooltip, theme } from 'antd';
import { ExclamationCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type {
  EvaluationMethod,
  EvidenceTechnique,
  LocalizedText,
} from '../../domain/schemes/package-schema.ts';
import type { RoundingMode } from '../../domain/schemes/exact.ts';

const snake = (value: string) => value.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A package text `{ zh, en? }` in the interface language (English falls back to Chinese). */
export function useLocalized(): (
  text: LocalizedText | { zh: string; en?: string | null } | undefined,
) => string {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return useCallback((text) => (text ? (english && text.en ? text.en : text.zh) : ''), [english]);
}

/** Translation key of each evidence technique (a new technique fails the type check here). */
export const TECHNIQUE_KEYS: Record<EvidenceTechnique, string> = {
  documentReview: 'document_review',
  onSiteHQ: 'on_site_hq',
  onSiteOutlet: 'on_site_outlet',
  mysteryVisit: 'mystery_visit',
  customerSurvey: 'customer_survey',
  recordSample: 'record_sample',
};

export const techniqueLabel = (t: TFunction, technique: EvidenceTechnique) =>
  t(`schemes.technique.${TECHNIQUE_KEYS[technique]}`);

/** The short name of a technique, for the tree's narrow column. */
export const techniqueShortLabel = (t: TFunction, technique: EvidenceTechnique) =>
  t(`schemes.technique_short.${TECHNIQUE_KEYS[technique]}`);

/** The key segment of a camelCase value: `managementSystem` → `management_system`. */
export { snake };

export const methodLabel = (t: TFunction, kind: EvaluationMethod['kind']) => t(`schemes.method.${kind}`);

export const roundingLabel = (t: TFunction, mode: RoundingMode | 'none') =>
  t(`schemes.rounding_mode.${snake(mode)}`);

/** Items of a list in running text: 文审、总部 / Docs, HQ. */
export const joinList = (t: TFunction, items: readonly string[]) => items.join(t('schemes.list_separator'));

export const kindLabel = (t: TFunction, kind: 'reference' | 'body') => t(`schemes.kind.${kind}`);

export const statusLabel = (t: TFunction, status: 'draft' | 'published') => t(`schemes.status.${status}`);

/** A number of the package, written as a decimal or exactly as "a/b". */
export function exactText(value: number | string): string {
  return typeof value === 'number' ? String(value) : value.replace(/\s+/g, '');
}

/** A share (0…1, possibly "a/b") as a percentage when it is a plain number. */
export function percentText(value: number | string): string {
  if (typeof value === 'number') return `${Math.round(value * 10000) / 100}%`;
  return exactText(value);
}

const METHOD_COLORS: Record<EvaluationMethod['kind'], string> = {
  qualitative: 'blue',
  sampled: 'cyan',
  metric: 'geekblue',
  staffing: 'purple',
};

export function MethodTag({ method }: { method: EvaluationMethod | undefined }) {
  const { t } = useTranslation();
  if (!method) return null;
  return (
    <Tag color={METHOD_COLORS[method.kind]} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {methodLabel(t, method.kind)}
    </Tag>
  );
}

/**
 * The mark of a value no source confirms. The tooltip says what a certification body must do with it:
 * replace it with the value of its filed certification rule, in a body version.
 */
export function ProvisionalTag({ what = 'points' }: { what?: 'points' | 'method' | 'policy' }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`schemes.provisional.tooltip.${what}`)}>
      <Tag
        color="warning"
        icon={<ExclamationCircleOutlined />}
        style={{ marginInlineEnd: 0, cursor: 'help' }}
        data-testid="provisional-tag"
      >
        {t('schemes.provisional.tag')}
      </Tag>
    </Tooltip>
  );
}

/** The clause number is inferred, not confirmed. */
export function CodeProvisionalMark() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Tooltip title={t('schemes.provisional.tooltip.code')}>
      <QuestionCircleOutlined
        style={{ color: token.colorWarning, marginInlineStart: 4, cursor: 'help' }}
        data-testid="code-provisional"
      />
    </Tooltip>
  );
}
