// Entry of the import's file-reading worker (row-scan.ts, scanRowsInWorker): registers the TypeScript
// loader in this thread, as bin/starmark.js does for the CLI, then runs the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./row-scan-worker.ts');
