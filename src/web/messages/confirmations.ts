import { japaneseDate } from '../../common/dates';
import { formatFiscalYear } from '../../common/japanese-era';
import { POLICY_DECISION_LABELS, type PolicyDecision } from '../../reports/report/assessment';
import { projectTitle } from '../../projects/project-title';
import { type OpenReport, type OwnerlessDepartment } from '../../accounts/department-owners';
import { REPORT_STATUS_LABELS, type ReportStatus } from '../../reports/rules/report-status';

/** Reports named in a warning: 「R8年度 観光振興事業、…」. */
function reportList(reports: OpenReport[]): string {
  return reports.map((report) => `${formatFiscalYear(report.fiscalYear)} ${report.projectTitle}`).join('、');
}

/** The reports of a department without an owner that wait for nobody, said of now or of after someone goes. */
function waitingReports(department: OwnerlessDepartment, nobody: string): string {
  const drafting = department.drafting.length
    ? `作成中の報告 ${department.drafting.length}件(${reportList(department.drafting)})を進める人が${nobody}。`
    : '';
  const submitted = department.submitted.length
    ? `提出済みの報告 ${department.submitted.length}件(${reportList(department.submitted)})が差し戻されたとき、直す人が${nobody}。`
    : '';
  const withExperts = department.withExperts.length
    ? `意見照会中の報告 ${department.withExperts.length}件(${reportList(department.withExperts)})に有識者から質問があったとき、答える人が${nobody}。`
    : '';
  return drafting + submitted + withExperts;
}

/**
 * What it leaves behind when the last 事業担当課 of a department goes (a role taken, an account deactivated): the
 * reports nobody will carry on. For every confirmation that takes someone away.
 */
export function ownerLeavingWarning(department: OwnerlessDepartment): string {
  return `この人が外れると、${department.name}には事業担当課の人がいなくなります。${waitingReports(department, 'いなくなります')}`;
}

/** The same of a department that has no owner now (利用者と役割). */
export function ownerlessNotice(department: OwnerlessDepartment): string {
  return `${department.name}には事業担当課の人(利用中)がいません。${waitingReports(department, 'いません')}`;
}

/** What a confirmation page (views/confirm.njk) says before an action that cannot be undone. */
export interface ConfirmationText {
  /** The page's heading: the question it asks. */
  title: string;
  /** The primary button: what the user does (「〇〇する」). */
  button: string;
  /** What will happen and what it affects, one paragraph each. */
  consequences: string[];
  /** What cannot be taken back, beside the button. */
  warning: string;
  /** Removes or ends something (a red button), rather than taking the work a step further. */
  destructive?: boolean;
  /**
   * What the action is done to, named one by one after what it does: in view while few, behind a disclosure whose
   * summary counts them when many.
   */
  listed?: { summary: string; items: string[] };
  /** What the action leaves out unless ticked on the page, one checkbox each (none ticked at first). */
  choices?: { legend: string; hint: string; items: { value: string; text: string; hint: string }[] };
}

/**
 * Beside a project's 事業担当課 on its edit page: which of its reports past 作成中 move with it to another department
 * (drafts follow the project anyway), and that published ones keep theirs.
 */
export function departmentMoveHint(reports: { fiscalYear: number; status: ReportStatus }[]): string {
  const base = 'この事業の報告を作成する部署です。';
  if (reports.length === 0) return base;
  const named = reports
    .map((report) => `${formatFiscalYear(report.fiscalYear)}の報告(${REPORT_STATUS_LABELS[report.status]})`)
    .join('、');
  return `${base}変えると、${named}も新しい担当課の担当になります。公表済みの報告は、公表したときの担当課のままです。`;
}

/** A project the year's opening leaves without a draft, as the page names it (see CyclesService.open). */
interface EndedProjectFacts {
  projectId: string;
  projectNumber: string | null;
  projectName: string;
  decidedFiscalYear: number;
  decision: PolicyDecision;
  decisionLabel: string;
  planStartFiscalYear: number;
  planEndFiscalYear: number;
}

