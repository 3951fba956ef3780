export * from './compute-effort.ts';
