import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { spreadsheetCsv, spreadsheetCsvStream } from './csv';

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

  it('writes every number as people write it, never with an exponent', () => {
    expect(
      text(['最新値'], [[0.0000001], [-0.00000125], [120], [1234567.5]])
        .split('\n')
        .slice(1, -1),
    ).toEqual(['0.0000001', '-0.00000125', '120', '1234567.5']);
  });

  it('ends every record with CRLF when asked (RFC 4180, for open data), also after a cell with a line break', () => {
    expect(spreadsheetCsv(['年度', '説明'], [[2022, '1行目\n2行目']], 'crlf').toString('utf8')).toBe(
      '\uFEFF年度,説明\r\n2022,"1行目\n2行目"\r\n',
    );
  });
});

describe('spreadsheetCsvStream', () => {
  // As bytes: a TextDecoder would drop the BOM.
  const readAll = async (stream: Readable) => (await buffer(stream)).toString('utf8');
  const batches = (...rows: unknown[][][]) => Readable.from(rows);

  it('writes batch by batch the same CSV as spreadsheetCsv writes at once', async () => {
    const rows = [
      [1, '=1+1'],
      [2, '改行\nあり'],
      [3, '普通'],
    ];
    const streamed = await readAll(spreadsheetCsvStream(['連番', '値'], batches(rows.slice(0, 2), rows.slice(2))));
    expect(streamed).toBe(spreadsheetCsv(['連番', '値'], rows).toString('utf8'));
  });

  it('writes the header alone when there are no rows', async () => {
    expect(await readAll(spreadsheetCsvStream(['連番'], batches()))).toBe('\uFEFF連番\n');
  });
});
