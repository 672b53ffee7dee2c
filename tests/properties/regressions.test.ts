/**
 * Inputs the property suite once failed on, kept in tests/fixtures/fuzz/ (see its README.md): each
 * must keep every promise of the record within the time bound, and a `*.consistent.*` page (its
 * numbers satisfy every rule) must get no `fail`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertNoFail, checkPage } from '../fuzz/invariants.js';

const dir = new URL('../fixtures/fuzz/', import.meta.url);
const files = readdirSync(dir).filter((f) => /\.(txt|html)$/.test(f)).sort();

describe('fuzz regressions (tests/fixtures/fuzz)', () => {
  it('has fixtures', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  it.each(files)('%s', (file) => {
    const text = readFileSync(new URL(file, dir), 'utf8');
    const rec = checkPage(text, file.endsWith('.html') ? 'html' : 'text', true);
    if (file.includes('.consistent.')) assertNoFail(rec);
  });
});
