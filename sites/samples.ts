/**
 * The seed sample (一平浪镇 2022, one cell per line), ours to copy: the demo site serves it and the
 * tests read it. Every other real page stays in ../shared and is never committed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SAMPLES_DIR = fileURLToPath(new URL('./samples/', import.meta.url));
export const SEED_SAMPLE_FILE = 'yipinglang-2022.txt';
export const SEED_SAMPLE_PATH = fileURLToPath(new URL(`./samples/${SEED_SAMPLE_FILE}`, import.meta.url));

export function seedSampleText(): string {
  return readFileSync(SEED_SAMPLE_PATH, 'utf8');
}
