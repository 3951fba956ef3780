import { describe, expect, it } from 'vitest';
import {
  checkImpartiality,
  checkServiceManagerStaffing,
  childDivisions,
  creditCodeCheckCharacter,
  CREDIT_CODE_ALPHABET,
  findDivision,
  findIndustry,
  INDUSTRY_SECTIONS,
  maskIdNumber,
  maskPhone,
  normaliseCreditCode,
  requiredManagers,
  validateCreditCode,
  validateDivisionCode,
  validateIdNumber,
  validatePhone,
} from './index.ts';

describe('unified social credit code (GB 32100)', () => {
  it('accepts real codes and explains the parts', () => {
    const r = validateCreditCode('914403001922038216'); // 华为技术有限公司
    expect(r).toMatchObject({
      valid: true,
      authorityName: '市场监督管理（工商）',
      categoryName: '企业',
      divisionCode: '440300',
    });
    expect(validateCreditCode('91110000802100433B').valid).toBe(true);
  });

  it('computes the check character over the 31-character alphabet', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    expect(CREDIT_CODE_ALPHABET).not.toMatch(/[IOSVZ]/);
    expect(creditCodeCheckCharacter('91440300192203821')).toBe('6');
    // Every single-character change of a valid code is caught.
    const code = '914403001922038216';
    for (let i = 0; i < 18; i++) {
      for (const c of CREDIT_CODE_ALPHABET) {
        if (c === code[i]) continue;
        const changed = code.slice(0, i) + c + code.slice(i + 1);
        const r = validateCreditCode(changed);
        expect(r.valid, changed).toBe(false);
      }
    }
  });

  it('normalises full-width characters, spaces and lower case', () => {
    expect(normaliseCreditCode(' ９１４４０３００１９２２０３８２１６ ')).toBe('914403001922038216');
    expect(validateCreditCode('91110000802100433b').valid).toBe(true);
  });

  it('names what is wrong', () => {
    expect(validateCreditCode('91440300192203821')).toMatchObject({ valid: false, problem: 'length' });
    expect(validateCreditCode('91440300192203821I')).toMatchObject({ valid: false, problem: 'character' });
    expect(validateCreditCode('9144A300192203821X')).toMatchObject({ valid: false, problem: 'division' });
    expect(validateCreditCode('914403001922038217')).toMatchObject({
      valid: false,
      problem: 'check_character',
      message: 'check character is wrong: expected 6, got 7',
    });
  });
});

describe('administrative divisions (GB/T 2260)', () => {
  it('knows provinces, prefectures and counties', () => {
    expect(childDivisions()).toHaveLength(34);
    expect(findDivision('440305')).toMatchObject({
      name: '南山区',
      level: 'county',
      cityName: '深圳市',
      provinceName: '广东省',
      fullName: '广东省深圳市南山区',
    });
    expect(findDivision('440300')).toMatchObject({ level: 'city', name: '深圳市' });
    expect(findDivision('110105')).toMatchObject({
      cityCode: '110100',
      cityName: '北京市',
      fullName: '北京市朝阳区',
    });
    expect(findDivision('429004')).toMatchObject({ fullName: '湖北省仙桃市', cityCode: '429000' });
    expect(childDivisions('110000').map((d) => d.code)).toEqual(['110100']);
  });

  it('refuses codes that are not in the list, not six digits, or not precise enough', () => {
    expect(validateDivisionCode('110199')).toMatchObject({ valid: false });
    expect(validateDivisionCode('11010')).toMatchObject({ valid: false });
    expect(validateDivisionCode('abcdef')).toMatchObject({ valid: false });
    expect(validateDivisionCode('440000', { minLevel: 'county' })).toMatchObject({ valid: false });
    expect(validateDivisionCode('440305', { minLevel: 'county' }).valid).toBe(true);
  });
});

