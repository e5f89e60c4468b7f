import { formatFiscalYear } from '../../common/japanese-era';
import { PLAN_FOLLOWED_NOTE } from '../../notifications/notification-catalogue';

/** Why a report an expert was asked about no longer opens for them. */
export const REPORT_CLOSED_REASON = '意見照会の辞退や取消し、報告の削除などにより、見られなくなりました。';

const WITHDRAWN = '提出を取り下げました。作成中に戻りました。';
const CORRECTION_WITHDRAWN = '訂正の提出を取り下げました。訂正中に戻りました。';

/** Confirmation shown after a redirect (?notice=…). */
export const NOTICES: Record<string, string> = {
  created: '報告を作成しました。①から⑥の各項目を入力してください。',
  saved: '下書きを保存しました。',
  unchanged: '入力した内容は、保存してある内容と同じです。変更はありません。',
  acknowledged: '警告を確認済みにしました。',
  submitted: '報告を提出しました。企画政策課が内容を確認します。',
  withdrawn: WITHDRAWN,
  'withdrawn-plan-followed': `${WITHDRAWN}${PLAN_FOLLOWED_NOTE}`,
  returned: '報告を事業担当課に差し戻しました。',
  accepted: '報告を受理し、外部有識者に意見を依頼しました。',
  'assignment-accepted': '依頼を引き受けました。意見と評価を入力してください。',
  'assignment-declined': '依頼を辞退しました。',
  'alternates-unchanged': '補欠の外部有識者は、これまでと同じです。変更はありません。',
  'alternates-saved': '補欠の外部有識者を保存しました。辞退・解除があれば、設定に従って順に依頼します。',
  'assignment-dismissed': '意見照会を未回答で解除しました。本人に通知しました。',
  'assignment-reopened': '外部有識者にもう一度依頼しました。本人に通知しました。',
  'experts-added': '外部有識者に追加で依頼しました。本人に通知しました。',
  opinion: '意見と評価を保存しました。照会が終わるまでは修正できます。',
  asked: '質問を送りました。事業担当課が回答します。',
  answered: '回答を送りました。',
  evaluated: '外部有識者からの評価(⑦)を取りまとめました。',
  proposed: '今後の方針案(⑧)を提案しました。別の企画政策課職員の承認を待っています。',
  approved: '今後の方針を承認し、決定しました。',
  'sent-back': '方針案を差し戻しました。',
  published: '報告を公表しました。',
  reopened: '報告を再開し、評価済に戻しました。',
  'correction-started': '訂正を始めました。事業担当課が訂正して提出し、企画政策課が公表すると新しい版になります。',
  'correction-submitted': '訂正を提出しました。企画政策課が内容を確認して公表します。',
  'correction-withdrawn': CORRECTION_WITHDRAWN,
  'correction-withdrawn-plan-followed': `${CORRECTION_WITHDRAWN}${PLAN_FOLLOWED_NOTE}`,
  'correction-returned': '訂正を事業担当課に差し戻しました。',
  'assessment-corrected': '外部有識者からの評価(⑦)と今後の方針(⑧)を訂正しました。',
  'correction-cancelled': '訂正を取りやめました。報告は最後に公表した版の内容に戻りました。',
  'year-accepted': '選んだ報告を受理し、外部有識者に意見を依頼しました。各外部有識者に通知しました。',
  'year-published': '方針決定済みの報告を一括公表しました。各報告の事業担当課と外部有識者に通知しました。',
  'publication-withdrawn': '公表を取り消しました。もう一度公表するには、訂正した報告を公表し直します。',
  'signed-out': 'サインアウトしました。',
  'account-renamed': '氏名を変更しました。',
  'email-change-sent':
    '新しいメールアドレスに確認のリンクを送りました。リンクを開くと変更されます。それまでは、いまのメールアドレスのままです。',
  'email-change-cancelled': 'メールアドレスの変更を取りやめました。確認のリンクはもう使えません。',
  'password-changed': 'パスワードを変更しました。この端末以外でのサインインは終了しました。',
  'password-reset-done': '新しいパスワードを設定しました。メールアドレスと新しいパスワードでサインインしてください。',
  'invitation-sent': '招待メールを送りました。相手が承諾すると、この団体の利用者に加わります。',
  'invitation-revoked': '招待を取り消しました。招待メールのリンクはもう使えません。',
  'invitation-resent': '招待メールを再送しました。回答の期限を延ばし、前のメールのリンクは使えなくなりました。',
  'invitation-accepted': '招待を承諾しました。この団体の利用者になりました。',
  'review-links-revoked':
    'この有識者に送ったログイン用リンクをすべて無効にし、リンクで開いていた画面も終了しました。有識者は、アカウントがあれば通常のサインインで引き続き利用できます。',
  'invitation-registered':
    'アカウントを作成し、招待を承諾しました。招待されたメールアドレスと、いま決めたパスワードでサインインしてください。',
  'role-granted': '役割を付与しました。',
  'membership-revoked': '役割を外しました。',
  'cycle-deadlines-unchanged': '期限は、これまでと同じです。変更はありません。',
  'cycle-deadlines-changed':
    '期限を変更しました。意見の期限を変えたときは、それまでの期限で依頼していて意見がまだ入力されていない意見照会も、新しい期限になりました。',
  'password-reset-sent': 'パスワード再設定用のリンクを、この利用者のメールアドレスに送りました。',
  'user-deactivated': '利用を停止しました。この人はサインインできなくなり、サインイン中の画面も使えなくなりました。',
  'user-reactivated': '利用を再開しました。この人はまたサインインできます。',
  'department-created': '部署を追加しました。',
  'publication-settings-saved': '公表ページの設定を保存しました。',
  'publication-settings-unchanged': '公表ページの設定は、これまでと同じです。変更はありません。',
  'department-renamed': '部署名を変更しました。',
  'department-unchanged': '部署名は、これまでと同じです。変更はありません。',
  'department-retired': '部署を廃止しました。事業と事業担当課の人は統合先の部署に移りました。',
  'assessment-options-unchanged': '評価区分の文言は、これまでと同じです。変更はありません。',
  'assessment-options-saved':
    '評価区分の文言を保存しました。これから選ぶ報告に使われます。すでに選んだ報告は、選んだときの文言のままです。',
  'review-settings-unchanged': '意見照会の設定は、これまでと同じです。変更はありません。',
  'review-settings-saved':
    '意見照会の設定を保存しました。まだ意見が入力されていない意見照会の催促も、新しい催促する日で送ります。',
  reminded: '外部有識者に催促のメールを送りました。',
  'project-created': '国提出事業を登録しました。この事業の報告は「報告を作成する」から作成できます。',
  'project-saved': '国提出事業の登録内容を保存しました。',
  'project-unchanged': '国提出事業の登録内容は、これまでと同じです。変更はありません。',
  'project-saved-drafts-followed':
    '国提出事業の登録内容を保存しました。作成中・訂正中の報告にも反映しました。提出済み・公表済みの報告は、その年度の計画のまま変わりません。',
  'notification-retried': '通知メールを再送の待ち行列に入れました。',
  'notification-event-retried': '通知の作成をやり直します。作成できた通知は、アプリ内とメールで届きます。',
  'notification-settings-saved': '通知設定を保存しました。',
  'report-no-longer-open': `この通知の報告は、いまは開けません。${REPORT_CLOSED_REASON}`,
  'notice-no-longer-addressed':
    'このお知らせは、いまは開けません。宛先だった役割(または団体のメンバー)ではなくなったためです。',
  'checkpoint-created': '監査ログのチェックポイントを作成しました。印刷するかメールで監査人に渡してください。',
};

