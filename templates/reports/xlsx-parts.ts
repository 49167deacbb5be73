import type { Workbook } from 'exceljs';

/** One part of an .xlsx package: its path in the zip and its bytes. */
export interface XlsxPart {
  name: string;
  data: Uint8Array;
}

/** What exceljs's XLSX writer hands its zip writer: text (XML) or bytes (media). */
type PartData = string | Uint8Array;

/** The steps of exceljs 4.4's `XLSX.write`, each of which appends parts to the zip it is given. */
interface ExceljsXlsxWriter {
  prepareModel(model: unknown, options: object): void;
  addContentTypes(zip: PartSink, model: unknown): Promise<void>;
  addOfficeRels(zip: PartSink, model: unknown): Promise<void>;
  addWorkbookRels(zip: PartSink, model: unknown): Promise<void>;
  addWorksheets(zip: PartSink, model: unknown): Promise<void>;
  addSharedStrings(zip: PartSink, model: unknown): Promise<void>;
  addDrawings(zip: PartSink, model: unknown): Promise<void>;
  addTables(zip: PartSink, model: unknown): Promise<void>;
  addThemes(zip: PartSink, model: unknown): Promise<void>;
  addStyles(zip: PartSink, model: unknown): Promise<void>;
  addMedia(zip: PartSink, model: unknown): Promise<void>;
  addApp(zip: PartSink, model: unknown): Promise<void>;
  addCore(zip: PartSink, model: unknown): Promise<void>;
  addWorkbook(zip: PartSink, model: unknown): Promise<void>;
}

interface PartSink {
  append(data: PartData, options: { name: string; base64?: boolean }): void;
}

/**
 * The workbook's parts as exceljs renders them, in the order its writer adds them, without its zip
 * (JSZip, pure JavaScript): the same steps as exceljs 4.4's `XLSX.write`, handed a sink that keeps
 * each part instead of zipping it, so that the caller compresses them once, with zlib where it
 * can. `repair` may rewrite a text part (by name) before it is encoded.
 */
export async function xlsxParts(workbook: Workbook, repair: (name: string, xml: string) => string): Promise<XlsxPart[]> {
  const writer = workbook.xlsx as unknown as ExceljsXlsxWriter;
  const model = workbook.model;
  const rendered: Array<{ name: string; data: PartData; base64: boolean }> = [];
  const sink: PartSink = { append: (data, { name, base64 }) => void rendered.push({ name, data, base64: base64 ?? false }) };
  writer.prepareModel(model, {});
  await writer.addContentTypes(sink, model);
  await writer.addOfficeRels(sink, model);
  await writer.addWorkbookRels(sink, model);
  await writer.addWorksheets(sink, model);
  await writer.addSharedStrings(sink, model); // after the worksheets, which fill the shared strings
  await writer.addDrawings(sink, model);
  await writer.addTables(sink, model);
  await writer.addThemes(sink, model);
  await writer.addStyles(sink, model);
  await writer.addMedia(sink, model);
  await writer.addApp(sink, model);
  await writer.addCore(sink, model);
  await writer.addWorkbook(sink, model);
  if (rendered.some((p) => p.base64)) throw new Error('A workbook with base64 images is not written by xlsxParts.');
  const encoder = new TextEncoder();
  return rendered.map(({ name, data }) => ({ name, data: typeof data === 'string' ? encoder.encode(repair(name, data)) : data }));
}
