export * from './evaluation-input.ts';
export * from './result.ts';
export * from './rules.ts';
export * from './score-evaluation.ts';