/** The reports a retirement moves along with the projects, counted; each is named beside its project. */
function movingReports(projects: { reports: unknown[] }[], successor: string): string {
  const reports = projects.reduce((sum, project) => sum + project.reports.length, 0);
  return reports
    ? `公表前の報告 ${count(reports, '件')}も、事業と一緒に${successor}の担当になります。`
    : '公表前の報告はありません。';
}

/** 公表 stands: only an administrator may withdraw it (公表の取消), and that is on the record too. */
const PUBLICATION_IS_FINAL =
  '公表は元に戻せません。公表を取り消せるのはシステム管理者だけで、取り消したことも記録に残ります。';

/** How many of something, as a person reads it: 3件, 2人. */
const count = (n: number, unit: string) => `${n}${unit}`;

/**
 * Every confirmation page's wording, by action, from the facts the page has looked up. The pages compute the facts
 * (counts, names) from the same services the actions use; the words are only here.
 */
export const CONFIRMATIONS = {
  publish: (facts: { correcting: boolean; edition: number }): ConfirmationText => ({
    title: facts.correcting ? '訂正した報告を公表しますか' : 'この報告を公表しますか',
    button: '公表する',
    consequences: facts.correcting
      ? [
          `訂正した報告を第${facts.edition}版として公表します。これまでの版は公表したときのまま残り、訂正の日付と理由が出力にも記されます。`,
          '事業担当課と、意見を寄せた外部有識者に通知します。',
        ]
      : [
          '報告の表題から「(案)」が外れ、公表済みの報告として確定します。',
          '事業担当課と、意見を寄せた外部有識者に通知します。',
          '公表した内容は変更できません。誤りを直すには、システム管理者が訂正を始め、新しい版として公表し直します。',
        ],
    warning: PUBLICATION_IS_FINAL,
  }),

  publishYear: (facts: { fiscalYear: number; reports: number; departments: number }): ConfirmationText => ({
    title: `${formatFiscalYear(facts.fiscalYear)}の方針決定済みの報告を一括公表しますか`,
    button: `${count(facts.reports, '件')}を公表する`,
    consequences: [
      // The page lists the reports (its facts) above what it says of them.
      `上に挙げた${count(facts.reports, '件')}の報告を公表します。それぞれの表題から「(案)」が外れ、公表済みの報告(第1版)として確定します。`,
      `報告ごとに監査ログに記録し、${count(facts.departments, 'つ')}の部署の事業担当課と、意見を寄せた外部有識者に通知します。`,
      '1件でも公表できない報告があるとき(この画面を開いた後に状態や内容が変わったときなど)は、どの報告も公表せず、その報告をお知らせします。',
    ],
    warning: PUBLICATION_IS_FINAL,
  }),

  approve: (facts: { policy: string; proposer: string }): ConfirmationText => ({
    title: '方針案を承認して決定しますか',
    button: '承認して決定する',
    consequences: [
      `${facts.proposer}さんが提案した方針案「${facts.policy}」を、⑧今後の方針として決定します。`,
      '事業担当課と外部有識者に、決定した方針を通知します。',
      '決定した後は、企画政策課では方針を変えられません。やり直せるのはシステム管理者だけです。',
    ],
    warning: '承認は取り消せません。',
  }),

  reopen: (facts: { policy: string }): ConfirmationText => ({
    title: '決定した方針をやり直しますか',
    button: '評価済に戻す',
    consequences: [
      `決定した⑧今後の方針「${facts.policy}」とその承認を取り消し、報告を「評価済」に戻します。`,
      '方針は企画政策課が改めて提案し、提案した人とは別の職員が承認し直します。',
      '企画政策課と事業担当課に、やり直す理由とともに通知します。',
    ],
    warning: '取り消した承認は元に戻せません。',
    destructive: true,
  }),

  correct: (facts: { edition: number }): ConfirmationText => ({
    title: '公表済みの報告の訂正を始めますか',
    button: '訂正を始める',
    consequences: [
      '報告は「訂正中」になり、事業担当課が内容を直せるようになります。',
      `公表済みの第${facts.edition}版は変わらず残ります。訂正した報告を公表すると第${facts.edition + 1}版になり、訂正の理由が出力にも記されます。`,
      '企画政策課と事業担当課に、訂正の理由とともに通知します。',
    ],
    warning: '訂正中の報告は、公表し直すか、システム管理者が訂正を取りやめるまで訂正中のままです。',
  }),

  cancelCorrection: (facts: { edition: number; withdrawn: boolean }): ConfirmationText => ({
    title: '訂正を取りやめますか',
    button: '訂正を取りやめる',
    consequences: [
      `訂正中の変更は破棄され、報告は公表済みの第${facts.edition}版の内容に戻ります。新しい版はできません。`,
      facts.withdrawn
        ? '報告は「公表取消」に戻ります。公表済みの版はそのまま残ります。'
        : '報告は訂正を始める前の「公表済」に戻ります。公表している内容は変わりません。',
      '訂正中の変更は更新履歴に残ります。企画政策課と事業担当課に、取りやめた理由とともに通知します。',
    ],
    warning: '取りやめた訂正の変更は元に戻せません。もう一度直すには、訂正を始め直します。',
    destructive: true,
  }),

  withdrawPublication: (facts: { edition: number; correcting: boolean }): ConfirmationText => ({
    title: '公表を取り消しますか',
    button: '公表を取り消す',
    consequences: [
      facts.correcting
        ? '公表はすぐに取り消され、報告は訂正中のまま訂正を続けられます。取り消した日付と理由は記録され、公表していた場所には取り消したことが表示されます。'
        : '報告は「公表取消」になり、公表済みの報告として扱われなくなります。取り消した日付と理由は記録され、公表していた場所には取り消したことが表示されます。',
      facts.correcting
        ? `報告の内容と公表済みの第${facts.edition}版までの版は変わらず残ります。訂正した報告を公表すると、もう一度公表されます(新しい版になります)。`
        : `報告の内容と公表済みの第${facts.edition}版までの版は変わらず残ります。もう一度公表するには、訂正を始めて公表し直します(新しい版になります)。`,
      '企画政策課と事業担当課に、取り消した理由とともに通知します。',
    ],
    warning: '公表の取消は元に戻せません。',
    destructive: true,
  }),

  accept: (facts: { experts: string[]; dueDate: string }): ConfirmationText => ({
    title: '受理して外部有識者に依頼しますか',
    button: '受理して依頼する',
    consequences: [
      `報告を受理し、外部有識者${count(facts.experts.length, '人')}(${facts.experts.join('、')})に意見照会を依頼して通知します。意見の期限は${japaneseDate(facts.dueDate)}です。`,
      '受理した後は、事業担当課は提出を取り下げられず、企画政策課も報告を差し戻せません。',
    ],
    warning: '受理は取り消せません。',
  }),

  acceptYear: (facts: {
    fiscalYear: number;
    reports: number;
    experts: string[];
    dueDate: string;
  }): ConfirmationText => ({
    title: `${formatFiscalYear(facts.fiscalYear)}の提出済みの報告をまとめて受理しますか`,
    button: `${count(facts.reports, '件')}を受理して依頼する`,
    consequences: [
      // The page lists the reports (its facts) above what it says of them.
      `上に挙げた${count(facts.reports, '件')}の報告をそれぞれ受理し、外部有識者${count(facts.experts.length, '人')}(${facts.experts.join('、')})に意見照会を依頼して通知します。意見の期限は${japaneseDate(facts.dueDate)}です。`,
      '報告ごとに監査ログに記録します。受理した後は、事業担当課は提出を取り下げられず、企画政策課も報告を差し戻せません。',
      '1件でも受理できない報告があるとき(この画面を開いた後に提出し直された、取り下げられたなど)は、どの報告も受理せず、その報告をお知らせします。',
    ],
    warning: '受理は取り消せません。',
  }),

  // The workflow rules refuse the evaluation while an opinion is awaited: everyone still asked has given one.
  evaluate: (facts: { rating: string; asked: number }): ConfirmationText => ({
    title: '意見照会を終えて評価を取りまとめますか',
    button: '評価を取りまとめる',
    consequences: [
      `外部有識者からの評価(⑦)を「${facts.rating}」として確定し、外部有識者への意見照会を終えます。`,
      facts.asked > 0
        ? `依頼した外部有識者${count(facts.asked, '人')}の意見はすべてそろっています。取りまとめると、意見は修正できなくなります。`
        : '意見照会中の外部有識者はいません(依頼した全員が辞退したか、解除されました)。企画政策課だけで評価を取りまとめます。',
      '事業担当課に通知します。',
    ],
    warning: '取りまとめは取り消せません。',
  }),

  decline: (): ConfirmationText => ({
    title: 'この意見照会を辞退しますか',
    button: '辞退する',
    consequences: [
      '辞退すると、この報告はあなたの担当から外れ、表示されなくなります。',
      '企画政策課に辞退を通知します。',
    ],
    warning: '辞退は取り消せません。後から引き受けるには、企画政策課に依頼し直してもらう必要があります。',
    destructive: true,
  }),

  dismissExpert: (facts: { expert: string; accepted: boolean }): ConfirmationText => ({
    title: `${facts.expert}さんへの意見照会を未回答で解除しますか`,
    button: '未回答で解除する',
    consequences: [
      facts.accepted
        ? `${facts.expert}さんは依頼を引き受けましたが、意見をまだ入力していません。解除すると、この報告の意見照会から外れ、意見を入力できなくなります。`
        : `${facts.expert}さんは依頼にまだ回答していません。解除すると、この報告の意見照会から外れます。`,
      'リマインダーの送信を止め、意見照会を終了したことを本人に通知します。解除の理由は本人には伝えず、記録に残します。',
      '残りの外部有識者の意見がすべてそろっていれば、評価を取りまとめられるようになります。',
    ],
    warning: '解除した依頼は、「再依頼する」から同じ方にもう一度依頼できます。',
    destructive: true,
  }),

  addExperts: (facts: { experts: string[]; dueDate: string }): ConfirmationText => ({
    title: '外部有識者に追加で依頼しますか',
    button: '追加で依頼する',
    consequences: [
      `外部有識者${count(facts.experts.length, '人')}(${facts.experts.join('、')})に、この報告の意見照会を依頼して通知します。意見の期限は${japaneseDate(facts.dueDate)}です。`,
      'すでに依頼している有識者への依頼は、そのまま続きます。評価の取りまとめは、追加した有識者の回答も待ちます。',
    ],
    warning: '依頼した後で取りやめるには、未回答で解除します。',
  }),

  reopenAssignment: (facts: { expert: string; dueDate: string }): ConfirmationText => ({
    title: `${facts.expert}さんにもう一度依頼しますか`,
    button: '再依頼する',
    consequences: [
      `${facts.expert}さんへの意見照会を「回答待ち」に戻し、意見の期限を${japaneseDate(facts.dueDate)}として本人に通知します。`,
      'これまでの辞退や解除の記録は監査ログに残ります。',
    ],
    warning: '再依頼した後で取りやめるには、改めて未回答で解除します。',
  }),

  openCycle: (facts: {
    fiscalYear: number;
    submissionDueDate: string;
    reviewDueDate?: string;
    today: string;
    /** The projects that will get a draft, as lists name them (projectTitle), in list order. */
    drafts: string[];
    departments: number;
    ended: EndedProjectFacts[];
  }): ConfirmationText => {
    const endedKinds = [...new Set(facts.ended.map((project) => project.decision))]
      .map((decision) => `「${POLICY_DECISION_LABELS[decision].label}」`)
      .join('または');
    const endedProjects = `前年度までの今後の方針が${endedKinds}の事業`;
    return {
      title: `${formatFiscalYear(facts.fiscalYear)}を開始しますか`,
      button: '年度を開始する',
      consequences: [
        // A year opened late (to record a past year) is allowed, but a mistyped year usually shows here first.
        ...[
          { label: '提出期限', date: facts.submissionDueDate },
          { label: '意見の期限', date: facts.reviewDueDate },
        ]
          .filter(({ date }) => date !== undefined && date < facts.today)
          .map(
            ({ label, date }) =>
              `${label}(${japaneseDate(date)})はすでに過ぎています。開始するとすぐに期限超過になります。日付が正しいか確かめてください。`,
          ),
        ...(facts.drafts.length
          ? [
              // The ended projects ticked below add to the drafts: the count says so rather than fall short.
              `②実施計画期間がこの年度を含む事業のうち、まだ報告がない${count(facts.drafts.length, '件')}に、作成中の報告を作ります${facts.ended.length ? `(下でチェックした事業を含めると最大${count(facts.drafts.length + facts.ended.length, '件')})` : ''}。`,
              `その事業を担当する${count(facts.departments, 'つ')}の部署の事業担当課に、提出期限(${japaneseDate(facts.submissionDueDate)})を通知します。`,
            ]
          : facts.ended.length
            ? []
            : facts.departments
              ? [
                  `②実施計画期間がこの年度を含む事業には、すべて報告があります。新しく作る報告はありません。作成中の報告がある${count(facts.departments, 'つ')}の部署の事業担当課に、提出期限(${japaneseDate(facts.submissionDueDate)})を通知します。`,
                ]
              : [
                  '②実施計画期間がこの年度を含む事業で、報告がまだないものはありません。新しく作る報告はなく、通知も送りません。',
                ]),
        ...(facts.ended.length
          ? [
              `${endedProjects}(${count(facts.ended.length, '件')})には、報告を作りません。この年度も実施した事業は、下で選ぶと報告を作ります。`,
            ]
          : []),
      ],
      warning: '開始した年度は取り消せず、同じ年度をもう一度開始することもできません。',
      ...(facts.drafts.length ? { listed: { summary: '作成中の報告を作る事業', items: facts.drafts } } : {}),
      ...(facts.ended.length
        ? {
            choices: {
              legend: endedProjects,
              hint: '選んだ事業にも作成中の報告を作り、その事業担当課に提出期限を通知します。選ばなかった事業にも、後から事業担当課が報告を作れます。',
              items: facts.ended.map((project) => ({
                value: project.projectId,
                text: projectTitle({ projectNumber: project.projectNumber, name: project.projectName }),
                hint: `${formatFiscalYear(project.decidedFiscalYear)}の今後の方針「${project.decisionLabel}」・②実施計画期間 ${formatFiscalYear(project.planStartFiscalYear)}～${formatFiscalYear(project.planEndFiscalYear)}`,
              })),
            },
          }
        : {}),
    };
  },

  closeCycle: (facts: { fiscalYear: number; total: number; unfinished: { label: string; count: number }[] }) => {
    const unfinished = facts.unfinished.reduce((sum, status) => sum + status.count, 0);
    const breakdown = facts.unfinished.map((status) => `${status.label} ${count(status.count, '件')}`).join('、');
    return {
      title: `${formatFiscalYear(facts.fiscalYear)}を終了しますか`,
      button: '年度を終了する',
      consequences: [
        unfinished
          ? `公表まで終わっていない報告が${count(unfinished, '件')}残っています(${breakdown})。年度を終了しても、これらの報告はそのまま残ります。`
          : facts.total
            ? `この年度の報告${count(facts.total, '件')}は、すべて公表済みです。`
            : 'この年度の報告はありません。',
        `${formatFiscalYear(facts.fiscalYear)}を終了した年度として記録します。`,
        `事業担当課に届いた${formatFiscalYear(facts.fiscalYear)}の開始の通知は「対応済み」になります。`,
      ],
      warning: '終了した年度は元に戻せず、もう一度開始することもできません。',
      destructive: true,
    } satisfies ConfirmationText;
  },

  revokeMembership: (facts: {
    member: string;
    role: string;
    otherRoles: string[];
    ownerless: OwnerlessDepartment[];
  }): ConfirmationText => ({
    title: `${facts.member}さんの役割を外しますか`,
    button: '役割を外す',
    consequences: [
      `${facts.member}さんから「${facts.role}」の役割を外します。この役割でしていた操作はできなくなります。`,
      facts.otherRoles.length
        ? `ほかの役割(${facts.otherRoles.join('、')})はそのまま残ります。`
        : `${facts.member}さんにはこの団体での役割がなくなり、この団体のページを使えなくなります。「利用者と役割」の一覧からも外れます。`,
      ...facts.ownerless.map(ownerLeavingWarning),
    ],
    // Someone with no role here is no longer a member, and joins again only by accepting an invitation.
    warning: facts.otherRoles.length
      ? '外した役割を戻すには、「役割を追加」からもう一度追加します。'
      : `${facts.member}さんがこの団体でまた利用するには、新しく招待を送り、本人に承諾してもらう必要があります。`,
    destructive: true,
  }),

  deactivateAccount: (facts: { member: string; ownerless: OwnerlessDepartment[] }): ConfirmationText => ({
    title: `${facts.member}さんの利用を停止しますか`,
    button: '利用を停止する',
    consequences: [
      `${facts.member}さんはサインインできなくなり、サインイン中の画面もすぐに使えなくなります。送ってあるパスワード再設定のリンクも、確認を待っているメールアドレスの変更も使えなくなります。`,
      'これまでの報告や意見、監査ログの記録はそのまま残ります。',
      'この人がほかの団体から招待されて承諾すると、新しいパスワードで利用を再開し、この団体での役割はそのとき外れます。',
      ...facts.ownerless.map(ownerLeavingWarning),
    ],
    warning: '停止した後も、この人のページの「利用を再開する」から利用を再開できます。',
    destructive: true,
  }),

  /** `projects`: each with its reports not on the published record, which move with it. */
  retireDepartment: (facts: {
    department: string;
    successor: string | null;
    projects: { title: string; reports: { fiscalYear: number; statusLabel: string }[] }[];
    owners: string[];
  }): ConfirmationText => ({
    title: `${facts.department}を廃止しますか`,
    button: '廃止する',
    consequences: [
      facts.successor
        ? `${facts.department}の事業 ${facts.projects.length}件を${facts.successor}に移します。${movingReports(facts.projects, facts.successor)}公表済みの報告は、公表したときの担当課のままです。`
        : `${facts.department}には事業も事業担当課の人もいないため、移すものはありません。`,
      ...(facts.successor && facts.owners.length
        ? [
            `${facts.department}の事業担当課の人(${facts.owners.join('、')})は、${facts.successor}の事業担当課になります。`,
          ]
        : []),
      `廃止した部署は、新しい事業・事業の移動先・招待・取込みでは選べなくなります。これまでの報告や監査ログには、${facts.department}の名前のまま残ります。`,
    ],
    warning: '廃止した部署は元に戻せません。',
    destructive: true,
    ...(facts.projects.length
      ? {
          listed: {
            summary: '移す事業',
            items: facts.projects.map(({ title, reports }) =>
              reports.length
                ? `${title}(公表前の報告: ${reports.map((report) => `${formatFiscalYear(report.fiscalYear)} ${report.statusLabel}`).join('、')})`
                : title,
            ),
          },
        }
      : {}),
  }),

  revokeInvitation: (facts: { email: string }): ConfirmationText => ({
    title: '招待を取り消しますか',
    button: '招待を取り消す',
    consequences: [
      `${facts.email} への招待を取り消します。招待メールのリンクは使えなくなり、開くと取り消されたことが表示されます。`,
    ],
    warning: '取り消した招待は元に戻せません。もう一度招待するには、新しく招待を送ります。',
    destructive: true,
  }),
} satisfies Record<string, (facts: never) => ConfirmationText>;
