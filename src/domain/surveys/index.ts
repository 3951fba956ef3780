export * from './questionnaire.ts';
export * from './template.ts';
export * from './answers.ts';
export * from './metrics.ts';
export * from './privacy.ts';
