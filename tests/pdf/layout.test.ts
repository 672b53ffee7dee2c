/**
 * The geometry → document model step on synthetic positioned text: each case sets a small table
 * the way real report PDFs set it and pins the cell units the reader gets, in order.
 */
import { describe, expect, it } from 'vitest';
import { pdfToModel } from '../../parser/doc/pdf-layout.js';
import { parsePdf, SCANNED_NO_TEXT } from '../../parser/index.js';
import type { PdfPageText } from '../../parser/doc/pdf/types.js';
import { item, page, prose, row } from './typeset.js';

const COLS: [number, number, number] = [300, 360, 420];
const vals = (y: number, a: string, b: string, c: string, size = 10) => row(y, [[a, COLS[0]], [b, COLS[1]], [c, COLS[2]]], size);
const header = (y: number) => row(y, [['项目', 60], ['甲列', COLS[0]], ['乙列', COLS[1]], ['丙列', COLS[2]]]);

/** The table's cell texts in order ('' for an empty cell). */
function cells(pages: PdfPageText[]): string[] {
  return pdfToModel({ pages }).units.filter((u) => u.kind === 'cell').map((u) => u.text);
}

interface Case {
  name: string;
  pages: PdfPageText[];
  expected: string[];
}

const cases: Case[] = [
  {
    name: 'a plain table: label, then one cell per column',
    pages: [page(prose(100), header(150), row(175, [['规章', 60]]), vals(175, '1', '0', '11'), row(200, [['行政许可', 60]]), vals(200, '5', '6', '7'), prose(260))],
    expected: ['项目', '甲列', '乙列', '丙列', '规章', '1', '0', '11', '行政许可', '5', '6', '7'],
  },
  {
    name: 'a label wrapped on two lines, its values centred between them, is one cell before the values',
    pages: [page(prose(100), header(150), row(175, [['一行标签', 60]]), vals(175, '1', '2', '3'),
      row(199, [['部分公开（区分处理的，只计', 60]]), vals(206, '4', '5', '6'), row(213, [['这一情形）', 60]]),
      row(237, [['末行', 60]]), vals(237, '7', '8', '9'), prose(300))],
    expected: ['项目', '甲列', '乙列', '丙列', '一行标签', '1', '2', '3', '部分公开（区分处理的，只计这一情形）', '4', '5', '6', '末行', '7', '8', '9'],
  },
  {
    name: 'an empty cell in the middle of a row becomes an empty cell, not a shift',
    pages: [page(prose(100), header(150), row(175, [['甲行', 60]]), vals(175, '1', '2', '3'), row(200, [['乙行', 60]]), vals(200, '4', '', '6'), prose(260))],
    expected: ['项目', '甲列', '乙列', '丙列', '甲行', '1', '2', '3', '乙行', '4', '', '6'],
  },
  {
    name: 'a header cell split into fragments on two lines is joined; an empty header cell adds nothing',
    pages: [page(prose(100), row(140, [['商业', COLS[0]], ['科研', COLS[1]]]), row(152, [['企业', COLS[0]], ['机构', COLS[1]]]),
      row(175, [['甲行', 60]]), vals(175, '1', '2', '3'), row(197, [['乙行', 60]]), vals(197, '4', '5', '6'), prose(260))],
    expected: ['商业企业', '科研机构', '甲行', '1', '2', '3', '乙行', '4', '5', '6'],
  },
  {
    name: 'a page footer inside a table that runs over a page break is dropped; the table goes on',
    pages: [
      page(prose(600), header(650), row(675, [['甲行', 60]]), vals(675, '1', '2', '3'), row(700, [['乙行', 60]]), vals(700, '4', '5', '6'), [item('- 3 -', 280, 800, 12)]),
      page(row(80, [['丙行', 60]]), vals(80, '7', '8', '9'), prose(140), [item('- 4 -', 280, 800, 12)]),
    ],
    expected: ['项目', '甲列', '乙列', '丙列', '甲行', '1', '2', '3', '乙行', '4', '5', '6', '丙行', '7', '8', '9'],
  },
  {
    name: 'a header row repeated at the top of the next page is dropped',
    pages: [
      page(prose(600), header(650), row(675, [['甲行', 60]]), vals(675, '1', '2', '3'), row(700, [['乙行', 60]]), vals(700, '4', '5', '6')),
      page(header(80), row(105, [['丙行', 60]]), vals(105, '7', '8', '9'), prose(160)),
    ],
    expected: ['项目', '甲列', '乙列', '丙列', '甲行', '1', '2', '3', '乙行', '4', '5', '6', '丙行', '7', '8', '9'],
  },
  {
    name: 'a group label centred on its rows is moved before the first of them',
    pages: [page(prose(100), header(150),
      row(175, [['（二）部分公开', 100]]), vals(175, '1', '2', '3'),
      row(199, [['1.属于国家秘密', 160]]), vals(199, '4', '5', '6'),
      row(217, [['（三）不', 100]]), row(223, [['2.其他法律', 160]]), vals(223, '7', '8', '9'), row(229, [['予公开', 100]]),
      row(247, [['3.危及', 160]]), vals(247, '1', '1', '2'),
      prose(300))],
    expected: ['项目', '甲列', '乙列', '丙列', '（二）部分公开', '1', '2', '3', '（三）不予公开', '1.属于国家秘密', '4', '5', '6', '2.其他法律', '7', '8', '9', '3.危及', '1', '1', '2'],
  },
  {
    name: 'a group label glued to an item on one line stays its own cell, before the item',
    pages: [page(prose(100), header(150), row(175, [['（四）无', 100], ['1.本机关不掌握相关政府信息', 160]]), vals(175, '746', '12', '758'), prose(240))],
    expected: ['项目', '甲列', '乙列', '丙列', '（四）无', '1.本机关不掌握相关政府信息', '746', '12', '758'],
  },
  {
    name: 'a group label cut by a page break is joined, at its first row',
    pages: [
      page(prose(600), header(650), row(700, [['（四）无', 100], ['1.本机关', 160]]), vals(700, '1', '2', '3')),
      page(row(80, [['法提供', 100], ['2.没有现成信息', 160]]), vals(80, '4', '5', '6'), row(104, [['3.补正后', 160]]), vals(104, '7', '8', '9'), prose(160)),
    ],
    expected: ['项目', '甲列', '乙列', '丙列', '（四）无法提供', '1.本机关', '1', '2', '3', '2.没有现成信息', '4', '5', '6', '3.补正后', '7', '8', '9'],
  },
];

