import { contentDisposition } from './file-response';

/** The value of filename* in a Content-Disposition header. */
const extendedName = (header: string) => /filename\*=UTF-8''(.*)$/.exec(header)![1];

describe('contentDisposition', () => {
  it('gives the Japanese name percent-encoded as UTF-8 and the ASCII fallback as it is', () => {
    expect(contentDisposition('attachment', '事業実施結果報告.csv', 'report.csv')).toBe(
      `attachment; filename="report.csv"; filename*=UTF-8''%E4%BA%8B%E6%A5%AD%E5%AE%9F%E6%96%BD%E7%B5%90%E6%9E%9C%E5%A0%B1%E5%91%8A.csv`,
    );
  });

  it("percent-encodes ' ( ) *, which RFC 5987 does not allow unencoded in filename*", () => {
    const header = contentDisposition('inline', "No3_まつり(案)*'s.html", 'report.html');
    expect(extendedName(header)).toBe('No3_%E3%81%BE%E3%81%A4%E3%82%8A%28%E6%A1%88%29%2A%27s.html');
    expect(decodeURIComponent(extendedName(header))).toBe("No3_まつり(案)*'s.html");
  });

  it('leaves letters, digits and - . _ ~ ! as they are, which RFC 5987 allows', () => {
    const header = contentDisposition('attachment', 'Az09-._~!.csv', 'fallback.csv');
    expect(extendedName(header)).toBe('Az09-._~!.csv');
  });
});