/** The 年度サイクル page's confirmations name the year and what opening it did (the redirect carries the numbers). */
export function cycleOpenedNotice(fiscalYear: number, draftsCreated: number, leftOut: number): string {
  const opened = `${formatFiscalYear(fiscalYear)}を開始しました。`;
  const ended = leftOut > 0 ? `今後の方針が事業の終了・中止と決まった${leftOut}件には、報告を作っていません。` : '';
  if (draftsCreated > 0) return `${opened}作成中の報告を${draftsCreated}件作成しました。${ended}`;
  return ended
    ? `${opened}新しく作成した報告はありません。${ended}`
    : `${opened}新しく作成した報告はありません(②実施計画期間がこの年度を含む事業がないか、どの事業にも報告がすでにあります)。`;
}

export function cycleClosedNotice(fiscalYear: number): string {
  return `${formatFiscalYear(fiscalYear)}を終了しました。`;
}

/** The notice key of the redirect after ④ took over an earlier year's items; its text is budgetCarriedOverNotice. */
export const BUDGET_CARRIED_OVER = 'budget-carried-over';

/**
 * After ④ took over an earlier year's items: how many, and what is left to enter (the page counts the lines; the year
 * they came from is on the page no more, so the notice names none).
 */
export function budgetCarriedOverNotice(lines: number): string {
  return `予算事業 ${lines} 件の事業名と概要を引き継ぎました。主な事業実績、予算額と実績額を入力してください。`;
}

/**
 * Beside a report on a bulk page's list: its department and the version the list shows, and, when it was chosen at an
 * earlier version (the list shown again after it was resubmitted), why it is no longer ticked.
 */
export function listedReportHint(departmentName: string | null, version: number, changedSinceChosen: boolean): string {
  const changed = changedSinceChosen ? '(前に表示した後に提出し直されました。内容を確かめてから選んでください)' : '';
  return `${departmentName ?? '—'}・更新番号 ${version}${changed}`;
}
