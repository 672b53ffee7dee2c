/**
 * Finds the format's labels on the page and picks the best ordered alignment of them: a
 * heaviest chain of occurrences whose template order and page order agree. Labels that also
 * occur in prose, repeated header rows and missing rows are all handled by the one rule.
 */
import type { AnchorDef } from '../format/spec.js';
import type { Stream } from './stream.js';

export interface Occurrence {
  anchor: number;
  start: number;
  end: number;
  weight: number;
}

/** Occurrences kept per anchor; a label found more often than this is prose noise. */
const MAX_PER_ANCHOR = 400;
/** Cost per folded character between two chosen labels: a tie-breaker for compact alignments. */
const GAP_COST = 0.004;

/** Global (searching) copies of the anchors' patterns, made once per anchor. */
const globalPatterns = new WeakMap<AnchorDef, RegExp>();

export function findOccurrences(stream: Stream, anchors: readonly AnchorDef[]): Occurrence[] {
  const out: Occurrence[] = [];
  const text = stream.folded;
  anchors.forEach((a, idx) => {
    let re = globalPatterns.get(a);
    if (!re) globalPatterns.set(a, (re = new RegExp(a.pattern.source, 'g')));
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let count = 0;
    while ((m = re.exec(text)) !== null && count < MAX_PER_ANCHOR) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      let start = m.index;
      let prefixed = false;
      for (const p of a.prefixes ?? []) {
        if (start >= p.length && text.startsWith(p, start - p.length)) {
          start -= p.length;
          prefixed = true;
          break;
        }
      }
      if (a.requirePrefix && !prefixed) continue;
      out.push({ anchor: idx, start, end: m.index + m[0].length, weight: (a.weight ?? 5) + (prefixed ? 1 : 0) + m[0].length * 0.05 });
      count++;
    }
  });
  out.sort((x, y) => x.start - y.start || x.anchor - y.anchor);
  return out;
}

/**
 * Heaviest chain with strictly increasing anchor index and non-overlapping, increasing
 * positions. O(n log n · log A) with a Fenwick tree of prefix maxima over anchor indices; the
 * linear gap cost is folded into the stored scores.
 */
export function align(occ: Occurrence[], anchorCount: number): Occurrence[] {
  const n = occ.length;
  if (n === 0) return [];
  const best = new Float64Array(n);
  const prev = new Int32Array(n).fill(-1);
  // Fenwick over anchor index 1..A storing (score + GAP_COST*end, occurrence index)
  const A = anchorCount;
  const treeVal = new Float64Array(A + 1).fill(-Infinity);
  const treeIdx = new Int32Array(A + 1).fill(-1);
  const update = (pos: number, val: number, idx: number) => {
    for (let i = pos + 1; i <= A; i += i & -i) {
      if (val > treeVal[i]) {
        treeVal[i] = val;
        treeIdx[i] = idx;
      }
    }
  };
  const query = (pos: number): [number, number] => {
    // max over anchor indices < pos
    let v = -Infinity;
    let k = -1;
    for (let i = pos; i > 0; i -= i & -i) {
      if (treeVal[i] > v) {
        v = treeVal[i];
        k = treeIdx[i];
      }
    }
    return [v, k];
  };
  // occurrences become available to later ones once their end ≤ the later start
  const byEnd = [...occ.keys()].sort((a, b) => occ[a].end - occ[b].end);
  let e = 0;
  for (let i = 0; i < n; i++) {
    const o = occ[i];
    // an occurrence that ends before this one starts also started before it: its score is known
    while (e < n && occ[byEnd[e]].end <= o.start) {
      const j = byEnd[e];
      update(occ[j].anchor, best[j] + GAP_COST * occ[j].end, j);
      e++;
    }
    const [v, k] = query(o.anchor);
    if (k >= 0 && v - GAP_COST * o.start > 0) {
      best[i] = o.weight + v - GAP_COST * o.start;
      prev[i] = k;
    } else {
      best[i] = o.weight;
    }
  }
  let top = 0;
  for (let i = 1; i < n; i++) if (best[i] > best[top]) top = i;
  const chain: Occurrence[] = [];
  for (let i = top; i >= 0; i = prev[i]) chain.push(occ[i]);
  return chain.reverse();
}
