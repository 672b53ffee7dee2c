/**
 * Sending from the content script without zod: the schemas run where a message is received (the
 * background worker parses every request with RequestSchema), so the page-side bundle does not
 * carry zod's code or pay for building its schemas on every *.gov.cn page. The types still come
 * from the one schema module (messages.ts), erased at build time.
 */
import type { Request, ResponseFor } from './messages.js';

export async function sendRequest<T extends Request>(send: (m: unknown) => Promise<unknown>, req: T): Promise<ResponseFor<T['type']>> {
  let raw: unknown;
  try {
    raw = await send(req);
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err), retryable: true } as ResponseFor<T['type']>;
  }
  // the page side only reads `ok` (and `error`): check just those
  if (raw && typeof raw === 'object' && typeof (raw as { ok?: unknown }).ok === 'boolean') return raw as ResponseFor<T['type']>;
  return { ok: false, error: `malformed answer to ${req.type}`, retryable: false } as ResponseFor<T['type']>;
}
