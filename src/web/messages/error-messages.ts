import { HttpException, HttpStatus } from '@nestjs/common';
import { type Role, ROLE_LABELS } from '../../access/role';
import { fiscalYearLabel, yearMonthLabel } from '../../common/era-input';
import { formatNumber } from '../../common/number-format';
import { type FieldError } from '../../infra/http/validation';
import { describeLocation } from '../../imports/import-model';
import { type UnusableReason } from '../../invitations/invitation-status';
import { type ComparisonRefusal } from '../../reports/changes/compared-versions';
import { type AwaitedReport } from '../../reports/reviews/reviews.repository';
import { REPORT_STATUS_LABELS, ReportStatus } from '../../reports/rules/report-status';
import { REPORT_ACTION_LABELS, type ReportAction } from '../../reports/rules/report-workflow';
import { type ChangedReport } from '../../reports/workflow/bulk-changes';
import { fieldLabel, type FieldLabels } from './field-labels';
import { REPORT_CLOSED_REASON } from './notices';
import { GUESSABLE_REASONS, type GuessableReason } from '../../users/password-policy';

/**
 * The pages' Japanese wording of the services' English validation and workflow errors, and of report warnings.
 * The services stay the only judges; this only translates.
 */

const CHOICE_FIELDS =
  /\/(effectLevel|rating|decision|kind|experts|reportIds|role|roles|projectId|departmentId|grantTypeCode|direction|accept|keys|conflictOfInterest|declineReasonKind)$/;

const MISSING =
  /is required|must not be empty|must name at least one|must be one of|must be true or false|must be an? [\w ]*id$|must be 1, 2, 3 or 4/;

type Rule = [RegExp, (label: string, match: RegExpExecArray) => string];

const GUESSABLE_REASON_LABELS: Record<GuessableReason, string> = {
  repeat: '同じ文字や語の繰り返しです',
  sequence: '「abcd」「1234」のような連続した文字や数字です',
  keyboard: 'キーボードの並びどおりの文字です',
  common: 'よく使われるパスワードか、それに近いものです',
  personal: '氏名やメールアドレスを含んでいます',
  date: 'ほとんどが日付や年です',
  other: '推測しにくい部分が少なすぎます',
};

function guessableReasonLabel(english: string): string {
  const reason = (Object.keys(GUESSABLE_REASONS) as GuessableReason[]).find(
    (key) => GUESSABLE_REASONS[key] === english,
  );
  return GUESSABLE_REASON_LABELS[reason ?? 'other'];
}

