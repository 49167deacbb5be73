import { intersect, parseAddress, type CellRect } from './a1.ts';
import {
  ACTIVE_SHEET,
  MINIMUM_EXCEL_API,
  numberFormatOf,
  type CellStyle,
  type CellValue,
  type ChangeNotice,
  type HostCapabilities,
  type ReadRequest,
  type SheetOp,
  type SheetInfo,
  type SheetRead,
  type WorkbookHost,
} from './host.ts';
import { batchesFor } from './payload.ts';

/** Excel.run, injectable so that tests can hand in a mocked request context. */
export interface ExcelEntry {
  /** `options` go to Excel.run as its RunOptions (`delayForCellEdit`, ExcelApi 1.11); omitted, the plain Excel.run. */
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>, options?: Excel.RunOptions): Promise<T>;
  /** A batch bound to an earlier context (removing an event handler needs the context that added it). */
  runIn<T>(context: OfficeExtension.ClientRequestContext, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  /** Excel.createWorkbook: a new workbook from a Base64-encoded .xlsx. */
  createWorkbook(base64: string): Promise<void>;
}

const BORDER_EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal'] as const;

/** The workbook through Office.js. The only code of the add-in that touches `Excel`. */
export class OfficeHost implements WorkbookHost {
  constructor(
    private readonly excel: ExcelEntry,
    readonly capabilities: HostCapabilities,
  ) {}

  /**
   * The host for the workbook the task pane runs in (after Office.onReady), with what this Excel
   * can do checked at run time; null when it is older than MINIMUM_EXCEL_API (Excel 2016).
   */
  static current(): OfficeHost | null {
    const supports = (version: string) => Office.context.requirements.isSetSupported('ExcelApi', version);
    if (!supports(MINIMUM_EXCEL_API)) return null;
    return new OfficeHost(
      {
        run: (batch, options) => (options ? Excel.run(options, batch) : Excel.run(batch)),
        runIn: (context, batch) => Excel.run(context, batch),
        createWorkbook: (base64) => Excel.createWorkbook(base64),
      },
      {
        merges: supports('1.13'),
        triggerSource: supports('1.14'),
        listValidation: supports('1.8'),
        eventSwitch: supports('1.8'),
        workbookEvents: supports('1.9'),
        delayForCellEdit: supports('1.11'),
        newWorkbook: supports('1.8'),
      },
    );
  }

