export * from './credit-code.ts';
export * from './divisions.ts';
export * from './industries-gbt4754.ts';
export * from './staffing.ts';
export * from './personal-data.ts';
export * from './impartiality.ts';
