import type { CSSProperties } from 'react';
import { Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SchemeSummary } from './api.ts';
import { kindLabel, statusLabel, useLocalized } from './labels.tsx';

/** The version a diff compares with by default: the one it was derived from, else the built-in reference. */
export function defaultAgainst(
  scheme: SchemeSummary,
  all: readonly SchemeSummary[],
): SchemeSummary | undefined {
  const others = all.filter((s) => s.id !== scheme.id);
  return (
    others.find((s) => s.id === scheme.derivedFrom?.id) ??
    others.find((s) => s.builtin && s.urn === scheme.urn) ??
    others.find((s) => s.builtin) ??
    others[0]
  );
}

/** Choose another version of the library (every version but `exclude`). */
export function VersionSelect({
  versions,
  exclude,
  value,
  onChange,
  testId,
  style,
}: {
  versions: readonly SchemeSummary[];
  exclude: string;
  value: string | undefined;
  onChange: (id: string) => void;
  testId?: string;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  return (
    <Select<string>
      value={value}
      onChange={onChange}
      showSearch={{ optionFilterProp: 'search' }}
      placeholder={t('schemes.diff.choose')}
      style={{ minWidth: 360, ...style }}
      data-testid={testId}
      options={versions
        .filter((s) => s.id !== exclude)
        .map((s) => ({
          value: s.id,
          search: `${localized(s.title)} ${s.schemeVersion} ${s.urn}`,
          label: (
            <span data-testid={`version-option-${s.schemeVersion}`}>
              {localized(s.title)} <b>{s.schemeVersion}</b>{' '}
              <Tag variant="filled" style={{ marginInlineStart: 4 }}>
                {kindLabel(t, s.kind)}
              </Tag>
              <Tag variant="filled" color={s.status === 'published' ? 'success' : 'default'}>
                {statusLabel(t, s.status)}
              </Tag>
            </span>
          ),
        }))}
    />
  );
}
