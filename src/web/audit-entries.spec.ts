import { type AuditAction, AUDIT_ACTIONS } from '../audit/audit-actions';
import { type AuditEntry } from '../audit/audit-entry.entity';
import { auditEntryRow, projectIdsIn, userIdsIn } from './audit-entries';

const ACTOR = 'u-planner';
const EXPERT = 'u-expert';
const OTHER_EXPERT = 'u-expert-2';
const DEPARTMENT = 'd-industry';
const names = new Map([
  [ACTOR, '企画 花子'],
  [EXPERT, '有識者 一郎'],
  [OTHER_EXPERT, '有識者 二郎'],
]);
const departments = new Map([[DEPARTMENT, '産業振興課']]);

/** A transition as ReportChanges records it, with no field changed. */
const moved = (fromStatus: string, toStatus: string) => ({ fromStatus, toStatus, version: 4, changes: [] });
const changed = { changes: [{ path: '/effectNarrative', before: '', after: '効果があった' }] };
const beside = { fromStatus: 'in_expert_review', toStatus: 'in_expert_review', version: 4, changes: [] };

/**
 * The details each action is written with, as the services write them: the compiler asks for one per declared action,
 * so an action added to the log is not left without a look at how the page summarizes it.
 */
const WRITTEN: Record<AuditAction, Record<string, unknown>> = {
  'report.created': { projectId: 'p', fiscalYear: 2026, cycleId: 'c' },
  'report.imported': {
    projectId: 'p',
    projectCreated: true,
    fiscalYear: 2025,
    status: 'published',
    source: { file: '効果検証シート.xlsx', checksum: 'c' },
    mode: 'published',
  },
  'report.edited': { ...moved('draft', 'draft'), ...changed },
  'report.plan_followed': { projectId: 'p', version: 2, ...changed },
  'report.warnings_acknowledged': { keys: ['kpi-missing'], ...moved('draft', 'draft') },
  'report.deleted': { projectId: 'p', projectName: '移住促進事業', fiscalYear: 2026 },
  'report.submitted': moved('draft', 'submitted'),
  'report.withdrawn': moved('submitted', 'draft'),
  'report.returned': { comment: '④の実績額を確認してください', ...moved('submitted', 'draft') },
  'report.accepted': {
    experts: [EXPERT, OTHER_EXPERT],
    dueDate: '2026-09-30',
    assignmentIds: ['a'],
    ...moved('submitted', 'in_expert_review'),
  },
  'report.evaluated': {
    source: 'committee_pack',
    file: '委員会.xlsx',
    checksum: 'x',
    ...moved('in_expert_review', 'evaluated'),
    ...changed,
  },
  'policy.proposed': { ...moved('evaluated', 'decision_proposed'), ...changed },
  'policy.approved': moved('decision_proposed', 'decided'),
  'policy.sent_back': { comment: '理由を補ってください', ...moved('decision_proposed', 'evaluated') },
  'report.published': { bulk: true, edition: 1, ...moved('decided', 'published') },
  'reports.bulk_published': { fiscalYear: 2026, count: 12, reportIds: ['r'] },
  'reports.bulk_accepted': { experts: [EXPERT], dueDate: '2026-09-30', fiscalYear: 2026, count: 3, reportIds: ['r'] },
  'report.reopened': { reason: '方針を見直すため', ...moved('decided', 'evaluated') },
  'report.correction_started': { reason: '数値の誤り', ...moved('published', 'correcting') },
  'correction.submitted': moved('correcting', 'correction_submitted'),
  'correction.withdrawn': moved('correction_submitted', 'correcting'),
  'correction.returned': { comment: 'もう一度確認してください', ...moved('correction_submitted', 'correcting') },
  'report.assessment_corrected': {
    ...moved('correcting', 'correcting'),
    changes: [{ path: '/policyReason', before: '誤記のある理由', after: '訂正した理由' }],
  },
  'report.correction_cancelled': { reason: '訂正の必要がなかった', ...moved('correcting', 'published') },
  'report.publication_withdrawn': { reason: '誤った公表', ...moved('published', 'withdrawn') },
  'report.exported': { format: 'xlsx', fiscalYear: 2026, version: 4, status: 'published' },
  'assignment.created': { experts: [EXPERT], dueDate: '2026-09-30', assignmentIds: ['a'], ...beside },
  'assignment.removed': { assignmentId: 'a', reason: '利害関係があるため', expertUserId: EXPERT, ...beside },
  'assignment.accepted': {
    assignmentId: 'a',
    conflictOfInterest: 'declared',
    conflictOfInterestDetails: '事業者の顧問',
    declineReasonKind: null,
    declineReason: '',
    suggestedExpert: null,
    ...beside,
  },
  'assignment.declined': {
    assignmentId: 'a',
    conflictOfInterest: null,
    conflictOfInterestDetails: '',
    declineReasonKind: 'no_time',
    declineReason: '',
    suggestedExpert: { name: '北海 次郎', email: 'j@example.jp', affiliation: '' },
    ...beside,
  },
  'assignment.dismissed': { assignmentId: 'a', note: '期限を過ぎても回答がないため', ...beside },
  'assignment.reopened': {
    assignmentId: 'a',
    expertUserId: EXPERT,
    dueDate: '2026-10-15',
    previous: { status: 'declined', dueDate: '2026-09-30' },
    ...beside,
  },
  'assignment.reminded': { assignmentId: 'a', expertUserId: EXPERT, dueDate: '2026-09-30', daysFromDue: -3, ...beside },
  'assignment.overdue_notified': { assignmentId: 'a', expertUserId: EXPERT, dueDate: '2026-09-30' },
  'alternates.changed': { from: [EXPERT], to: [OTHER_EXPERT, EXPERT], ...beside },
  'alternate.invited': { alternateExpertUserId: OTHER_EXPERT, replacedAssignmentId: 'a', cause: 'declined', ...beside },
  'review_link.issued': {
    reportId: 'r',
    expertUserId: EXPERT,
    reviewLinkId: 'l',
    expiresAt: '2026-10-01T14:59:59.000Z',
    cause: 'expert.assigned',
  },
  'review_link.expiry_changed': {
    reportId: 'r',
    expertUserId: EXPERT,
    reviewLinkId: 'l',
    dueDate: '2026-10-15',
    from: '2026-10-01T14:59:59.000Z',
    to: '2026-10-15T14:59:59.000Z',
  },
  'review_link.used': { reviewLinkId: 'l', reportId: 'r', sessionId: 's', userAgent: 'Mozilla/5.0' },
  'review_link.refused': { reason: 'expired', reviewLinkId: 'l', userAgent: 'Mozilla/5.0' },
  'review_link.revoked': {
    reportId: 'r',
    expertUserId: EXPERT,
    revokedLinks: 1,
    endedSessions: 1,
    reason: 'assignment.removed',
  },
  'review_link.renewal_requested': { reviewLinkId: 'l', userAgent: 'Mozilla/5.0', expertUserId: EXPERT, reportId: 'r' },
  'review_link.renewal_refused': {
    reviewLinkId: 'l',
    userAgent: 'Mozilla/5.0',
    reason: 'assignment_inactive',
    expertUserId: EXPERT,
  },
  'review_link.renewal_throttled': { userAgent: 'Mozilla/5.0' },
  'opinion.entered': { assignmentId: 'a', ...moved('in_expert_review', 'in_expert_review'), ...changed },
  'opinion.entered_on_behalf': {
    assignmentId: 'a',
    onBehalfOfExpertUserId: EXPERT,
    enteredBy: 'planning_division',
    source: '委員会.xlsx',
    ...changed,
  },
  'committee_pack.imported': { fiscalYear: 2026, source: '委員会.xlsx', checksum: 'x', reports: [{ reportId: 'r' }] },
  'question.asked': { body: '指標②の出典は?', ...beside },
  'question.answered': { questionId: 'q', body: '市の統計です', ...beside },
  'project.created': { name: '移住促進事業', ...changed },
  'project.edited': { updatedDraftReportIds: [], ...changed },
  'project.amended': { amendmentId: 'm', effectiveFiscalYear: 2026, reason: '計画変更の承認', ...changed },
  'import.confirmed': {
    source: '効果検証シート.xlsx',
    checksum: 'x',
    layout: 'national',
    mode: 'draft',
    reports: [{ reportId: 'r' }, { reportId: 's' }],
  },
  'cycle.opened': { fiscalYear: 2026, submissionDueDate: '2026-06-30' },
  'cycle.deadlines_changed': {
    fiscalYear: 2026,
    submissionDueDate: { from: '2026-06-30', to: '2026-07-15' },
    reviewDueDate: { from: null, to: '2026-09-30' },
  },
  'cycle.closed': { fiscalYear: 2026 },
  'assessment_options.changed': { scale: 'panel_rating', before: [], after: [] },
  'review_settings.changed': {
    changes: [
      { path: '/reminderOffsets', before: [-7], after: [-7, 0, 3] },
      { path: '/linkValidDaysAfterDue', before: 7, after: 14 },
      { path: '/autoInviteAlternates', before: false, after: true },
      // A reminder's own wording set where the default was, and one's own body changed.
      {
        path: '/reminderTemplates/before',
        before: null,
        after: { subject: '期限が近づいています', body: 'ご確認ください' },
      },
      {
        path: '/reminderTemplates/after_due',
        before: { subject: '期限を過ぎました', body: 'ご回答ください' },
        after: { subject: '期限を過ぎました', body: '至急ご回答ください' },
      },
    ],
  },
  'organization.created': { name: '旭川市', localGovernmentCode: '012041' },
  'organization.settings_changed': {
    changes: [
      { path: '/effectCloseThreshold', before: 0.8, after: 0.75 },
      { path: '/publishPanelMemberNames', before: false, after: true },
    ],
  },
  'department.created': { name: '産業振興課' },
  'department.renamed': { changes: [{ path: '/name', before: '経済部', after: '産業振興課' }] },
  'department.retired': {
    name: '経済部',
    successorId: DEPARTMENT,
    successorName: '産業振興課',
    projectIds: ['p1', 'p2'],
    membershipIds: ['m1'],
  },
  'invitation.created': { email: 'new@example.jp', grants: [{ role: 'project_owner', departmentId: DEPARTMENT }] },
  'invitation.accepted': { email: 'new@example.jp', userId: 'u', newAccount: true },
  'invitation.declined': { email: 'new@example.jp' },
  'invitation.revoked': { email: 'new@example.jp' },
  'invitation.superseded': { email: 'new@example.jp', acceptedInvitationId: 'i' },
  'invitation.resent': { email: 'new@example.jp', expiresAt: '2026-04-08T00:00:00.000Z' },
  'user.created': { email: 'new@example.jp' },
  'membership.granted': { membershipId: 'm', role: 'project_owner', departmentId: DEPARTMENT },
  'membership.revoked': { membershipId: 'm', role: 'planning_division', departmentId: null },
  'user.deactivated': { email: 'old@example.jp' },
  'user.reactivated': { email: 'old@example.jp', deactivatedAt: '2026-04-01T00:00:00.000Z' },
  'user.password_reset_sent': { email: 'old@example.jp', passwordResetId: 'p', expiresAt: '2026-04-02T00:00:00.000Z' },
  'user.renamed': { from: '山田 太郎', to: '山田 花子' },
  'user.email_change_requested': { from: 'old@example.jp', to: 'new@example.jp' },
  'user.email_change_refused': { reason: 'wrong_password' },
  'user.email_change_throttled': { email: 'planner@example.jp' },
  'user.email_change_cancelled': { to: 'new@example.jp', emailChangeId: 'c', via: 'notice_link' },
  'user.email_changed': { from: 'old@example.jp', to: 'new@example.jp' },
  'user.platform_operator_granted': { email: 'op@example.jp' },
  'user.platform_operator_revoked': { email: 'op@example.jp' },
  'auth.login_succeeded': { email: 'planner@example.jp', sessionId: 's' },
  'auth.login_failed': { email: 'planner@example.jp', reason: 'wrong_password' },
  'auth.login_throttled': { email: 'planner@example.jp' },
  'auth.logout': { sessionId: 's' },
  'auth.password_changed': { otherSessionsEnded: 2 },
  'auth.password_change_failed': { reason: 'wrong_password' },
  'auth.password_change_throttled': { email: 'planner@example.jp' },
  'auth.password_reset_requested': {
    email: 'planner@example.jp',
    passwordResetId: 'p',
    expiresAt: '2026-04-02T00:00:00.000Z',
  },
  'auth.password_reset_refused': { email: 'nobody@example.jp', reason: 'unknown_account' },
  'auth.password_reset_throttled': { email: 'planner@example.jp' },
  'auth.password_reset': { passwordResetId: 'p', sentByAdministrator: false },
  'notification.retried': { lastError: 'Connection timed out' },
  'notification_event.retried': { eventType: 'report.submitted', reportId: 'r', lastError: 'connection refused' },
  'notification_preferences.changed': {
    changes: [
      { path: '/report.submitted', before: 'immediate_email', after: 'in_app_only' },
      { path: '/review.reminder', before: 'daily_digest', after: 'off' },
    ],
  },
  'queue_dashboard.changed': { operation: 'PUT /queues/api/queues/mail/retry/failed', status: 200 },
  'access.denied': {
    method: 'GET',
    path: '/api/v1/organizations/o/audit',
    status: 403,
    reason: 'Forbidden resource',
    foldWindowSeconds: 60,
  },
  'access.denials_folded': {
    method: 'GET',
    path: '/api/v1/organizations/o/audit',
    status: 403,
    reason: 'Forbidden resource',
    foldWindowSeconds: 60,
    repeatsFolded: 7,
  },
  'audit.exported': { filters: {}, rows: 120 },
  'audit.checkpoint_created': {
    file: 'org-1-120.json',
    sequence: 120,
    hash: 'h',
    recordedAt: '2026-12-03T00:00:00.000Z',
  },
};

