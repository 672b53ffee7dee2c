/**
 * gongkai's command line. Each command lives in cli/commands/<name>.ts and exports `run(args)`
 * returning the exit code: 0 done, 1 failed, 2 unusable input or usage (one line on stderr).
 */
import { UsageError } from './args.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<number> }> }> = {
  parse: { summary: 'parse FILE|URL [--json|--csv]   read one report page', load: () => import('./commands/parse.js') },
  crawl: { summary: 'crawl URL... [--db FILE] [--delay MS] [--max-pages N] [--max-gap N] [--timeout MS] [--retries N] [--browser auto|never|always] [--quiet]', load: () => import('./commands/crawl.js') },
  reparse: { summary: 'reparse [--db FILE]   re-parse stored pages with the current parser', load: () => import('./commands/reparse.js') },
  export: { summary: 'export [--db FILE] [--format csv|wide|checks|jsonl] [--out FILE]', load: () => import('./commands/export.js') },
  demo: { summary: 'demo [--dir DIR] [--browser auto|never|always] [--quiet]   crawl the bundled demo site into ./demo and export CSV', load: () => import('./commands/demo.js') },
};

function usage(): string {
  return ['usage: gongkai <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  gongkai ${c.summary}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`gongkai: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  let mod;
  try {
    mod = await cmd.load();
  } catch (err) {
    process.stderr.write(`gongkai: command "${name}" is not available: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    return await mod.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`gongkai ${name}: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`gongkai ${name}: ${(err as Error)?.message ?? String(err)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`gongkai: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
