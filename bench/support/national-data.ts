import { Client } from 'pg';
import { entryHash, GENESIS_HASH } from '../../src/audit/audit-hash';
import { type AppConfig } from '../../src/infra/config/app-config';
import { PasswordHasher } from '../../src/users/password-hasher';

/**
 * What every municipality of Japan would hold after ten years, written straight into a migrated database as the
 * owner role with set-based SQL (generate_series), never through the app — but for the published editions, which keep
 * the app's read model and are written by the app (`writeEditions`). Deterministic: every choice is a hash of what it
 * is about, so two runs of one size hold the same data (and the same ids for every row others refer to).
 *
 * Shape, after the seeds (../shared/seeds) and DOMAIN.md: organizations of very different sizes (the n-th holds a share
 * ∝ 1/(n + 20) of the reports; the first, 旭川市 012041, is the largest); each with 3–7 departments (課), an
 * administrator, two planning-division users (proposer and approver), one project owner per department and a panel of
 * 3–5 external experts; projects of 3–5 fiscal years with 2–4 KPIs (指標), one report per project and fiscal year
 * (FY2016–FY2025) with 1–4 budget lines (④), a KPI result per KPI (⑤), its year's plan copy, a revision per saved state
 * and the first edition of what was published. Every year before the last is published; the last (FY2025, being
 * verified now) is spread over the workflow. Reports in review have two experts; some were returned once (差戻し) or
 * had an expert's question answered. Each step's notifications are in their readers' inboxes (notificationsStep). The
 * audit log holds what the app writes for all of it (one entry per report transition, opinion, question, project,
 * department and user), and the platform chain holds sign-ins up to the total asked for; every entry is sealed with the project's own entryHash, in time order, one chain per
 * organization plus 'platform'.
 */
export interface NationalSizes {
  organizations: number;
  reports: number;
  auditEntries: number;
}

export const NATIONAL_SIZES: NationalSizes = { organizations: 1741, reports: 100_000, auditEntries: 1_000_000 };

export const FIRST_YEAR = 2016;
export const LAST_YEAR = 2025;

/** The organization whose view is measured: the largest, as the demo's 旭川市. */
export const MEASURED_CODE = '012041';
/** The planning division's user of every organization signs in as planning1@<code>.example.jp. */
export const planningEmail = (code: string) => `planning1@${code}.example.jp`;

export interface GeneratedData {
  /** Rows per table, as written. */
  rows: Record<string, number>;
  /** Audit entries per kind of event. */
  auditMix: { action: string; entries: number }[];
  /** Seconds per step (two connections work side by side, so they add up to more than `seconds`). */
  steps: { step: string; seconds: number }[];
  seconds: number;
}

const PREFECTURES = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県',
  '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県', '静岡県', '愛知県', '三重県',
  '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県',
  '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
]; // prettier-ignore

const DEPARTMENTS = [
  '総合政策部',
  '経済部',
  '観光スポーツ交流部',
  '農政部',
  '子育て支援部',
  '福祉保険部',
  '地域振興部',
  '都市建築部',
];

/** ① name, ③ overview and 施策 of a project: the seeds' projects. */
const THEMES: [string, string, string][] = [
  [
    'ニューノーマル時代を切り拓く地域の稼ぐ力向上プロジェクト',
    'コロナ禍により急減する販売機会の創出や飲食サービス業の多角化を目的として、ICT等の先端技術を活用した販路拡大の取組を進めるとともに、これまで本市の事業者が培ってきた物産展等でのノウハウやネットワークを活用し、社会情勢の変化に左右されない足腰の強い稼ぐ力を身につけ、事業者の経営基盤の強化を図るとともに、雇用の確保や充実につなげる。',
    '持続可能な産業構造',
  ],
  [
    '新時代に飛躍する新・大雪圏域観光振興プロジェクト ～都市と自然、仕事と遊びを繋ぐシームレスな観光地づくりの推進～',
    '本圏域が持つ都市機能と自然の調和、明瞭な四季といった様々なコンテンツを生かし、アドベンチャートラベルの充実を図るとともに、家具産業や農業、食産業と連携した取組みにより多様な観光需要への対応や商品の高付加価値化に取り組み、「稼ぐ」観光地域づくりを進めることで、本圏域に人を呼び込み、地方創生の実現を目指す。',
    'まちの賑わい',
  ],
  [
    'あらゆる世代の働き手と地域中小企業を繋ぐ!“旭川圏トライアルワーク”連携支援プロジェクト',
    '職場体験やインターンシップの効果的な活用により、若年者、女性、シニア、障がい者等の多様な人材の就業・定着を促進し、圏域の労働力人口の維持・向上を目指す。',
    '多様な人材の活躍',
  ],
  [
    'ものづくり企業のデザイン力向上による持続可能な都市創造プロジェクト',
    'デザインの視点を生かした産業振興を進め、ものづくり企業の新製品開発や国内外の販路開拓を支援するとともに、デザイン経営を実践する人材を育成し、市場競争力を強化する。',
    '持続可能な産業構造',
  ],
  [
    '青少年ICTパークプロジェクト～eスポーツをきっかけにIT人材の育成と中心市街地の賑わい創出',
    'eスポーツを核とした中心市街地の賑わい創出とSociety5.0やAI、IoT社会の到来に対応していくためのICT人材の育成を目的に、eスポーツのトレーニングジムやプログラミング的思考体験ができる施設を運営する。',
    '地方拠点',
  ],
  [
    'ビジネスサポートセンターを核とした「しごと創生」事業',
    'ビジネスサポートセンターに新たにチーフディレクターを配置し、伴走型支援の強化を行うとともに、地元金融機関と連携した商談会開催及び出展支援、IoTによる課題解決の実施支援を行う。また、女性求職者の就労支援講座やUIターン希望者を対象とした個別相談会を開催し、地域への就職促進を行う。',
    '多様な人材の活躍',
  ],
  [
    'アドベンチャートラベル推進事業～地方における持続可能な世界一級の観光地域づくり～',
    'アドベンチャートラベルによる誘客を推進することで「稼ぐ力」を獲得し、観光客数と消費単価の増による経済波及効果の増大によって、所得や雇用環境を向上させ、持続可能な自立型の地域経済の実現を図る。',
    'まちの賑わい',
  ],
  [
    '地域・東京特別区交流推進事業',
    '首都圏をターゲットとした効果的なプロモーションを行うため、地域ファン受け入れ窓口(交流推進員)を東京都内に配置し、インフルエンサーを招聘した情報発信や地域産食材のPRや販売促進等を行い誘客促進を図る。',
    '市場のグローバル化',
  ],
];

/** ⑤ 指標: name, unit, 基準値, 目標値 and whether lower is better, as in the seeds. */
const KPIS: [string, string, number, number, boolean][] = [
  ['本事業を活用した商談成立数', '件', 0, 120, false],
  ['海外展開に向けた商品サービスの開発件数', '件', 0, 30, false],
  ['DMO圏域観光宿泊延数', '千泊', 530, 1400, false],
  ['一人当たり旅行消費額', '千円/人', 33, 75, false],
  ['就職数(「トライアルワーク事業」による)', '人', 0, 350, false],
  ['デザイン経営実践企業数', '社', 0, 150, false],
  ['情報通信業就職者数', '人', 0, 32, false],
  ['ビジネスサポートセンターの来所相談件数', '件', 1581, 2300, false],
  ['SNSの発信へのリアクション数', '回', 0, 30000, false],
  ['中心部の空き店舗数', '件', 48, 30, true],
];

