import type { LedgerEvent } from '../ledger/events.ts';
import type { Item } from '../ledger/plan.ts';
import type { LedgerState } from '../ledger/state.ts';
import { CliError, EXIT_USAGE } from './exit.ts';

// Ids as people see them: an item by its id ("1.3") or by the numbering printed in the sheet
// ("I.3"); an event by its id, its seq ("12", "#12") or the start of its hash ("3f5a9c01b2e4").

/** The id of the item `reference` names, among the plan's items (withdrawn ones included). */
export function resolveItem(state: LedgerState, reference: string): string {
  const items = Object.values(state.items).map((entry) => entry.definition);
  // No plan yet: the ledger's own rules say so, naming the item as typed.
  if (items.length === 0) return reference;
  const typed = reference.trim();
  const printed = numberingKey(typed);
  const matches = items.filter((item) => item.id === typed || (printed !== '' && numberingKey(item.numbering) === printed));
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0) {
    throw new CliError(
      `Không có mục theo dõi "${reference}" trong kế hoạch của sổ; viết mã mục (vd. ${items[0]!.id}) hoặc số thứ tự in trên bảng (vd. ${items[0]!.numbering || items[0]!.id}), xem "cchc inspect" hoặc "cchc log".`,
      `No tracked item "${reference}" in the ledger's plan; give the item id (e.g. ${items[0]!.id}) or the numbering printed in the sheet (e.g. ${items[0]!.numbering || items[0]!.id}), see "cchc inspect" or "cchc log".`,
      EXIT_USAGE,
    );
  }
  const listed = matches.map((item) => `${item.id} (${item.numbering || '—'}: ${shortText(item)})`).join('; ');
  throw new CliError(
    `"${reference}" chỉ nhiều mục theo dõi: ${listed}; viết mã của mục cần ghi.`,
    `"${reference}" names several tracked items: ${listed}; give the id of the one you mean.`,
    EXIT_USAGE,
  );
}

/** "III.4.b", "iii. 4 .B", "III.4.b." compare equal: the numbering as printed, read loosely. */
function numberingKey(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, '').replace(/\.+$/, '').toUpperCase();
}

function shortText(item: Item): string {
  const text = (item.activity ?? item.text).replace(/\s+/g, ' ').trim();
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** The fewest hex digits accepted as a hash reference (`record` and `log` print 12: shortHash). */
const MIN_HASH_PREFIX = 6;

/** The id of the event `reference` names: its id, its seq, or the start of its hash (unique in the ledger). */
export async function resolveEvent(state: LedgerState, reference: string, events: () => AsyncIterable<LedgerEvent>): Promise<string> {
  const typed = reference.trim();
  if (state.events.has(typed)) return typed;
  const seq = /^#?(\d+)$/.exec(typed);
  if (seq) {
    const found = state.events.idOfSeq(Number(seq[1]));
    if (found !== undefined) return found;
  }
  if (new RegExp(`^[0-9a-f]{${MIN_HASH_PREFIX},64}$`, 'i').test(typed)) {
    const prefix = typed.toLowerCase();
    const found: LedgerEvent[] = [];
    for await (const event of events()) if (event.hash.startsWith(prefix)) found.push(event);
    if (found.length === 1) return found[0]!.id;
    if (found.length > 1) {
      const listed = found.map((e) => `#${e.seq}`).join(', ');
      throw new CliError(
        `Mã băm "${typed}" là đầu của nhiều ghi nhận (${listed}); viết thêm chữ số.`,
        `The hash "${typed}" begins several events (${listed}); give more digits.`,
        EXIT_USAGE,
      );
    }
  }
  throw new CliError(
    `Không tìm thấy ghi nhận "${reference}" trong sổ; viết số thứ tự (vd. 12), mã băm ngắn như "cchc log" in, hoặc mã sự kiện.`,
    `No event "${reference}" in the ledger; give its seq (e.g. 12), the short hash "cchc log" prints, or the event id.`,
    EXIT_USAGE,
  );
}
