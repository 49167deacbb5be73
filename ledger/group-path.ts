import type { GroupRef, Item } from './plan.ts';

/** The groups above an item as one line: "III.1. Nhóm các nền tảng số › a) Dữ liệu dân cư"; '' when none. */
export function groupPathText(groups: readonly GroupRef[] | undefined): string {
  return (groups ?? []).map((g) => (g.numbering === '' ? g.title : `${g.numbering}${/^[a-zđ]$/u.test(g.numbering) ? ')' : '.'} ${g.title}`)).join(' › ');
}

/** An item's task text under the path of its groups, for a report's text column. */
export function textUnderGroups(item: Pick<Item, 'text' | 'groups'>): string {
  const path = groupPathText(item.groups);
  return path === '' ? item.text : `[${path}]\n${item.text}`;
}
