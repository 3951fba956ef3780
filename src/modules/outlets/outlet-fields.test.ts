import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTLET, OUTLET_FIELDS, parseOutletCells, withDefaults } from './outlet-fields.ts';

describe('withDefaults', () => {
  it('is the spread of the defaults under the parsed values, for any subset of columns', () => {
    const cells = {
      code: 'WD-001',
      name: '星标服务网点',
      address: '幸福路1号',
      divisionCode: '110101',
      latitude: '39.9',
      longitude: '116.4',
      ownership: '合作',
      partnerName: '合作维修公司',
      partnerCreditCode: null,
      agreementValidUntil: '2027-12-31',
      channels: '到店,上门',
      staffCount: '5',
      openedOn: '2018-01-15',
      phone: null,
      status: '关闭',
    } as const;
    const optional = OUTLET_FIELDS.filter((f) => f !== 'code' && f !== 'name');
    fc.assert(
      fc.property(fc.subarray([...optional]), (present) => {
        const given = Object.fromEntries(
          ['code', 'name', ...present].map((f) => [f, cells[f as keyof typeof cells]]),
        );
        const { value, errors } = parseOutletCells(given);
        expect(errors).toEqual([]);
        expect(withDefaults(value)).toEqual({ ...DEFAULT_OUTLET, ...value });
      }),
    );
  });
});