  /**
   * Every batch of the add-in: where Excel can (ExcelApi 1.11) it waits while the user is typing in a
   * cell rather than failing, so a change recorded in the background never breaks into an edit.
   */
  private run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    return this.capabilities.delayForCellEdit ? this.excel.run(batch, { delayForCellEdit: true }) : this.excel.run(batch);
  }

  async read(requests: readonly ReadRequest[]): Promise<Array<SheetRead | null>> {
    try {
      return await this.run((context) => this.readBlocks(context, requests, null));
    } catch (error) {
      if (!isItemNotFound(error)) throw error;
      // A sheet asked for does not exist: learn which do, then read those (two more round trips).
      return this.run(async (context) => {
        const sheets = context.workbook.worksheets;
        sheets.load('items/name');
        await context.sync();
        return this.readBlocks(context, requests, new Set(sheets.items.map((s) => s.name)));
      });
    }
  }

  /** Every block in one round trip; `existing`, when known, says which named sheets to skip as missing. */
  private async readBlocks(context: Excel.RequestContext, requests: readonly ReadRequest[], existing: Set<string> | null): Promise<Array<SheetRead | null>> {
    const sheets = context.workbook.worksheets;
    const active = requests.some((r) => r.sheet === ACTIVE_SHEET) ? sheets.getActiveWorksheet() : null;
    active?.load('name');
    const pending = requests.map((request) => {
      if (request.sheet !== ACTIVE_SHEET && existing && !existing.has(request.sheet)) return null;
      const sheet = request.sheet === ACTIVE_SHEET ? active! : sheets.getItem(request.sheet);
      const range = request.rect
        ? sheet.getRangeByIndexes(request.rect.row, request.rect.col, request.rect.rows, request.rect.cols)
        : sheet.getUsedRangeOrNullObject(true);
      const extent = ['rowIndex', 'columnIndex', 'rowCount', 'columnCount'];
      range.load(request.extentOnly ? extent : ['values', ...extent, ...(request.text ? ['text', 'numberFormat'] : [])]);
      let merges: Excel.RangeAreas | null = null;
      if (request.merges && this.capabilities.merges) {
        // Asked of the whole sheet when reading the used range: that range may be a null object.
        merges = (request.rect ? range : sheet.getRange()).getMergedAreasOrNullObject();
        merges.load('address');
      }
      return { request, range, merges };
    });
    await context.sync();

    return pending.map((p): SheetRead | null => {
      if (!p) return null;
      const { request, range, merges } = p;
      const name = request.sheet === ACTIVE_SHEET ? active!.name : request.sheet;
      if (range.isNullObject) {
        return {
          sheet: name,
          rect: { row: 0, col: 0, rows: 0, cols: 0 },
          values: [],
          ...(request.text ? { text: [], numberFormat: [] } : {}),
          ...(request.merges ? { merges: [] } : {}),
        };
      }
      const out: SheetRead = {
        sheet: name,
        rect: { row: range.rowIndex, col: range.columnIndex, rows: range.rowCount, cols: range.columnCount },
        values: request.extentOnly ? [] : range.values.map((row) => row.map(cellValueOf)),
      };
      if (request.extentOnly) return out;
      if (request.text) {
        out.text = range.text.map((row) => row.map((t) => String(t ?? '')));
        out.numberFormat = range.numberFormat.map((row) => row.map((f) => String(f ?? 'General')));
      }
      if (request.merges) {
        const areas = merges && !merges.isNullObject ? areasOf(merges.address) : [];
        out.merges = areas.filter((area) => intersect(area, out.rect) !== null);
      }
      return out;
    });
  }

  async apply(ops: readonly SheetOp[]): Promise<void> {
    if (ops.length === 0) return;
    await this.run(async (context) => {
      // Round trip 1, only when needed: which sheets exist, and which are protected (protecting twice fails).
      let known = new Map<string, boolean>();
      if (ops.some(needsSheetList)) {
        const sheets = context.workbook.worksheets;
        sheets.load('items/name,items/protection/protected');
        await context.sync();
        known = new Map(sheets.items.map((s) => [s.name, s.protection.protected]));
      }
      const runtime = context.runtime;
      const switching = this.capabilities.eventSwitch;
      // Our own writes must not come back as change events; switched on again at the end of the last batch.
      if (switching) runtime.enableEvents = false;
      try {
        const batches = batchesFor(ops);
        for (const [i, batch] of batches.entries()) {
          // Once a write, before its first sync, never again in this loop: called over and over it makes Excel flicker (the API's own advice).
          if (this.capabilities.workbookEvents && i === 0) context.application.suspendScreenUpdatingUntilNextSync();
          for (const op of batch) this.queue(context, op, known);
          if (switching && i === batches.length - 1) runtime.enableEvents = true;
          await context.sync();
        }
      } catch (error) {
        // A failed batch stops where it failed: events must not stay off.
        if (switching) {
          runtime.enableEvents = true;
          await context.sync().catch(() => undefined);
        }
        throw error;
      }
    });
  }

  private queue(context: Excel.RequestContext, op: SheetOp, known: Map<string, boolean>): void {
    const sheets = context.workbook.worksheets;
    if (op.op === 'ensureSheet') {
      const sheet = known.has(op.sheet) ? sheets.getItem(op.sheet) : sheets.add(op.sheet);
      if (!known.has(op.sheet)) known.set(op.sheet, false);
      if (op.visibility) sheet.visibility = visibilityOf(op.visibility);
      return;
    }
    const sheet = sheets.getItem(op.sheet);
    const block = (r: CellRect) => sheet.getRangeByIndexes(r.row, r.col, r.rows, r.cols);
    switch (op.op) {
      case 'clearSheet': {
        const all = sheet.getRange();
        all.conditionalFormats.clearAll();
        all.dataValidation.clear();
        all.clear('All');
        all.unmerge();
        return;
      }
      case 'write': {
        const width = op.values.reduce((n, row) => Math.max(n, row.length), 0);
        if (op.values.length === 0 || width === 0) return;
        const range = sheet.getRangeByIndexes(op.row, op.col, op.values.length, width);
        const rows = op.values.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? null));
        // The format goes first: a string written into a General cell that begins with "=" is a formula.
        range.numberFormat = rows.map((row, r) => row.map((v, c) => numberFormatOf(v, op.numberFormat, r, c)));
        range.values = rows.map((row) => row.map((v) => (v === null ? '' : v)));
        return;
      }
      case 'format':
        styleRange(block(op.rect), op.style);
        return;
      case 'merge':
        block(op.rect).merge(false);
        return;
      case 'columnWidth':
        sheet.getRangeByIndexes(0, op.col, 1, 1).format.columnWidth = op.width;
        return;
      case 'rowHeight':
        sheet.getRangeByIndexes(op.row, 0, 1, 1).format.rowHeight = op.height;
        return;
      case 'freezeRows':
        sheet.freezePanes.freezeRows(op.rows);
        return;
      case 'listValidation': {
        // Below ExcelApi 1.8 there is no drop-down: the status is typed and checked by the same rules.
        if (!this.capabilities.listValidation) return;
        const validation = block(op.rect).dataValidation;
        validation.clear();
        validation.rule = { list: { inCellDropDown: true, source: op.choices.join(',') } };
        validation.errorAlert = { showAlert: true, style: 'Stop', title: op.title, message: op.message };
        return;
      }
      case 'highlightText': {
        const format = block(op.rect).conditionalFormats.add('ContainsText');
        format.textComparison.format.fill.color = op.fill;
        format.textComparison.format.font.color = op.fontColor;
        format.textComparison.rule = { operator: 'Contains', text: op.text };
        return;
      }
      case 'protect': {
        const protectedNow = known.get(op.sheet) ?? false;
        if (op.protect && !protectedNow) sheet.protection.protect({ allowFormatColumns: true, allowAutoFilter: true });
        if (!op.protect && protectedNow) sheet.protection.unprotect();
        known.set(op.sheet, op.protect);
        return;
      }
      case 'activate':
        sheet.activate();
        return;
      case 'select':
        block(op.rect).select();
        return;
    }
  }

  async createWorkbook(xlsx: Uint8Array): Promise<void> {
    await this.excel.createWorkbook(base64Of(xlsx));
  }

  async sheets(): Promise<SheetInfo[]> {
    return this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/id,items/name,items/visibility');
      await context.sync();
      return sheets.items.map((s) => ({ id: s.id, name: s.name, visibility: s.visibility === 'VeryHidden' ? 'veryHidden' : s.visibility === 'Hidden' ? 'hidden' : 'visible' }));
    });
  }

  async onSelectionChange(listener: (selection: { sheet: string; sheetId: string; rect: CellRect }) => void): Promise<() => Promise<void>> {
    const handler = async (event: Excel.WorksheetSelectionChangedEventArgs) => {
      // Whole rows or columns ("7:7") are no block of cells: nothing to show for them.
      const rect = parseAddress(event.address);
      if (!rect) return;
      const sheet = await this.sheetNameOf(event.worksheetId);
      if (sheet !== null) listener({ sheet, sheetId: event.worksheetId, rect });
    };
    // Workbook.onSelectionChanged (ExcelApi 1.2) says neither the sheet nor the cells; the worksheets'
    // event (1.9) and each worksheet's (1.7) say both.
    return this.subscribe((target) => target.onSelectionChanged, handler);
  }

  /** A sheet's name now, by its id (null when it was deleted since): events name sheets by id. */
  private sheetNameOf(worksheetId: string): Promise<string | null> {
    return this.run(async (context) => {
      const ws = context.workbook.worksheets.getItemOrNullObject(worksheetId);
      ws.load('name');
      await context.sync();
      return ws.isNullObject ? null : ws.name;
    });
  }

  async onChange(listener: (notice: ChangeNotice) => void): Promise<() => Promise<void>> {
    const handler = async (event: Excel.WorksheetChangedEventArgs) => {
      // The event names the sheet by id; its name is looked up now, so a renamed sheet is not missed.
      const sheet = await this.sheetNameOf(event.worksheetId);
      // Deleted since: nothing left to read or record.
      if (sheet === null) return;
      listener({
        sheet,
        sheetId: event.worksheetId,
        address: event.address,
        rect: parseAddress(event.address),
        source: event.source === 'Remote' ? 'Remote' : 'Local',
        byThisAddin: this.capabilities.triggerSource && event.triggerSource === 'ThisLocalAddin',
        changeType: String(event.changeType),
      });
    };
    return this.subscribe((target) => target.onChanged, handler);
  }

  /**
   * Adds `handler` to the worksheets' event (ExcelApi 1.9) or, on 1.7 and 1.8 where there is no
   * workbook-wide event, to each sheet there now (the plan's sheet among them); resolves to the unsubscribe function.
   */
  private async subscribe<T>(
    eventOf: (target: Excel.WorksheetCollection | Excel.Worksheet) => OfficeExtension.EventHandlers<T>,
    handler: (args: T) => Promise<void>,
  ): Promise<() => Promise<void>> {
    const registrations = await this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      if (this.capabilities.workbookEvents) {
        const result = [eventOf(sheets).add(handler)];
        await context.sync();
        return result;
      }
      sheets.load('items/name');
      await context.sync();
      const result = sheets.items.map((sheet) => eventOf(sheet).add(handler));
      await context.sync();
      return result;
    });
    return async () => {
      await this.excel.runIn(registrations[0]!.context, async (context) => {
        for (const registration of registrations) registration.remove();
        await context.sync();
      });
    };
  }
}

