export * from './civil-date.ts';
export * from './labels.ts';
export * from './lifecycle.ts';
export * from './numbering.ts';
export * from './payload.ts';
export * from './statuses.ts';
export * from './timings.ts';
export * from './star-mark.ts';
