export * from './exact.ts';
export * from './package-schema.ts';
export * from './tree.ts';
export * from './validate.ts';
export * from './publish.ts';
export * from './overlay.ts';
export * from './diff.ts';
export * from './json-schema.ts';
