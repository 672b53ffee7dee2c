/**
 * A passing 2021 report on the 2019 template's one （六）其他处理 row (parser: ONE_OTHER_ROW), drawn
 * by the variant cases' page builder: 5 applications from natural persons, 2 granted, 3 other.
 */
import { htmlPage } from '../variants/build.js';

const row = (n: number) => [n, 0, 0, 0, 0, 0, n];

export function oneOtherRowPage(): string {
  return htmlPage({ oneOtherRow: true, title: '青禾镇2022年政府信息公开工作年度报告', app: { new_received: row(5), granted: row(2), other: row(3), results_total: row(5) } });
}
