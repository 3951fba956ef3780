import { describe, expect, it } from 'vitest';
import { formatInstant, zonedDayRange, zonedWallClockToUtc } from './time.ts';

describe('formatInstant', () => {
  it('shows an instant in the given zone, not the machine zone', () => {
    expect(formatInstant('2026-01-01T16:30:00Z', 'Asia/Shanghai')).toBe('2026-01-02 00:30:00');
    expect(formatInstant('2026-01-01T16:30:00.999Z', 'UTC')).toBe('2026-01-01 16:30:00');
    expect(formatInstant('2026-01-01T00:05:00Z', 'UTC', { withTime: false })).toBe('2026-01-01');
    expect(formatInstant('2026-06-30T23:00:00Z', 'Europe/London')).toBe('2026-07-01 00:00:00');
  });
  it('falls back to Asia/Shanghai for an unknown zone and leaves empty values empty', () => {
    expect(formatInstant('2026-01-01T16:30:00Z', 'Not/AZone')).toBe('2026-01-02 00:30:00');
    expect(formatInstant(null, 'UTC')).toBe('');
  });
});

describe('zonedWallClockToUtc', () => {
  it('converts a wall-clock time in a zone to UTC', () => {
    expect(zonedWallClockToUtc({ year: 2026, month: 1, day: 1 }, 'Asia/Shanghai').toISOString()).toBe(
      '2025-12-31T16:00:00.000Z',
    );
    expect(
      zonedWallClockToUtc({ year: 2026, month: 7, day: 1, hour: 12 }, 'Europe/Berlin').toISOString(),
    ).toBe('2026-07-01T10:00:00.000Z');
    expect(
      zonedWallClockToUtc({ year: 2026, month: 1, day: 1, hour: 12 }, 'Europe/Berlin').toISOString(),
    ).toBe('2026-01-01T11:00:00.000Z');
  });
  it('covers whole days in the zone', () => {
    expect(
      zonedDayRange({ year: 2026, month: 3, day: 1 }, { year: 2026, month: 3, day: 31 }, 'Asia/Shanghai'),
    ).toEqual(['2026-02-28T16:00:00.000Z', '2026-03-31T15:59:59.999Z']);
  });
});