/** Ordered: the first pattern that matches the English message gives the Japanese one. */
const FIELD_MESSAGE_RULES: Rule[] = [
  [
    /say why you chose another level than the suggested 「(.+)」/,
    (_label, match) => `⑥事業効果を目安の「${match[1]}」と異なる評価にした理由を入力してください`,
  ],
  [
    /fiscal year \d+ lies outside (\d+)–(\d+), the plan period up to the report's fiscal year/,
    (label, match) =>
      `${label}は記録できません。年度ごとの実績は、②実施計画期間の初年度からこの報告の年度まで(${fiscalYearLabel(Number(match[1]))}～${fiscalYearLabel(Number(match[2]))})について入力してください。値を消して保存すると、この年度の実績は削除されます`,
  ],
  [
    /the report's fiscal year (\d+) lies before the plan period's start (\d+)/,
    (label, match) =>
      `${label}は記録できません。この報告の年度(${fiscalYearLabel(Number(match[1]))})は②実施計画期間の初年度(${fiscalYearLabel(Number(match[2]))})より前のため、年度ごとの実績は入力できません。②実施計画期間を直すか、報告の年度が誤りであれば報告を削除して正しい年度で作成してください。値を消して保存すると、この年度の実績は削除されます`,
  ],
  [
    /is registered already with this number and name and an overlapping plan period: (「.*」) \((.*), ([^,]*), id [^)]*\)$/,
    (label, match) =>
      `Noと①国提出事業名が同じで②実施計画期間が重なる事業 ${match[1]}(${match[2]}、${match[3]})がすでに登録されています。同じ事業なら登録せず、その事業を開いてください。別の事業なら、「${label}」にチェックを入れて、もう一度登録してください`,
  ],
  [
    /is registered already with this number and name and an overlapping plan period: (「.*」) \((.*), a department whose projects you do not see\)$/,
    (label, match) =>
      `Noと①国提出事業名が同じで②実施計画期間が重なる事業 ${match[1]}(${match[2]})が、ほかの課の事業としてすでに登録されています。同じ事業かどうかを${match[2]}か企画政策課に確かめ、同じ事業なら登録しないでください。別の事業なら、「${label}」にチェックを入れて、もう一度登録してください`,
  ],
  [/must be an http\(s\) URL/, (label) => `${label}は「https://」で始まるURLで入力してください`],
  [/must contain no more than (\d+) elements/, (label, match) => `${label}は${match[1]}件までにしてください`],
  [/listed twice/, (label) => `${label}に、ほかの欄と同じ人が選ばれています。別の人を選んでください`],
  [
    /has "(.*)", which is not a whole number of days/,
    (label, match) =>
      `${label}の「${match[1]}」は整数ではありません。「-7, -3, 0, 1, 3」のように、日数を整数でカンマで区切って入力してください`,
  ],
  [/reminderOffsets must not be (less|greater) than/, (label) => `${label}は-60から60までの日数で入力してください`],
  [/must not repeat a day/, (label) => `${label}に同じ日が2回以上あります。1回ずつにしてください`],
  [/at most (\d+) days/, (label, match) => `${label}は${match[1]}日までです`],
  [/linkValidDaysAfterDue must not be/, (label) => `${label}は1から365までの日数で入力してください`],
  [/whole numbers? of days/, (label) => `${label}は整数の日数で入力してください`],
  [
    /unknown placeholder (\{\{[^}]*\}\})/,
    (label, match) => `${label}に使えない差し込み項目 ${match[1]} があります。一覧にある差し込み項目を使ってください`,
  ],
  [/must be one line/, (label) => `${label}は改行せずに1行で入力してください`],
  [
    /must not contain control characters/,
    (label) =>
      `${label}に使えない文字(制御文字)が含まれています。Word などから貼り付けた文章に、見えない文字が含まれていることがあります。その部分を入力し直してください`,
  ],
  [
    /confirm or correct: .*wrong side of the baseline/,
    (label) =>
      `${label}が、目指す方向とは逆の側にあります。値を確かめ、このままでよければ「確認済みにする」を選んでください`,
  ],
  [
    /confirm or correct: .*moves against the direction/,
    (label) =>
      `${label}が、前年度の公表値から目指す方向とは逆に動いています。値を確かめ、このままでよければ「確認済みにする」を選んでください`,
  ],
  [
    /confirm or correct: .*published in that year's own report/,
    (label) =>
      `${label}が、その年度の報告で公表した最新値と異なります。値を確かめ、このままでよければ「確認済みにする」を選んでください`,
  ],
  [
    /confirm or correct: .*published for the same month/,
    (label) =>
      `${label}が、同じ時点について公表した値と異なります。値を確かめ、このままでよければ「確認済みにする」を選んでください`,
  ],
  [
    /confirm or correct: .*was it typed in 円\?/,
    (label) =>
      `${label}が、予算の10倍を超えています。円の金額を千円の欄に入力していないか確かめ、このままでよければ「確認済みにする」を選んでください`,
  ],
  [
    /confirm or correct: .*typed in another unit\?/,
    (label) =>
      `${label}が、前年度の公表値(公表値がなければ基準値)の10倍を超えているか10分の1未満です。単位を取り違えていないか確かめ、このままでよければ「確認済みにする」を選んでください`,
  ],
  [
    /confirm or correct/,
    (label) => `${label}が各行の合計と一致しません。合計を直すか、このままでよければ「確認済みにする」を選んでください`,
  ],
  [
    /no target, KPI or plan period changed/,
    () =>
      '計画変更として記録する変更がありません。②実施計画期間か⑤の指標・目標値を変えるか、計画変更の欄を空にしてください',
  ],
  [/plan period/, () => '年度が事業の②実施計画期間の外にあります'],
  [/must not be before planStartFiscalYear/, (label) => `${label}は初年度と同じか、それより後の年度にしてください`],
  [/must not be before submissionDueDate/, (label) => `${label}は提出期限と同じか、それより後の日付にしてください`],
  [/must not be before from$/, (label) => `${label}は開始日と同じか、それより後の日付にしてください`],
  [/must be a code from/, (label) => `${label}は一覧から選んでください`],
  [/needs at least one budget line/, () => '④市予算事業を1行以上入力してください'],
  [/needs its explanation/, () => '⑥事業効果の説明を入力してください'],
  [/departmentId is required for the project_owner role/, () => '事業担当課の役割には部署を選んでください'],
  [
    /still has (\d+) project\(s\) and (\d+) owner\(s\)/,
    (label, match) =>
      `この部署には事業(${match[1]}件)か事業担当課の人(${match[2]}人)が残っています。移す先の${label}を選んでください`,
  ],
  [/cannot be merged into itself/, (label) => `廃止する部署そのものは${label}にできません。別の部署を選んでください`],
  [
    /「(.+)」 is itself retired/,
    (label, match) => `「${match[1]}」は廃止した部署のため、${label}にできません。今ある部署を選んでください`,
  ],
  [
    /choose 「(.+)」 or another current department/,
    (label, match) =>
      `${label}に選んだ部署は廃止されています。事務を引き継いだ「${match[1]}」などの今ある部署を選んでください`,
  ],
  [/choose a current department/, (label) => `${label}に選んだ部署は廃止されています。今ある部署を選んでください`],
  [/must be a department of this organization$/, (label) => `${label}は一覧から選んでください`],
  [
    /whole number of 千円, without its unit/,
    (label) => `${label}は千円単位の整数だけを入力してください(単位は不要です)`,
  ],
  [/without its unit/, (label) => `${label}は数値だけを入力してください(単位は不要です)`],
  [
    /without the value in brackets/,
    (label) =>
      `${label}には、かっこの前の数値だけを入力してください。かっこ内の交付金の額や時点は、それぞれの欄に入力してください`,
  ],
  [/whole number/, (label) => `${label}は千円単位の整数で入力してください`],
  [/must not be negative/, (label) => `${label}は0以上で入力してください`],
  [/too large|must not be greater than \d/, (label) => `${label}が大きすぎます`],
  [/must not be less than -\d/, (label) => `${label}が小さすぎます`],
  [/must not exceed \w+ \((.+)\)/, (label, match) => `${label}は${match[1]}以下にしてください`],
  [/must be a number/, (label) => `${label}は数値で入力してください`],
  [/may hold at most (\d+) lines/, (label, match) => `${label}は${match[1]}行までにしてください`],
  [
    /must have at most (\d+) decimal places/,
    (label, match) => `${label}は小数点以下${match[1]}桁までで入力してください`,
  ],
  [/has a month outside 1 to 12/, (label) => `${label}の月は1〜12で入力してください`],
  [/has a day that its month does not have/, (label) => `${label}の日はその月にある日を入力してください`],
  [
    /has an era year that did not exist/,
    (label) => `${label}の元号と年が合いません(令和は2019年5月からR元、平成は2019年4月のH31まで)`,
  ],
  [
    /must not be after this month \((\d{4}-\d{2})\)/,
    (label, match) =>
      `${label}が今月(${yearMonthLabel(match[1])})より後になっています。値を測った年月を入力してください`,
  ],
  [/year-month/, (label) => `${label}は「R5.6」や「2023-06」のように年月で入力してください`],
  [/fiscal year|\(H元\) or later|or earlier/, (label) => `${label}は「R4」や「2022」のように年度で入力してください`],
  [
    /shorter than or equal to (\d+)|at most (\d+) characters/,
    (label, match) => `${label}は${match[1] ?? match[2]}文字以内で入力してください`,
  ],
  [
    /too easy to guess: it (.+?)\. /,
    (_label, match) =>
      `推測されやすいパスワードです(${guessableReasonLabel(match[1])})。関係のない単語をいくつか組み合わせるなどして、長く推測されにくいものにしてください`,
  ],
  [/at least (\d+) characters/, (label, match) => `${label}は${match[1]}文字以上で入力してください`],
  [/e-mail address/, (label) => `${label}は「name@city.example.lg.jp」の形式で入力してください`],
  [/must be a date/, (label) => `${label}は「R8.12.15」や「2026-12-15」のように日付で入力してください`],
  [/today or later/, (label) => `${label}は今日以降の日付にしてください`],
  [/must not be in the future/, (label) => `${label}は今日までの日付にしてください`],
  [/old due date has passed/, (label) => `もとの期限を過ぎているため、${label}を入力してください`],
  [/not an external expert/, () => '外部有識者ではない人か、利用を停止した人が選ばれています'],
  [/already assigned/, () => 'この外部有識者はすでに割り当てられています'],
  [/not a current warning/, () => '警告の内容が変わりました。ページを読み込み直してください'],
  [
    /is the address of another account/,
    (label) => `${label}は、ほかのアカウントで使われています。別のメールアドレスを入力してください`,
  ],
  [/must differ from the current address/, (label) => `${label}は、今のメールアドレスと違うものにしてください`],
  [/does not match/, (label) => `${label}が正しくありません`],
  [/must differ/, (label) => `${label}は今と違うものにしてください`],
  [
    /is already the label of option (\d+)/,
    (label, match) => `${label}が${match[1]}番目の選択肢と同じです。別の文言にしてください`,
  ],
  [/retired, never removed/, () => '選択肢は削除できません。使わない選択肢は「使わない」にしてください'],
  [/must stay active|needs at least one option/, (label) => `${label}を1つ以上、使うままにしてください`],
  [/at most (\d+) options/, (label, match) => `${label}は${match[1]}個までです`],
];

