import { findDivision } from '../../domain/registry/divisions.ts';
import { findIndustry } from '../../domain/registry/industries-gbt4754.ts';
import type { DivisionRef, IndustryRef } from './registry.contract.ts';

/** The division a stored code names, for answers; null when there is no code. */
export function divisionRef(code: string | null | undefined): DivisionRef | null {
  if (!code) return null;
  const d = findDivision(code);
  if (!d) {
    // A code that was valid when stored but has since left the list: shown as it is.
    return {
      code,
      name: code,
      fullName: code,
      level: 'county',
      provinceCode: `${code.slice(0, 2)}0000`,
      provinceName: '',
      cityCode: null,
      cityName: null,
    };
  }
  return {
    code: d.code,
    name: d.name,
    fullName: d.fullName,
    level: d.level,
    provinceCode: d.provinceCode,
    provinceName: d.provinceName,
    cityCode: d.cityCode,
    cityName: d.cityName,
  };
}

export function industryRef(code: string | null | undefined): IndustryRef | null {
  if (!code) return null;
  return findIndustry(code) ?? null;
}

export const parseJsonList = (text: string): string[] => {
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.map(String) : [];
};

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}
