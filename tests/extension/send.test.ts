import { describe, expect, it } from 'vitest';
import { sendRequest } from '../../extension/lib/send.js';

describe('content-script sender (no zod on the page side)', () => {
  it('passes answers with an ok flag through, and turns anything else into an error', async () => {
    expect(await sendRequest(async () => ({ ok: true, url: 'u' }), { type: 'library.open' })).toEqual({ ok: true, url: 'u' });
    expect(await sendRequest(async () => undefined, { type: 'library.open' })).toEqual({ ok: false, error: 'malformed answer to library.open', retryable: false });
    expect(await sendRequest(async () => { throw new Error('Extension context invalidated.'); }, { type: 'library.open' })).toEqual({ ok: false, error: 'Extension context invalidated.', retryable: true });
  });
});
