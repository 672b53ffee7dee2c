/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The library of saved reports: IndexedDB through Dexie, opened only in the background worker
 * and extension pages (a content script's IndexedDB would belong to the page's site).
 * One entry per page URL: saving a page again replaces its entry.
 */
import Dexie, { type Table } from 'dexie';
import { toLongCsv, type ReportRecord } from '../../parser/index.js';
import { figuresOf } from './figures.js';
import type { LibraryEntry, LibraryGroup, SavedReport } from './messages.js';
import { tally } from './verdict.js';

export const DB_NAME = 'gongkai-library';

class LibraryDb extends Dexie {
  reports!: Table<SavedReport, string>;
  constructor(name: string, deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
    super(name, deps);
    this.version(1).stores({ reports: 'url, entity, year, savedAt' });
  }
}

export class Library {
  private db: LibraryDb;
  constructor(name = DB_NAME, deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
    this.db = new LibraryDb(name, deps);
  }

  async save(url: string, record: ReportRecord, now: Date = new Date()): Promise<SavedReport> {
    const entry: SavedReport = { url, savedAt: now.toISOString(), title: record.title, entity: record.entity, year: record.year, record };
    await this.db.reports.put(entry);
    return entry;
  }

  async get(url: string): Promise<SavedReport | undefined> {
    return this.db.reports.get(url);
  }

  async count(): Promise<number> {
    return this.db.reports.count();
  }

  /**
   * Saved reports grouped by body (by name), then by year (latest first): each without its record,
   * with its checks' tally (the verdict, by verdict.ts) and its main figures (figures.ts).
   */
  async listGrouped(): Promise<LibraryGroup[]> {
    const all = await this.db.reports.toArray();
    const byEntity = new Map<string | null, Map<number | null, LibraryEntry[]>>();
    for (const { record, ...rest } of all) {
      const meta: LibraryEntry = { ...rest, tally: tally(record), figures: figuresOf(record) };
      const years = byEntity.get(meta.entity) ?? new Map();
      byEntity.set(meta.entity, years);
      const list = years.get(meta.year) ?? [];
      years.set(meta.year, list);
      list.push(meta);
    }
    const entities = [...byEntity.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'zh')));
    return entities.map((entity) => {
      const years = byEntity.get(entity)!;
      const ys = [...years.keys()].sort((a, b) => (b ?? -Infinity) - (a ?? -Infinity));
      return { entity, years: ys.map((year) => ({ year, reports: years.get(year)!.sort((a, b) => a.url.localeCompare(b.url)) })) };
    });
  }

  async delete(url: string): Promise<boolean> {
    const had = (await this.db.reports.get(url)) !== undefined;
    await this.db.reports.delete(url);
    return had;
  }

  /** The whole library as one long-form CSV (parser/export/csv.ts), in body/year order. */
  async exportCsv(): Promise<{ csv: string; count: number }> {
    const all = await this.db.reports.toArray();
    all.sort((a, b) => (a.entity ?? '').localeCompare(b.entity ?? '', 'zh') || (a.year ?? 0) - (b.year ?? 0) || a.url.localeCompare(b.url));
    return { csv: toLongCsv(all.map((e) => e.record)), count: all.length };
  }

  close(): void {
    this.db.close();
  }
}
