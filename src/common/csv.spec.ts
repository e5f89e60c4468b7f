import { spreadsheetCsv } from './csv';

describe('spreadsheetCsv', () => {
  const text = (header: string[], rows: unknown[][]) => spreadsheetCsv(header, rows).toString('utf8');

  it('starts with a BOM so Excel reads Japanese', () => {
    expect(text(['年度'], [[2022]])).toBe('\uFEFF年度\n2022\n');
  });

  it('keeps text that would run as a formula as text, and numbers as numbers', () => {
    const csv = text(
      ['値'],
      [['=HYPERLINK("http://evil.example","x")'], ['-1+1'], ['@SUM(1)'], ['+81'], [-1], ['普通']],
    );
    expect(csv.split('\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""http://evil.example"",""x"")"`,
      "'-1+1",
      "'@SUM(1)",
      "'+81",
      '-1',
      '普通',
    ]);
  });

  it('ends every record with CRLF when asked (RFC 4180, for open data), also after a cell with a line break', () => {
    expect(spreadsheetCsv(['年度', '説明'], [[2022, '1行目\n2行目']], 'crlf').toString('utf8')).toBe(
      '\uFEFF年度,説明\r\n2022,"1行目\n2行目"\r\n',
    );
  });
});