/** One field error in Japanese; the label comes from the error's path. */
export function fieldMessage(error: FieldError, labels: FieldLabels = {}): string {
  const label = fieldLabel(error.path, labels);
  for (const [pattern, message] of FIELD_MESSAGE_RULES) {
    const match = pattern.exec(error.message);
    if (match) return message(label, match);
  }
  if (MISSING.test(error.message))
    return CHOICE_FIELDS.test(error.path) ? `${label}を選んでください` : `${label}を入力してください`;
  return `${label}を確認してください`;
}

/**
 * Headings of a refusal because something changed meanwhile (409): nothing typed was wrong, so the page shows it as a
 * notice under its heading, not in the summary of input errors.
 */
const CHANGED_MEANWHILE = {
  report: '報告の状態が変わりました',
  saved: '別の画面またはほかの人が先に保存しました',
  review: '意見照会の状況が変わりました',
} as const;

/** A refusal that is about no one field: its message, and its heading when something changed meanwhile. */
export interface GeneralRefusal {
  text: string;
  changed?: string;
}

const GENERAL_MESSAGE_RULES: [RegExp, string | ((match: RegExpExecArray) => string), string?][] = [
  [/is already retired \(廃止\)/, 'この部署はすでに廃止されています。'],
  [
    /form was altered or is out of date/,
    'このフォームは古いか、正しく送られませんでした。ページを開き直して、もう一度入力してください。',
  ],
  [
    /audit log no longer holds what its last checkpoint recorded/,
    '監査ログから、前回のチェックポイントが記録した記録が失われています(削除または改ざんの疑い)。チェックポイントは作成していません。システムの運用者に監査ログの検証(audit:verify)を依頼してください。',
  ],
  [/no entries to checkpoint yet/, '監査ログにまだ記録がないため、チェックポイントは作成できません。'],
  [
    /changed by someone else/,
    // The same person in another tab as often as another person: neither is presumed.
    'このページを開いた後に、別の画面またはほかの人が先に保存したため、保存できませんでした。ページを読み込み直し、最新の内容を確かめてからもう一度入力してください。',
    CHANGED_MEANWHILE.saved,
  ],
  [
    /no report before fiscal year \d+ with budget lines to carry over/,
    'これまでの年度の報告に予算事業がないため、引き継げません。予算事業を入力してください。',
  ],
  [
    /can be published together; nothing was published/,
    '一括公表する報告のうち、方針決定済みではなくなった報告があるため、どの報告も公表しませんでした。年度ボードからもう一度一括公表を開き、一覧を確かめてください。',
  ],
  [
    /is not a fiscal year/,
    '年度の指定が読み取れませんでした。「R4」や「2022」のように年度を指定するか、年度ボードから選び直してください。',
  ],
  // A review's refusals below come of a page opened before another tab, person or the schedule acted: not a mistake.
  [/already answered this assignment/, 'この依頼にはすでに回答しています。', CHANGED_MEANWHILE.review],
  [
    /no longer active: there is no one to remind/,
    'この意見照会は終了しているため、催促できません。',
    CHANGED_MEANWHILE.review,
  ],
  [/nothing to remind of/, 'この外部有識者はすでに意見を入力しているため、催促できません。', CHANGED_MEANWHILE.review],
  [
    /reminded less than \d+ minutes ago/,
    'この外部有識者には、少し前に催促のメールを送っています(ほかの人の今すぐ催促や、設定した日の催促を含みます)。続けて届かないよう、今回は送っていません。最終催促の日時を確かめてください。',
    CHANGED_MEANWHILE.review,
  ],
  [/Accept the assignment before/, '意見を入力する前に、依頼を引き受けてください。'],
  [/has been dismissed already/, 'この依頼はすでに未回答で解除しています。', CHANGED_MEANWHILE.review],
  [
    /has declined this assignment; there is nothing to dismiss/,
    'この外部有識者は依頼を辞退しているため、解除できません。',
    CHANGED_MEANWHILE.review,
  ],
  [
    /has given their opinion; an assignment with an opinion/,
    '意見が入力済みの依頼は解除できません。',
    CHANGED_MEANWHILE.review,
  ],
  [
    /The panel's opinions are not all in/,
    '意見がまだそろっていない外部有識者がいるため、評価を取りまとめていません。下に示す外部有識者について、意見の代理入力(外部評価委員会資料の取込み)または未回答で解除を行ってから、取りまとめてください。',
    CHANGED_MEANWHILE.report,
  ],
  [
    /The expert has answered meanwhile/,
    'この画面を開いた後に、外部有識者が依頼に回答(引受け)したため、解除していません。入力した解除の理由はこのページに残っています。回答の内容を確かめ、それでも解除するときは、もう一度「未回答で解除する」を選んでください。',
    CHANGED_MEANWHILE.report,
  ],
  [
    /The alternates were changed since they were read/,
    'この画面を開いた後に、別の画面またはほかの人が補欠の外部有識者を保存したため、保存していません。選んだ補欠はこのページに残っています。いま保存されている補欠を確かめ、それでも置き換えるときは、もう一度「補欠を保存する」を選んでください。',
    CHANGED_MEANWHILE.saved,
  ],
  [
    /An opinion was saved on this assignment since it was read/,
    'このページを開いた後に、別の画面またはほかの人があなたの意見を保存したため、保存していません。入力した意見と評価はこのページに残っています。下の「いま保存されている意見」と見比べ、入力した内容で上書きしてよければ、もう一度「意見と評価を保存する」を選んでください。',
    CHANGED_MEANWHILE.saved,
  ],
  [
    /The organization's settings were saved since they were read/,
    'このページを開いた後に、別の画面またはほかの人が団体の設定を保存したため、保存していません。入力した内容はこのページに残っています。下の「いま保存されている設定」と見比べ、入力した内容で上書きしてよければ、もう一度「保存する」を選んでください。',
    CHANGED_MEANWHILE.saved,
  ],
  [
    /The department was renamed since it was read/,
    'このページを開いた後に、別の画面またはほかの人がこの部署の名前を変更したため、変更していません。入力した部署名はこのページに残っています。見出しのいまの部署名を確かめ、入力した名前に変えてよければ、もう一度「変更する」を選んでください。',
    CHANGED_MEANWHILE.saved,
  ],
  [
    /Only a declined or dismissed assignment can be reopened/,
    '再依頼できるのは、辞退または未回答で解除した依頼だけです。ページを読み込み直してください。',
  ],
  [
    /no longer an external expert of the organization/,
    'この人は現在この団体の外部有識者ではないため、再依頼できません。',
  ],
  [
    /Upload the committee meeting pack as the \.xlsx workbook/,
    '年度ボードから出力した外部評価委員会資料(.xlsx)に記入し、Excel ブック(*.xlsx)のまま保存して選んでください。',
  ],
  [
    /not a readable \.xlsx workbook/,
    '.xlsx のブックとして読めないファイルです。Excel で「Excel ブック (*.xlsx)」として保存し直してから選んでください。',
  ],
  [
    /old-format Excel file \(\.xls\)/,
    '古い形式の Excel ファイル(.xls)は読めません。Excel で開いて「Excel ブック (*.xlsx)」として保存し直してから選んでください。',
  ],
  [
    /neither an \.xlsx workbook nor text/,
    '.xlsx のブックでも、テキスト(UTF-8 か Shift_JIS のタブ区切り)でもないファイルです。報告の表の .xlsx を選ぶか、Excel でセルをコピーして貼り付けてください。',
  ],
  [
    /The cell in row (\d+), column (\d+)(?: of sheet "(.*)")? holds U\+\w+, a character text may not hold/,
    ([, row, column, sheet]) =>
      `${describeLocation({ sheet, row: Number(row) })}の${column}列目のセルに、使えない文字(制御文字)が含まれています。その文字を消して保存し、もう一度選んでください。`,
  ],
  [
    /Keep only the report tables in the workbook/,
    'ブックが大きすぎて読めません。必要なシートと行だけを残して保存し、もう一度選んでください。',
  ],
  [/report for this project and fiscal year .* already exists/, 'この事業のこの年度の報告はすでにあります。'],
  [
    /cycle of fiscal year .* already open/,
    'この年度はすでに開始しています。終了した年度も、もう一度開始することはできません。',
  ],
  [/cycle is already closed/, 'この年度はすでに終了しています。'],
  [/deadlines of a closed cycle/, 'この年度はすでに終了しているため、期限は変更できません。'],
  [
    /last administrator of the organization/,
    'この団体の最後のシステム管理者です。先に別の人をシステム管理者にしてください。',
  ],
  [
    /digest told of has been settled or gone into a later digest: there is nothing to resend/,
    'このまとめメールで知らせた通知は、対応済みになったか後のまとめメールに含まれたため、再送するものはありません。一覧を読み込み直してください。',
  ],
  [
    /e-mail asked for has been settled already: there is nothing to resend/,
    'このメールで知らせた依頼はすでに対応済みになっているため、再送するものはありません。一覧を読み込み直してください。',
  ],
  [
    /No change of address is waiting to be cancelled/,
    '取りやめる変更はありません。メールアドレスの変更は、すでに確定したか、取りやめられたか、有効期限を過ぎています。',
  ],
  [/account is deactivated already/, 'この人の利用はすでに停止されています。'],
  [/account is not deactivated/, 'この人の利用は停止されていません。'],
  [/cannot deactivate your own account/, '自分のアカウントは停止できません。ほかのシステム管理者に依頼してください。'],
  [
    /holds roles in another organization/,
    'この人はほかの団体でも役割を持っているため、利用を停止できません。この団体での役割を外してください。',
  ],
  [
    /reactivate it before sending a password reset link/,
    '利用を停止しているアカウントには再設定のリンクを送れません。先に利用を再開してください。',
  ],
  [/already holds this role/, 'この利用者はすでにこの役割を持っています。'],
  [
    /belongs to a member of this organization whose account is deactivated/,
    'このメールアドレスの人はこの団体の利用者ですが、利用を停止しています。一覧からその人を開き、「利用を再開する」を選んでください。',
  ],
  [
    /belongs to a member of this organization already/,
    'このメールアドレスの人はすでにこの団体の利用者です。一覧の「役割を追加」から役割を付与してください。',
  ],
  [
    /invitation to this address is still open/,
    'このメールアドレスへの招待がまだ回答待ちです。招待し直すときは、先に「回答待ちの招待」で取り消してください。',
  ],
  [
    /Another invitation to this address is open/,
    'このメールアドレスには、ほかに回答待ちの招待があります。再送するときは、そちらの招待を再送してください。',
  ],
  [
    /retired with no successor, so it cannot be accepted/,
    'この招待で役割を受ける部署は廃止され、事務を引き継ぐ部署がないため、再送しても承諾できません。この招待を取り消して、今ある部署で招待し直してください。',
  ],
  [
    /address has an account already/,
    'このメールアドレスにはすでにアカウントがあります。そのアカウントでサインインしてから、招待を承諾してください。',
  ],
  [
    /invitation was (accepted|declined|revoked|superseded) already/,
    'この招待はすでに承諾・辞退されたか、取り消されたか、別の招待で参加済みです。',
  ],
  [/department named .* already exists/, '同じ名前の部署がすでにあります。'],
  // A session opened from an expert's mail link reaches its report only; even the error page's link to the top page
  // is closed to it, so the message has to say how to get back and how to reach the rest.
  [
    /opened by a one-click link and may only act on its assignment/,
    'メールのリンクから開いたときは、依頼された報告を見ることと、依頼への回答・意見の入力だけができます。報告は、メールのリンクからもう一度開けます。ほかのページを使うには、サインインのページから、ご自分のメールアドレスとパスワードでサインインしてください。',
  ],
  [
    /same form is still being processed/,
    '同じ内容の送信を処理しています。少し待ってからページを読み込み直し、結果を確かめてください。',
  ],
  [
    /CSRF token/,
    'ページの有効期限が切れたか、このサービスの外から送信されました。前のページに戻って読み込み直し、もう一度送信してください。',
  ],
  [/corrected it \(four-eyes\)/, '訂正した今後の方針(⑧)は、訂正した人とは別の企画政策課の職員が公表します。'],
  [/four-eyes/, '方針案は、提案した人とは別の企画政策課の職員が承認します。'],
  [/not complete enough to submit/, '提出する前に、入力が足りない項目を直してください。'],
  [/already exists/, '同じものがすでに登録されています。'],
];