/** ④ 事業名, 概要, 主な事業実績 and 予算額 (千円), as in the seeds. */
const BUDGET_LINES: [string, string, string, number][] = [
  [
    '戦略的国内外市場開拓推進費',
    '地場産業の競争力強化を目的に、道内の各市町村や支援機関等と連携して、大消費地やクローズマーケットなど国内外の多様な市場との連携強化を図るとともに、地域資源の磨き上げ支援やブランド化を推進することにより、地域産品の取引拡大及び販売機会創出を支援する。',
    '○オンライン等を活用した商談会の開催 商談参加企業実数:69者 成約数:84件\n○道外のスーパーマーケットや企業の福利厚生サービスを活用して物産展を開催した。 道外スーパーマーケットとの取引件数:4件\n○事業者の市場開拓に係る相談窓口を設置 ・訪問等件数:898件 ・相談件数:64件',
    9048,
  ],
  [
    '観光コンベンション協会補助金',
    '観光関連団体との連携により、オール体制の充実を図り、本市の観光振興に資するべく、観光コンベンション協会へ補助金を交付する。',
    '○学会会議や企業ミーティングを誘致するための開催支援補助の実施 312件',
    2000,
  ],
  [
    '観光プロモーション推進費',
    '経済発展とまちづくりに向けた本市の交流人口増大を図るため、他地域と連携しながら、観光客及び航空路線の誘致宣伝活動を推進する。',
    '○教育旅行等の誘致推進のためWebサイトやSNSの活用による情報発信体制の強化',
    4000,
  ],
  [
    'はたらく環境づくり支援費',
    '市内企業における働き方改革の周知・啓発、従業員の人材育成や新しい働き方による雇用の支援を実施する。',
    '①障害者活用ワークショップの開催 受講者23人\n②外国人材活用セミナーの開催 受講者24人\n③女性再就職支援セミナーの開催',
    786,
  ],
  [
    '地場産品開発・販路拡大支援費',
    '中小企業の新製品開発・研究や販路開拓の支援等の実施により、生産、販売、収益の拡大を通じて、域外からの外貨獲得を目指し、地域経済の活性化及び雇用の拡大を図る。',
    '中小企業の新製品開発や販路開拓の支援を行ったほか、道外展示会への出展を支援した。 支援件数:27件',
    13724,
  ],
  [
    'ICTパーク運営費',
    'eスポーツを核とした中心市街地の賑わい創出とICT人材の育成を目的に、eスポーツのトレーニングジムやプログラミング的思考体験ができる施設を運営する。',
    '○eスポーツを核とした賑わい創出(主なイベント:大会12回、体験会40回)\n○プログラミング的思考体験講座の開催 参加者1,204人',
    30000,
  ],
  [
    '若者地元定着促進費',
    '若年者の地域での就職を促進するため、企業情報提供サイトの運営、インターンシップ事業を実施する。',
    '○企業情報提供サイト掲載企業数 212社\n○インターンシップ参加学生数 96人',
    7469,
  ],
  [
    'まちなかしごとプラザ事業費',
    '市中心部において、ハローワーク等の関係機関と連携し、職業相談や職業紹介など、多様な就職支援を実施する。',
    '○職業相談件数 3,412件 ○就職者数 418人',
    13910,
  ],
];

const NARRATIVE =
  '当年度は中間目標を達成しており、事業終了時における目標値(KPI)も今後達成できる見込みであることから、本事業の取組は地方創生に効果があったと考えられる。';
const FACTORS = '関係機関との連携による相談体制の強化と、オンラインを活用した商談機会の創出が実績に結びついた。';
const MEASURES = '目標未達の指標については、ターゲットとなる市場を見直し、支援対象の掘り起こしを進める。';
const PANEL_OPINION =
  '中間目標を達成したことから事業が有効であると言えるものの、他地域をターゲットとして設定するなど、継続的な販路開拓に向け取り組んでいく必要がある。';
const POLICY_REASON =
  'コロナ禍で停滞していた経済活動が再開されてきた中、多様な市場との商談機会を創出することで、地域の稼ぐ力を向上させる。';

interface Step {
  step: string;
  sql: string;
}

/** Where the generator keeps what it works from: unlogged tables both of its connections see, dropped at the end. */
const SCRATCH = 'bench_scratch';

/** Tables loaded in bulk: their secondary indexes are dropped for the load and built again after it. */
const BULK_TABLES = [
  'audit_entries',
  'notifications',
  'report_revisions',
  'kpi_results',
  'budget_lines',
  'review_assignments',
  'result_reports',
  'report_comments',
  'kpi_definitions',
  'grant_projects',
];

/**
 * Writes the data into the migrated, empty database of `config`, as its owner role, on two connections: steps that do
 * not depend on each other run side by side. `writeEditions` writes the first edition of each published report once
 * the rest is in place, and says how many.
 */
