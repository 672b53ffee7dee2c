/** scraper/host-gate.ts: order, exclusivity and spacing of tasks per host key. */
import { describe, expect, it } from 'vitest';
import { HostGate } from '../../scraper/fetch/host-gate.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('HostGate', () => {
  it('runs one task per host at a time, in call order, spaced by the delay', async () => {
    const gate = new HostGate({ delayMs: 100 });
    const spans: Array<{ i: number; start: number; end: number }> = [];
    await Promise.all(
      [0, 1, 2].map((i) =>
        gate.run('h', async () => {
          const start = Date.now();
          await sleep(20);
          spans.push({ i, start, end: Date.now() });
        }),
      ),
    );
    expect(spans.map((s) => s.i)).toEqual([0, 1, 2]);
    for (let k = 1; k < spans.length; k++) expect(spans[k].start - spans[k - 1].end).toBeGreaterThanOrEqual(98);
  });

  it('different hosts do not wait for each other', async () => {
    const gate = new HostGate({ delayMs: 500 });
    const order: string[] = [];
    await Promise.all([
      gate.run('a', async () => void order.push('a1')),
      gate.run('a', async () => void order.push('a2')),
      gate.run('b', async () => void order.push('b1')),
    ]);
    expect(order.indexOf('b1')).toBeLessThan(order.indexOf('a2'));
  });

  it('a failing task releases the host', async () => {
    const gate = new HostGate({ delayMs: 0 });
    await expect(gate.run('h', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run('h', async () => 'next')).toBe('next');
  });

  it('pushBack delays the next task; setDelay never goes below the default', async () => {
    const gate = new HostGate({ delayMs: 50 });
    gate.pushBack('h', 200);
    const t0 = Date.now();
    const started = await gate.run('h', async () => Date.now());
    expect(started - t0).toBeGreaterThanOrEqual(195);
    gate.setDelay('h', 10);
    expect(gate.delayOf('h')).toBe(50);
    gate.setDelay('h', 300);
    expect(gate.delayOf('h')).toBe(300);
  });
});
