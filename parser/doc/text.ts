/** Plain text → document model: one unit per non-empty line. */
import type { DocModel, Unit } from './model.js';

export function textToModel(text: string): DocModel {
  const units: Unit[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '') units.push({ text: lines[i], kind: 'block', line: i + 1 });
  }
  return { units, title: null, headings: [], meta: {}, links: [], baseHref: null, source: 'text' };
}
