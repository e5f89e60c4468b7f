import { atomFeed, feedEntries } from './public-feed';
import { type PublicOrganization } from './public-record.service';
import { type PublicRecordEvent } from './publications.repository';

const ORGANIZATION: PublicOrganization = {
  id: 'organization-id',
  name: '旭川市 <&> "テスト"',
  code: '012041',
  licence: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/deed.ja' },
  publishPanelMemberNames: false,
};
const REPORT_ID = '00000000-0000-4000-8000-000000000001';
const WRITTEN_AT = new Date('2024-06-30T01:02:03.456Z');
const CORRECTION: PublicRecordEvent = {
  kind: 'edition',
  reportId: REPORT_ID,
  fiscalYear: 2022,
  edition: 2,
  isLatest: true,
  withdrawn: false,
  projectName: 'A&B <事業>',
  writtenAt: WRITTEN_AT,
  reason: '「<単位>」の誤り & 表記',
};

describe('atomFeed', () => {
  const entries = feedEntries(ORGANIZATION, 'koukai.example.jp', [CORRECTION]);
  const xml = atomFeed(ORGANIZATION, 'https://koukai.example.jp', WRITTEN_AT, entries);

  it('escapes the names and reasons it carries as XML text', () => {
    expect(xml).toContain('<title>令和4年度 A&amp;B &lt;事業&gt; 事業実施結果報告を訂正しました（第2版）</title>');
    expect(xml).toContain('<summary>訂正の理由: 「&lt;単位&gt;」の誤り &amp; 表記</summary>');
    expect(xml).toContain('<name>旭川市 &lt;&amp;&gt; &quot;テスト&quot;</name>');
  });

  it('is an Atom feed that links to itself and to the municipality’s page, its entries to public pages', () => {
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    expect(xml).toContain('<id>https://koukai.example.jp/public/012041/feed.atom</id>');
    expect(xml).toContain('<updated>2024-06-30T01:02:03.456Z</updated>');
    expect(xml).toContain(
      '<link rel="self" type="application/atom+xml" href="https://koukai.example.jp/public/012041/feed.atom"/>',
    );
    expect(xml).toContain('<link rel="alternate" type="text/html" href="https://koukai.example.jp/public/012041/"/>');
    expect(xml).toContain(
      `<link rel="alternate" type="text/html" href="https://koukai.example.jp/public/012041/reports/${REPORT_ID}"/>`,
    );
    expect(xml).toContain(`<id>tag:koukai.example.jp,2024-06-30:012041/reports/${REPORT_ID}/editions/2</id>`);
  });

  it('leaves out the summary of an entry that has none', () => {
    const first = feedEntries(ORGANIZATION, 'koukai.example.jp', [{ ...CORRECTION, edition: 1, reason: null }]);
    expect(atomFeed(ORGANIZATION, 'https://koukai.example.jp', WRITTEN_AT, first)).not.toContain('<summary>');
  });
});
