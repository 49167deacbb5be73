/**
 * A small Excel object model built from office-addin-mock's OfficeMockObject: properties must be
 * loaded and synced before they are read (reading too early gives the mock's error text), calls
 * and assignments are recorded, and `context.sync()` is counted.
 */
import { OfficeMockObject } from 'office-addin-mock';
import type { ExcelEntry } from '../../addin/excel/office-host.ts';

type Value = string | number | boolean;

export interface MockSheetSpec {
  name: string;
  /** Cells from A1 ('' for empty). */
  values?: Value[][];
  protected?: boolean;
  /** What getMergedAreasOrNullObject().address gives, e.g. "Sheet1!A2:A3". */
  merges?: string;
}

export interface Call {
  target: string;
  method: string;
  args: unknown[];
}

export interface MockExcel {
  entry: ExcelEntry;
  syncs: () => number;
  calls: Call[];
  /** Every range handed out, with what was assigned to it. */
  ranges: Array<{ sheet: string; row: number; col: number; rows: number; cols: number; mock: Record<string, any> }>;
  sheets: Map<string, Record<string, any>>;
  runtime: Record<string, any>;
  /** enableEvents at each sync, in order. */
  eventsAtSync: boolean[];
  /** The options each Excel.run was given (null for none), in order. */
  runOptions: Array<Excel.RunOptions | null>;
  /** What Excel.createWorkbook was handed (Base64), in order. */
  createdWorkbooks: string[];
  fireChange(args: Partial<Excel.WorksheetChangedEventArgs>): Promise<void>;
  fireSelection(args: Partial<Excel.WorksheetSelectionChangedEventArgs>): Promise<void>;
}

