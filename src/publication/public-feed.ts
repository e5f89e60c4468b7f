// Written by hand, as the sitemap is: a few fixed elements need no library to follow, only escapeXml.
import { formatFiscalYear } from '../common/japanese-era';
import { escapeXml } from '../common/xml';
import { publicPaths } from './public-paths';
import { type PublicOrganization } from './public-record.service';
import { type PublicRecordEvent } from './publications.repository';

/** How many of the latest changes the feed carries: a reader polls it and keeps what it has read. */
export const FEED_LENGTH = 50;

/** One entry of the feed: a change of the public record and the public page that shows it. */
export interface FeedEntry {
  /** A tag URI (RFC 4151) that the entry keeps, whatever happens to the report afterwards. */
  id: string;
  title: string;
  /** The page it links to, from the site root. */
  path: string;
  /** When the change was written to the record. */
  updated: Date;
  summary: string | null;
}

/**
 * The entries of a municipality's feed, in the order of its changes. An earlier edition links to its own page, the
 * latest to the report's; a withdrawn report's editions are withdrawn with it, so each of its entries links to the
 * notice (or, once a corrected edition is published, to it) and keeps no correction's reason. `authority` is the site's host, which names the entries' tags.
 */
export function feedEntries(
  organization: PublicOrganization,
  authority: string,
  events: PublicRecordEvent[],
): FeedEntry[] {
  return events.map((event) => {
    const reportPath = publicPaths.report(organization.code, event.reportId);
    const subject = `${formatFiscalYear(event.fiscalYear, 'long')} ${event.projectName} 事業実施結果報告`;
    const tag = (specific: string) =>
      `tag:${authority},${event.writtenAt.toISOString().slice(0, 10)}:${organization.code}/reports/${event.reportId}/${specific}`;
    if (event.kind === 'withdrawal')
      return {
        id: tag(`withdrawals/${event.writtenAt.getTime()}`),
        title: `${subject}の公表を取り消しました`,
        path: reportPath,
        updated: event.writtenAt,
        summary: event.reason && `取消の理由: ${event.reason}`,
      };
    const corrected = event.edition > 1;
    return {
      id: tag(`editions/${event.edition}`),
      title: `${subject}を${corrected ? '訂正' : '公表'}しました（第${event.edition}版）`,
      path:
        event.isLatest || event.withdrawn
          ? reportPath
          : publicPaths.edition(organization.code, event.reportId, event.edition),
      updated: event.writtenAt,
      summary: corrected && !event.withdrawn && event.reason ? `訂正の理由: ${event.reason}` : null,
    };
  });
}

/** The feed as an Atom document (RFC 4287): `updated` is when the record last changed, its entries newest first. */
export function atomFeed(
  organization: PublicOrganization,
  baseUrl: string,
  updated: Date,
  entries: FeedEntry[],
): string {
  const element = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;
  const link = (rel: string, type: string, path: string) =>
    `<link rel="${rel}" type="${type}" href="${escapeXml(`${baseUrl}${path}`)}"/>`;
  const feedPath = publicPaths.feed(organization.code);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">',
    `  ${element('id', `${baseUrl}${feedPath}`)}`,
    `  ${element('title', `${organization.name} 事業実施結果報告の更新情報`)}`,
    `  ${element('updated', updated.toISOString())}`,
    `  <author>${element('name', organization.name)}</author>`,
    `  ${link('self', 'application/atom+xml', feedPath)}`,
    `  ${link('alternate', 'text/html', publicPaths.organization(organization.code))}`,
    ...entries.map((entry) =>
      [
        '  <entry>',
        `    ${element('id', entry.id)}`,
        `    ${element('title', entry.title)}`,
        `    ${element('updated', entry.updated.toISOString())}`,
        `    ${link('alternate', 'text/html', entry.path)}`,
        ...(entry.summary ? [`    ${element('summary', entry.summary)}`] : []),
        '  </entry>',
      ].join('\n'),
    ),
    '</feed>',
    '',
  ].join('\n');
}
