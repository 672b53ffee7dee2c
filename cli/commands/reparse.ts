/** gongkai reparse: not built yet (see the scraper issue). */
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('gongkai reparse: not available yet\n');
  return 1;
}