describe('PDF geometry → cells', () => {
  it.each(cases)('$name', ({ pages, expected }) => {
    expect(cells(pages)).toEqual(expected);
  });

  it('gives every cell its page and box', () => {
    // a column empty in all three rows: told by its heading
    const m = pdfToModel({ pages: [page(prose(100), header(150), row(175, [['规章', 60]]), vals(175, '1', '', '11'), row(200, [['乙行', 60]]), vals(200, '2', '', '3'),
      row(225, [['丙行', 60]]), vals(225, '4', '', '5'), prose(290))] });
    const one = m.units.find((u) => u.text === '1');
    expect(one?.box).toMatchObject({ page: 1, x: 300 });
    const blank = m.units.filter((u) => u.kind === 'cell' && u.text === '');
    expect(blank).toHaveLength(3);
    expect(blank[0].box?.x).toBe(COLS[1]);
  });

  it('keeps prose as one block per line and takes the big lines at the top of page 1 as the title', () => {
    const m = pdfToModel({ pages: [page([item('某某区人民政府', 200, 80, 22)], [item('2024年政府信息公开工作年度报告', 150, 110, 22)], prose(160))] });
    expect(m.headings).toEqual(['某某区人民政府2024年政府信息公开工作年度报告']);
    expect(m.units.every((u) => u.kind === 'block')).toBe(true);
  });

  it('does not join two numbers of neighbouring cells, however close', () => {
    const m = pdfToModel({ pages: [page(prose(100), header(150), row(175, [['甲行', 60], ['12', 300], ['5', 308.5], ['3', 420]]), prose(240))] });
    expect(m.units.filter((u) => u.kind === 'cell').map((u) => u.text)).toContain('12');
  });
});

describe('parsePdf', () => {
  it('a PDF whose pages carry no text is a scan: one issue, no cells', () => {
    const rec = parsePdf({ pages: [page(), page([item('- 2 -', 280, 800, 12)])] });
    expect(rec.issues.map((i) => i.code)).toEqual([SCANNED_NO_TEXT]);
    expect(rec.issues[0].message).toMatch(/^scanned: no text layer/);
    expect(rec.tables).toEqual({});
  });
});