/** Base64 of the bytes, by the platform's own encoder (btoa), a slice at a time to keep argument lists short. */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const needsSheetList = (op: SheetOp) => op.op === 'ensureSheet' || op.op === 'protect';

function isItemNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ItemNotFound';
}

function cellValueOf(value: unknown): CellValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value === '' ? null : value;
  return null;
}

function visibilityOf(v: 'visible' | 'hidden' | 'veryHidden'): 'Visible' | 'Hidden' | 'VeryHidden' {
  return v === 'veryHidden' ? 'VeryHidden' : v === 'hidden' ? 'Hidden' : 'Visible';
}

function styleRange(range: Excel.Range, style: CellStyle): void {
  const format = range.format;
  if (style.bold !== undefined) format.font.bold = style.bold;
  if (style.italic !== undefined) format.font.italic = style.italic;
  if (style.strike !== undefined) format.font.strikethrough = style.strike;
  if (style.fontName) format.font.name = style.fontName;
  if (style.fontColor) format.font.color = style.fontColor;
  if (style.fontSize) format.font.size = style.fontSize;
  if (style.fill) format.fill.color = style.fill;
  if (style.wrap !== undefined) format.wrapText = style.wrap;
  if (style.horizontal) format.horizontalAlignment = style.horizontal;
  if (style.vertical) format.verticalAlignment = style.vertical;
  if (style.borders) {
    for (const edge of BORDER_EDGES) {
      const border = format.borders.getItem(edge);
      border.style = 'Continuous';
      border.color = style.borders;
    }
  }
}

/** "Sheet1!A7:A9,Sheet1!B7:B9" → the blocks. A quoted sheet name may itself hold commas. */
function areasOf(address: string): CellRect[] {
  const out: CellRect[] = [];
  for (const part of address.match(/(?:'(?:[^']|'')*'|[^,'])+/g) ?? []) {
    const rect = parseAddress(part.trim());
    if (rect) out.push(rect);
  }
  return out;
}
