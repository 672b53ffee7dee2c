/** A parse pool's worker thread (parse-pool.ts): reads the pages it is sent, one at a time. */
import { parentPort } from 'node:worker_threads';
import { readPage } from './page-reading.js';
import type { ToThread, FromThread } from './parse-pool.js';
import { factsOf } from '../store/contract.js';

const port = parentPort!;
port.on('message', (m: ToThread) => {
  const send = (msg: FromThread) => port.postMessage(msg);
  try {
    const reading = readPage(m.src, m.opts, (nav) => send({ id: m.id, nav }));
    send({ id: m.id, recJson: JSON.stringify(reading.rec), facts: factsOf(reading.rec), files: reading.files });
  } catch (err) {
    // what the main thread would have thrown: the row is marked failed with this message
    send({ id: m.id, error: (err as Error)?.message ?? String(err) });
  }
});
