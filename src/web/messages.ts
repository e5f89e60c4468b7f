import { ConflictException, ForbiddenException, HttpException, HttpStatus, UnprocessableEntityException } from '@nestjs/common';
import { kpiLabel } from '../projects/kpi-label';
import { formatFiscalYear } from '../common/japanese-era';
import { FieldError } from '../infra/http/validation';

/**
 * The pages' Japanese wording of what the services say in English: field names by JSON pointer, and the
 * messages of validation and workflow errors. The services stay the only judges; this only translates.
 */
export type FieldLabels = Record<string, string>;

const BUDGET_LINE_FIELDS: Record<string, string> = {
  name: '事業名',
  summary: '概要',
  results: '主な事業実績',
  budgetAmount: '予算額',
  budgetGrantAmount: 'うち交付金見込',
  actualAmount: '実績額',
  actualGrantAmount: 'うち交付金',
};

const TOTAL_FIELDS: Record<string, string> = {
  budgetAmount: '合計(予算額)',
  budgetGrantAmount: '合計(予算額のうち交付金見込)',
  actualAmount: '合計(実績額)',
  actualGrantAmount: '合計(実績額のうち交付金)',
};

const KPI_RESULT_FIELDS: Record<string, string> = { latestValue: '最新値', latestAsOf: '最新値の時点', isReference: '参考値', position: '指標', yearlyActuals: '年度別実績' };

const KPI_DEFINITION_FIELDS: Record<string, string> = { name: '指標名', baseline: '基準値', target: '目標値', unit: '単位', targetYearMonth: '目標年月', direction: '目指す方向' };

const PROJECT_FIELDS: Record<string, string> = {
  name: '①国提出事業名',
  projectNumber: 'No',
  overview: '③全体概要',
  planStartFiscalYear: '②実施計画期間(初年度)',
  planEndFiscalYear: '②実施計画期間(最終年度)',
  departmentId: '事業担当課',
  grantTypeCode: '交付金の種類',
  jointApplicationNote: '共同申請',
  partnerMunicipalities: '連携市町村',
  policyArea: '施策',
  version: '版',
};

const TOP_LEVEL_FIELDS: FieldLabels = {
  '/actualAsOf': '④実績の時点',
  '/budgetLines': '④市予算事業',
  '/effectLevel': '⑥事業効果',
  '/effectNarrative': '⑥事業効果の説明',
  '/panelRating': '⑦外部有識者からの評価',
  '/panelOpinion': '⑦外部有識者からの意見',
  '/policyDecision': '⑧今後の方針',
  '/policyReason': '⑧今後の方針の理由',
  '/status': '状態',
  '/fiscalYear': '年度',
  '/projectId': '国提出事業',
  '/version': '版',
  '/email': 'メールアドレス',
  '/password': 'パスワード',
  '/displayName': '氏名',
  '/comment': 'コメント',
  '/reason': '理由',
  '/rating': '評価',
  '/opinion': '意見',
  '/decision': '今後の方針',
  '/experts': '外部有識者',
  '/dueDate': '意見の期限',
  '/submissionDueDate': '提出期限',
  '/reviewDueDate': '意見の期限',
  '/body': '本文',
  '/accept': '回答',
  '/keys': '確認する警告',
  '/role': '役割',
  '/roles': '役割',
  '/departmentId': '部署',
  '/name': '名前',
};

