import { CONFIRMATIONS, departmentMoveHint, ownerLeavingWarning } from './confirmations';
import { ReportStatus } from '../../reports/rules/report-status';
import { PolicyDecision } from '../../reports/report/assessment';

describe('Confirmation pages say what an action that cannot be undone will do', () => {
  it('closing a year counts the reports it leaves unpublished, by state', () => {
    const page = CONFIRMATIONS.closeCycle({
      fiscalYear: 2023,
      total: 4,
      unfinished: [
        { label: '作成中', count: 3 },
        { label: '提出済', count: 1 },
      ],
    });
    expect(page.title).toBe('R5年度を終了しますか');
    expect(page.button).toBe('年度を終了する');
    expect(page.consequences[0]).toBe(
      '公表まで終わっていない報告が4件残っています(作成中 3件、提出済 1件)。年度を終了しても、これらの報告はそのまま残ります。',
    );
    expect(page.consequences).toContain('事業担当課に届いたR5年度の開始の通知は「対応済み」になります。');
    expect(page.warning).toBe('終了した年度は元に戻せず、もう一度開始することもできません。');
  });

  it('closing a year whose reports are all published, or that has none, says so', () => {
    expect(CONFIRMATIONS.closeCycle({ fiscalYear: 2023, total: 2, unfinished: [] }).consequences[0]).toBe(
      'この年度の報告2件は、すべて公表済みです。',
    );
    expect(CONFIRMATIONS.closeCycle({ fiscalYear: 2023, total: 0, unfinished: [] }).consequences[0]).toBe(
      'この年度の報告はありません。',
    );
  });

  it('accepting several reports at once counts them, names the experts and the due date, and says it is all or nothing', () => {
    const page = CONFIRMATIONS.acceptYear({
      fiscalYear: 2022,
      reports: 2,
      experts: ['山田 花子', '佐藤 一郎'],
      dueDate: '2022-12-15',
    });
    expect(page.title).toBe('R4年度の提出済みの報告をまとめて受理しますか');
    expect(page.button).toBe('2件を受理して依頼する');
    expect(page.consequences).toEqual([
      '上に挙げた2件の報告をそれぞれ受理し、外部有識者2人(山田 花子、佐藤 一郎)に意見照会を依頼して通知します。意見の期限は令和4年12月15日です。',
      '報告ごとに監査ログに記録します。受理した後は、事業担当課は提出を取り下げられず、企画政策課も報告を差し戻せません。',
      '1件でも受理できない報告があるとき(この画面を開いた後に提出し直された、取り下げられたなど)は、どの報告も受理せず、その報告をお知らせします。',
    ]);
  });

  it('opening a year names the drafts it will start and the departments it will notify, or that there are none', () => {
    const opening = CONFIRMATIONS.openCycle({
      fiscalYear: 2024,
      submissionDueDate: '2025-05-31',
      today: '2025-04-01',
      drafts: ['No.2 創業支援事業', 'No.10 移住促進事業'],
      departments: 1,
      ended: [],
    });
    expect(opening.title).toBe('R6年度を開始しますか');
    expect(opening.consequences).toEqual([
      '②実施計画期間がこの年度を含む事業のうち、まだ報告がない2件に、作成中の報告を作ります。',
      'その事業を担当する1つの部署の事業担当課に、提出期限(令和7年5月31日)を通知します。',
    ]);
    expect(opening.listed).toEqual({
      summary: '作成中の報告を作る事業',
      items: ['No.2 創業支援事業', 'No.10 移住促進事業'],
    });
    const none = CONFIRMATIONS.openCycle({
      fiscalYear: 2024,
      submissionDueDate: '2025-05-31',
      today: '2025-04-01',
      drafts: [],
      departments: 0,
      ended: [],
    });
    expect(none.consequences).toEqual([expect.stringContaining('新しく作る報告はなく、通知も送りません')]);
    expect(none.listed).toBeUndefined();
    // Every project has its report already, some still drafts: their departments are told the deadline.
    const startedEarly = CONFIRMATIONS.openCycle({
      fiscalYear: 2024,
      submissionDueDate: '2025-05-31',
      today: '2025-04-01',
      drafts: [],
      departments: 2,
      ended: [],
    });
    expect(startedEarly.consequences).toEqual([
      '②実施計画期間がこの年度を含む事業には、すべて報告があります。新しく作る報告はありません。作成中の報告がある2つの部署の事業担当課に、提出期限(令和7年5月31日)を通知します。',
    ]);
  });

  it('opening a year with a deadline already past says so first, and each such deadline', () => {
    const late = CONFIRMATIONS.openCycle({
      fiscalYear: 2024,
      submissionDueDate: '2024-06-30',
      reviewDueDate: '2026-12-03',
      today: '2026-12-03',
      drafts: ['移住促進事業'],
      departments: 1,
      ended: [],
    });
    expect(late.consequences[0]).toBe(
      '提出期限(令和6年6月30日)はすでに過ぎています。開始するとすぐに期限超過になります。日付が正しいか確かめてください。',
    );
    // A deadline of today has not passed.
    expect(late.consequences[1]).toContain('作成中の報告を作ります');
  });

  it('opening a year names the projects whose 今後の方針 ended them apart, each to be ticked for a draft', () => {
    const ended = {
      projectId: 'p-1',
      projectNumber: '3',
      projectName: '観光振興事業',
      decidedFiscalYear: 2023,
      decision: PolicyDecision.End,
      decisionLabel: '事業・期間の終了',
      planStartFiscalYear: 2022,
      planEndFiscalYear: 2024,
    };
    const opening = CONFIRMATIONS.openCycle({
      fiscalYear: 2024,
      submissionDueDate: '2025-05-31',
      today: '2025-04-01',
      drafts: ['No.1 移住促進事業', 'No.2 創業支援事業'],
      departments: 1,
      ended: [ended],
    });

    // What is ticked below adds to the drafts counted: the count says up to how many.
    expect(opening.consequences).toEqual([
      '②実施計画期間がこの年度を含む事業のうち、まだ報告がない2件に、作成中の報告を作ります(下でチェックした事業を含めると最大3件)。',
      'その事業を担当する1つの部署の事業担当課に、提出期限(令和7年5月31日)を通知します。',
      '前年度までの今後の方針が「事業の終了」の事業(1件)には、報告を作りません。この年度も実施した事業は、下で選ぶと報告を作ります。',
    ]);
    expect(opening.choices?.hint).toContain('選んだ事業にも作成中の報告を作り');
    expect({ ...opening.choices, hint: undefined }).toEqual({
      legend: '前年度までの今後の方針が「事業の終了」の事業',
      hint: undefined,
      items: [
        {
          value: 'p-1',
          text: 'No.3 観光振興事業',
          hint: 'R5年度の今後の方針「事業・期間の終了」・②実施計画期間 R4年度～R6年度',
        },
      ],
    });
    // Only ended projects lack a report: nothing else is said to be started.
    const onlyEnded = CONFIRMATIONS.openCycle({
      fiscalYear: 2024,
      submissionDueDate: '2025-05-31',
      today: '2025-04-01',
      drafts: [],
      departments: 0,
      ended: [ended, { ...ended, projectId: 'p-2', projectNumber: null, decision: PolicyDecision.Stop }],
    });
    expect(onlyEnded.consequences).toEqual([
      '前年度までの今後の方針が「事業の終了」または「事業の中止」の事業(2件)には、報告を作りません。この年度も実施した事業は、下で選ぶと報告を作ります。',
    ]);
    expect(onlyEnded.choices?.items[1].text).toBe('観光振興事業');
  });

  it('consolidating the opinions says they are all in, or that planning evaluates alone when no one is asked', () => {
    expect(CONFIRMATIONS.evaluate({ rating: '有効であった', asked: 2 }).consequences[1]).toBe(
      '依頼した外部有識者2人の意見はすべてそろっています。取りまとめると、意見は修正できなくなります。',
    );
    expect(CONFIRMATIONS.evaluate({ rating: '有効であった', asked: 0 }).consequences[1]).toBe(
      '意見照会中の外部有識者はいません(依頼した全員が辞退したか、解除されました)。企画政策課だけで評価を取りまとめます。',
    );
  });

  it('removing a role says whether the person keeps other roles in the organization', () => {
    expect(
      CONFIRMATIONS.revokeMembership({
        member: '山田',
        role: '事業担当課(観光課)',
        otherRoles: ['外部有識者'],
        ownerless: [],
      }).consequences[1],
    ).toBe('ほかの役割(外部有識者)はそのまま残ります。');
    expect(
      CONFIRMATIONS.revokeMembership({ member: '山田', role: '事業担当課(観光課)', otherRoles: [], ownerless: [] })
        .consequences[1],
    ).toBe(
      '山田さんにはこの団体での役割がなくなり、この団体のページを使えなくなります。「利用者と役割」の一覧からも外れます。',
    );
  });

  it('taking the last role says that only a new invitation brings the person back, not 役割を追加', () => {
    const revoke = (otherRoles: string[]) =>
      CONFIRMATIONS.revokeMembership({ member: '山田', role: '企画政策課', otherRoles, ownerless: [] });
    expect(revoke(['外部有識者']).warning).toBe('外した役割を戻すには、「役割を追加」からもう一度追加します。');
    expect(revoke([]).warning).toBe(
      '山田さんがこの団体でまた利用するには、新しく招待を送り、本人に承諾してもらう必要があります。',
    );
  });

  it('warns when the last project owner of a department with open reports goes, naming the reports', () => {
    expect(
      ownerLeavingWarning({
        departmentId: 'dept',
        name: '産業振興課',
        drafting: [
          { fiscalYear: 2026, projectTitle: '観光振興事業' },
          { fiscalYear: 2025, projectTitle: '企業誘致事業' },
        ],
        submitted: [{ fiscalYear: 2026, projectTitle: '移住促進事業' }],
        withExperts: [{ fiscalYear: 2026, projectTitle: '子育て支援事業' }],
      }),
    ).toBe(
      'この人が外れると、産業振興課には事業担当課の人がいなくなります。' +
        '作成中の報告 2件(R8年度 観光振興事業、R7年度 企業誘致事業)を進める人がいなくなります。' +
        '提出済みの報告 1件(R8年度 移住促進事業)が差し戻されたとき、直す人がいなくなります。' +
        // Reports with the experts are not returned any more, but the experts' questions wait for an answer.
        '意見照会中の報告 1件(R8年度 子育て支援事業)に有識者から質問があったとき、答える人がいなくなります。',
    );
  });

  it('publishing a correction names the edition it becomes', () => {
    expect(CONFIRMATIONS.publish({ correcting: true, edition: 2 }).consequences[0]).toMatch(
      /^訂正した報告を第2版として公表します。/,
    );
    expect(CONFIRMATIONS.correct({ edition: 1 }).consequences[1]).toBe(
      '公表済みの第1版は変わらず残ります。訂正した報告を公表すると第2版になり、訂正の理由が出力にも記されます。',
    );
  });

  it('dismissing an expert says whether they had accepted, and that the note stays on the record, not in their mail', () => {
    const pending = CONFIRMATIONS.dismissExpert({ expert: '有識者 一郎', accepted: false });
    expect(pending.title).toBe('有識者 一郎さんへの意見照会を未回答で解除しますか');
    expect(pending.consequences[0]).toContain('依頼にまだ回答していません');
    expect(pending.consequences[1]).toContain('解除の理由は本人には伝えず、記録に残します');
    expect(CONFIRMATIONS.dismissExpert({ expert: '有識者 一郎', accepted: true }).consequences[0]).toContain(
      '意見をまだ入力していません',
    );
  });

  it('reopening an assignment names the due date the expert is told, in 和暦', () => {
    expect(CONFIRMATIONS.reopenAssignment({ expert: '有識者 一郎', dueDate: '2026-12-25' }).consequences[0]).toBe(
      '有識者 一郎さんへの意見照会を「回答待ち」に戻し、意見の期限を令和8年12月25日として本人に通知します。',
    );
  });

  it('a project’s department names the reports in flight that move with it', () => {
    expect(departmentMoveHint([])).toBe('この事業の報告を作成する部署です。');
    expect(departmentMoveHint([{ fiscalYear: 2022, status: ReportStatus.InExpertReview }])).toBe(
      'この事業の報告を作成する部署です。変えると、R4年度の報告(有識者意見照会中)も新しい担当課の担当になります。公表済みの報告は、公表したときの担当課のままです。',
    );
  });

  it('retiring a department names what moves to its successor, and what keeps its name', () => {
    const merged = CONFIRMATIONS.retireDepartment({
      department: '観光課',
      successor: '観光振興課',
      projects: [
        {
          title: 'No.3 観光振興事業',
          reports: [
            { fiscalYear: 2025, statusLabel: '訂正中' },
            { fiscalYear: 2026, statusLabel: '作成中' },
          ],
        },
        { title: 'No.4 観光案内所事業', reports: [] },
      ],
      owners: ['担当 花子'],
    });
    expect(merged.title).toBe('観光課を廃止しますか');
    expect(merged.consequences).toEqual([
      '観光課の事業 2件を観光振興課に移します。公表前の報告 2件も、事業と一緒に観光振興課の担当になります。公表済みの報告は、公表したときの担当課のままです。',
      '観光課の事業担当課の人(担当 花子)は、観光振興課の事業担当課になります。',
      '廃止した部署は、新しい事業・事業の移動先・招待・取込みでは選べなくなります。これまでの報告や監査ログには、観光課の名前のまま残ります。',
    ]);
    expect(merged.listed).toEqual({
      summary: '移す事業',
      items: ['No.3 観光振興事業(公表前の報告: R7年度 訂正中、R8年度 作成中)', 'No.4 観光案内所事業'],
    });
    const withoutReports = CONFIRMATIONS.retireDepartment({
      department: '観光課',
      successor: '観光振興課',
      projects: [{ title: 'No.4 観光案内所事業', reports: [] }],
      owners: [],
    });
    expect(withoutReports.consequences[0]).toBe(
      '観光課の事業 1件を観光振興課に移します。公表前の報告はありません。公表済みの報告は、公表したときの担当課のままです。',
    );
    const emptied = CONFIRMATIONS.retireDepartment({ department: '観光課', successor: null, projects: [], owners: [] });
    expect(emptied.consequences[0]).toBe('観光課には事業も事業担当課の人もいないため、移すものはありません。');
    expect(emptied.listed).toBeUndefined();
  });
});
