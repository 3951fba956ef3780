import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Cascader, Flex, Select, Typography } from 'antd';
import type { CascaderProps } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DivisionRef } from '../../modules/common/registry.contract.ts';
import type { DivisionItem } from './api.ts';
import { listDivisions, listIndustries, registryKeys } from './api.ts';

interface DivisionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: DivisionOption[];
}

const toOption = (d: DivisionItem): DivisionOption => ({
  value: d.code,
  label: d.name,
  isLeaf: !d.hasChildren,
});

/** The cascader path of a division: province, city (when it differs), county. */
export function divisionPath(d: DivisionRef | null | undefined): string[] {
  if (!d) return [];
  const path = [d.provinceCode];
  if (d.cityCode && d.cityCode !== d.provinceCode) path.push(d.cityCode);
  if (d.code !== path[path.length - 1]) path.push(d.code);
  return path;
}

/** The division code a cascader path chose (its last element), or null. */
export const lastOf = (path: string[] | undefined | null): string | null =>
  path && path.length ? path[path.length - 1]! : null;

/**
 * Province → city → county, loaded level by level from /api/reference/divisions. Any level can be
 * chosen (changeOnSelect); the form keeps the path, the last element is the division code.
 */
export function DivisionCascader({
  value,
  onChange,
  placeholder,
  style,
  testId,
}: {
  value?: string[];
  onChange?: (path: string[]) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<DivisionOption[]>([]);

  const loadChildren = useCallback(async (parent?: string) => {
    const list = await listDivisions(parent);
    return list.items.map(toOption);
  }, []);

  // Provinces, then the levels along the initial value so that its labels show.
  const initialPath = useMemo(() => value ?? [], [value]);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const provinces = await loadChildren();
      let level = provinces;
      for (const code of initialPath.slice(0, -1)) {
        const node = level.find((o) => o.value === code);
        if (!node || node.isLeaf) break;
        node.children = await loadChildren(code);
        level = node.children;
      }
      if (!cancelled) setOptions(provinces);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
    // Only on mount: later changes come from the cascader itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadChildren]);

  const loadData: CascaderProps<DivisionOption>['loadData'] = (selected) => {
    const target = selected[selected.length - 1];
    if (!target || target.children) return;
    void loadChildren(target.value).then((children) => {
      target.children = children;
      setOptions((o) => [...o]);
    });
  };

  return (
    <Cascader<DivisionOption>
      options={options}
      loadData={loadData}
      changeOnSelect
      allowClear
      value={value}
      onChange={(path) => onChange?.((path as string[] | undefined) ?? [])}
      placeholder={placeholder ?? t('clients.division_placeholder')}
      style={style ?? { width: '100%' }}
      data-testid={testId}
    />
  );
}

interface IndustryOption {
  value: string;
  label: string;
  children?: IndustryOption[];
}

/** The cascader path of an industry code: a section letter, or section and division. */
export function industryPath(industry: { sectionCode: string; divisionCode: string | null } | null) {
  if (!industry) return [];
  return industry.divisionCode ? [industry.sectionCode, industry.divisionCode] : [industry.sectionCode];
}

/** GB/T 4754-2017 section → division, in the interface language. */
export function IndustryCascader({
  value,
  onChange,
  testId,
}: {
  value?: string[];
  onChange?: (path: string[]) => void;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const industries = useQuery({
    queryKey: registryKeys.industries,
    queryFn: ({ signal }) => listIndustries(signal),
    staleTime: Infinity,
  });
  const zh = i18n.language !== 'en';
  const options = useMemo<IndustryOption[]>(
    () =>
      (industries.data?.sections ?? []).map((s) => ({
        value: s.code,
        label: `${s.code} ${zh ? s.zh : s.en}`,
        children: s.divisions.map((d) => ({ value: d.code, label: `${d.code} ${zh ? d.zh : d.en}` })),
      })),
    [industries.data, zh],
  );
  return (
    <Cascader<IndustryOption>
      options={options}
      changeOnSelect
      allowClear
      showSearch={{ filter: (input, path) => path.some((o) => o.label.includes(input)) }}
      value={value}
      onChange={(path) => onChange?.((path as string[] | undefined) ?? [])}
      placeholder={t('clients.industry_placeholder')}
      loading={industries.isPending}
      data-testid={testId}
    />
  );
}

/** A province filter (the provinces of /api/reference/divisions). */
export function ProvinceSelect({
  value,
  onChange,
  testId,
}: {
  value?: string;
  onChange: (code: string | undefined) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const provinces = useQuery({
    queryKey: registryKeys.divisions(),
    queryFn: ({ signal }) => listDivisions(undefined, signal),
    staleTime: Infinity,
  });
  return (
    <Select<string>
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('clients.filter.province')}
      value={value}
      onChange={onChange}
      options={(provinces.data?.items ?? []).map((d) => ({ value: d.code, label: d.name }))}
      style={{ width: 160 }}
      data-testid={testId}
    />
  );
}

/**
 * Keyset pagination (the registry lists answer `nextCursor`, not page numbers): the cursors of the
 * pages seen so far, so that "previous" goes back without asking the server for offsets.
 */
export function useKeyset(resetKey: unknown) {
  const [state, setState] = useState<{ key: unknown; cursors: (string | undefined)[] }>({
    key: resetKey,
    cursors: [undefined],
  });
  // Filters changed: back to the first page.
  const cursors = state.key === resetKey ? state.cursors : [undefined];
  const page = cursors.length;
  return {
    after: cursors[cursors.length - 1],
    page,
    next: (cursor: string) => setState({ key: resetKey, cursors: [...cursors, cursor] }),
    previous: () => setState({ key: resetKey, cursors: cursors.slice(0, -1) }),
    reset: () => setState({ key: resetKey, cursors: [undefined] }),
  };
}

export function KeysetPager({
  page,
  total,
  nextCursor,
  onNext,
  onPrevious,
  testId,
}: {
  page: number;
  total: number | undefined;
  nextCursor: string | null | undefined;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Flex
      justify="flex-end"
      align="center"
      gap="small"
      wrap
      style={{ marginTop: 16, whiteSpace: 'nowrap' }}
      data-testid={testId}
    >
      <Typography.Text type="secondary">{t('common.total', { count: total ?? 0 })}</Typography.Text>
      <Button size="small" icon={<LeftOutlined />} disabled={page <= 1} onClick={onPrevious}>
        {t('clients.pager.previous')}
      </Button>
      <Typography.Text>{t('clients.pager.page', { page })}</Typography.Text>
      <Button size="small" disabled={!nextCursor} onClick={() => nextCursor && onNext(nextCursor)}>
        {t('clients.pager.next')} <RightOutlined />
      </Button>
    </Flex>
  );
}