/** The Japanese name of the field a JSON pointer names, for messages and the version history. */
export function fieldLabel(path: string, labels: FieldLabels = {}): string {
  const own = labels[path] ?? TOP_LEVEL_FIELDS[path];
  if (own) return own;
  let match = /^\/budgetLines\/(\d+)(?:\/(\w+))?$/.exec(path);
  if (match) return `④${Number(match[1]) + 1}行目${match[2] ? `の${BUDGET_LINE_FIELDS[match[2]] ?? match[2]}` : ''}`;
  match = /^\/typedTotals\/(\w+)$/.exec(path);
  if (match) return `④${TOTAL_FIELDS[match[1]] ?? match[1]}`;
  match = /^\/kpiResults\/(\d+)(?:\/(\w+))?(?:\/(\d+)\/\w+)?$/.exec(path);
  if (match) return `⑤${kpiLabel(Number(match[1]) + 1)}${match[2] ? `の${KPI_RESULT_FIELDS[match[2]] ?? match[2]}` : ''}`;
  match = /^\/project\/kpis\/(\d+)(?:\/(\w+))?$/.exec(path);
  if (match) return `⑤${kpiLabel(Number(match[1]) + 1)}${match[2] ? `の${KPI_DEFINITION_FIELDS[match[2]] ?? match[2]}` : ''}`;
  match = /^\/project\/(\w+)/.exec(path);
  if (match) return PROJECT_FIELDS[match[1]] ?? match[1];
  match = /^\/acknowledgedWarningKeys/.exec(path);
  if (match) return '確認済みの警告';
  return path.replace(/^\//, '');
}

const CHOICE_FIELDS = /\/(effectLevel|rating|decision|experts|role|roles|projectId|departmentId|grantTypeCode|direction|accept|keys)$/;

const MISSING = /is required|must name at least one|must be one of|must be true or false|must be an? [\w ]*id$|must be 1, 2, 3 or 4/;

type Rule = [RegExp, (label: string, match: RegExpExecArray) => string];

/** Ordered: the first pattern that matches the English message gives the Japanese one. */
const FIELD_MESSAGE_RULES: Rule[] = [
  [/confirm or correct: .*wrong side of the baseline/, (label) => `${label}が、目指す方向とは逆の側にあります。値を確かめ、このままでよければ「確認済みにする」を選んでください`],
  [/confirm or correct/, (label) => `${label}が各行の合計と一致しません。合計を直すか、このままでよければ「確認済みにする」を選んでください`],
  [/plan period/, () => '年度が事業の②実施計画期間の外にあります'],
  [/must not be before planStartFiscalYear/, (label) => `${label}は初年度と同じか、それより後の年度にしてください`],
  [/must not be before submissionDueDate/, (label) => `${label}は提出期限と同じか、それより後の日付にしてください`],
  [/must be a code from/, (label) => `${label}は一覧から選んでください`],
  [/needs at least one budget line/, () => '④市予算事業を1行以上入力してください'],
  [/needs its explanation/, () => '⑥事業効果の説明を入力してください'],
  [/departmentId is required for the project_owner role/, () => '事業担当課の役割には部署を選んでください'],
  [/password is required for a new user/, () => '新しい利用者には初期パスワードを入力してください'],
  [/whole number/, (label) => `${label}は千円単位の整数で入力してください`],
  [/must not be negative/, (label) => `${label}は0以上で入力してください`],
  [/too large|must not be greater than \d/, (label) => `${label}が大きすぎます`],
  [/must not be less than -\d/, (label) => `${label}が小さすぎます`],
  [/must not exceed \w+ \((.+)\)/, (label, match) => `${label}は${match[1]}以下にしてください`],
  [/must be a number/, (label) => `${label}は数値で入力してください`],
  [/year-month/, (label) => `${label}は「R5.6」や「2023-06」のように年月で入力してください`],
  [/fiscal year|\(H元\) or later|or earlier/, (label) => `${label}は「R4」や「2022」のように年度で入力してください`],
  [/shorter than or equal to (\d+)|at most (\d+) characters/, (label, match) => `${label}は${match[1] ?? match[2]}文字以内で入力してください`],
  [/at least (\d+) characters/, (label, match) => `${label}は${match[1]}文字以上で入力してください`],
  [/e-mail address/, (label) => `${label}は「name@city.example.lg.jp」の形式で入力してください`],
  [/must be a date/, (label) => `${label}は「2026-12-15」のように日付で入力してください`],
  [/today or later/, (label) => `${label}は今日以降の日付にしてください`],
  [/not an external expert/, () => '外部有識者ではない人が選ばれています'],
  [/already assigned/, () => 'この外部有識者はすでに割り当てられています'],
  [/not a current warning/, () => '警告の内容が変わりました。ページを読み込み直してください'],
  [/does not match/, (label) => `${label}が正しくありません`],
  [/must differ/, (label) => `${label}は今と違うものにしてください`],
];

/** One field error in Japanese; the label comes from the error's path. */
export function fieldMessage(error: FieldError, labels: FieldLabels = {}): string {
  const label = fieldLabel(error.path, labels);
  for (const [pattern, message] of FIELD_MESSAGE_RULES) {
    const match = pattern.exec(error.message);
    if (match) return message(label, match);
  }
  if (MISSING.test(error.message)) return CHOICE_FIELDS.test(error.path) ? `${label}を選んでください` : `${label}を入力してください`;
  return `${label}を確認してください`;
}

const GENERAL_MESSAGE_RULES: [RegExp, string][] = [
  [/changed by someone else/, 'ほかの人が先に保存したため、保存できませんでした。ページを読み込み直し、最新の内容を確かめてからもう一度入力してください。'],
  [/is not possible while the report is/, '報告の状態が変わったため、この操作はできません。ページを読み込み直してください。'],
  [/already answered this assignment/, 'この依頼にはすでに回答しています。'],
  [/Accept the assignment before/, '意見を入力する前に、依頼を引き受けてください。'],
  [/report for this project and fiscal year .* already exists/, 'この事業のこの年度の報告はすでにあります。'],
  [/cycle of fiscal year .* already open/, 'この年度はすでに開始しています。終了した年度も、もう一度開始することはできません。'],
  [/cycle is already closed/, 'この年度はすでに終了しています。'],
  [/already holds this role/, 'この利用者はすでにこの役割を持っています。'],
  [/department named .* already exists/, '同じ名前の部署がすでにあります。'],
  [/four-eyes/, '方針案は、提案した人とは別の企画政策課の職員が承認します。'],
  [/not complete enough to submit/, '提出する前に、入力が足りない項目を直してください。'],
  [/already exists/, '同じものがすでに登録されています。'],
];

/** A message for an error that is not about one field. */
export function generalMessage(error: HttpException): string {
  const message = error.message;
  for (const [pattern, text] of GENERAL_MESSAGE_RULES) if (pattern.test(message)) return text;
  if (error instanceof ConflictException) return 'この操作は今はできません。ページを読み込み直してください。';
  if (error instanceof UnprocessableEntityException) return '入力内容を確認してください。';
  if (error instanceof ForbiddenException) return 'この操作を行う権限がありません。';
  return '入力内容を確認してください。';
}

/**
 * A project form refused as stale is shown again with what the user typed, next to what is saved now; saving it
 * again is then a deliberate overwrite.
 */
export const PROJECT_SAVED_BY_SOMEONE_ELSE =
  'ほかの人が先にこの事業を保存したため、保存できませんでした。入力した内容はそのまま残しています。下の「いま保存されている内容」と見比べ、必要なら直してから、もう一度「保存する」を選んでください(あなたの入力内容で上書きします)。';

/** Titles of the error page by status. */
export const ERROR_TITLES: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: '入力内容を確認してください',
  [HttpStatus.FORBIDDEN]: 'この操作を行う権限がありません',
  [HttpStatus.NOT_FOUND]: 'ページが見つかりません',
  [HttpStatus.CONFLICT]: 'この操作は今はできません',
  [HttpStatus.PAYLOAD_TOO_LARGE]: '送信した内容が大きすぎます',
  [HttpStatus.UNPROCESSABLE_ENTITY]: '入力内容を確認してください',
  [HttpStatus.TOO_MANY_REQUESTS]: 'しばらく待ってからもう一度お試しください',
};

