import { LedgerError } from '../ledger/errors.ts';
import { FORMAT_UNSIGNED, type Actor, type LedgerEvent } from '../ledger/events.ts';
import { Ledger } from '../ledger/ledger.ts';
import { locationText } from '../ledger/location-text.ts';
import type { Signer } from '../ledger/signed-content.ts';
import { NdjsonStore } from '../ledger/stores/ndjson-store.ts';
import { CliError, EXIT_USAGE } from './exit.ts';
import { readKeyFile } from './key-file.ts';
import { isClone } from './sync/clone-paths.ts';
import { openCloneLedger } from './sync/clone-ledger.ts';

/** The `--key` option every recording command takes. */
export const KEY_OPTION = [
  '--key <file>',
  'khóa riêng Ed25519 (PKCS#8) để ký (tạo bằng "cchc key new"); mặc định biến CCHC_KEY. Bắt buộc, trừ khi ghi vào sổ không ký (định dạng 1) đã có / the Ed25519 private key (PKCS#8) that signs (made by "cchc key new"); default $CCHC_KEY. Needed, except to append to an existing unsigned (format 1) ledger',
] as const;

/** A ledger opened to append to; `waitingToSync` when it is a clone, whose appends wait in its pending file for the service. */
export interface WritableLedger {
  ledger: Ledger;
  waitingToSync: boolean;
  close(): Promise<void>;
}

/**
 * Opens an NDJSON ledger to append to, signing with the key file given (or CCHC_KEY's). A workbook's ledger sheet is written only by the add-in
 * (which also keeps IndexedDB in step), so the command line refuses to write into an .xlsx. A clone
 * (`<ledger>.sync.json` beside it) is opened so that what is appended becomes pending events.
 * Without a key only an existing unsigned (format 1) ledger opens: a new ledger is always signed
 * (format 2), and a signed one takes only signed events. `person` (the --actor and --unit given)
 * fills in the command that makes a key, in the refusal.
 */
export async function openWritableLedger(file: string, keyFile?: string, person?: Actor): Promise<WritableLedger> {
  if (/\.xlsx$/i.test(file)) {
    throw new CliError(
      `${file}: sổ trong tệp Excel chỉ được ghi qua add-in; dòng lệnh ghi vào tệp .ndjson.`,
      `${file}: a workbook's ledger is written only through the add-in; the command line writes .ndjson files.`,
      EXIT_USAGE,
    );
  }
  const key = keyFile ?? process.env.CCHC_KEY;
  const signer = key ? await readKeyFile(key) : undefined;
  const opened = (await isClone(file)) ? await openClone(file, signer) : await openFile(file, signer);
  if (!signer && opened.ledger.format !== FORMAT_UNSIGNED) {
    await opened.close();
    throw keyNeeded(file, opened.ledger.format === null, person);
  }
  return opened;
}

async function openFile(file: string, signer: Signer | undefined): Promise<WritableLedger> {
  const store = await NdjsonStore.open(file).catch((error: unknown) => {
    throw error instanceof LedgerError ? new CliError(error.messageVi, error.messageEn, EXIT_USAGE) : error;
  });
  try {
    const ledger = await Ledger.open(store, signer ? { signer } : {});
    return { ledger, waitingToSync: false, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error instanceof LedgerError ? asCliError(file, error) : error;
  }
}

/** The refusal of a command given no key where one must sign: how to make a key, and where to give it. */
function keyNeeded(file: string, isNew: boolean, person: Actor | undefined): CliError {
  const quoted = (text: string) => `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
  const make = `cchc key new --name ${person ? quoted(person.name) : '"Họ và tên"'} --unit ${person ? quoted(person.unit) : '"Cơ quan"'} --out toi.key`;
  const makeEn = `cchc key new --name ${person ? quoted(person.name) : 'NAME'} --unit ${person ? quoted(person.unit) : 'UNIT'} --out me.key`;
  return new CliError(
    `${isNew ? `Sổ mới ${file} là sổ có ký (định dạng 2)` : `${file} là sổ có ký (định dạng 2)`}, mỗi ghi nhận phải được ký bằng khóa của người ghi: hãy tạo khóa bằng “${make}” rồi đưa vào bằng --key toi.key hoặc biến CCHC_KEY; không ghi gì.`,
    `${isNew ? `The new ledger ${file} is signed (format 2)` : `${file} is a signed (format 2) ledger`}, and every event must be signed by its author's key: make one with “${makeEn}” and give it with --key me.key or CCHC_KEY; nothing was recorded.`,
    EXIT_USAGE,
  );
}

async function openClone(file: string, signer: Signer | undefined): Promise<WritableLedger> {
  const { ledger, stale, close } = await openCloneLedger(file, signer).catch((error: unknown) => {
    throw error instanceof LedgerError ? asCliError(file, error) : error;
  });
  for (const { event, error } of stale) {
    process.stderr.write(
      `Lưu ý: ghi nhận chờ đồng bộ ${event.id} (${event.type}) không còn hợp với sổ đã tải về (${error.messageVi}); máy chủ sẽ quyết định khi đẩy lên.\n` +
        `Note: pending event ${event.id} (${event.type}) no longer fits the ledger as pulled (${error.messageEn}); the service decides at the next push.\n`,
    );
  }
  return { ledger, waitingToSync: true, close };
}

/**
 * Where an event just appended is, as a command prints it: its seq, or on a clone that it is saved and
 * waits for the service to place it (the seq it would take here is not the one it will get).
 */
export function placeText(waitingToSync: boolean, event: LedgerEvent): string {
  return waitingToSync ? `đã lưu, chờ đồng bộ / saved, waiting to sync (mã / id ${event.id})` : `seq ${event.seq}`;
}

/** A refusal by the ledger, for the terminal: what, where (file, seq, item, field), in both languages. */
export function asCliError(file: string, error: LedgerError): CliError {
  const stored = error.details.where ? locationText(error.details.where) : null;
  const where = [
    stored?.en.startsWith('file') ? null : file,
    stored?.en,
    error.details.seq !== undefined && `seq ${error.details.seq}`,
    error.details.item && `item ${error.details.item}`,
    error.details.field && `field ${error.details.field}`,
  ]
    .filter(Boolean)
    .join(', ');
  const whereVi = stored ? where.replace(stored.en, stored.vi) : where;
  return new CliError(`${error.messageVi} (${whereVi}; mã lỗi ${error.code})`, `${error.messageEn} (${where}; code ${error.code})`);
}
