export * from './prng.ts';
export * from './draw-outlet-sample.ts';
