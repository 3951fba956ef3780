/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-character
 * alphabet (digits and upper-case letters without I, O, Z, S, V):
 *
 *   position 1     registration authority (登记管理部门码), e.g. 9 = market regulation (工商)
 *   position 2     organisation category (机构类别码), e.g. 1 = enterprise
 *   positions 3–8  administrative division of the registering authority (GB/T 2260)
 *   positions 9–17 subject identifier (主体标识码, the GB 11714 organisation code)
 *   position 18    check character: weights 3^(i) mod 31, check = (31 − Σ mod 31) mod 31
 */

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Registration authorities and organisation categories named in GB 32100 and its amendments. */
const AUTHORITIES: Record<string, { zh: string; categories: Record<string, string> }> = {
  '1': {
    zh: '机构编制',
    categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' },
  },
  '2': { zh: '外交', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    zh: '司法行政',
    categories: {
      '1': '律师执业机构',
      '2': '公证处',
      '3': '基层法律服务所',
      '4': '司法鉴定机构',
      '5': '仲裁委员会',
      '9': '其他',
    },
  },
  '4': { zh: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { zh: '民政', categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': {
    zh: '旅游',
    categories: {
      '1': '外国旅游部门常驻代表机构',
      '2': '港澳台地区旅游部门常驻内地（大陆）代表机构',
      '9': '其他',
    },
  },
  '7': { zh: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { zh: '工会', categories: { '1': '基层工会', '9': '其他' } },
  '9': { zh: '市场监督管理（工商）', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { zh: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
  N: {
    zh: '农业',
    categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' },
  },
  Y: { zh: '其他', categories: { '1': '其他' } },
};

const FULL_WIDTH = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;

/** Trims, removes inner spaces and hyphens, turns full-width letters and digits half-width and upper-cases. */
export function normaliseCreditCode(input: string): string {
  return input
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
}

/** The check character for the first 17 characters, or undefined if one of them is outside the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]!);
    if (v < 0) return undefined;
    sum += v * WEIGHTS[i]!;
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

export type CreditCodeProblem = 'length' | 'character' | 'division' | 'check_character';

export type CreditCodeResult =
  | {
      valid: true;
      code: string;
      registrationAuthority: string;
      /** Chinese name of the registration authority and organisation category, when GB 32100 names them. */
      authorityName: string | null;
      categoryName: string | null;
      divisionCode: string;
      organisationCode: string;
    }
  | { valid: false; code: string; problem: CreditCodeProblem; message: string };

/** Validates a unified social credit code (after normalising it) and explains what is wrong. */
export function validateCreditCode(input: string): CreditCodeResult {
  const code = normaliseCreditCode(input);
  if (code.length !== 18) {
    return { valid: false, code, problem: 'length', message: `must be 18 characters (got ${code.length})` };
  }
  const bad = [...code].findIndex((c) => !CREDIT_CODE_ALPHABET.includes(c));
  if (bad >= 0) {
    return {
      valid: false,
      code,
      problem: 'character',
      message: `character ${bad + 1} (“${code[bad]}”) is not allowed: only digits and upper-case letters other than I, O, S, V, Z`,
    };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return {
      valid: false,
      code,
      problem: 'division',
      message: 'characters 3–8 must be the six digits of an administrative division code',
    };
  }
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (expected !== code[17]) {
    return {
      valid: false,
      code,
      problem: 'check_character',
      message: `check character is wrong: expected ${expected}, got ${code[17]}`,
    };
  }
  const authority = AUTHORITIES[code[0]!];
  return {
    valid: true,
    code,
    registrationAuthority: code[0]!,
    authorityName: authority?.zh ?? null,
    categoryName: authority?.categories[code[1]!] ?? null,
    divisionCode: code.slice(2, 8),
    organisationCode: code.slice(8, 17),
  };
}

export function isValidCreditCode(input: string): boolean {
  return validateCreditCode(input).valid;
}
