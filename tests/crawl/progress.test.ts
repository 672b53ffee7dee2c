/** Progress on stderr: rewritten in place on a terminal, plain lines elsewhere, nothing when quiet. */
import { describe, expect, it } from 'vitest';
import { duration, Progress } from '../../cli/progress.js';

const sink = (isTTY: boolean) => {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 80, write: (s: string) => (out.push(s), true) } };
};
const state = (n: number) => ({ fetched: n, reports: n, errors: 0, host: 'h.example', url: null });

describe('Progress', () => {
  it('rewrites one line on a terminal', () => {
    const s = sink(true);
    const p = new Progress({ stream: s.stream, liveIntervalMs: 0 });
    p.update(state(1));
    p.update(state(2));
    p.finish('done');
    expect(s.out[0]).toMatch(/^\r\x1b\[2K.*1 pages fetched/);
    expect(s.out[1]).toMatch(/^\r\x1b\[2K.*2 pages fetched/);
    expect(s.out.every((l) => !l.includes('\n') || l === 'done\n')).toBe(true);
    expect(s.out.at(-1)).toBe('done\n');
  });

  it('writes plain lines at a modest rate when not a terminal', () => {
    const s = sink(false);
    const p = new Progress({ stream: s.stream, plainIntervalMs: 60_000 });
    for (let i = 1; i <= 50; i++) p.update(state(i));
    p.note('a note');
    p.finish('summary');
    expect(s.out).toEqual(['gongkai crawl: 1 pages fetched · 1 reports · 0 errors · h.example\n', 'a note\n', 'summary\n']);
    expect(s.out.join('')).not.toContain('\r');
  });

  it('says nothing when quiet', () => {
    const s = sink(true);
    const p = new Progress({ stream: s.stream, quiet: true });
    p.update(state(1), true);
    p.note('x');
    p.finish('summary');
    expect(s.out).toEqual([]);
  });
});

describe('Progress at scale', () => {
  it('shows sites active, pages a second, the queue and a lower bound on the time left', () => {
    let t = 0;
    const s = sink(false);
    const p = new Progress({ stream: s.stream, plainIntervalMs: 0, now: () => t });
    const at = (fetched: number, queued: number) => ({ fetched, reports: 0, errors: 0, host: null, url: null, origins: 12, queued });
    p.update(at(1, 100));
    t = 10_000;
    p.update(at(51, 100)); // 50 pages in 10 s
    expect(s.out[0]).toBe('gongkai crawl: 1 pages fetched · 0 reports · 0 errors · 12 sites active · 100 queued\n');
    expect(s.out[1]).toBe('gongkai crawl: 51 pages fetched · 0 reports · 0 errors · 12 sites active · 5.0 pages/s · 100 queued · ETA ≥ 20s\n');
  });

  it.each([
    [8, '8s'],
    [75, '1m15s'],
    [3700, '1h01m'],
  ])('writes %d seconds as %s', (n, want) => {
    expect(duration(n)).toBe(want);
  });
});
