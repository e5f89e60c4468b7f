import { japaneseDate } from '../../common/dates';
import { kpiLabel } from '../../projects/kpi-label';
import { projectFieldLabel } from '../../projects/project-field-labels';

/**
 * The pages' Japanese names of what the services name in English: fields by JSON pointer, and the audit log's
 * actions.
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

const KPI_RESULT_FIELDS: Record<string, string> = {
  latestValue: '最新値',
  latestAsOf: '最新値の時点',
  isReference: '参考値',
  position: '指標',
  yearlyActuals: '年度別実績',
};

const TOP_LEVEL_FIELDS: FieldLabels = {
  '/actualAsOf': '④実績の時点',
  '/budgetLines': '④市予算事業',
  '/effectLevel': '⑥事業効果',
  '/effectLevelLabel': '⑥事業効果(団体の表記)',
  '/effectNarrative': '⑥事業効果の説明',
  '/effectLevelReason': '⑥目安と異なる評価を選んだ理由',
  '/resultFactors': '要因分析: 結果の要因',
  '/improvementMeasures': '要因分析: 今後講じる措置',
  '/previousPolicyFollowUp': '前年度の方針への対応',
  '/panelRating': '⑦外部有識者からの評価',
  '/panelRatingLabel': '⑦外部有識者からの評価(団体の表記)',
  '/panelOpinion': '⑦外部有識者からの意見',
  '/policyDecision': '⑧今後の方針',
  '/policyDecisionLabel': '⑧今後の方針(団体の表記)',
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
  if (match)
    return `⑤${kpiLabel(Number(match[1]) + 1)}${match[2] ? `の${KPI_RESULT_FIELDS[match[2]] ?? match[2]}` : ''}`;
  if (path.startsWith('/project/')) return projectFieldLabel(path.slice('/project'.length));
  match = /^\/acknowledgedWarningKeys/.exec(path);
  if (match) return '確認済みの警告';
  return path.replace(/^\//, '');
}

/** What the audit log's action names mean, for the audit trail tab. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'report.created': '報告の作成',
  'report.edited': '報告の編集',
  'report.plan_followed': '国提出事業の変更の反映',
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
  'assignment.dismissed': '未回答で解除',
  'assignment.reopened': '外部有識者への再依頼',
  'review_link.issued': 'ログイン用リンクの発行',
  'review_link.expiry_changed': 'ログイン用リンクの有効期限の変更',
  'review_link.used': 'ログイン用リンクでの開始',
  'review_link.refused': 'ログイン用リンクの拒否',
  'review_link.revoked': 'ログイン用リンクの無効化',
  'review_link.renewal_requested': 'ログイン用リンクの再送依頼',
  'review_link.renewal_refused': 'ログイン用リンクの再送依頼(送信なし)',
  'review_link.renewal_throttled': 'ログイン用リンクの再送依頼(回数超過)',
  'opinion.entered': '意見の入力',
  'opinion.entered_on_behalf': '意見の代理入力(外部評価委員会)',
  'committee_pack.imported': '外部評価委員会資料の取込み',
  'question.asked': '質問',
  'question.answered': '回答',
  'report.evaluated': '評価の取りまとめ',
  'policy.proposed': '方針案の提案',
  'policy.approved': '方針の承認',
  'policy.sent_back': '方針案の差戻し',
  'report.published': '公表',
  'report.reopened': '再開',
  'report.correction_started': '訂正開始',
  'correction.submitted': '訂正の提出',
  'correction.withdrawn': '訂正の提出の取下げ',
  'correction.returned': '訂正の差戻し',
  'report.publication_withdrawn': '公表の取消',
  'assessment_options.changed': '評価区分の文言の変更',
  'review_settings.changed': '意見照会の設定の変更',
  'assignment.reminded': '外部有識者への催促',
  'assignment.overdue_notified': '意見の期限超過の通知(企画政策課へ)',
  'access.denied': '拒否された操作',
};

/** The audit trail's note on a reminder or an overdue notice: about whom, and where the due date stood when it went. */
export function reminderNote(expertName: string, dueDate: string, daysFromDue?: number): string {
  const when =
    daysFromDue === undefined
      ? ''
      : daysFromDue < 0
        ? `(期限の${-daysFromDue}日前)`
        : daysFromDue === 0
          ? '(期限当日)'
          : `(期限の${daysFromDue}日後)`;
  return `外部有識者: ${expertName}・回答期限: ${japaneseDate(dueDate)}${when}`;
}
