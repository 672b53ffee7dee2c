/** npm run docs: writes the documents rendered from code (docs/crosswalk.md from parser/format/crosswalk.ts). */
import { writeFileSync } from 'node:fs';
import { crosswalkMarkdown } from '../parser/index.js';

writeFileSync(new URL('../docs/crosswalk.md', import.meta.url), crosswalkMarkdown());
process.stdout.write('docs/crosswalk.md written\n');
