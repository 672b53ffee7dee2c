/**
 * The reporting body as a key for a series: the raw `entity` of a title, normalised by written
 * rules that never join two different bodies (docs: README, "Bodies").
 *
 * 1. whitespace of every width goes, full-width letters and digits fold to half-width;
 * 2. a trailing 人民政府, or a trailing 政府 after an administrative unit (省 市 县 区 旗 镇 乡 州
 *    盟), goes: 洪泽区人民政府 and 洪泽区政府 are 洪泽区. An office (…人民政府办公室) is another body
 *    and keeps its name;
 * 3. a parent prefix (淮安市 before 洪泽区) joins two names only when both stand in the same
 *    dataset on the same site, and only when the short name has one qualified form there:
 *    北京市朝阳区 and 长春市朝阳区 on one site leave 朝阳区 alone. The key is the qualified form.
 *
 * A body renamed or reorganised (平潭县 → 平潭综合实验区) is a different name, hence a different key:
 * joining those is the reader's call, not a rule's.
 */
import { WHITESPACE } from '../format/normalize.js';

const WS_ALL = new RegExp(WHITESPACE.source, 'g');
const UNIT = '[省市县区旗镇乡州盟]';
const GOVERNMENT_SUFFIX = new RegExp(`(?:人民政府|(?<=${UNIT})政府)$`);
/** A prefix that names a parent body: a province, city, prefecture or league. */
const PARENT = /(?:省|自治区|市|自治州|州|盟|地区)$/;

/** Rules 1 and 2: one name on its own. */
export function bodyName(entity: string): string {
  let s = '';
  for (const c of entity.replace(WS_ALL, '')) {
    const code = c.charCodeAt(0);
    s += code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : c;
  }
  const stripped = s.replace(GOVERNMENT_SUFFIX, '');
  // never strip a name down to nothing or to a bare unit character
  return stripped.length >= 2 ? stripped : s;
}

export interface BodySource {
  entity: string | null;
  /** the host the report came from: prefixes join names of one site only */
  site: string | null;
}

/** The body key of each (entity, site) of a dataset: rules 1–3. Call `.of(entity, site)`. */
export function bodyKeys(sources: Iterable<BodySource>): { of(entity: string | null, site: string | null): string | null } {
  const namesBySite = new Map<string, Set<string>>();
  for (const s of sources) {
    if (!s.entity) continue;
    const site = s.site ?? '';
    let set = namesBySite.get(site);
    if (!set) namesBySite.set(site, (set = new Set()));
    set.add(bodyName(s.entity));
  }
  const qualified = new Map<string, Map<string, string>>();
  for (const [site, names] of namesBySite) qualified.set(site, qualifiedForms(names));
  return {
    of(entity, site) {
      if (!entity) return null;
      const name = bodyName(entity);
      return qualified.get(site ?? '')?.get(name) ?? name;
    },
  };
}

/** Short name → its one qualified form among `names` (a short name with two is left out). */
function qualifiedForms(names: Set<string>): Map<string, string> {
  const candidates = new Map<string, Set<string>>();
  for (const long of names) {
    for (let i = 2; i <= long.length - 2; i++) {
      const short = long.slice(i);
      if (!PARENT.test(long.slice(0, i)) || !names.has(short)) continue;
      let set = candidates.get(short);
      if (!set) candidates.set(short, (set = new Set()));
      set.add(long);
    }
  }
  const out = new Map<string, string>();
  for (const [short, longs] of candidates) {
    // the most qualified form: 江苏省淮安市洪泽区 over 淮安市洪泽区, when one contains the other
    const sorted = [...longs].sort((a, b) => b.length - a.length);
    if (sorted.every((l) => sorted[0].endsWith(l))) out.set(short, sorted[0]);
  }
  // a middle form (淮安市洪泽区 under 江苏省淮安市洪泽区) takes the top form too
  for (const [short, long] of out) {
    let top = long;
    for (let guard = 0; out.has(top) && guard < 5; guard++) top = out.get(top)!;
    out.set(short, top);
  }
  return out;
}

/**
 * Whether a body key answers a name asked for: the same name after rules 1–2, or the key is
 * that name under a parent prefix (asking for 洪泽区 finds 淮安市洪泽区).
 */
export function bodyMatches(key: string, query: string): boolean {
  const q = bodyName(query);
  if (key === q) return true;
  return key.length > q.length && key.endsWith(q) && PARENT.test(key.slice(0, key.length - q.length));
}
