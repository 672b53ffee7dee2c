/** `gongkai <command> --help` for every command, and the exit codes around it, as a user runs them. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const gongkai = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/gongkai.js'), ...args], { encoding: 'utf8', timeout: 60_000 });

describe('gongkai <command> --help', () => {
  const cases: [string[], string][] = [
    [['parse', '--help'], '--json'],
    [['crawl', '--help'], '--max-gap N'],
    [['crawl', '--help'], '--lease MS'],
    [['crawl', 'http://127.0.0.1:9/', '-h'], '--browser auto|never|always'],
    [['reparse', '--help'], '--db FILE'],
    [['export', '--help'], '--format F'],
    [['demo', '--help'], '--dir DIR'],
    [['status', '--help'], '--json'],
    [['series', '--help'], '--lang zh|en'],
  ];
  for (const [args, option] of cases) {
    it(`${args.join(' ')}: prints its usage and options, exit 0, nothing done`, () => {
      const r = gongkai(...args);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.startsWith(`usage: gongkai ${args[0]} `)).toBe(true);
      expect(r.stdout).toContain(option);
      expect(r.stderr).toBe('');
    });
  }

  it('after `--` a --help is an argument, not a request for help', () => {
    const r = gongkai('parse', '--', '--help');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('gongkai parse: cannot read --help: no such file\n');
  });

  it('an unknown option is still a usage error: one line, exit 2', () => {
    const r = gongkai('crawl', '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('gongkai crawl: unknown option --bogus\n');
  });
});
