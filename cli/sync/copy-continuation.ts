// Node only.
import type { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import type { ChainChecker } from '../../ledger/verify.ts';
import { checkedChain } from '../../server/protocol/chain-continuation.ts';
import { CliError, EXIT_FAILED } from '../exit.ts';

/**
 * The local copy read through the same checker as `verify` (chain, signatures, rules): the checker
 * then stands at the copy's head, ready to check what the service sends after it.
 */
export async function checkedCopy(store: NdjsonStore): Promise<ChainChecker> {
  const result = await checkedChain(store);
  if ('checker' in result) return result.checker;
  throw new CliError(
    `Bản sao ${store.file} hỏng ở ghi nhận số ${result.seq} (${result.message_vi}); chạy "cchc verify ${store.file}". Không tải gì về.`,
    `The copy ${store.file} is broken at seq ${result.seq} (${result.message_en}); run "cchc verify ${store.file}". Nothing was pulled.`,
    EXIT_FAILED,
  );
}