/** The workflow's refusal of an action in the report's current state names that state, in English and by its code. */
const STATUS_REFUSAL = /is not possible while the report is .* \((\w+)\)\.$/;

/** The label of the state a report moved on to, when the workflow refused an action for it; null for anything else. */
export function changedStatusOf(error: unknown): string | null {
  const status = error instanceof HttpException ? STATUS_REFUSAL.exec(error.message)?.[1] : undefined;
  return status ? (REPORT_STATUS_LABELS[status as ReportStatus] ?? null) : null;
}

/**
 * A report's form refused because the report moved on to another state meanwhile (from another tab, by someone else):
 * which state, and, when the page still holds what was typed, that it does.
 */
export function reportStatusChanged(statusLabel: string, refused: string, typedKept: boolean): GeneralRefusal {
  const kept = typedKept ? '入力した内容はこのページに残っています。必要なら控えてから、' : '';
  return {
    text: `報告の状態が「${statusLabel}」に変わったため、${refused}できませんでした。${kept}報告の状態を確かめてください。`,
    changed: CHANGED_MEANWHILE.report,
  };
}

/** What became of a report chosen from a bulk page's list of reports in the state `from`, since the list was shown. */
function changedSinceListedReason(report: ChangedReport, from: ReportStatus): string {
  if (report.status === null) return '削除されました';
  if (report.status === from) {
    const versions = `更新番号 ${report.readVersion ?? '—'} → ${report.version}`;
    return from === ReportStatus.Submitted ? `提出し直されました。${versions}` : `内容が更新されました。${versions}`;
  }
  // A submitted report goes back to 作成中 either way; which of the two is in its history.
  if (from === ReportStatus.Submitted && report.status === ReportStatus.Draft)
    return '提出が取り下げられたか差し戻され、「作成中」に戻りました';
  return `状態が「${REPORT_STATUS_LABELS[report.status]}」に変わりました`;
}

