/**
 * Our HTML report pages written as Word (.docx) files with the `docx` library, as a report's
 * author would write them: paragraphs, and tables with merged cells (colspan, rowspan).
 */
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';

export async function htmlToDocx(html: string): Promise<Uint8Array> {
  const $ = cheerio.load(html);
  const children: (Paragraph | Table)[] = [];
  const walk = (nodes: AnyNode[]) => {
    for (const n of nodes) {
      if (n.type !== 'tag') continue;
      const el = n as Element;
      if (el.name === 'table') children.push(tableOf($, el));
      else if (/^(p|h[1-6])$/.test(el.name)) children.push(new Paragraph({ children: [new TextRun($(el).text())] }));
      else walk(el.children);
    }
  };
  walk($('body').get(0)?.children ?? []);
  const doc = new Document({ sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

function tableOf($: cheerio.CheerioAPI, table: Element): Table {
  const rows = $(table).find('tr').toArray().map((tr) =>
    new TableRow({
      children: $(tr).children('td,th').toArray().map((td) =>
        new TableCell({
          columnSpan: Number($(td).attr('colspan') ?? 1),
          rowSpan: Number($(td).attr('rowspan') ?? 1),
          children: [new Paragraph({ children: [new TextRun($(td).text().trim())] })],
        }),
      ),
    }),
  );
  return new Table({ rows });
}
