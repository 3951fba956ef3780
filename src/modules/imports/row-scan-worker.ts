import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../http/errors.ts';
import { WORKER_AHEAD, scanRows, type RowSpec, type WorkerMessage } from './row-scan.ts';
import { ROW_SPECS } from './row-specs.ts';

/** The worker side of scanRowsInWorker: scans the file and posts the events, WORKER_AHEAD chunks ahead. */
const { file, kind, maxRows } = workerData as { file: string; kind: keyof typeof ROW_SPECS; maxRows: number };
const port = parentPort!;
let credit = WORKER_AHEAD;
let resume: (() => void) | undefined;
port.on('message', () => {
  credit++;
  resume?.();
});
const post = (m: WorkerMessage<unknown>) => port.postMessage(m);

try {
  const spec = ROW_SPECS[kind] as RowSpec<string, unknown>;
  for await (const event of scanRows(file, spec, maxRows)) {
    post({ type: 'event', event });
    if (event.type !== 'rows') continue;
    credit--;
    while (credit <= 0) {
      await new Promise<void>((r) => (resume = r));
      resume = undefined;
    }
  }
  post({ type: 'done' });
} catch (e) {
  const error =
    e instanceof AppError
      ? { status: e.status, code: e.code, message: e.message, details: e.details }
      : { message: e instanceof Error ? e.message : String(e) };
  post({ type: 'error', error });
}
// The port stays open for acks: close it so the thread ends.
port.close();