/**
 * A bulk action (一括受理, 一括公表) refused because reports chosen changed since its list was shown: each named with what
 * became of it; nothing was done.
 */
export function changedSinceListed(changed: ChangedReport[], from: ReportStatus, done: string): GeneralRefusal {
  const named = changed.map(
    (report) => `「${report.projectTitle ?? '削除された報告'}」(${changedSinceListedReason(report, from)})`,
  );
  return {
    text: `この画面を開いた後に、次の報告が変わったため、どの報告も${done}していません: ${named.join('、')}。いまの一覧で内容を確かめてから、もう一度選んでください。`,
    changed: CHANGED_MEANWHILE.report,
  };
}

/**
 * What moved a report on since a decision's page was read, by the audit action that made the version: what the
 * decision would have been taken without. Actions not named here say only that the report was updated.
 */
const CHANGED_SINCE_READ: Partial<Record<string, string>> = {
  'report.submitted': '提出し直されました',
  'report.reopened': '方針の決定がやり直されました',
  'report.correction_started': '訂正が始まりました',
  'correction.submitted': '訂正が提出されました',
  'report.assessment_corrected': '評価・方針が訂正されました',
  'report.correction_cancelled': '訂正が取りやめられました',
  'report.published': '公表されました',
  'assignment.created': '外部有識者が追加されました',
  'assignment.reopened': '外部有識者に再依頼されました',
  'alternate.invited': '補欠の外部有識者に依頼されました',
  'assignment.removed': '外部有識者が外されました',
  'opinion.entered': '外部有識者の意見が入力・修正されました',
  'opinion.entered_on_behalf': '外部有識者の意見が代理入力されました',
  'policy.proposed': '方針案が提案されました',
  'policy.sent_back': '方針案が差し戻されました',
  'policy.approved': '方針が承認されました',
};

const CHANGED_SINCE_READ_REFUSAL =
  /\((\w+)\) has changed since version \d+ was read \(now version \d+(?:; since then: ([\w., ]+))?\)/;

/**
 * A decision refused because the report changed since its page was shown, naming what changed; in a submitted state
 * only a resubmission changes it. Null for any other error.
 */
function changedSinceRead(message: string): GeneralRefusal | null {
  const match = CHANGED_SINCE_READ_REFUSAL.exec(message);
  if (!match) return null;
  const [, status, actions] = match;
  // Without the actions (none recorded), a submitted report that changed can only have been submitted again.
  const made =
    actions?.split(', ') ?? (['submitted', 'correction_submitted'].includes(status) ? ['report.submitted'] : []);
  const named = made.flatMap((action) => CHANGED_SINCE_READ[action] ?? []);
  const what = named.length > 0 ? `(${[...new Set(named)].join('、')})` : '';
  return {
    text: `報告が更新されました${what}。内容を確かめてから、もう一度操作してください。`,
    changed: CHANGED_MEANWHILE.report,
  };
}

/** An error that is not about one field, in Japanese, marked as a change meanwhile when it is one. */
export function generalRefusal(error: HttpException): GeneralRefusal {
  const message = error.message;
  const changedTo = changedStatusOf(error);
  if (changedTo) return reportStatusChanged(changedTo, 'この操作が', false);
  const changedSince = changedSinceRead(message);
  if (changedSince) return changedSince;
  for (const [pattern, wording, changed] of GENERAL_MESSAGE_RULES) {
    const match = pattern.exec(message);
    if (!match) continue;
    const text = typeof wording === 'string' ? wording : wording(match);
    return changed ? { text, changed } : { text };
  }
  const status = error.getStatus() as HttpStatus;
  if (status === HttpStatus.CONFLICT) return { text: 'この操作は今はできません。ページを読み込み直してください。' };
  if (status === HttpStatus.FORBIDDEN) return { text: 'この操作を行う権限がありません。' };
  return { text: '入力内容を確認してください。' };
}