/**
 * Actions whose name, beside who did it, says all there is: written in no organization's chain (a sign-out, a stranger's
 * throttled requests), they hold only a session or a browser, and no 監査ログ page shows them (the CSV's 詳細 keeps them).
 */
const SAID_BY_NAME: AuditAction[] = ['review_link.renewal_throttled', 'auth.logout'];

const reports = new Map([['r', 'R8年度 移住促進事業']]);
const projects = new Map([
  ['p-1', 'No.2 移住促進事業'],
  ['p-2', 'No.2 移住促進事業(旭川)'],
]);

const WRITTEN_ENTRY = { sequence: 1, occurredAt: new Date(), actorUserId: ACTOR, actorRoles: ['planning_division'] };

const rowOf = (action: AuditAction, details = WRITTEN[action]) =>
  auditEntryRow({ ...WRITTEN_ENTRY, action, details } as AuditEntry, names, { departments, reports, projects });

/** What the page shows of an entry beyond its action's name. */
const shown = (row: ReturnType<typeof rowOf>) =>
  [row.transition, row.note, ...row.changes.map((change) => `${change.label}: ${change.before} → ${change.after}`)]
    .filter(Boolean)
    .join(' / ');

describe('auditEntryRow', () => {
  it.each(AUDIT_ACTIONS.filter((action) => !SAID_BY_NAME.includes(action)))(
    'says what a %s entry did beyond its name, in Japanese rather than codes',
    (action) => {
      const row = rowOf(action);
      expect(shown(row)).not.toBe('');
      // No stored code (report.submitted, wrong_password), nothing left unread (undefined, NaN, [object Object]).
      expect((row.note ?? '').replace(/\S+@\S+\.jp/g, 'an address')).not.toMatch(
        /\b[a-z]+[._][a-z_.]+\b|undefined|NaN|\[object/,
      );
    },
  );

  it.each(SAID_BY_NAME)('leaves a %s entry to its name, which says all', (action) => {
    expect(rowOf(action).note).toBeNull();
  });

  it('names the experts an entry was about, and reads the reason a code gives', () => {
    expect(rowOf('report.accepted').note).toBe('外部有識者: 有識者 一郎、有識者 二郎・意見の期限: 令和8年9月30日');
    expect(rowOf('assignment.reopened').note).toBe(
      '外部有識者: 有識者 一郎・回答期限: 令和8年10月15日・再依頼の前: 辞退(回答期限 令和8年9月30日)',
    );
    expect(rowOf('alternates.changed').note).toBe('補欠: 有識者 一郎 → 有識者 二郎、有識者 一郎');
    expect(rowOf('assignment.declined').note).toBe('辞退の理由: 時間がない・推薦: 北海 次郎');
    expect(rowOf('review_link.refused').note).toBe('理由: 有効期限切れのリンク');
    expect(rowOf('auth.password_change_failed').note).toBe('理由: パスワードの誤り');
    expect(rowOf('review_link.revoked').note).toBe(
      '外部有識者: 有識者 一郎・無効にしたリンク: 1件・終えたログイン: 1件(外部有識者の割当解除による)',
    );
    expect(rowOf('reports.bulk_published').note).toBe('年度: R8年度・報告 12件');
  });

  it('says why the system ended or gave a role, so that no one seems to have done it to themselves', () => {
    const revoked = { membershipId: 'm', role: 'external_expert', departmentId: null };
    expect(rowOf('membership.revoked', { ...revoked, reason: 'deactivated_account_joined_by_invitation' }).note).toBe(
      '役割: 外部有識者・理由: 利用を停止していたアカウントが招待に応じて利用を再開したため、停止前の役割をシステムが終了',
    );
    expect(rowOf('membership.revoked', revoked).note).toBe('役割: 外部有識者');
  });

  it('names the file an import read, for the import and for each report it wrote', () => {
    expect(rowOf('import.confirmed').note).toBe('ファイル: 効果検証シート.xlsx・報告 2件を下書きとして');
    expect(rowOf('report.imported').note).toBe('年度: R7年度・状態: 公表済・ファイル: 効果検証シート.xlsx');
  });

  it('names the edition a publication made, and for a correction its reason', () => {
    expect(rowOf('report.published').note).toBe('年度の一括公表による公表・第1版');
    expect(
      rowOf('report.published', {
        edition: 2,
        correctionReason: '⑥の誤記',
        ...moved('correction_submitted', 'published'),
      }).note,
    ).toBe('第2版(訂正)・訂正の理由: ⑥の誤記');
    // Entries written before they recorded the edition.
    expect(rowOf('report.published', moved('decided', 'published')).note).toBeNull();
  });

  it('says in Japanese how a report was taken out: its form, the edition, and what it went out with', () => {
    expect(rowOf('report.exported').note).toBe('形式: Excel');
    expect(rowOf('report.exported', { format: 'html', edition: 2 }).note).toBe('形式: 印刷用ページ・第2版');
    expect(rowOf('report.exported', { format: 'summary.xlsx', scope: 'year_summary' }).note).toBe(
      '形式: Excel・出力の単位: 年度のまとめ',
    );
    expect(rowOf('report.exported', { format: 'xlsx', scope: 'committee_pack' }).note).toBe(
      '形式: Excel・出力の単位: 外部評価委員会資料',
    );
  });

  it("reads the fields a settings entry changed by their own pages' labels, and their codes in Japanese", () => {
    const changes = (action: AuditAction) =>
      rowOf(action).changes.map((change) => `${change.label}: ${change.before} → ${change.after}`);
    expect(changes('review_settings.changed')).toEqual([
      '催促する日: 期限の7日前 → 期限の7日前、期限当日、期限の3日後',
      'リンクを使える期間(期限後の日数): 7日 → 14日',
      '補欠の有識者への自動依頼: いいえ → はい',
      '期限前の催促の件名: 既定の文面 → 期限が近づいています',
      '期限前の催促の本文: 既定の文面 → ご確認ください',
      '期限後の催促の本文: ご回答ください → 至急ご回答ください',
    ]);
    expect(changes('organization.settings_changed')).toEqual([
      '⑥事業効果の目安(相当程度の基準): 80.0% → 75.0%',
      '外部有識者の氏名の掲載: いいえ → はい',
    ]);
    expect(changes('notification_preferences.changed')).toEqual([
      '「報告の提出」の受け取り方: すぐにメールで受け取る → 通知一覧だけで受け取る',
      '「意見照会の期限前リマインダー」の受け取り方: 1日1回まとめてメールで受け取る → 受け取らない',
    ]);
    for (const action of [
      'review_settings.changed',
      'organization.settings_changed',
      'notification_preferences.changed',
    ] as const)
      expect(changes(action).join('\n')).not.toMatch(/[A-Za-z]/);
  });

  it('names the report and the expert an entry of a link was about, and the account a throttled change was for', () => {
    expect(rowOf('review_link.used').note).toBe('報告: R8年度 移住促進事業');
    expect(rowOf('review_link.renewal_requested').note).toBe('外部有識者: 有識者 一郎・報告: R8年度 移住促進事業');
    expect(rowOf('auth.password_change_throttled').note).toBe('メールアドレス: planner@example.jp');
    expect(rowOf('review_link.used', { ...WRITTEN['review_link.used'], reportId: 'gone' }).note).toBe(
      '報告: 報告(削除済み)',
    );
  });

  it('names the projects a project was registered or edited beside, confirmed as another one, by their titles', () => {
    expect(rowOf('project.created', { ...WRITTEN['project.created'], confirmedBeside: ['p-1', 'p-2'] }).note).toBe(
      'よく似た事業(「No.2 移住促進事業」、「No.2 移住促進事業(旭川)」)があることを確認のうえ登録',
    );
    expect(rowOf('project.edited', { ...WRITTEN['project.edited'], confirmedBeside: ['gone'] }).note).toBe(
      'よく似た事業(「国提出事業(削除済み)」)があることを確認のうえ変更',
    );
    // Like no other: nothing to say beyond the fields it changed.
    expect(rowOf('project.created').note).toBeNull();
  });

  it('leaves entries written before they carried names to their action alone, rather than to blanks', () => {
    expect(rowOf('review_link.renewal_requested', { reviewLinkId: 'l', userAgent: 'Mozilla/5.0' }).note).toBeNull();
    expect(rowOf('user.email_change_throttled', {}).note).toBeNull();
  });

  it('says how many repeats of a refusal an entry folded, and nothing of them when there were none', () => {
    const denial = WRITTEN['access.denied'];
    expect(rowOf('access.denied', { ...denial, repeatsFolded: 42 }).note).toBe(
      'Forbidden resource(GET /api/v1/organizations/o/audit)・前回の記録から同じ拒否を42回(記録は省略)',
    );
    expect(rowOf('access.denied').note).not.toContain('同じ拒否');
    expect(rowOf('access.denials_folded').note).toBe(
      'Forbidden resource(GET /api/v1/organizations/o/audit)・前回の記録から同じ拒否を7回(記録は省略)',
    );
  });

  describe('who acted, when no account did', () => {
    const unnamed = (actorRoles: string[], action: AuditAction = 'access.denied', details = WRITTEN[action]) => {
      const { actorName, roles } = auditEntryRow(
        { ...WRITTEN_ENTRY, actorUserId: null, actorRoles, action, details } as AuditEntry,
        names,
      );
      return { actorName, roles };
    };

    it('names the system as the actor of its own entries, and someone not signed in as such', () => {
      expect(unnamed(['system'])).toEqual({ actorName: 'システム', roles: '' });
      expect(unnamed([])).toEqual({ actorName: 'サインインしていない人', roles: '' });
    });

    it('names the expert whose link asked for a new one, as used from the link, not someone unknown', () => {
      expect(unnamed([], 'review_link.renewal_requested')).toEqual({
        actorName: '有識者 一郎',
        roles: '外部有識者(リンクから)',
      });
    });

    it('names the expert whose link asked for a new one that was not sent, their assignment having ended', () => {
      expect(unnamed([], 'review_link.renewal_refused')).toEqual({
        actorName: '有識者 一郎',
        roles: '外部有識者(リンクから)',
      });
    });

    it('names the expert of a live link refused because their account is stopped, and of no other refused use', () => {
      expect(
        unnamed([], 'review_link.refused', {
          reason: 'revoked',
          reviewLinkId: 'l',
          userAgent: 'x',
          expertUserId: EXPERT,
        }),
      ).toEqual({ actorName: '有識者 一郎', roles: '外部有識者(リンクから)' });
      // An expired link, as written: whose it was is not said.
      expect(unnamed([], 'review_link.refused')).toEqual({ actorName: 'サインインしていない人', roles: '' });
    });

    it('leaves a request for a new link to someone not signed in when its expert cannot be named', () => {
      const written = WRITTEN['review_link.renewal_requested'];
      // Entries written before they named the expert, and an expert whose name is not to be found.
      expect(unnamed([], 'review_link.renewal_requested', { reviewLinkId: 'l', userAgent: 'Mozilla/5.0' })).toEqual({
        actorName: 'サインインしていない人',
        roles: '',
      });
      expect(unnamed([], 'review_link.renewal_requested', { ...written, expertUserId: 'unknown' })).toEqual({
        actorName: 'サインインしていない人',
        roles: '',
      });
      // A link nobody was sent (mistyped, made up): refused, naming nobody.
      expect(
        unnamed([], 'review_link.renewal_refused', { reviewLinkId: null, userAgent: 'x', reason: 'unknown_link' }),
      ).toEqual({ actorName: 'サインインしていない人', roles: '' });
    });
  });

  it('keeps a code it does not know as stored, rather than showing nothing', () => {
    expect(rowOf('review_link.refused', { reason: 'stolen' }).note).toBe('理由: stolen');
  });

  it('looks up the names of the experts entries name, as well as of who acted', () => {
    const entries = (
      ['report.accepted', 'alternates.changed', 'alternate.invited', 'opinion.entered_on_behalf'] as const
    ).map((action) => ({ action, actorUserId: ACTOR, details: WRITTEN[action] }) as AuditEntry);
    expect(new Set(userIdsIn(entries))).toEqual(new Set([ACTOR, EXPERT, OTHER_EXPERT]));
  });

  it('looks up the titles of the projects a project was confirmed beside', () => {
    const entries = [
      { action: 'project.created', details: { ...WRITTEN['project.created'], confirmedBeside: ['p-1', 'p-2'] } },
      { action: 'project.edited', details: WRITTEN['project.edited'] },
    ] as AuditEntry[];
    expect(projectIdsIn(entries)).toEqual(['p-1', 'p-2']);
  });
});
