export const PUBLIC_SITE_NAME = '地方創生交付金事業 効果検証 公表ページ';

/** The stable public URLs (paths from the site root): the pages, and the open data that links to them. */
export const publicPaths = {
  index: () => '/public/',
  /** sitemaps.org's limit is 50,000 addresses a file: the site's index lists one file for each municipality. */
  sitemapIndex: () => '/sitemap.xml',
  siteSitemap: () => '/public/sitemap.xml',
  sitemap: (code: string) => `/public/${code}/sitemap.xml`,
  organization: (code: string) => `/public/${code}/`,
  year: (code: string, fiscalYear: number) => `/public/${code}/${fiscalYear}/`,
  summary: (code: string, fiscalYear: number) => `/public/${code}/${fiscalYear}/summary`,
  report: (code: string, reportId: string) => `/public/${code}/reports/${reportId}`,
  edition: (code: string, reportId: string, edition: number) =>
    `/public/${code}/reports/${reportId}/editions/${edition}`,
  /** 更新情報: an Atom feed of what the municipality published, corrected and withdrawn. */
  feed: (code: string) => `/public/${code}/feed.atom`,
  openData: (code: string) => `/public/${code}/open-data/`,
  /** A year's file, every year's (`all`), or a column-definition file (`columns`). */
  openDataFile: (code: string, scope: number | 'all' | 'columns', file: OpenDataFile) =>
    `/public/${code}/open-data/${scope}/${file}`,
};

/** Where the public site answers, as path prefixes: its pages and open data, and what crawlers read at the root. */
export const PUBLIC_SITE_PATHS = ['/public', '/sitemap.xml', '/robots.txt'];

/** The open datasets, each a CSV of this name (declared in open-data.ts). */
export type OpenDatasetId = 'kpis' | 'reports' | 'budget-lines' | 'kpi-yearly-actuals' | 'editions';

export type OpenDataFile = `${OpenDatasetId}.csv` | 'data.json';
