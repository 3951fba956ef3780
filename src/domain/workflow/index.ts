export * from './policy.ts';
export * from './dates.ts';
export * from './programme.ts';
export * from './transitions.ts';
export * from './eligibility.ts';
export * from './team.ts';
export * from './checklist.ts';
export * from './phases.ts';