/** Confirmation shown after a redirect (?notice=…). */
export const NOTICES: Record<string, string> = {
  created: '報告を作成しました。①から⑥の各項目を入力してください。',
  saved: '下書きを保存しました。',
  acknowledged: '警告を確認済みにしました。',
  submitted: '報告を提出しました。企画政策課が内容を確認します。',
  withdrawn: '提出を取り下げました。作成中に戻りました。',
  returned: '報告を事業担当課に差し戻しました。',
  accepted: '報告を受理し、外部有識者に意見を依頼しました。',
  'assignment-accepted': '依頼を引き受けました。意見と評価を入力してください。',
  'assignment-declined': '依頼を辞退しました。',
  opinion: '意見と評価を保存しました。照会が終わるまでは修正できます。',
  asked: '質問を送りました。事業担当課が回答します。',
  answered: '回答を送りました。',
  evaluated: '外部有識者からの評価(⑦)を取りまとめました。',
  proposed: '今後の方針案(⑧)を提案しました。別の企画政策課職員の承認を待っています。',
  approved: '今後の方針を承認し、決定しました。',
  'sent-back': '方針案を差し戻しました。',
  published: '報告を公表しました。',
  reopened: '報告を再開し、評価済に戻しました。',
  'signed-out': 'サインアウトしました。',
  'user-added': '利用者を追加しました。',
  'role-granted': '役割を付与しました。',
  'membership-revoked': '役割を外しました。',
  'department-created': '部署を追加しました。',
  'department-renamed': '部署名を変更しました。',
  'project-created': '国提出事業を登録しました。この事業の報告は「報告を作成する」から作成できます。',
  'project-saved': '国提出事業の登録内容を保存しました。',
  'notification-retried': '通知メールを再送の待ち行列に入れました。',
};