export function mockExcel(specs: MockSheetSpec[], activeSheet = specs[0]?.name ?? ''): MockExcel {
  const mocks: OfficeMockObject[] = [];
  const track = <T extends OfficeMockObject>(m: T): T => {
    mocks.push(m);
    return m;
  };
  const calls: Call[] = [];
  const record = (target: string, method: string) => (...args: unknown[]) => {
    calls.push({ target, method, args });
  };
  const ranges: MockExcel['ranges'] = [];
  let syncCount = 0;
  let failNextSync: Error | null = null;
  const eventsAtSync: boolean[] = [];
  const handlers: Array<(args: Excel.WorksheetChangedEventArgs) => Promise<void>> = [];
  const selectionHandlers: Array<(args: Excel.WorksheetSelectionChangedEventArgs) => Promise<void>> = [];

  const rangeMock = (sheet: string, row: number, col: number, rows: number, cols: number, values: Value[][], merges?: string) => {
    const target = `${sheet}!R${row}C${col}:${rows}x${cols}`;
    // The whole sheet (getRange()) is never read; do not build its billions of cells.
    const block = rows * cols > 1_000_000 ? [] : Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => values[row + r]?.[col + c] ?? ''));
    const mergesMock = track(new OfficeMockObject({ address: merges ?? '' }));
    (mergesMock as Record<string, unknown>).isNullObject = !merges;
    const mock = track(
      new OfficeMockObject({
        values: block,
        text: block.map((r) => r.map(String)),
        numberFormat: block.map((r) => r.map(() => 'General')),
        rowIndex: row,
        columnIndex: col,
        rowCount: rows,
        columnCount: cols,
        getMergedAreasOrNullObject: () => mergesMock,
        merge: record(target, 'merge'),
        select: record(target, 'select'),
        unmerge: record(target, 'unmerge'),
        clear: record(target, 'clear'),
        dataValidation: { clear: record(target, 'dataValidation.clear') },
        conditionalFormats: {
          clearAll: record(target, 'conditionalFormats.clearAll'),
          add: (type: string) => {
            calls.push({ target, method: 'conditionalFormats.add', args: [type] });
            return track(new OfficeMockObject({ textComparison: { format: { fill: {}, font: {} } } }));
          },
        },
        format: {
          font: {},
          fill: {},
          borders: { getItem: (edge: string) => track(new OfficeMockObject({ edge })) },
        },
      }),
    ) as unknown as Record<string, any>;
    mock.isNullObject = false;
    ranges.push({ sheet, row, col, rows, cols, mock });
    return mock;
  };

  const sheets = new Map<string, Record<string, any>>();
  const sheetMock = (spec: MockSheetSpec) => {
    const values = spec.values ?? [];
    const target = spec.name;
    const mock = track(
      new OfficeMockObject({
        id: `{${spec.name}}`,
        name: spec.name,
        visibility: 'Visible',
        protection: {
          protected: spec.protected ?? false,
          protect: record(target, 'protect'),
          unprotect: record(target, 'unprotect'),
        },
        freezePanes: { freezeRows: record(target, 'freezeRows') },
        activate: record(target, 'activate'),
        // ExcelApi 1.7: a change handler on each sheet.
        onChanged: {
          add: (handler: (args: Excel.WorksheetChangedEventArgs) => Promise<void>) => {
            handlers.push(async (args) => (args.worksheetId === `{${spec.name}}` ? handler(args) : undefined));
            return { context, remove: record(target, 'remove') };
          },
        },
        // ExcelApi 1.7: a selection handler on each sheet.
        onSelectionChanged: {
          add: (handler: (args: Excel.WorksheetSelectionChangedEventArgs) => Promise<void>) => {
            selectionHandlers.push(async (args) => (args.worksheetId === `{${spec.name}}` ? handler(args) : undefined));
            return { context, remove: record(target, 'remove') };
          },
        },
        getRange: () => rangeMock(spec.name, 0, 0, 1_048_576, 16_384, [], spec.merges),
        getRangeByIndexes: (row: number, col: number, rows: number, cols: number) => {
          calls.push({ target, method: 'getRangeByIndexes', args: [row, col, rows, cols] });
          return rangeMock(spec.name, row, col, rows, cols, values);
        },
        getUsedRangeOrNullObject: (valuesOnly?: boolean) => {
          calls.push({ target, method: 'getUsedRangeOrNullObject', args: [valuesOnly] });
          const used = usedBlock(values);
          if (!used) {
            const empty = track(
              new OfficeMockObject({ values: [], rowIndex: 0, columnIndex: 0, rowCount: 0, columnCount: 0 }),
            ) as unknown as Record<string, unknown>;
            empty.isNullObject = true;
            return empty;
          }
          return rangeMock(spec.name, used.row, used.col, used.rows, used.cols, values, spec.merges);
        },
      }),
    ) as unknown as Record<string, any>;
    mock.id = `{${spec.name}}`;
    sheets.set(spec.name, mock);
    return mock;
  };
  for (const spec of specs) sheetMock(spec);

  const worksheets: Record<string, any> = {
    get items() {
      return [...sheets.values()];
    },
    load: (what: string) => {
      calls.push({ target: 'worksheets', method: 'load', args: [what] });
      for (const part of what.split(',')) {
        const path = part.trim().replace(/^items\//, '');
        for (const s of sheets.values()) s.load(path);
      }
    },
    getActiveWorksheet: () => sheets.get(activeSheet),
    getItem: (name: string) => {
      const s = sheets.get(name);
      if (s) return s;
      // As in Excel, the missing sheet fails the batch when it is synced, not when it is named.
      failNextSync ??= Object.assign(new Error(`ItemNotFound: ${name}`), { code: 'ItemNotFound' });
      const ghost = sheetMock({ name });
      sheets.delete(name);
      return ghost;
    },
    getItemOrNullObject: (key: string) => {
      const s = [...sheets.values()].find((m) => m.name === key || m.id === key);
      const out = s ?? (track(new OfficeMockObject({ name: '' })) as unknown as Record<string, any>);
      out.isNullObject = !s;
      return out;
    },
    add: (name: string) => {
      calls.push({ target: 'worksheets', method: 'add', args: [name] });
      return sheetMock({ name });
    },
    onChanged: {
      add: (handler: (args: Excel.WorksheetChangedEventArgs) => Promise<void>) => {
        handlers.push(handler);
        return { context, remove: record('onChanged', 'remove') };
      },
    },
    onSelectionChanged: {
      add: (handler: (args: Excel.WorksheetSelectionChangedEventArgs) => Promise<void>) => {
        selectionHandlers.push(handler);
        return { context, remove: record('onSelectionChanged', 'remove') };
      },
    },
  };

  let enableEvents = true;
  const runtime: Record<string, any> = {
    /** Every value the code set, in order. */
    eventSwitches: [] as boolean[],
    get enableEvents() {
      return enableEvents;
    },
    set enableEvents(value: boolean) {
      enableEvents = value;
      runtime.eventSwitches.push(value);
    },
  };
  const context: Record<string, any> = {
    workbook: { worksheets },
    application: { suspendScreenUpdatingUntilNextSync: record('application', 'suspendScreenUpdatingUntilNextSync') },
    runtime,
    sync: async () => {
      syncCount++;
      if (failNextSync) {
        const error = failNextSync;
        failNextSync = null;
        throw error;
      }
      eventsAtSync.push(runtime.enableEvents);
      for (const m of [...mocks]) await OfficeMockObject.prototype.sync.call(m);
      // OfficeMockObject publishes synced values a few microtasks later.
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };

  const runOptions: Array<Excel.RunOptions | null> = [];
  const createdWorkbooks: string[] = [];
  const entry: ExcelEntry = {
    run: (batch, options) => {
      runOptions.push(options ?? null);
      return batch(context as unknown as Excel.RequestContext);
    },
    runIn: (_ctx, batch) => batch(context as unknown as Excel.RequestContext),
    createWorkbook: async (base64) => void createdWorkbooks.push(base64),
  };
  return {
    entry,
    syncs: () => syncCount,
    calls,
    ranges,
    sheets,
    runtime,
    eventsAtSync,
    runOptions,
    createdWorkbooks,
    async fireChange(args) {
      for (const h of handlers) await h(args as Excel.WorksheetChangedEventArgs);
    },
    async fireSelection(args) {
      for (const h of selectionHandlers) await h(args as Excel.WorksheetSelectionChangedEventArgs);
    },
  };
}

function usedBlock(values: Value[][]): { row: number; col: number; rows: number; cols: number } | null {
  let [top, left, bottom, right] = [Infinity, Infinity, -1, -1];
  values.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === '') return;
      [top, left, bottom, right] = [Math.min(top, r), Math.min(left, c), Math.max(bottom, r), Math.max(right, c)];
    }),
  );
  return bottom < 0 ? null : { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 };
}