/** A message for an error that is not about one field. */
export function generalMessage(error: HttpException): string {
  return generalRefusal(error).text;
}

/**
 * A project form refused as stale is shown again with what the user typed, next to what is saved now; saving it
 * again is then a deliberate overwrite.
 */
export const PROJECT_SAVED_BY_SOMEONE_ELSE: GeneralRefusal = {
  text: 'このページを開いた後に、別の画面またはほかの人がこの事業を保存したため、保存できませんでした。入力した内容はそのまま残しています。下の「いま保存されている内容」と見比べ、必要なら直してから、もう一度「保存する」を選んでください(あなたの入力内容で上書きします)。',
  changed: CHANGED_MEANWHILE.saved,
};

/**
 * A section of a report refused because its own fields were saved meanwhile, from another tab or by another person
 * (neither is presumed): shown again with what was typed, beside the fields that changed; saving it again is then a
 * deliberate overwrite.
 */
export const REPORT_SECTION_SAVED_MEANWHILE: GeneralRefusal = {
  text: 'この報告は、このページを開いた後に別の画面またはほかの人が保存しました。このページで入力する項目が変わっているため、保存していません。入力した内容はこのページに残っています。下の「このページを開いた後に変わった項目」を確かめ、入力した内容で上書きしてよければ、もう一度「下書きを保存する」を選んでください。',
  changed: CHANGED_MEANWHILE.saved,
};

/**
 * A list of 評価区分の文言 refused because another was saved meanwhile, from another tab or by another person: shown
 * again with what was typed on the options as they are now, each headed by its saved wording; saving it again is then
 * a deliberate overwrite.
 */
export const ASSESSMENT_OPTIONS_SAVED_MEANWHILE: GeneralRefusal = {
  text: 'このページを開いた後に、別の画面またはほかの人がこの選択肢の文言を保存したため、保存していません。入力した内容はこのページに残っています。各選択肢の見出しは、いま保存されている文言です。「あなたの入力と異なる」選択肢を確かめ、入力した内容で上書きしてよければ、もう一度保存してください。',
  changed: CHANGED_MEANWHILE.saved,
};

/**
 * 意見照会の設定 refused because they were saved meanwhile, from another tab or by another person: shown again with what
 * was typed, beside the settings saved, the ones that differ marked; saving it again is then a deliberate overwrite.
 */
export const REVIEW_SETTINGS_SAVED_MEANWHILE: GeneralRefusal = {
  text: 'このページを開いた後に、別の画面またはほかの人が意見照会の設定を保存したため、保存していません。入力した内容はこのページに残っています。「いま保存されている設定」の「あなたの入力と異なる」項目を確かめ、入力した内容で上書きしてよければ、もう一度「保存する」を選んでください。',
  changed: CHANGED_MEANWHILE.saved,
};

/**
 * A year's deadlines refused because they were changed meanwhile, from another tab or by another person: shown again
 * with the dates typed, below the deadlines now, the ones that differ marked; changing them again is then deliberate.
 */
export const CYCLE_DEADLINES_SAVED_MEANWHILE: GeneralRefusal = {
  text: 'このページを開いた後に、別の画面またはほかの人がこの年度の期限を変更したため、変更していません。入力した期限はこのページに残っています。「いまの提出期限」「いまの意見の期限」を確かめ、入力した期限に変えてよければ、もう一度「期限を変更する」を選んでください。',
  changed: CHANGED_MEANWHILE.saved,
};

/** Why an invitation link cannot be used, for the invitee's page. */
export const INVITATION_UNUSABLE_MESSAGES: Record<UnusableReason, string> = {
  unknown:
    'この招待のリンクは正しくありません。メールに書かれたリンクを、途中で切れずにすべて開いたか確かめてください。',
  resent:
    'この招待はシステム管理者が招待メールを再送したため、このメールのリンクは使えなくなりました。いちばん新しい招待メール(件名が【再送】のもの)のリンクを開いてください。',
  expired: 'この招待は回答の期限を過ぎました。招待した団体のシステム管理者に、もう一度招待するよう依頼してください。',
  revoked: 'この招待は、団体のシステム管理者が取り消しました。',
  accepted: 'この招待はすでに承諾されています。招待のリンクは一度しか使えません。サインインしてご利用ください。',
  declined:
    'この招待はすでに辞退されています。誤って辞退した場合は、システム管理者にもう一度招待するよう依頼してください。',
  superseded:
    'このメールアドレスの人は、別の招待ですでにこの団体に参加しています。この招待のリンクはもう使えません。サインインしてご利用ください。',
  department_retired:
    'この招待で役割を受ける部署は廃止され、事務を引き継ぐ部署がないため、この招待は承諾できません。招待した団体のシステム管理者に、今ある部署への新しい招待を依頼してください。',
};

/** Whole minutes to wait before trying again, rounded up, as a refusal that throttles says them. */
const minutesToWait = (seconds: number) => Math.ceil(seconds / 60);

/** The sign-in page's refusals. */
export const SIGN_IN_REFUSALS = {
  wrongCredentials: 'メールアドレスまたはパスワードが正しくありません。',
  deactivated:
    'このアカウントは利用を停止されています。利用を再開するには、所属団体のシステム管理者に連絡してください。',
  tooManyAttempts: (retryAfterSeconds: number) =>
    `パスワードの誤りが続いたため、このアカウントまたはこの接続元からのサインインを一時的に止めています。${minutesToWait(retryAfterSeconds)}分ほど待ってからもう一度お試しください。パスワードを思い出せないときは、「パスワードを忘れた場合」から再設定すると、待たずにサインインできます。`,
  /** The heading of a refusal that is not about what was typed. */
  heading: 'サインインできません',
};

/** アカウント設定's refusal of a change (password, address) after too many wrong current passwords (counted with sign-ins). */
export const currentPasswordThrottled = (retryAfterSeconds: number) =>
  `現在のパスワードの誤りが続いたため、このアカウントまたはこの接続元からのパスワードの入力を一時的に止めています。${minutesToWait(retryAfterSeconds)}分ほど待ってからもう一度お試しください。`;

