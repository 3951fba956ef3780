export * from './scenario.ts';
export * from './visit.ts';
export * from './builtin-scenarios.ts';