describe('GB/T 4754-2017 industries', () => {
  it('has 20 sections A–T and 97 divisions 01–97', () => {
    expect(INDUSTRY_SECTIONS.map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    const divisions = INDUSTRY_SECTIONS.flatMap((s) => s.divisions.map((d) => d.code));
    expect(divisions).toEqual(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(INDUSTRY_SECTIONS.find((s) => s.code === 'C')!.divisions).toHaveLength(31);
  });

  it('finds a section, a division, or both together', () => {
    expect(findIndustry('38')).toMatchObject({
      sectionCode: 'C',
      divisionZh: '电气机械和器材制造业',
      label: 'C38 电气机械和器材制造业',
    });
    expect(findIndustry('c38')?.code).toBe('38');
    expect(findIndustry('F')).toMatchObject({ divisionCode: null, label: 'F 批发和零售业' });
    expect(findIndustry('A38')).toBeUndefined();
    expect(findIndustry('98')).toBeUndefined();
    expect(findIndustry('')).toBeUndefined();
  });
});

describe('售后服务管理师 staffing (5.1.2.2)', () => {
  it('requires max(minimum, ceil(ratio × staff)) without binary-fraction surprises', () => {
    expect(requiredManagers(30)).toBe(3);
    expect(requiredManagers(31)).toBe(4);
    expect(requiredManagers(0)).toBe(1);
    expect(requiredManagers(5)).toBe(1);
    expect(requiredManagers(70, 0.1)).toBe(7);
    expect(requiredManagers(100, 0.05, 2)).toBe(5);
    expect(requiredManagers(10, 0.05, 2)).toBe(2);
    expect(() => requiredManagers(-1)).toThrow(RangeError);
  });

  it('counts certificates valid on the day and flags those expiring soon', () => {
    const r = checkServiceManagerStaffing(
      40,
      [
        { validUntil: '2027-12-31' },
        { validUntil: '2026-12-15' }, // 15 days left
        { validUntil: '2026-11-29' }, // expired yesterday
        { validUntil: '2026-11-30' }, // last valid day
        { validFrom: '2027-01-01', validUntil: '2029-12-31' },
        { validUntil: '2030-01-01', withdrawn: true },
      ],
      { on: '2026-11-30', expiringWithinDays: 30 },
    );
    expect(r).toMatchObject({
      required: 4,
      held: 3,
      expiringSoon: 2,
      expired: 1,
      shortfall: 1,
      met: false,
      heldAfterExpiring: 1,
    });
    expect(r.states).toEqual([
      'valid',
      'expiringSoon',
      'expired',
      'expiringSoon',
      'notYetValid',
      'withdrawn',
    ]);
  });

  it('is met when held reaches required', () => {
    const r = checkServiceManagerStaffing(10, [{ validUntil: '2030-01-01' }], { on: '2026-01-01' });
    expect(r).toMatchObject({ required: 1, held: 1, met: true, shortfall: 0 });
    expect(() => checkServiceManagerStaffing(10, [], { on: '2026-13-01' })).toThrow(RangeError);
  });
});

describe('personal numbers', () => {
  it('validates resident identity numbers with their check character', () => {
    expect(validateIdNumber('11010519491231002X')).toMatchObject({ valid: true, kind: 'residentId' });
    expect(validateIdNumber('110105194912310021').valid).toBe(false);
    expect(validateIdNumber('110105194913310020').valid).toBe(false);
    expect(validateIdNumber('E12345678')).toMatchObject({ valid: true, kind: 'other' });
    expect(validateIdNumber('1101051949123').valid).toBe(true); // 13 digits: another document
    expect(validateIdNumber('11010519491231002').valid).toBe(false);
    expect(validatePhone('138 1234 5678').valid).toBe(true);
    expect(validatePhone('=1+2').valid).toBe(false);
  });

  it('masks identity and phone numbers', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskIdNumber('E1234567')).toBe('E******7');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 138 **** 5678');
    expect(maskPhone('010-88886666')).toBe('010-****6666');
    expect(maskPhone('12345')).toBe('***45');
  });
});

describe('impartiality', () => {
  const decl = (endedOn: string | null, clientId = 'c1') => ({
    clientId,
    relationship: 'consulting' as const,
    startedOn: '2020-01-01',
    endedOn,
  });
  it('blocks within two years after a relationship ended, and while it goes on', () => {
    expect(checkImpartiality([decl('2025-06-30')], 'c1', '2026-11-30')).toMatchObject({
      blocked: true,
      blockedUntil: '2027-06-30',
    });
    expect(checkImpartiality([decl('2024-06-30')], 'c1', '2026-11-30').blocked).toBe(false);
    expect(checkImpartiality([decl(null)], 'c1', '2026-11-30')).toMatchObject({
      blocked: true,
      ongoing: true,
      blockedUntil: null,
    });
    expect(checkImpartiality([decl(null, 'c2')], 'c1', '2026-11-30').blocked).toBe(false);
    expect(checkImpartiality([decl('2024-02-29')], 'c1', '2026-02-28')).toMatchObject({
      blocked: true,
      blockedUntil: '2026-02-28',
    });
  });
});
