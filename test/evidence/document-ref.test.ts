import { describe, expect, it } from 'vitest';
import { formatDocumentRef, parseDocumentRef } from '../../templates/evidence/parse-document-ref.ts';

describe('citations of documents as staff type them', () => {
  it.each([
    ['Kế hoạch số 513/KH-UBND ngày 31/12/2020', { kind: 'Kế hoạch', number: '513/KH-UBND', date: '2020-12-31' }],
    ['Kế hoạch số 7018 /KH-UBND ngày 29 tháng 12 năm 2020 của Ủy ban nhân dân tỉnh Bến Tre', { kind: 'Kế hoạch', number: '7018/KH-UBND', date: '2020-12-29', issuer: 'Ủy ban nhân dân tỉnh Bến Tre' }],
    ['Quyết định 12/2021/QĐ-UBND ngày 5/3/2021 về việc ban hành quy chế', { kind: 'Quyết định', number: '12/2021/QĐ-UBND', date: '2021-03-05', title: 'ban hành quy chế' }],
    ['bao cao so 45/BC-SNV ngay 01/04/2021', { kind: 'Báo cáo', number: '45/BC-SNV', date: '2021-04-01' }],
    ['Đã đăng trên cổng thông tin', { kind: 'Văn bản', title: 'Đã đăng trên cổng thông tin' }],
  ])('%s', (text, expected) => {
    expect(parseDocumentRef(text)).toEqual(expected);
  });

  it('prints a citation back the way a report writes it', () => {
    expect(formatDocumentRef(parseDocumentRef('Kế hoạch số 513/KH-UBND ngày 31/12/2020'))).toBe('Kế hoạch số 513/KH-UBND ngày 31/12/2020');
    expect(formatDocumentRef({ kind: 'Văn bản', title: 'Đã đăng trên cổng thông tin' })).toBe('Đã đăng trên cổng thông tin');
  });
});
