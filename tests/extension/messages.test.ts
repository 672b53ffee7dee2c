import { describe, expect, it } from 'vitest';
import { parseReport } from '../../parser/index.js';
import { errorResponse, parseRequest, request, RequestSchema, ResponseSchemas } from '../../extension/lib/messages.js';
import { reportPage } from '../../sites/extension-pages.js';

const record = parseReport(reportPage(), { url: 'http://www.x.gov.cn/a.htm' });

describe('message schemas', () => {
  it('accepts each well-formed request', () => {
    const good = [
      { type: 'library.save', url: 'http://www.x.gov.cn/a.htm', record },
      { type: 'library.list' },
      { type: 'library.delete', url: 'https://www.x.gov.cn/a.htm' },
      { type: 'library.exportCsv' },
      { type: 'library.open' },
      { type: 'page.open', url: 'http://www.x.gov.cn/a.htm' },
      { type: 'reader.inject', tabId: 7 },
    ];
    for (const m of good) expect(RequestSchema.safeParse(m).success, m.type).toBe(true);
  });

  it('rejects unknown types, missing fields, bad URLs and records that break the record schema', () => {
    const bad: unknown[] = [
      null, 'library.list', {}, { type: 'library.drop' },
      { type: 'library.save', url: 'http://www.x.gov.cn/a.htm' },
      { type: 'library.save', url: 'javascript:alert(1)', record },
      { type: 'library.save', url: 'http://www.x.gov.cn/a.htm', record: { ...record, schema: 'other/1' } },
      { type: 'library.save', url: 'http://www.x.gov.cn/a.htm', record: { ...record, year: 'twenty' } },
      { type: 'library.delete', url: '' },
      { type: 'page.open', url: 'file:///etc/passwd' },
      { type: 'page.open', url: 'chrome://settings' },
      { type: 'reader.inject', tabId: -1 },
      { type: 'reader.inject', tabId: 1.5 },
    ];
    for (const m of bad) expect(RequestSchema.safeParse(m).success, JSON.stringify(m)?.slice(0, 80)).toBe(false);
  });

  it('turns a malformed request into a non-retryable error naming the field', () => {
    const r = parseRequest({ type: 'library.delete' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.retryable).toBe(false);
      expect(r.error).toMatch(/url/);
    }
  });

  it('checks answers: a well-formed one passes through, a malformed one becomes an error', async () => {
    const good = await request(async () => ({ ok: true, groups: [], count: 0 }), { type: 'library.list' });
    expect(good).toEqual({ ok: true, groups: [], count: 0 });
    const wrong = await request(async () => ({ ok: true, groups: 'none' }), { type: 'library.list' });
    expect(wrong.ok).toBe(false);
    const thrown = await request(async () => { throw new Error('Receiving end does not exist'); }, { type: 'library.list' });
    expect(thrown).toEqual({ ok: false, error: 'Receiving end does not exist', retryable: true });
  });

  it('refuses to send a malformed request', async () => {
    let sent = false;
    await expect(request(async () => { sent = true; }, { type: 'reader.inject', tabId: -3 })).rejects.toThrow();
    expect(sent).toBe(false);
  });

  it('has a response schema for every request type, and errors fit all of them', () => {
    const types = RequestSchema.options.map((o) => o.shape.type.value);
    expect(Object.keys(ResponseSchemas).sort()).toEqual([...types].sort());
    for (const t of types) expect(ResponseSchemas[t].safeParse(errorResponse(new Error('x'))).success).toBe(true);
  });
});
