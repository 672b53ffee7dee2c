/**
 * gongkai's command line. Each command lives in cli/commands/<name>.ts and exports `run(args)`
 * returning the exit code: 0 done, 1 failed, 2 unusable input or usage (one line on stderr).
 */
import { UsageError } from './args.js';
import { FILTER_HELP } from './filters.js';

interface Command {
  /** the usage line, after `gongkai ` */
  usage: string;
  /** what it does and its options, for `gongkai <command> --help` */
  help: string[];
  load: () => Promise<{ run: (args: string[]) => Promise<number> }>;
}

const DB = '--db FILE|URL         the store: a SQLite file, or postgres://user@host:port/db shared by workers (default $GONGKAI_DB, else ./gongkai.db)';
const BROWSER = '--browser auto|never|always  render a page in Chromium when its static HTML has no report or draws its links by script (auto), never, or always';

const COMMANDS: Record<string, Command> = {
  parse: {
    usage: 'parse FILE|URL [--json|--csv] [--text|--html]   read one report: a page, or a PDF / Word (.docx, .doc) file',
    help: [
      'Reads one report page (a file or an http(s) URL) and prints its tables, checks ✓/✗/? and issues.',
      'A PDF, .docx or .doc (told by its bytes, not its name) is read as the report it holds; a scanned PDF (no text layer) says so, exit 0.', '--json                the record as JSON', '--csv                 the cells as long-form CSV', '--text, --html        read the input as text or as HTML (default: judged from the content)'],
    load: () => import('./commands/parse.js'),
  },
  crawl: {
    usage: 'crawl URL... [--from FILE] [--list URL] [--refresh] [--db FILE|URL] [--delay MS] [--origins N] [--max-in-flight N] [--parse-threads N] [--max-pages N] [--max-gap N] [--timeout MS] [--retries N] [--browser auto|never|always] [--lease MS] [--quiet]',
    help: [
      "Walks each start page's 上一条/下一条 chain both ways into the store; run it again to resume.",
      '--from FILE           start URLs from FILE: one a line (# comments), or a CSV with a url column whose other columns go into the exports; malformed ones are recorded and skipped',
      '--list URL            a column list page (年报栏目): every report it and its pages (下一页/尾页, TRS createPageHTML, VSB xxgkndbg/N.htm) link to is a start',
      '--refresh             ask again, conditionally (ETag/Last-Modified), for the newest report of each body and the ends of each walk: finds reports published since; unchanged pages cost one 304',
      DB,
      '--delay MS            pause between two requests to one site (default 1000)',
      '--origins N           sites walked side by side, each one request at a time (default 16)',
      '--max-in-flight N     requests in flight over all sites (default: the larger of --origins and 32)',
      '--parse-threads N     worker threads reading pages beside the fetching (default: as many as the cores; on a shared store 0: pages read on the main thread)',
      '--max-pages N         stop after N pages',
      '--max-gap N           end a direction after more than N pages in a row that are not reports (default 5)',
      '--timeout MS          how long a page may keep us waiting (default 30000)',
      '--retries N           retries of a page that failed in a retryable way (default 3)',
      BROWSER,
      "--lease MS            on a postgres:// store: how long a worker's claim on a page lasts unrenewed, after which another worker takes it (default 30000)",
      '--quiet               no progress line',
    ],
    load: () => import('./commands/crawl.js'),
  },
  reparse: {
    usage: 'reparse [--db FILE|URL] [--quiet]   re-parse stored pages with the current parser',
    help: ['Re-reads every stored page with the current parser, offline.', DB, '--quiet               no summary line'],
    load: () => import('./commands/reparse.js'),
  },
  export: {
    usage: 'export [--db FILE|URL] [--format csv|wide|checks|jsonl] [--harmonised] [--entity E] [--body B] [--year Y] [--from-year Y] [--to-year Y] [--out FILE]',
    help: [
      "The store's reports as CSV (UTF-8 with BOM) or JSON Lines: one row per report however many URLs reached it (duplicate_urls names the others), by body then year, each with report_id, body, site, fetched_at, sha256, parser_version, published_at.",
      DB,
      '--format F            csv: one row per cell (default); wide: one per report, a value and a <cell>__status column per cell; checks: one per check; jsonl: the records (with the --from CSV columns under input)',
      '--harmonised          wide only: 2019 and 2021 cells that mean the same share one column (docs/crosswalk.md)',
      ...FILTER_HELP,
      '--out FILE            write to FILE (default stdout)',
    ],
    load: () => import('./commands/export.js'),
  },
  series: {
    usage: 'series [--db FILE|URL] [--body B] [--entity E] [--year Y] [--from-year Y] [--to-year Y] [--lang zh|en] [--json]   one body over the years',
    help: [
      'Per body: the years found (missing ones named), the main figures year by year (新收申请, 予以公开占比, 不予公开, 行政复议, 行政诉讼, 规范性文件现行有效) and each year\'s verdict (✓ pass, ✗ a hard rule fails, ? unconfirmed) with the checks that need a look, the cross-year ones (series.carry, series.in_force) and the prose-vs-table findings (narrative.*) included. One report per body-year: copies at other URLs are named, not counted twice.',
      'Each finding is a sentence: where on the page, the printed number, what its parts add up to, the difference and the rule (✗ a hard rule fails, ~ a soft one, ? cannot be judged).',
      DB,
      ...FILTER_HELP,
      '--lang zh|en          the findings\' language (default zh, as the reports are)',
      '--json                one JSON object per body; each finding with its check id, scope, status, sides, cells and sentence',
    ],
    load: () => import('./commands/series.js'),
  },
  report: {
    usage: 'report --out FILE.html [--db FILE|URL] [--lang zh|en] [--body B] [--year Y] [--from-year Y] [--to-year Y]   one self-contained HTML report',
    help: [
      'Writes one HTML file that opens by double-click, offline (scripts, styles and the uPlot charting library inline): an overview table of all bodies, then per body charts of the main figures over the years, each year\'s verdict, the checks that need a look as sentences and links to the source pages.',
      '--out FILE            the HTML file to write (whole or not at all)',
      DB,
      '--lang zh|en          the page\'s language (default zh)',
      ...FILTER_HELP,
    ],
    load: () => import('./commands/report.js'),
  },
  status: {
    usage: 'status [--db FILE|URL] [--json]   workers, origins, queue, speed and failures of a crawl',
    help: [
      "What a store's crawl is doing: workers alive (any number on a postgres:// store), origins with work left and being fetched, the queue, pages per second over the last minute, failures by kind.",
      DB,
      '--json                the same figures as JSON',
    ],
    load: () => import('./commands/status.js'),
  },
  demo: {
    usage: 'demo [--dir DIR] [--browser auto|never|always] [--quiet]   crawl the bundled demo site into ./demo and export CSV',
    help: ['Serves the bundled demo site on 127.0.0.1, crawls it into DIR/gongkai.db (fresh each run), writes DIR/reports.csv and DIR/checks.csv and prints the years found with their checks.', '--dir DIR             where to write (default ./demo)', BROWSER, '--quiet               no progress line'],
    load: () => import('./commands/demo.js'),
  },
};

function usage(): string {
  return ['usage: gongkai <command> [options]   (gongkai <command> --help for its options)', '', ...Object.values(COMMANDS).map((c) => `  gongkai ${c.usage}`)].join('\n');
}

function commandHelp(name: string, c: Command): string {
  return [`usage: gongkai ${c.usage}`, '', ...c.help.map((l, i) => (i === 0 ? l : `  ${l}`))].join('\n');
}

/** --help or -h among the options (not after a `--`, where arguments are taken as they stand). */
function asksHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
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
  if (asksHelp(rest)) {
    process.stdout.write(commandHelp(name, cmd) + '\n');
    return 0;
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

/**
 * The reader of our output went away (`gongkai export | head -1`): nothing more to say to anyone,
 * so end quietly with 0, as Unix tools do. Stores still open are closed by their exit hook.
 */
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`gongkai: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