/** The 年度サイクル page's confirmations name the year and what opening it did (the redirect carries the numbers). */
export function cycleOpenedNotice(fiscalYear: number, draftsCreated: number): string {
  const opened = `${formatFiscalYear(fiscalYear)}を開始しました。`;
  return draftsCreated > 0
    ? `${opened}作成中の報告を${draftsCreated}件作成しました。`
    : `${opened}新しく作成した報告はありません(②実施計画期間がこの年度を含む事業がないか、どの事業にも報告がすでにあります)。`;
}

export function cycleClosedNotice(fiscalYear: number): string {
  return `${formatFiscalYear(fiscalYear)}を終了しました。`;
}

/** What the audit log's action names mean, for the audit trail tab. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'report.created': '報告の作成',
  'report.edited': '報告の編集',
  'report.warnings_acknowledged': '警告の確認',
  'report.deleted': '報告の削除',
  'report.submitted': '提出',
  'report.withdrawn': '提出の取下げ',
  'report.returned': '差戻し',
  'report.accepted': '受理と外部有識者への依頼',
  'assignment.accepted': '依頼の引受け',
  'assignment.declined': '依頼の辞退',
  'assignment.created': '外部有識者の追加',
  'assignment.removed': '外部有識者の割当解除',
  'opinion.entered': '意見の入力',
  'question.asked': '質問',
  'question.answered': '回答',
  'report.evaluated': '評価の取りまとめ',
  'policy.proposed': '方針案の提案',
  'policy.approved': '方針の承認',
  'policy.sent_back': '方針案の差戻し',
  'report.published': '公表',
  'report.reopened': '再開',
  'access.denied': '拒否された操作',
};

/** A report warning in Japanese, from its code and the values it carries. */
export function warningText(warning: { code: string; typed?: number; computed?: number }): string {
  if (warning.code === 'total_mismatch') {
    return `入力された合計 ${warning.typed?.toLocaleString('ja-JP')}千円 が、各行の合計 ${warning.computed?.toLocaleString('ja-JP')}千円 と一致しません`;
  }
  return '目標値が基準値に対して、目指す方向(増加・減少)とは逆の側にあります';
}