/** The password reset page's refusal of requests sent too often. */
export const passwordResetThrottled = (retryAfterSeconds: number) =>
  `パスワード再設定の依頼が続いたため、このメールアドレスまたはこの接続元からの依頼を一時的に止めています。${minutesToWait(retryAfterSeconds)}分ほど待ってからもう一度お試しください。届いたメールがあれば、そのリンクを使ってください。`;

/** A page's fiscal year (年度ボード, 自分の報告) that reads as no year, or as one before H元 or after 2100. */
export const FISCAL_YEAR_UNREADABLE =
  '年度は「R4」や「2022」のように、平成元年度(1989年度)から2100年度までで入力してください';

/** A fiscal year that is not among those the page's list offers. */
export const FISCAL_YEAR_NOT_LISTED = '年度は一覧から選んでください';

/** 更新履歴's refusal of a `from` or `to` (as typed in the address) that it cannot compare, with the versions there are. */
export function versionComparisonMessage(refusal: ComparisonRefusal, typed: { from: string; to: string }): string {
  const there = `この報告の更新番号は ${refusal.versions} です`;
  if (refusal.reason === 'from_after_to')
    return `比べる元(更新番号 ${typed.from})が比べる先(${typed.to})より後です。比べる元には比べる先以前の更新番号を選んでください(${there})`;
  const [field, value] = refusal.path === '/from' ? ['比べる元', typed.from] : ['比べる先', typed.to];
  return `${field}の更新番号「${value}」はこの報告にありません。${there}。一覧から選んでください`;
}

/** The page 報告の取込み's refusals: of the file or cells as sent, and of a confirmation that wrote nothing. */
export const IMPORT_REFUSALS = {
  fileTooLarge: (megabytes: number) =>
    `ファイルが大きすぎます(${megabytes} MB まで)。報告の表だけを残したブックを保存して、もう一度選んでください`,
  pastedTooLong: (characters: number) =>
    `貼り付ける内容が長すぎます(${characters.toLocaleString('ja-JP')}文字まで)。何回かに分けて貼り付けるか、ブック(.xlsx)のファイルを選んでください`,
  tooManyChoices: (choices: number) =>
    `報告が多すぎて、確認結果の選択を一度に送れません(${choices.toLocaleString('ja-JP')}件まで)。ファイルを何回かに分けて取り込んでください`,
  fileAndPasted: 'ファイルを選ぶか、セルを貼り付けるか、どちらか一方にしてください',
  nothingSent: '取り込むファイルを選ぶか、報告の表のセルを貼り付けてください',
  departmentNoLongerChoosable: (projectName: string) =>
    `「${projectName}」の事業担当課に選んでいた部署は、選べなくなりました(廃止されたなど)。一覧から選び直してください`,
  confirmation: {
    [HttpStatus.CONFLICT]:
      '確認した後に、ファイルか貼り付けた内容、事業の選択、公表日、交付金の種類のどれかが変わりました。何も取り込んでいません。下の確認結果を見直してから、もう一度「取り込む」を選んでください。',
    [HttpStatus.UNPROCESSABLE_ENTITY]:
      '取り込めない報告があるため、何も取り込んでいません。下のエラーを直してください。',
  } as Partial<Record<HttpStatus, string>>,
};

/** The committee pack import's refusals: of the file, and of a confirmation that took nothing in. */
export const COMMITTEE_PACK_REFUSALS = {
  noFile: '記入した外部評価委員会資料(.xlsx)を選んでください',
  fileTooLarge: 'ファイルが大きすぎます。外部評価委員会資料のブックをそのまま選んでください',
  /** In the words the dry run gives each report without a change. */
  nothingChanged:
    'どの報告にも変更はありません。何も取り込んでいません。⑦か外部有識者の評価と意見を記入して保存した資料を、もう一度確認してください。',
  confirmation: {
    [HttpStatus.CONFLICT]:
      '確認した後に、選んだファイルか報告の内容が変わりました。何も取り込んでいません。下の確認結果を見直してから、もう一度取り込んでください。',
    [HttpStatus.UNPROCESSABLE_ENTITY]:
      '取り込めない報告があるため、何も取り込んでいません。下の確認結果のエラーを見て、資料を直すか出力し直してください。',
  } as Partial<Record<HttpStatus, string>>,
};

/** The error page's title for a form refused for a field it carries hidden (AlteredFormException). */
export const ALTERED_FORM_TITLE = 'このフォームは受け付けられませんでした';

/** The error page's title for a form without the CSRF token of a page of this site (ForgedRequestException). */
export const FORGED_FORM_TITLE = '送信を受け付けられませんでした';

/**
 * For a form of a page of this site carrying the token of an earlier sign-in (ForgedRequestException with a Referer
 * of this site): opened before signing in again, or out, in another tab. Nothing was done; no alarm is called for.
 */
export const FORM_OPENED_BEFORE_SIGN_IN_TITLE = 'サインインし直す前に開いたフォームです';
export const FORM_OPENED_BEFORE_SIGN_IN =
  'このフォームのページを開いた後に、ほかの画面でサインインし直したか、サインアウトしたため、送信した内容は保存されていません。フォームのページを開き直してから、もう一度入力して送信してください。';

/** The sign-in page's word to whoever sent a form after their sign-in ended: why nothing was saved, what to do. */
export const SIGNED_OUT_MEANWHILE =
  'サインインが切れていたため、送信した内容は保存されていません。一定時間操作がなかったか、ほかの画面でサインアウトしたためです。サインインし直してから、もう一度送信してください。';

/** The same, to an expert whose one-click link session ended: the link in the mail opens it again, no password. */
export const LINK_SESSION_ENDED_MEANWHILE =
  'メールのリンクから開いた画面のサインインが切れていたため、送信した内容は保存されていません。一定時間操作がなかったか、ほかの画面でサインアウトしたためです。最新の意見照会メールにあるリンクをもう一度開いてから、もう一度送信してください。';

/** For an expert whose form reached a report closed to them meanwhile (dismissed, say): the error page's wording. */
export const REPORT_CLOSED_TITLE = 'この報告は、いまは開けません';
export const REPORT_CLOSED_MESSAGE = `${REPORT_CLOSED_REASON}送信した内容は保存されていません。`;

