/**
 * Vietnamese text folded for matching what people type: no diacritics, đ → d, lower case.
 * Staff write "Hoàn thành", "hoan thanh" and "HOÀN THÀNH" for the same thing.
 */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
}
