import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType } from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../templates/table/read-table.ts';
import { TableError } from '../../templates/table/table-error.ts';
import { itemsOf } from '../../templates/table/table-read.ts';

const cell = (text: string, extra: Partial<ConstructorParameters<typeof TableCell>[0]> = {}) =>
  new TableCell({ children: text.split('\n').map((line) => new Paragraph(line)), ...extra });
const row = (cells: TableCell[], header = false) => new TableRow({ children: cells, tableHeader: header });

async function documentBytes(): Promise<Uint8Array> {
  // A signature table first (two columns, no appendix header), then the appendix.
  const signatures = new Table({ rows: [row([cell('Nơi nhận:'), cell('TM. ỦY BAN NHÂN DÂN')])] });
  const appendix = new Table({
    rows: [
      row([cell('STT'), cell('Nội dung'), cell('Kết quả'), cell('Cơ quan thực hiện', { columnSpan: 2 }), cell('Thời gian')], true),
      row([cell(''), cell(''), cell(''), cell('Chủ trì'), cell('Phối hợp'), cell('')], true),
      row([cell('I'), cell('Cải cách thể chế', { columnSpan: 5 })]),
      row([cell('1', { verticalMerge: VerticalMergeType.RESTART }), cell('Rà soát văn bản\nquy phạm pháp luật', { verticalMerge: VerticalMergeType.RESTART }), cell('Báo cáo'), cell('Sở Tư pháp'), cell('Các sở, ngành'), cell('Quý II')]),
      row([cell('', { verticalMerge: VerticalMergeType.CONTINUE }), cell('', { verticalMerge: VerticalMergeType.CONTINUE }), cell('Danh mục'), cell('Sở Tư pháp'), cell(''), cell('Quý IV')]),
      row([cell('2'), cell('Ban hành văn bản'), cell('Quyết định'), cell('Sở Khoa học và Công nghệ'), cell(''), cell('Tháng 6/2025')]),
    ],
  });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph('PHỤ LỤC'),
          new Paragraph({ children: [new TextRun('KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025')] }),
          signatures,
          new Paragraph('PHỤ LỤC'),
          new Paragraph('CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025'),
          new Paragraph('(Kèm theo Kế hoạch số 12/KH-UBND ngày 05 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh)'),
          appendix,
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe('appendix tables in Word documents', () => {
  it('reads the table that looks like an appendix, with merges across and down, two header rows and line breaks', async () => {
    const read = await readTable(await documentBytes(), 'ke-hoach.docx');
    expect(read.header.columns.map((c) => c.field)).toEqual(['number', 'task', 'output', 'lead', 'coordinating', 'timeline']);
    expect(read.counts).toMatchObject({ sections: 1, tasks: 2, items: 3 });
    expect(read.identity).toMatchObject({ number: '12/KH-UBND', date: '2025-01-05', year: 2025 });
    const items = itemsOf(read);
    expect(items.map((i) => [i.id, i.text, i.output, i.leadText])).toEqual([
      ['1.1', 'Rà soát văn bản\nquy phạm pháp luật', 'Báo cáo', 'Sở Tư pháp'],
      ['1.1.b', 'Rà soát văn bản\nquy phạm pháp luật', 'Danh mục', 'Sở Tư pháp'],
      ['1.2', 'Ban hành văn bản', 'Quyết định', 'Sở Khoa học và Công nghệ'],
    ]);
    expect(items[2]!.lead.map((a) => a.name)).toEqual(['Sở Khoa học và Công nghệ']);
  });

  it('refuses what is not a Word document, and a body that declares a DOCTYPE, with a clear error', async () => {
    await expect(readTable(new TextEncoder().encode('not a zip'), 'x.docx')).rejects.toMatchObject({ code: 'not-a-document' });
    const zip = new JSZip();
    zip.file('word/document.xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:document/>');
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    await expect(readTable(bytes, 'bomb.docx')).rejects.toThrow(TableError);
    await expect(readTable(bytes, 'bomb.docx')).rejects.toMatchObject({ code: 'not-a-document' });
  });
});