/** Titles of the error page by status. */
export const ERROR_TITLES: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]: '入力内容を確認してください',
  [HttpStatus.FORBIDDEN]: 'この操作を行う権限がありません',
  [HttpStatus.NOT_FOUND]: 'ページが見つかりません',
  [HttpStatus.CONFLICT]: 'この操作は今はできません',
  [HttpStatus.PAYLOAD_TOO_LARGE]: '送信した内容が大きすぎます',
  [HttpStatus.UNPROCESSABLE_ENTITY]: '入力内容を確認してください',
  [HttpStatus.TOO_MANY_REQUESTS]: 'しばらく待ってからもう一度お試しください',
};

/** A report warning in Japanese, from its code and the values it carries. */
export function warningText(warning: {
  code: string;
  typed?: number;
  computed?: number;
  published?: { fiscalYear: number; value: number; asOf: string | null };
}): string {
  const number = (value: number | undefined) => (value === undefined ? undefined : formatNumber(value));
  const { published } = warning;
  if (warning.code === 'total_mismatch') {
    return `入力された合計 ${number(warning.typed)}千円 が、各行の合計 ${number(warning.computed)}千円 と一致しません`;
  }
  if (warning.code === 'amount_out_of_scale') {
    return `${number(warning.typed)}千円 が、予算の ${number(warning.computed)}千円 の10倍を超えています。円の金額を千円の欄に入力していないか確かめてください`;
  }
  if (warning.code === 'kpi_against_last_year' && published) {
    const month = published.asOf ? `(${yearMonthLabel(published.asOf)})` : '';
    return `${number(warning.typed)} が、${fiscalYearLabel(published.fiscalYear)}の公表値 ${number(published.value)}${month} から、目指す方向とは逆に動いています`;
  }
  if (warning.code === 'kpi_out_of_scale') {
    const against = published
      ? `${fiscalYearLabel(published.fiscalYear)}の公表値 ${number(published.value)}`
      : `基準値 ${number(warning.computed)}`;
    return `${number(warning.typed)} が、${against} の10倍を超えているか10分の1未満です。単位(人と千人など)を取り違えていないか確かめてください`;
  }
  if (warning.code === 'kpi_year_differs_from_published' && published) {
    return `${number(warning.typed)} が、${fiscalYearLabel(published.fiscalYear)}の報告で公表した最新値 ${number(published.value)} と異なります`;
  }
  if (warning.code === 'kpi_differs_from_published' && published) {
    return `${number(warning.typed)} が、${fiscalYearLabel(published.fiscalYear)}の報告で公表した同じ時点(${yearMonthLabel(published.asOf)})の値 ${number(published.value)} と異なります`;
  }
  return '目標値が基準値に対して、目指す方向(増加・減少)とは逆の側にあります';
}

/**
 * Why the expert role (or the account) cannot be taken from someone yet: the reports on which their opinion is still
 * awaited. Not an input error: under a heading of its own.
 */
export function expertStillAskedRefusal(reports: AwaitedReport[]): GeneralRefusal {
  const named = reports.map((report) => `${report.projectName}(${fiscalYearLabel(report.fiscalYear)})`);
  return {
    text: `次の報告の意見照会を担当しています。先に担当を外してください: ${named.join('、')}`,
    changed: '担当中の意見照会があります',
  };
}

/** A report action as the workflow's refusal names it ("answer question"), in Japanese. */
const reportActionLabel = (described: string) =>
  REPORT_ACTION_LABELS[described.replace(/ /g, '_') as ReportAction] ?? described;

/**
 * Why a request was refused, as the audit log records it (in English, for the API and the CSV), worded for the
 * 監査ログ page's reader, who reads about someone else. Ordered: the first pattern that matches gives the wording;
 * a reason none matches is shown as recorded.
 */
const DENIAL_REASON_RULES: Rule[] = [
  [/^Sign-in required\.$/, () => 'サインインしていない状態での操作'],
  [/^Your session has ended/, () => 'サインインが終わった後(サインアウト・期限切れ・利用停止)の操作'],
  [
    /^The caller holds no role in this organization\.$|^Organization not found\.$/,
    () => 'この団体での役割がない人の操作',
  ],
  [
    /^This action needs one of these roles in the organization: (.+)\.$/,
    (_reason, match) =>
      `この操作に必要な役割(${match[1]
        .split(', ')
        .map((role) => ROLE_LABELS[role as Role] ?? role)
        .join('・')})を持たない人の操作`,
  ],
  [
    /^You may not (?:take the action "(.+)" on|(.+)) this report\.$/,
    (_reason, match) => `この報告で「${reportActionLabel(match[1] ?? match[2])}」をする立場にない人の操作`,
  ],
  [/ not found\.$/, () => '担当外のもの(別の部署の報告など)を開こうとした操作'],
  [/CSRF token|earlier sign-in/, () => 'このサービスのページから送られていないフォームの送信(有効期限切れを含む)'],
  [/one-click link|what this link opens/, () => 'メールのリンクで開いた画面から、依頼された報告の外への操作'],
  [/external expert role/, () => '外部有識者の役割を外された人の、メールのリンクからの操作'],
  [/platform operators/, () => '運用管理者でない人による送信待ち行列の画面の操作'],
  [/corrected it \(four-eyes\)/, () => '今後の方針を訂正した本人による訂正の公表(二者確認に反する操作)'],
  [/four-eyes/, () => '方針案を提案した本人による承認(二者確認に反する操作)'],
  [/own department|owning department/, () => '担当外の部署の事業・報告への操作'],
  [/another expert/, () => '別の外部有識者への依頼への操作'],
  [/another e-mail address/, () => '別のメールアドレス宛ての招待を承諾しようとした操作'],
  [/published history/, () => 'システム管理者でない人による公表済みの報告の取込み'],
  [/declares no access rule/, () => '利用できない画面・機能への操作'],
];

/**
 * The repeats of a refusal an entry says were folded before it (access.denied, or access.denials_folded when its window
 * closed): the same request refused again within a minute of the last entry written, counted instead of written.
 */
export function foldedDenialsText(count: number): string {
  return `前回の記録から同じ拒否を${count}回(記録は省略)`;
}

/** An access.denied entry's reason for the 監査ログ page: in Japanese when it is a known kind of refusal. */
export function deniedReasonText(reason: string): string {
  for (const [pattern, text] of DENIAL_REASON_RULES) {
    const match = pattern.exec(reason);
    if (match) return text('', match);
  }
  return reason;
}