export async function generateNationalData(
  config: AppConfig,
  sizes: NationalSizes,
  password: string,
  log: (line: string) => void,
  writeEditions: () => Promise<number>,
): Promise<GeneratedData> {
  const a = new Client({ connectionString: config.databaseOwnerUrl });
  const b = new Client({ connectionString: config.databaseOwnerUrl });
  await Promise.all([a.connect(), b.connect()]);
  const started = performance.now();
  const steps: GeneratedData['steps'] = [];
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const begun = performance.now();
    const result = await work();
    const seconds = (performance.now() - begun) / 1000;
    steps.push({ step, seconds });
    log(`  ${step.padEnd(52)} ${seconds.toFixed(1).padStart(6)} s`);
    return result;
  };
  const lane = (client: Client, list: Step[]) => async () => {
    for (const { step, sql } of list) await timed(step, () => client.query(sql));
  };
  const sideBySide = (...lanes: (() => Promise<void>)[]) => Promise.all(lanes.map((work) => work()));
  try {
    // A bulk load, not the app's transactions: no wait for the WAL flush, room for sorts and index builds.
    for (const session of [a, b])
      await session.query(
        `SET synchronous_commit = off; SET work_mem = '128MB'; SET maintenance_work_mem = '512MB';
         SET search_path = ${SCRATCH}, public`,
      );
    const passwordHash = await new PasswordHasher().hash(password);
    const indexes = await timed('drop secondary indexes of the bulk tables', () => dropIndexes(a));
    const step = relationalSteps(sizes, passwordHash);
    await lane(a, [step.helpers, step.organizations, step.people, step.projects, step.reports])();
    await sideBySide(lane(a, [step.parts, step.snapshots]), lane(b, [step.reviews, auditEventsStep(sizes)]));
    await sideBySide(lane(a, [step.revisions(0)]), lane(b, [step.revisions(1), notificationsStep(config.baseUrl)]));
    const auditMix = (
      await a.query<{ action: string; entries: number }>(
        `SELECT action, count(*)::int AS entries FROM bench_audit_events GROUP BY action ORDER BY entries DESC, action`,
      )
    ).rows;
    await timed(`audit entries: hashed in Node, ${SEAL_BATCH.toLocaleString('en')} a statement`, () => sealInto(a, b));
    await timed('drop the scratch tables', () => a.query(`DROP SCHEMA ${SCRATCH} CASCADE`));
    // The audit log's indexes on one connection, the others on the other: about even.
    const audit = indexes.filter((index) => index.table === 'audit_entries');
    const others = indexes.filter((index) => index.table !== 'audit_entries');
    await sideBySide(lane(a, audit.map(rebuild)), lane(b, others.map(rebuild)));
    await timed('editions of the published reports, by the app', writeEditions);
    // As a long-lived database is after autovacuum: statistics, and visibility maps for index-only scans.
    await sideBySide(
      lane(a, [{ step: 'VACUUM (ANALYZE) audit_entries', sql: 'VACUUM (ANALYZE) audit_entries' }]),
      lane(b, [{ step: 'VACUUM (ANALYZE) report_revisions', sql: 'VACUUM (ANALYZE) report_revisions' }]),
    );
    await lane(a, [{ step: 'VACUUM (ANALYZE) the rest', sql: 'VACUUM (ANALYZE)' }])();
    const tables = await a.query<{ table: string }>(
      `SELECT relname AS table FROM pg_stat_user_tables WHERE schemaname = 'public' AND n_live_tup > 0`,
    );
    const rows: Record<string, number> = {};
    for (const { table } of tables.rows)
      rows[table] = (
        await a.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM ${a.escapeIdentifier(table)}`)
      ).rows[0].rows;
    return {
      rows,
      auditMix,
      steps,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
}

interface DroppedIndex {
  table: string;
  name: string;
  definition: string;
}

/** The bulk tables' indexes that back no constraint (the primary keys and unique constraints stay), dropped. */
async function dropIndexes(client: Client): Promise<DroppedIndex[]> {
  const { rows } = await client.query<DroppedIndex>(
    `SELECT table_class.relname AS table, index_class.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class index_class ON index_class.oid = i.indexrelid
         JOIN pg_class table_class ON table_class.oid = i.indrelid
      WHERE table_class.relnamespace = 'public'::regnamespace AND table_class.relname = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY table_class.relname, index_class.relname`,
    [BULK_TABLES],
  );
  for (const { name } of rows) await client.query(`DROP INDEX public.${client.escapeIdentifier(name)}`);
  return rows;
}

function rebuild({ table, name, definition }: DroppedIndex): Step {
  return { step: `index ${table}.${name}`.slice(0, 52), sql: definition };
}

/**
 * One deterministic choice: `pick(key, n)` is in 0..n-1, the same for the same key. `uid(key)` is a version-4-shaped
 * uuid of the key, so rows can name each other's ids without looking them up.
 */
const HELPERS = `
  CREATE SCHEMA ${SCRATCH};
  CREATE FUNCTION ${SCRATCH}.pick(key text, n int) RETURNS int LANGUAGE sql IMMUTABLE
    AS $$ SELECT ((hashtextextended(key, 16) & 9223372036854775807) % n)::int $$;
  CREATE FUNCTION ${SCRATCH}.uid(key text) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT overlay(overlay(md5(key) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$;
  CREATE FUNCTION ${SCRATCH}.user_id(organization int, k int) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT ${SCRATCH}.uid('user:' || organization || ':' || k) $$;
  CREATE FUNCTION ${SCRATCH}.at(year int, days int, key text) RETURNS timestamptz LANGUAGE sql STABLE
    AS $$ SELECT make_timestamptz(year, 4, 10, 9, 0, 0, 'Asia/Tokyo') + days * interval '1 day'
       + ${SCRATCH}.pick(key, 10 * 24 * 60 * 60 * 1000) * interval '1 millisecond' $$;
`;

/**
 * The report workflow as the app walks it, one row per step: the audit action, the lowest status (as a rank, draft 0 …
 * published 6) a report must have reached to have taken it, the flag of an optional step, the status before and after,
 * who takes it, and whether it saves a revision.
 */
const STEPS = `
  CREATE UNLOGGED TABLE g_step (ord int, action text, min_rank int, flag text, status_before text, status_after text, actor text, revision boolean);
  INSERT INTO g_step VALUES
    (1, 'report.created', 0, NULL, NULL, 'draft', 'owner', true),
    (2, 'report.edited', 0, 'edited', 'draft', 'draft', 'owner', true),
    (3, 'report.submitted', 1, 'returned', 'draft', 'submitted', 'owner', true),
    (4, 'report.returned', 1, 'returned', 'submitted', 'draft', 'planning1', true),
    (5, 'report.edited', 1, 'returned', 'draft', 'draft', 'owner', true),
    (6, 'report.submitted', 1, NULL, 'draft', 'submitted', 'owner', true),
    (7, 'report.accepted', 2, NULL, 'submitted', 'in_expert_review', 'planning1', true),
    (8, 'opinion.entered', 3, NULL, NULL, NULL, 'expert1', false),
    (9, 'question.asked', 3, 'questioned', NULL, NULL, 'expert2', false),
    (10, 'question.answered', 3, 'questioned', NULL, NULL, 'owner', false),
    (11, 'opinion.entered', 3, NULL, NULL, NULL, 'expert2', false),
    (12, 'report.evaluated', 3, NULL, 'in_expert_review', 'evaluated', 'planning1', true),
    (13, 'policy.proposed', 4, NULL, 'evaluated', 'decision_proposed', 'planning1', true),
    (14, 'policy.approved', 5, NULL, 'decision_proposed', 'decided', 'planning2', true),
    (15, 'report.published', 6, NULL, 'decided', 'published', 'planning1', true);
`;

const STATUSES = `ARRAY['draft', 'submitted', 'in_expert_review', 'evaluated', 'decision_proposed', 'decided', 'published']`;

function relationalSteps({ organizations, reports }: NationalSizes, passwordHash: string) {
  const years = LAST_YEAR - FIRST_YEAR + 1;
  return {
    helpers: {
      step: 'helpers and texts',
      sql: `${HELPERS} ${STEPS}
        CREATE UNLOGGED TABLE g_theme AS SELECT n - 1 AS n, name, overview, policy_area
          FROM unnest(${texts(THEMES.map((theme) => theme[0]))}, ${texts(THEMES.map((theme) => theme[1]))},
            ${texts(THEMES.map((theme) => theme[2]))}) WITH ORDINALITY AS t(name, overview, policy_area, n);
        CREATE UNLOGGED TABLE g_kpi AS SELECT n - 1 AS n, name, unit, baseline, target, lower
          FROM unnest(${texts(KPIS.map((kpi) => kpi[0]))}, ${texts(KPIS.map((kpi) => kpi[1]))},
            ARRAY[${KPIS.map((kpi) => kpi[2]).join(', ')}]::numeric[], ARRAY[${KPIS.map((kpi) => kpi[3]).join(', ')}]::numeric[],
            ARRAY[${KPIS.map((kpi) => kpi[4]).join(', ')}]::boolean[]) WITH ORDINALITY AS t(name, unit, baseline, target, lower, n);
        CREATE UNLOGGED TABLE g_line AS SELECT n - 1 AS n, name, summary, results, budget
          FROM unnest(${texts(BUDGET_LINES.map((line) => line[0]))}, ${texts(BUDGET_LINES.map((line) => line[1]))},
            ${texts(BUDGET_LINES.map((line) => line[2]))}, ARRAY[${BUDGET_LINES.map((line) => line[3]).join(', ')}]::int[])
            WITH ORDINALITY AS t(name, summary, results, budget, n);`,
    },
    organizations: {
      step: `${organizations.toLocaleString('en')} organizations`,
      // Valid 地方公共団体コード (prefecture, a town number from 300, the modulus-11 check digit); the first is 旭川市.
      sql: `
        CREATE UNLOGGED TABLE g_org AS
        WITH o AS (SELECT i, 1.0 / (i + 20) AS w FROM generate_series(0, ${organizations - 1}) AS i),
          total AS (SELECT sum(w) AS w FROM o),
          coded AS (
            SELECT i, lpad((1 + (i - 1) % 47)::text, 2, '0') || (300 + (i - 1) / 47)::text AS five FROM o WHERE i > 0
          )
        SELECT o.i, ${SCRATCH}.uid('organization:' || o.i) AS id,
          greatest(1, round(${reports} * o.w / total.w))::int AS quota,
          CASE WHEN o.i = 0 THEN '${MEASURED_CODE}' ELSE coded.five || ((CASE WHEN s.s % 11 <= 1 THEN 0 ELSE 11 - s.s % 11 END) % 10)::text END AS code,
          CASE WHEN o.i = 0 THEN '旭川市'
            ELSE (${texts(PREFECTURES)})[1 + (o.i - 1) % 47] || 'モデル' || (1 + (o.i - 1) / 47) || (ARRAY['市', '町', '村'])[1 + ${SCRATCH}.pick('kind:' || o.i, 3)] END AS name,
          timestamptz '2016-04-01 09:00+09' + ${SCRATCH}.pick('onboarded:' || o.i, 60) * interval '1 day' AS onboarded
        FROM o CROSS JOIN total LEFT JOIN coded USING (i)
          LEFT JOIN LATERAL (SELECT substr(five, 1, 1)::int * 6 + substr(five, 2, 1)::int * 5 + substr(five, 3, 1)::int * 4
            + substr(five, 4, 1)::int * 3 + substr(five, 5, 1)::int * 2 AS s) AS s ON true;
        UPDATE g_org SET quota = quota + (${reports} - (SELECT sum(quota) FROM g_org)) WHERE i = 0;
        ALTER TABLE g_org ADD departments int, ADD experts int;
        UPDATE g_org SET departments = 3 + (quota > 60)::int + (quota > 150)::int + (quota > 400)::int + (quota > 800)::int,
          experts = 3 + (quota > 200)::int + (quota > 600)::int;
        INSERT INTO organizations (id, name, local_government_code, created_at, updated_at)
        SELECT id, name, code, onboarded, onboarded FROM g_org ORDER BY onboarded, i;`,
    },
    people: {
      step: 'departments, users, memberships, cycles',
      sql: `
        CREATE UNLOGGED TABLE g_dept AS
        SELECT o.i AS org, d, ${SCRATCH}.uid('department:' || o.i || ':' || d) AS id, o.id AS organization_id,
          (${texts(DEPARTMENTS)})[d + 1] AS name, o.onboarded + interval '1 minute' + d * interval '1 second' AS created_at
        FROM g_org o, generate_series(0, o.departments - 1) AS d;
        INSERT INTO departments (id, organization_id, name, created_at, updated_at)
        SELECT id, organization_id, name, created_at, created_at FROM g_dept ORDER BY created_at;
        CREATE UNLOGGED TABLE g_user AS
        SELECT o.i AS org, u.k, ${SCRATCH}.user_id(o.i, u.k) AS id, o.id AS organization_id, u.role,
          CASE WHEN u.department IS NOT NULL THEN ${SCRATCH}.uid('department:' || o.i || ':' || u.department) END AS department_id,
          u.local || '@' || o.code || '.example.jp' AS email, o.name || ' ' || u.label AS display_name,
          o.onboarded + CASE WHEN u.k = 0 THEN interval '0' ELSE interval '2 minutes' + u.k * interval '1 second' END AS created_at
        FROM g_org o, LATERAL (
          SELECT 0 AS k, 'administrator' AS role, NULL::int AS department, 'admin' AS local, 'システム管理者' AS label
          UNION ALL SELECT 1, 'planning_division', NULL, 'planning1', '企画政策課 担当'
          UNION ALL SELECT 2, 'planning_division', NULL, 'planning2', '企画政策課 承認者'
          UNION ALL SELECT 10 + d, 'project_owner', d, 'owner' || d, '事業担当課 ' || (d + 1) FROM generate_series(0, o.departments - 1) AS d
          UNION ALL SELECT 100 + e, 'external_expert', NULL, 'expert' || e, '外部有識者 ' || (e + 1) FROM generate_series(0, o.experts - 1) AS e
        ) AS u;
        INSERT INTO users (id, email, display_name, password_hash, created_at, updated_at)
        SELECT id, email, display_name, ${literal(passwordHash)}, created_at, created_at FROM g_user ORDER BY created_at;
        INSERT INTO memberships (user_id, organization_id, role, department_id, created_at, updated_at)
        SELECT id, organization_id, role::role, department_id, created_at, created_at FROM g_user ORDER BY created_at;
        INSERT INTO fiscal_year_cycles (organization_id, fiscal_year, submission_due_date, review_due_date, status, opened_by, closed_at, created_at, updated_at)
        SELECT o.id, y, make_date(y + 1, 6, 30), make_date(y + 1, 8, 31),
          CASE WHEN y < ${LAST_YEAR} THEN 'closed' ELSE 'open' END::cycle_status, ${SCRATCH}.user_id(o.i, 0),
          CASE WHEN y < ${LAST_YEAR} THEN make_timestamptz(y + 1, 12, 1, 9, 0, 0, 'Asia/Tokyo') END,
          make_timestamptz(y + 1, 4, 1, 9, 0, 0, 'Asia/Tokyo'), make_timestamptz(y + 1, 4, 1, 9, 0, 0, 'Asia/Tokyo')
        FROM g_org o, generate_series(${FIRST_YEAR}, ${LAST_YEAR}) AS y ORDER BY y, o.i;`,
    },
    projects: {
      step: 'projects and their KPIs',
      // Each organization takes projects until its share of reports is reached; a project reports each fiscal year of
      // its plan inside the ten years (its last one fewer when the share runs out).
      sql: `
        CREATE UNLOGGED TABLE g_project AS
        WITH c AS (
          SELECT o.i AS org, o.id AS organization_id, o.quota, o.departments, o.onboarded, j,
            3 + ${SCRATCH}.pick('length:' || o.i || ':' || j, 3) AS length,
            ${FIRST_YEAR - 2} + ${SCRATCH}.pick('start:' || o.i || ':' || j, ${years + 2}) AS start
          FROM g_org o, generate_series(0, o.quota - 1) AS j
        ), n AS (
          SELECT c.*, least(start + length - 1, ${LAST_YEAR}) - greatest(start, ${FIRST_YEAR}) + 1 AS years FROM c
        ), cumulative AS (
          SELECT n.*, coalesce(sum(years) OVER (PARTITION BY org ORDER BY j ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
          FROM n
        )
        SELECT org, organization_id, j, start, start + length - 1 AS finish, least(years, quota - before)::int AS reports,
          ${SCRATCH}.uid('project:' || org || ':' || j) AS id,
          ${SCRATCH}.pick('department:' || org || ':' || j, departments) AS department,
          ${SCRATCH}.pick('theme:' || org || ':' || j, ${THEMES.length}) AS theme,
          2 + ${SCRATCH}.pick('kpis:' || org || ':' || j, 3) AS kpis,
          CASE WHEN start >= 2025 THEN 'new_regional_economy'
            WHEN start >= 2022 THEN (ARRAY['digital_garden_city', 'digital_garden_city', 'digital_garden_city', 'base_development', 'corporate_hometown_tax'])[1 + ${SCRATCH}.pick('grant:' || org || ':' || j, 5)]
            ELSE (ARRAY['promotion', 'promotion', 'promotion', 'promotion', 'base_development', 'telework', 'corporate_hometown_tax'])[1 + ${SCRATCH}.pick('grant:' || org || ':' || j, 7)]
          END AS grant_type_code,
          greatest(make_timestamptz(greatest(start, ${FIRST_YEAR}), 3, 1, 10, 0, 0, 'Asia/Tokyo'), onboarded + interval '1 day')
            + ${SCRATCH}.pick('created:' || org || ':' || j, 28 * 24 * 60) * interval '1 minute' AS created_at
        FROM cumulative WHERE before < quota;
        INSERT INTO grant_projects (id, organization_id, department_id, project_number, name, grant_type_code,
          plan_start_fiscal_year, plan_end_fiscal_year, overview, joint_application_note, partner_municipalities, policy_area,
          version, created_at, updated_at)
        SELECT p.id, p.organization_id, ${SCRATCH}.uid('department:' || p.org || ':' || p.department), (p.j + 1)::text, t.name,
          p.grant_type_code, p.start, p.finish, t.overview,
          CASE WHEN ${SCRATCH}.pick('joint:' || p.id, 20) = 0 THEN '【北海道共同申請】' END,
          CASE WHEN ${SCRATCH}.pick('partners:' || p.id, 10) = 0 THEN ARRAY['鷹栖町', '東神楽町', '東川町'] ELSE '{}' END,
          t.policy_area, 1, p.created_at, p.created_at
        FROM g_project p JOIN g_theme t ON t.n = p.theme ORDER BY p.created_at;
        CREATE UNLOGGED TABLE g_kpi_def AS
        SELECT p.id AS project_id, k AS "position", kpi.name, kpi.unit, kpi.baseline,
          CASE WHEN kpi.lower THEN kpi.target ELSE round(kpi.target * (4 + ${SCRATCH}.pick('target:' || p.id || ':' || k, 5)) / 4) END AS target,
          (p.finish + 1) || '-03' AS target_year_month,
          CASE WHEN kpi.lower THEN 'lower_is_better' ELSE 'higher_is_better' END AS direction
        FROM g_project p CROSS JOIN LATERAL generate_series(1, p.kpis) AS k
          JOIN g_kpi kpi ON kpi.n = ${SCRATCH}.pick('kpi:' || p.id || ':' || k, ${KPIS.length});
        INSERT INTO kpi_definitions (project_id, "position", name, baseline, target, unit, target_year_month, direction)
        SELECT project_id, "position", name, baseline, target, unit, target_year_month, direction::kpi_direction FROM g_kpi_def;
        CREATE UNLOGGED TABLE g_project_kpis AS
        SELECT project_id, jsonb_agg(jsonb_build_object('position', "position", 'name', name, 'baseline', baseline,
          'target', target, 'unit', unit, 'targetYearMonth', target_year_month, 'direction', direction) ORDER BY "position") AS kpis
        FROM g_kpi_def GROUP BY project_id;`,
    },
    reports: {
      step: `${reports.toLocaleString('en')} reports and their workflow steps`,
      // Years before the last are published; the last is spread over the workflow as a year in verification is.
      sql: `
        CREATE UNLOGGED TABLE g_report AS
        SELECT p.org, p.organization_id, p.id AS project_id, p.j, p.department, p.kpis, p.start, p.finish, y AS year,
          ${SCRATCH}.uid('report:' || p.id || ':' || y) AS id,
          CASE WHEN y < ${LAST_YEAR} THEN 6 ELSE (
            SELECT count(*) FROM unnest(ARRAY[8, 16, 30, 44, 54, 70]) AS bound
            WHERE ${SCRATCH}.pick('status:' || p.id || ':' || y, 100) >= bound)::int END AS rank,
          ${SCRATCH}.pick('edited:' || p.id || ':' || y, 100) < 20 AS edited,
          ${SCRATCH}.pick('returned:' || p.id || ':' || y, 100) < 4 AS returned,
          ${SCRATCH}.pick('questioned:' || p.id || ':' || y, 100) < 5 AS questioned,
          ${SCRATCH}.pick('expert:' || p.id || ':' || y, o.experts) AS expert1, o.experts
        FROM g_project p JOIN g_org o ON o.i = p.org,
          generate_series(greatest(p.start, ${FIRST_YEAR}), greatest(p.start, ${FIRST_YEAR}) + p.reports - 1) AS y;
        ALTER TABLE g_report ADD expert2 int;
        UPDATE g_report SET expert2 = (expert1 + 1 + ${SCRATCH}.pick('expert2:' || id, experts - 1)) % experts;
        CREATE UNLOGGED TABLE g_report_step AS
        SELECT r.id AS report_id, r.org, r.organization_id, r.year, s.*,
          count(*) FILTER (WHERE s.revision) OVER (PARTITION BY r.id ORDER BY s.ord) AS version,
          ${SCRATCH}.at(r.year + 1, s.ord * 12, 'at:' || r.id || ':' || s.ord) AS at,
          CASE s.actor WHEN 'owner' THEN ${SCRATCH}.user_id(r.org, 10 + r.department)
            WHEN 'planning1' THEN ${SCRATCH}.user_id(r.org, 1) WHEN 'planning2' THEN ${SCRATCH}.user_id(r.org, 2)
            WHEN 'expert1' THEN ${SCRATCH}.user_id(r.org, 100 + r.expert1) ELSE ${SCRATCH}.user_id(r.org, 100 + r.expert2) END AS actor_id
        FROM g_report r JOIN g_step s ON s.min_rank <= r.rank AND (s.flag IS NULL OR (s.flag = 'edited' AND r.edited)
          OR (s.flag = 'returned' AND r.returned) OR (s.flag = 'questioned' AND r.questioned));
        CREATE UNLOGGED TABLE g_report_time AS
        SELECT report_id, min(at) AS created_at, max(at) AS updated_at, max(version) AS version,
          max(at) FILTER (WHERE action = 'report.accepted') AS accepted_at,
          max(at) FILTER (WHERE action = 'policy.proposed') AS proposed_at,
          max(at) FILTER (WHERE action = 'policy.approved') AS approved_at,
          max(at) FILTER (WHERE action = 'report.published') AS published_at,
          min(at) FILTER (WHERE action = 'opinion.entered') AS opinion1_at,
          max(at) FILTER (WHERE action = 'opinion.entered') AS opinion2_at,
          max(at) FILTER (WHERE action = 'report.returned') AS returned_at,
          max(at) FILTER (WHERE action = 'question.asked') AS asked_at,
          max(at) FILTER (WHERE action = 'question.answered') AS answered_at
        FROM g_report_step GROUP BY report_id;
        INSERT INTO result_reports (id, organization_id, project_id, fiscal_year, status, actual_as_of,
          effect_level, effect_narrative, effect_level_reason, result_factors, improvement_measures, previous_policy_follow_up,
          previous_decision, effect_close_threshold, panel_rating, panel_opinion, policy_decision, policy_reason,
          created_by, updated_by, version, proposed_by, proposed_at, approved_by, approved_at, published_at, created_at, updated_at)
        SELECT r.id, r.organization_id, r.project_id, r.year, (${STATUSES})[r.rank + 1]::report_status, (r.year + 1) || '-03',
          CASE WHEN r.rank >= 1 THEN (ARRAY['very_effective', 'considerably_effective', 'effective', 'effective', 'not_effective'])[1 + ${SCRATCH}.pick('effect:' || r.id, 5)]::effect_level END,
          CASE WHEN r.rank >= 1 THEN ${literal(NARRATIVE)} ELSE '' END, '',
          CASE WHEN r.rank >= 1 THEN ${literal(FACTORS)} ELSE '' END,
          CASE WHEN r.rank >= 1 THEN ${literal(MEASURES)} ELSE '' END,
          CASE WHEN r.rank >= 1 AND r.year > r.start THEN '前年度の方針に基づき、事業を継続して実施した。' ELSE '' END,
          CASE WHEN r.rank >= 1 AND r.year > greatest(r.start, ${FIRST_YEAR}) THEN jsonb_build_object('fiscalYear', r.year - 1,
            'decision', 'continue', 'label', '事業の継続', 'reason', ${literal(POLICY_REASON)}) END,
          CASE WHEN r.rank >= 1 THEN 0.8 END,
          CASE WHEN r.rank >= 3 THEN (ARRAY['very_effective', 'considerably_effective', 'effective', 'effective', 'not_effective'])[1 + ${SCRATCH}.pick('panel:' || r.id, 5)]::panel_rating END,
          CASE WHEN r.rank >= 3 THEN ${literal(PANEL_OPINION)} ELSE '' END,
          CASE WHEN r.rank >= 4 THEN (CASE WHEN r.year >= r.finish THEN 'end' ELSE (ARRAY['continue', 'continue', 'continue', 'expand', 'revise'])[1 + ${SCRATCH}.pick('policy:' || r.id, 5)] END)::policy_decision END,
          CASE WHEN r.rank >= 4 THEN ${literal(POLICY_REASON)} ELSE '' END,
          ${SCRATCH}.user_id(r.org, 10 + r.department), ${SCRATCH}.user_id(r.org, CASE WHEN r.rank >= 2 THEN 1 ELSE 10 + r.department END),
          t.version, CASE WHEN r.rank >= 4 THEN ${SCRATCH}.user_id(r.org, 1) END, t.proposed_at,
          CASE WHEN r.rank >= 5 THEN ${SCRATCH}.user_id(r.org, 2) END, t.approved_at, t.published_at, t.created_at, t.updated_at
        FROM g_report r JOIN g_report_time t ON t.report_id = r.id ORDER BY t.created_at;`,
    },
    parts: {
      step: 'budget lines, KPI results, plan copies',
      // Their triggers refuse parts of a published report; the reports were written in their final state here, so the
      // triggers are off for the load (the owner's right) and on again after it.
      sql: `
        ALTER TABLE budget_lines DISABLE TRIGGER USER;
        ALTER TABLE kpi_results DISABLE TRIGGER USER;
        ALTER TABLE report_plans DISABLE TRIGGER USER;
        INSERT INTO budget_lines (report_id, "position", name, summary, results, budget_amount, budget_grant_amount, actual_amount, actual_grant_amount)
        SELECT r.id, line, l.name, l.summary, l.results, b.budget, b.budget / 2,
          CASE WHEN r.rank >= 1 THEN b.actual END, CASE WHEN r.rank >= 1 THEN b.actual / 2 END
        FROM g_report r JOIN g_report_time t ON t.report_id = r.id
          CROSS JOIN LATERAL generate_series(0, ${SCRATCH}.pick('lines:' || r.project_id, 4)) AS line
          JOIN g_line l ON l.n = ${SCRATCH}.pick('line:' || r.project_id || ':' || line, ${BUDGET_LINES.length}),
          LATERAL (SELECT l.budget * (80 + ${SCRATCH}.pick('budget:' || r.id || ':' || line, 41)) / 100 AS budget) AS a,
          LATERAL (SELECT a.budget AS budget, a.budget * (70 + ${SCRATCH}.pick('actual:' || r.id || ':' || line, 31)) / 100 AS actual) AS b
        ORDER BY t.created_at, line;
        INSERT INTO kpi_results (report_id, "position", latest_value, latest_as_of, is_reference, yearly_actuals)
        SELECT r.id, k."position",
          CASE WHEN r.rank >= 1 OR ${SCRATCH}.pick('measured:' || r.id, 2) = 0 THEN round(k.baseline + (k.target - k.baseline)
            * (r.year - r.start + 1) / (r.finish - r.start + 1) * (60 + ${SCRATCH}.pick('progress:' || r.id || ':' || k."position", 71)) / 100) END,
          (r.year + 1) || '-0' || (3 + ${SCRATCH}.pick('as-of:' || r.id, 4)),
          ${SCRATCH}.pick('reference:' || r.id || ':' || k."position", 20) = 0, '[]'
        FROM g_report r JOIN g_report_time t ON t.report_id = r.id JOIN g_kpi_def k ON k.project_id = r.project_id
        ORDER BY t.created_at, k."position";
        INSERT INTO report_plans (report_id, organization_id, project_number, name, department_id, department_name, grant_type_code,
          grant_type_label, plan_start_fiscal_year, plan_end_fiscal_year, overview, joint_application_note, partner_municipalities,
          policy_area, kpis, created_at, updated_at)
        SELECT r.id, p.organization_id, p.project_number, p.name, p.department_id, d.name, p.grant_type_code, g.label,
          p.plan_start_fiscal_year, p.plan_end_fiscal_year, p.overview, p.joint_application_note, p.partner_municipalities,
          p.policy_area, pk.kpis, t.created_at, t.updated_at
        FROM g_report r JOIN g_report_time t ON t.report_id = r.id JOIN grant_projects p ON p.id = r.project_id
          JOIN departments d ON d.id = p.department_id JOIN grant_types g ON g.code = p.grant_type_code
          JOIN g_project_kpis pk ON pk.project_id = p.id
        ORDER BY t.created_at;
        ALTER TABLE budget_lines ENABLE TRIGGER USER;
        ALTER TABLE kpi_results ENABLE TRIGGER USER;
        ALTER TABLE report_plans ENABLE TRIGGER USER;`,
    },
    snapshots: {
      step: 'every report as a snapshot (for its revisions)',
      sql: `
        CREATE UNLOGGED TABLE g_snapshot AS
        WITH lines AS (
          SELECT report_id, jsonb_agg(jsonb_build_object('name', name, 'summary', summary, 'results', results,
            'budgetAmount', budget_amount, 'budgetGrantAmount', budget_grant_amount, 'actualAmount', actual_amount,
            'actualGrantAmount', actual_grant_amount) ORDER BY "position") AS lines
          FROM budget_lines GROUP BY report_id
        ), results AS (
          SELECT report_id, jsonb_agg(jsonb_build_object('position', "position", 'latestValue', latest_value,
            'latestAsOf', latest_as_of, 'isReference', is_reference, 'yearlyActuals', yearly_actuals) ORDER BY "position") AS results
          FROM kpi_results GROUP BY report_id
        )
        SELECT r.id AS report_id, r.organization_id, jsonb_build_object(
          'fiscalYear', r.fiscal_year, 'actualAsOf', r.actual_as_of,
          'project', jsonb_build_object('name', plan.name, 'overview', plan.overview, 'projectNumber', plan.project_number,
            'departmentId', plan.department_id, 'grantTypeCode', plan.grant_type_code, 'policyArea', plan.policy_area,
            'planStartFiscalYear', plan.plan_start_fiscal_year, 'planEndFiscalYear', plan.plan_end_fiscal_year,
            'jointApplicationNote', plan.joint_application_note, 'partnerMunicipalities', plan.partner_municipalities, 'kpis', plan.kpis),
          'budgetLines', lines.lines, 'kpiResults', results.results,
          'effectLevel', r.effect_level, 'effectNarrative', r.effect_narrative, 'resultFactors', r.result_factors,
          'improvementMeasures', r.improvement_measures, 'panelRating', r.panel_rating, 'panelOpinion', r.panel_opinion,
          'policyDecision', r.policy_decision, 'policyReason', r.policy_reason) AS snapshot
        FROM result_reports r JOIN report_plans plan ON plan.report_id = r.id
          LEFT JOIN lines ON lines.report_id = r.id LEFT JOIN results ON results.report_id = r.id;`,
    },
    // The revisions are most of the work (a snapshot of the whole report each): half on each connection.
    revisions: (half: number): Step => ({
      step: `revisions, half ${half + 1} of 2`,
      sql: `
        INSERT INTO report_revisions (organization_id, report_id, version, snapshot, changed_by, changed_at)
        SELECT s.organization_id, s.report_id, s.version, g.snapshot || jsonb_build_object('status', s.status_after), s.actor_id, s.at
        FROM g_report_step s JOIN g_snapshot g ON g.report_id = s.report_id
        WHERE s.revision AND ${SCRATCH}.pick('half:' || s.report_id, 2) = ${half};`,
    }),
    reviews: {
      step: 'review assignments and comments',
      sql: `
        INSERT INTO review_assignments (id, organization_id, report_id, expert_user_id, due_date, status, assigned_by, responded_at,
          rating, opinion, opinion_submitted_at, conflict_of_interest, created_at, updated_at)
        SELECT ${SCRATCH}.uid('assignment:' || r.id || ':' || e.n), r.organization_id, r.id, ${SCRATCH}.user_id(r.org, 100 + e.expert),
          (t.accepted_at + interval '30 days')::date, 'accepted'::assignment_status, ${SCRATCH}.user_id(r.org, 1), t.accepted_at + interval '1 day',
          CASE WHEN r.rank >= 3 THEN (ARRAY['very_effective', 'considerably_effective', 'effective', 'effective', 'not_effective'])[1 + ${SCRATCH}.pick('rating:' || r.id || ':' || e.n, 5)]::panel_rating END,
          CASE WHEN r.rank >= 3 THEN ${literal(PANEL_OPINION)} ELSE '' END,
          CASE WHEN r.rank >= 3 THEN CASE e.n WHEN 1 THEN t.opinion1_at ELSE t.opinion2_at END END,
          'none'::conflict_of_interest, t.accepted_at, coalesce(CASE e.n WHEN 1 THEN t.opinion1_at ELSE t.opinion2_at END, t.accepted_at + interval '1 day')
        FROM g_report r JOIN g_report_time t ON t.report_id = r.id,
          LATERAL (VALUES (1, r.expert1), (2, r.expert2)) AS e(n, expert)
        WHERE r.rank >= 2 ORDER BY t.accepted_at, e.n;
        INSERT INTO report_comments (id, organization_id, report_id, kind, parent_id, author_user_id, body, created_at, updated_at)
        SELECT ${SCRATCH}.uid('comment:' || r.id || ':' || c.kind), r.organization_id, r.id, c.kind::comment_kind,
          CASE WHEN c.kind = 'answer' THEN ${SCRATCH}.uid('comment:' || r.id || ':question') END, c.author, c.body, c.at, c.at
        FROM g_report r JOIN g_report_time t ON t.report_id = r.id,
          LATERAL (VALUES
            ('return', ${SCRATCH}.user_id(r.org, 1), '④の実績額と合計が一致していません。確認のうえ再提出してください。', t.returned_at),
            ('question', ${SCRATCH}.user_id(r.org, 100 + r.expert2), 'KPI②の実績が目標を下回った要因を教えてください。', t.asked_at),
            ('answer', ${SCRATCH}.user_id(r.org, 10 + r.department), '海外向け商談会の中止が主な要因です。次年度は国内の代替市場を開拓します。', t.answered_at)
          ) AS c(kind, author, body, at)
        WHERE c.at IS NOT NULL ORDER BY c.at;`,
    },
  } satisfies Record<string, Step | ((half: number) => Step)>;
}

/**
 * Who the workflow's steps tell (the catalogue's audiences, the person who caused the event left out), one row per
 * notification of a step: its kind, which of the step's events it is (one per expert where the app sends one each),
 * its reader, minutes after the step it is delivered, its title's tag, and who caused it when not the step's actor
 * (each expert accepts their own request).
 */
const NOTICES: [number, string, number, string, number, string, string | null][] = [
  [3, 'report.submitted', 0, 'planning1', 0, '提出', null],
  [3, 'report.submitted', 0, 'planning2', 0, '提出', null],
  [4, 'report.returned', 0, 'owner', 0, '差戻し', null],
  [6, 'report.submitted', 0, 'planning1', 0, '提出', null],
  [6, 'report.submitted', 0, 'planning2', 0, '提出', null],
  [7, 'expert.assigned', 1, 'expert1', 0, '意見照会', null],
  [7, 'expert.assigned', 2, 'expert2', 0, '意見照会', null],
  [7, 'assignment.accepted', 1, 'planning1', 1440, '引受け', 'expert1'],
  [7, 'assignment.accepted', 1, 'planning2', 1440, '引受け', 'expert1'],
  [7, 'assignment.accepted', 2, 'planning1', 1500, '引受け', 'expert2'],
  [7, 'assignment.accepted', 2, 'planning2', 1500, '引受け', 'expert2'],
  [8, 'opinion.entered', 0, 'planning1', 0, '意見入力', null],
  [8, 'opinion.entered', 0, 'planning2', 0, '意見入力', null],
  [9, 'question.asked', 0, 'owner', 0, '質問', null],
  [10, 'question.answered', 0, 'expert2', 0, '回答', null],
  [11, 'opinion.entered', 0, 'planning1', 0, '意見入力', null],
  [11, 'opinion.entered', 0, 'planning2', 0, '意見入力', null],
  [11, 'review.ready', 0, 'planning1', 1, '意見そろい', null],
  [11, 'review.ready', 0, 'planning2', 1, '意見そろい', null],
  [12, 'report.evaluated', 0, 'owner', 0, '評価', null],
  [13, 'proposal.awaiting_approval', 0, 'planning2', 0, '承認依頼', null],
  [14, 'report.decided', 0, 'owner', 0, '方針決定', null],
  [14, 'report.decided', 0, 'expert1', 0, '方針決定', null],
  [14, 'report.decided', 0, 'expert2', 0, '方針決定', null],
  [15, 'report.published', 0, 'owner', 0, '公表', null],
  [15, 'report.published', 0, 'expert1', 0, '公表', null],
  [15, 'report.published', 0, 'expert2', 0, '公表', null],
];

/** The kinds above that ask their reader to act (要対応): settled by the report's next step. */
const ACTION_NOTICES = [
  'report.submitted',
  'report.returned',
  'expert.assigned',
  'question.asked',
  'review.ready',
  'proposal.awaiting_approval',
];

/**
 * Every in-app notification the reports' workflow steps wrote, about 22 a published report (13 to the planning
 * division, 3 to the owning department, 3 to each expert): a 要対応 one is settled, and read, by the report's next step
 * (unless read before); an お知らせ is read within three days, one in ten never. What the last year's reports still wait
 * for stays open.
 */
function notificationsStep(baseUrl: string): Step {
  const rows = NOTICES.map(
    ([ord, kind, event, reader, minutes, tag, by]) =>
      `(${ord}, '${kind}', ${event}, '${reader}', ${minutes}, '${tag}', ${by ? `'${by}'` : 'NULL'})`,
  );
  return {
    step: 'notifications of the workflow steps',
    sql: `
      CREATE UNLOGGED TABLE g_notice (ord int, kind text, event int, reader text, minutes int, tag text, actor text);
      INSERT INTO g_notice VALUES ${rows.join(', ')};
      INSERT INTO notifications (outbox_event_id, organization_id, user_id, type, audience_roles, audience_department_id,
        report_id, title, body, link, created_at, read_at, settled_at)
      SELECT n.event_id, n.organization_id, n.user_id, n.kind, n.roles::role[], n.department_id, n.report_id, n.title,
        n.body, n.link, n.at, CASE
          WHEN n.action THEN least(n.settled_at, CASE WHEN ${SCRATCH}.pick('read:' || n.event_id || n.reader, 2) = 0
            THEN n.at + ${SCRATCH}.pick('read-after:' || n.event_id || n.reader, 48 * 60) * interval '1 minute' END)
          WHEN ${SCRATCH}.pick('read:' || n.event_id || n.reader, 10) > 0
            THEN n.at + ${SCRATCH}.pick('read-after:' || n.event_id || n.reader, 72 * 60) * interval '1 minute'
        END, n.settled_at
      FROM (
        SELECT ${SCRATCH}.uid('event:' || s.report_id || ':' || s.ord || ':' || g.kind || ':' || g.event) AS event_id,
          s.organization_id, s.report_id, g.kind, g.reader, g.kind = ANY (${texts(ACTION_NOTICES)}) AS action,
          ${SCRATCH}.user_id(r.org, CASE g.reader WHEN 'planning1' THEN 1 WHEN 'planning2' THEN 2
            WHEN 'owner' THEN 10 + r.department WHEN 'expert1' THEN 100 + r.expert1 ELSE 100 + r.expert2 END) AS user_id,
          CASE WHEN g.reader LIKE 'planning%' THEN '{planning_division}' WHEN g.reader = 'owner' THEN '{project_owner}'
            ELSE '{external_expert}' END AS roles,
          CASE WHEN g.reader = 'owner' THEN ${SCRATCH}.uid('department:' || r.org || ':' || r.department) END AS department_id,
          '【' || g.tag || '】' || s.year || '年度 ' || t.name AS title,
          s.year || '年度 ' || t.name || ' の事業実施結果報告について、' || g.tag || 'のお知らせです。' AS body,
          ${literal(baseUrl)} || '/o/' || s.organization_id || '/reports/' || s.report_id AS link,
          date_trunc('milliseconds', s.at + g.minutes * interval '1 minute'
            + ${SCRATCH}.pick('delivered:' || s.report_id || s.ord, 30000) * interval '1 millisecond') AS at,
          CASE WHEN g.kind = ANY (${texts(ACTION_NOTICES)}) THEN s.next_at END AS settled_at
        FROM (SELECT *, lead(at) OVER (PARTITION BY report_id ORDER BY ord) AS next_at FROM g_report_step) AS s
          JOIN g_notice g ON g.ord = s.ord AND g.reader <> coalesce(g.actor, s.actor)
          JOIN g_report r ON r.id = s.report_id JOIN g_project p ON p.id = r.project_id JOIN g_theme t ON t.n = p.theme
      ) AS n
      ORDER BY n.at;`,
  };
}

/**
 * Every audit event, in one staging table in the order they happened (ord): what the app would have written for the
 * rows above, then sign-ins in the platform chain up to the total asked for. Times are whole milliseconds, as a
 * JavaScript Date (and so the hash) keeps them.
 */
function auditEventsStep({ auditEntries }: NationalSizes): Step {
  const roles = (role: string) => `ARRAY['${role}']`;
  const ip = (key: string) => `'192.0.2.' || (1 + ${SCRATCH}.pick(${key}, 254))`;
  const sql = `
    CREATE UNLOGGED TABLE bench_audit_events (
      ord bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, chain text, organization_id uuid, occurred_at timestamptz,
      actor_user_id uuid, actor_roles text[], action text, entity_type text, entity_id text, request_id text,
      ip_address text, details jsonb, tiebreak text);
    CREATE UNLOGGED TABLE g_org_event AS
    SELECT o.id AS organization_id, o.onboarded AS at, NULL::uuid AS actor, ARRAY['system'] AS roles, 'user.created' AS action,
      'user' AS entity_type, ${SCRATCH}.user_id(o.i, 0)::text AS entity_id, jsonb_build_object('email', 'admin@' || o.code || '.example.jp') AS details, 'a' AS tiebreak
    FROM g_org o
    UNION ALL
    SELECT u.organization_id, u.created_at + interval '1 second', CASE WHEN u.k = 0 THEN NULL ELSE ${SCRATCH}.user_id(u.org, 0) END,
      CASE WHEN u.k = 0 THEN ARRAY['system'] ELSE ${roles('administrator')} END, 'membership.granted', 'user', u.id::text,
      jsonb_build_object('role', u.role, 'departmentId', u.department_id), 'b'
    FROM g_user u
    UNION ALL
    SELECT d.organization_id, d.created_at, ${SCRATCH}.user_id(d.org, 0), ${roles('administrator')}, 'department.created',
      'department', d.id::text, jsonb_build_object('name', d.name), 'c'
    FROM g_dept d
    UNION ALL
    SELECT u.organization_id, u.created_at, ${SCRATCH}.user_id(u.org, 0), ${roles('administrator')}, 'user.created', 'user', u.id::text,
      jsonb_build_object('email', u.email), 'd'
    FROM g_user u WHERE u.k > 0
    UNION ALL
    SELECT p.organization_id, p.created_at, ${SCRATCH}.user_id(p.org, 1), ${roles('planning_division')}, 'project.created',
      'project', p.id::text, jsonb_build_object('name', t.name, 'projectNumber', (p.j + 1)::text), 'e'
    FROM g_project p JOIN g_theme t ON t.n = p.theme
    UNION ALL
    SELECT s.organization_id, s.at, s.actor_id,
      CASE WHEN s.actor = 'owner' THEN ${roles('project_owner')} WHEN s.actor LIKE 'expert%' THEN ${roles('external_expert')}
        ELSE ${roles('planning_division')} END,
      s.action, 'report', s.report_id::text,
      CASE WHEN s.revision THEN jsonb_build_object('fromStatus', s.status_before, 'toStatus', s.status_after, 'version', s.version,
          'changes', CASE WHEN s.action = 'report.edited' THEN jsonb_build_array(jsonb_build_object('path', '/effectNarrative', 'before', '', 'after', ${literal(NARRATIVE)}))
            WHEN s.status_before IS NULL THEN '[]'::jsonb
            ELSE jsonb_build_array(jsonb_build_object('path', '/status', 'before', s.status_before, 'after', s.status_after)) END)
        WHEN s.action = 'opinion.entered' THEN jsonb_build_object('assignmentId', ${SCRATCH}.uid('assignment:' || s.report_id || ':' || CASE WHEN s.actor = 'expert1' THEN 1 ELSE 2 END))
        ELSE jsonb_build_object('commentId', ${SCRATCH}.uid('comment:' || s.report_id || ':' || CASE WHEN s.action = 'question.asked' THEN 'question' ELSE 'answer' END))
      END, 'f' || lpad(s.ord::text, 2, '0')
    FROM g_report_step s;
    CREATE UNLOGGED TABLE g_signer AS SELECT row_number() OVER (ORDER BY org, k) - 1 AS n, id, email FROM g_user;
    INSERT INTO bench_audit_events (chain, organization_id, occurred_at, actor_user_id, actor_roles, action, entity_type,
      entity_id, request_id, ip_address, details, tiebreak)
    SELECT chain, organization_id, date_trunc('milliseconds', at), actor, roles, action, entity_type, entity_id, request_id, ip_address, details, tiebreak
    FROM (
      SELECT 'org:' || e.organization_id AS chain, e.organization_id, e.at, e.actor, e.roles, e.action, e.entity_type, e.entity_id,
        ${SCRATCH}.uid('request:' || e.entity_id || ':' || e.tiebreak)::text AS request_id,
        CASE WHEN e.actor IS NULL THEN NULL ELSE ${ip(`e.entity_id`)} END AS ip_address, e.details, e.tiebreak
      FROM g_org_event e
      UNION ALL
      SELECT 'platform', NULL, timestamptz '2016-06-01 09:00+09' + ${SCRATCH}.pick('signed-in:' || sign_in, 330000000) * interval '1 second'
          + ${SCRATCH}.pick('signed-in-ms:' || sign_in, 1000) * interval '1 millisecond',
        s.id, '{}'::text[], CASE WHEN ${SCRATCH}.pick('failed:' || sign_in, 25) = 0 THEN 'auth.login_failed' ELSE 'auth.login_succeeded' END,
        NULL, NULL, ${SCRATCH}.uid('request:sign-in:' || sign_in)::text, ${ip(`'sign-in:' || sign_in`)},
        CASE WHEN ${SCRATCH}.pick('failed:' || sign_in, 25) = 0 THEN jsonb_build_object('email', s.email, 'reason', 'wrong_password')
          ELSE jsonb_build_object('email', s.email, 'sessionId', ${SCRATCH}.uid('session:' || sign_in)) END, sign_in::text
      FROM generate_series(0, ${auditEntries} - (SELECT count(*) FROM g_org_event) - 1) AS sign_in
        JOIN g_signer s ON s.n = ${SCRATCH}.pick('signer:' || sign_in, (SELECT count(*)::int FROM g_signer))
    ) AS events
    ORDER BY at, chain, tiebreak, entity_id;
    DO $$ BEGIN
      IF (SELECT count(*) FROM bench_audit_events) <> ${auditEntries} THEN
        RAISE EXCEPTION 'the organizations'' own events (%) exceed the % audit entries asked for',
          (SELECT count(*) FROM bench_audit_events WHERE chain <> 'platform'), ${auditEntries};
      END IF;
    END $$;`;
  return { step: 'audit events (set-based, in time order)', sql };
}

const SEAL_BATCH = 10_000;

interface StagedEvent {
  ord: string;
  chain: string;
  organization_id: string | null;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_roles: string[];
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  request_id: string | null;
  ip_address: string | null;
  details: Record<string, unknown>;
}

/**
 * Reads the staged events in time order, gives each the next sequence of its chain and the hash that links it to the
 * one before (the project's entryHash, as the sealer computes it), and writes them sealed, a batch a statement, while
 * the next batch is read.
 */
async function sealInto(reader: Client, writer: Client): Promise<void> {
  const heads = new Map<string, { sequence: number; hash: string }>();
  const read = async (after: string) =>
    (
      await reader.query<StagedEvent>(
        `SELECT * FROM bench_audit_events WHERE ord > $1 ORDER BY ord LIMIT ${SEAL_BATCH}`,
        [after],
      )
    ).rows;
  let batch = await read('0');
  while (batch.length > 0) {
    const sealed = batch.map((event) => {
      const head = heads.get(event.chain) ?? { sequence: 0, hash: GENESIS_HASH };
      const content = {
        chain: event.chain,
        sequence: head.sequence + 1,
        organizationId: event.organization_id,
        occurredAt: event.occurred_at,
        actorUserId: event.actor_user_id,
        actorRoles: event.actor_roles,
        action: event.action,
        entityType: event.entity_type,
        entityId: event.entity_id,
        requestId: event.request_id,
        ipAddress: event.ip_address,
        details: event.details,
      };
      const hash = entryHash(content, head.hash);
      heads.set(event.chain, { sequence: content.sequence, hash });
      return { ...content, previousHash: head.hash, hash };
    });
    const column = <K extends keyof (typeof sealed)[number]>(key: K) => sealed.map((entry) => entry[key]);
    [batch] = await Promise.all([
      read(batch[batch.length - 1].ord),
      writer.query(
        `INSERT INTO audit_entries (chain, sequence, organization_id, occurred_at, actor_user_id, actor_roles, action,
           entity_type, entity_id, request_id, ip_address, details, previous_hash, hash)
         SELECT chain, sequence, organization_id, occurred_at, actor_user_id, actor_roles::text[], action, entity_type,
           entity_id, request_id, ip_address, details::jsonb, previous_hash, hash
         FROM unnest($1::text[], $2::int[], $3::uuid[], $4::timestamptz[], $5::uuid[], $6::text[], $7::text[], $8::text[],
           $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[]) WITH ORDINALITY
           AS entry(chain, sequence, organization_id, occurred_at, actor_user_id, actor_roles, action, entity_type,
             entity_id, request_id, ip_address, details, previous_hash, hash, ordinal)
         ORDER BY ordinal`,
        [
          column('chain'),
          column('sequence'),
          column('organizationId'),
          column('occurredAt'),
          column('actorUserId'),
          // One array literal per entry: unnest would flatten an array of arrays.
          sealed.map((entry) => `{${entry.actorRoles.join(',')}}`),
          column('action'),
          column('entityType'),
          column('entityId'),
          column('requestId'),
          column('ipAddress'),
          sealed.map((entry) => JSON.stringify(entry.details)),
          column('previousHash'),
          column('hash'),
        ],
      ),
    ]);
  }
}

/** A constant text as an SQL literal (the texts above hold no quote, but a future one might). */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function texts(values: string[]): string {
  return `ARRAY[${values.map(literal).join(', ')}]::text[]`;
}
