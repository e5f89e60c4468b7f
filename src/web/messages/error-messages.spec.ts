import { ConflictException, ForbiddenException, HttpException } from '@nestjs/common';
import {
  changedStatusOf,
  deniedReasonText,
  fieldMessage,
  generalMessage,
  generalRefusal,
  warningText,
  versionComparisonMessage,
} from './error-messages';
import { guessablePasswordMessage } from '../../users/password-policy';

describe('fieldMessage', () => {
  it('names a project registered already that looks the same, and says how to go on either way', () => {
    expect(
      fieldMessage(
        {
          path: '/confirmSimilarProject',
          message:
            'is registered already with this number and name and an overlapping plan period: 「No.2 農業交流事業」 (経済部 農政課, R6年度～R8年度, id 0b0e6a52-4a52-4f5e-9a40-5d3c3f0f3a11)',
        },
        { '/confirmSimilarProject': '別の事業として登録する' },
      ),
    ).toBe(
      'Noと①国提出事業名が同じで②実施計画期間が重なる事業 「No.2 農業交流事業」(経済部 農政課、R6年度～R8年度)がすでに登録されています。同じ事業なら登録せず、その事業を開いてください。別の事業なら、「別の事業として登録する」にチェックを入れて、もう一度登録してください',
    );
  });

  it("names another department's project that looks the same by its title and department, and whom to ask", () => {
    expect(
      fieldMessage(
        {
          path: '/confirmSimilarProject',
          message:
            'is registered already with this number and name and an overlapping plan period: 「No.2 農業交流事業」 (経済部 農政課, a department whose projects you do not see)',
        },
        { '/confirmSimilarProject': '別の事業として登録する' },
      ),
    ).toBe(
      'Noと①国提出事業名が同じで②実施計画期間が重なる事業 「No.2 農業交流事業」(経済部 農政課)が、ほかの課の事業としてすでに登録されています。同じ事業かどうかを経済部 農政課か企画政策課に確かめ、同じ事業なら登録しないでください。別の事業なら、「別の事業として登録する」にチェックを入れて、もう一度登録してください',
    );
  });

  it('says an amount far above its budget may be in 円 where 千円 is asked, in the warning and as what stops submission', () => {
    expect(
      fieldMessage({
        path: '/budgetLines/1/actualAmount',
        message:
          'confirm or correct: ④市予算事業 line 2 (実績額): 5,198,000 千円 is over 10 times its 予算額 of 9,048 千円; was it typed in 円?',
      }),
    ).toMatch(/が、予算の10倍を超えています。円の金額を千円の欄に入力していないか確かめ/);
    expect(warningText({ code: 'amount_out_of_scale', typed: 5_198_000, computed: 9_048 })).toBe(
      '5,198,000千円 が、予算の 9,048千円 の10倍を超えています。円の金額を千円の欄に入力していないか確かめてください',
    );
  });

  it('asks whether a KPI value out of scale was typed in another unit', () => {
    expect(
      fieldMessage({
        path: '/kpiResults/0/latestValue',
        message:
          'confirm or correct: 指標①: the latest value 12400 is over 10 times or under a 10th of 124 published for R4年度; was it typed in another unit?',
      }),
    ).toMatch(/の10倍を超えているか10分の1未満です。単位を取り違えていないか確かめ/);
    expect(
      warningText({ code: 'kpi_out_of_scale', typed: 12_400, published: { fiscalYear: 2022, value: 124, asOf: null } }),
    ).toBe(
      '12,400 が、R4年度の公表値 124 の10倍を超えているか10分の1未満です。単位(人と千人など)を取り違えていないか確かめてください',
    );
    expect(warningText({ code: 'kpi_out_of_scale', typed: 6_100, computed: 60 })).toBe(
      '6,100 が、基準値 60 の10倍を超えているか10分の1未満です。単位(人と千人など)を取り違えていないか確かめてください',
    );
  });

  it('says why a password is refused as easy to guess and what to choose instead', () => {
    expect(fieldMessage({ path: '/newPassword', message: guessablePasswordMessage('newPassword', 'sequence') })).toBe(
      '推測されやすいパスワードです(「abcd」「1234」のような連続した文字や数字です)。関係のない単語をいくつか組み合わせるなどして、長く推測されにくいものにしてください',
    );
  });

  it('asks for a warning to be ticked when a confirmation names none', () => {
    expect(fieldMessage({ path: '/keys', message: 'keys must name at least one warning to confirm' })).toBe(
      '確認する警告を選んでください',
    );
  });

  it('words the refusals of a department’s retirement and of a retired department chosen, naming the successor', () => {
    const labels = { '/successorId': '統合先' };
    expect(
      fieldMessage(
        {
          path: '/successorId',
          message:
            '「観光課」 still has 2 project(s) and 1 owner(s): choose the successor department (統合先) they move to.',
        },
        labels,
      ),
    ).toBe('この部署には事業(2件)か事業担当課の人(1人)が残っています。移す先の統合先を選んでください');
    expect(
      fieldMessage({ path: '/successorId', message: '「旧土木課」 is itself retired (廃止): choose …' }, labels),
    ).toBe('「旧土木課」は廃止した部署のため、統合先にできません。今ある部署を選んでください');
    expect(
      fieldMessage(
        { path: '/departmentId', message: 'choose 「観光振興課」 or another current department' },
        { '/departmentId': '事業担当課' },
      ),
    ).toBe('事業担当課に選んだ部署は廃止されています。事務を引き継いだ「観光振興課」などの今ある部署を選んでください');
  });

  it('words the API’s validation messages in Japanese, naming the field', () => {
    expect(
      fieldMessage({ path: '/budgetLines/0/budgetAmount', message: 'budgetAmount must be a whole number of 千円' }),
    ).toBe('④1行目の予算額は千円単位の整数で入力してください');
    expect(
      fieldMessage({
        path: '/budgetLines/0/budgetGrantAmount',
        message: 'budgetGrantAmount (うち交付金見込) must not exceed budgetAmount (予算額)',
      }),
    ).toBe('④1行目のうち交付金見込は予算額以下にしてください');
    expect(
      fieldMessage({ path: '/actualAsOf', message: 'actualAsOf must be a year-month such as 2024-03 or R6.3月' }),
    ).toBe('④実績の時点は「R5.6」や「2023-06」のように年月で入力してください');
    expect(
      fieldMessage({
        path: '/kpiResults/0/latestAsOf',
        message: 'latestAsOf must not be after this month (2026-12)',
      }),
    ).toMatch(/^⑤.*が今月\(R8\.12月\)より後になっています。値を測った年月を入力してください$/);
    expect(fieldMessage({ path: '/actualAsOf', message: 'actualAsOf has a month outside 1 to 12' })).toBe(
      '④実績の時点の月は1〜12で入力してください',
    );
    expect(fieldMessage({ path: '/effectLevel', message: '⑥事業効果 is required' })).toBe('⑥事業効果を選んでください');
    expect(fieldMessage({ path: '/project/overview', message: '③全体概要 is required' })).toBe(
      '③全体概要を入力してください',
    );
    expect(fieldMessage({ path: '/dueDate', message: 'dueDate must be today or later' })).toBe(
      '意見の期限は今日以降の日付にしてください',
    );
  });

  it('says to leave out the unit or the bracketed value typed after a number, and only then', () => {
    expect(
      fieldMessage({ path: '/kpiResults/0/latestValue', message: 'latestValue must be a number, without its unit' }),
    ).toBe('⑤指標①の最新値は数値だけを入力してください(単位は不要です)');
    expect(
      fieldMessage({
        path: '/budgetLines/0/budgetAmount',
        message: 'budgetAmount must be a whole number of 千円, without its unit',
      }),
    ).toBe('④1行目の予算額は千円単位の整数だけを入力してください(単位は不要です)');
    expect(
      fieldMessage({
        path: '/budgetLines/0/actualAmount',
        message:
          'actualAmount must be a whole number of 千円, without the value in brackets, which has a field of its own',
      }),
    ).toBe(
      '④1行目の実績額には、かっこの前の数値だけを入力してください。かっこ内の交付金の額や時点は、それぞれの欄に入力してください',
    );
    expect(fieldMessage({ path: '/kpiResults/0/latestValue', message: 'latestValue must be a number' })).toBe(
      '⑤指標①の最新値は数値で入力してください',
    );
  });

  it('says how many lines ④ takes when more were added', () => {
    expect(fieldMessage({ path: '/budgetLines', message: 'budgetLines may hold at most 100 lines' })).toBe(
      '④市予算事業は100行までにしてください',
    );
  });

  it('words the audit log’s period ending before it starts', () => {
    expect(fieldMessage({ path: '/list/to', message: 'to must not be before from' }, { '/list/to': '終了日' })).toBe(
      '終了日は開始日と同じか、それより後の日付にしてください',
    );
  });

  it('words the project form’s refusals', () => {
    expect(
      fieldMessage({
        path: '/project/planEndFiscalYear',
        message: 'planEndFiscalYear must not be before planStartFiscalYear',
      }),
    ).toBe('②実施計画期間(最終年度)は初年度と同じか、それより後の年度にしてください');
    expect(
      fieldMessage(
        { path: '/grantTypeCode', message: 'grantTypeCode is required' },
        { '/grantTypeCode': '交付金の種類' },
      ),
    ).toBe('交付金の種類を選んでください');
    expect(
      fieldMessage({
        path: '/project/grantTypeCode',
        message: 'grantTypeCode must be a code from GET /api/v1/grant-types',
      }),
    ).toBe('交付金の種類は一覧から選んでください');
    expect(
      fieldMessage({ path: '/project/kpis/0/target', message: 'target must not be greater than 1000000000000000' }),
    ).toBe('⑤指標①の目標値が大きすぎます');
    expect(
      fieldMessage({ path: '/project/kpis/0/target', message: 'target must have at most 10 decimal places' }),
    ).toBe('⑤指標①の目標値は小数点以下10桁までで入力してください');
    expect(
      fieldMessage({
        path: '/project/policyArea',
        message: 'policyArea must be shorter than or equal to 500 characters',
      }),
    ).toBe('施策は500文字以内で入力してください');
  });

  it('words the 年度サイクル form’s refusals', () => {
    expect(
      fieldMessage({
        path: '/submissionDueDate',
        message: 'submissionDueDate must be a date from 1989-01-01 to 2101-03-31, such as 2026-12-15 or R8.12.15',
      }),
    ).toBe('提出期限は「R8.12.15」や「2026-12-15」のように日付で入力してください');
    // Left empty, a required date or year is asked for, whatever its form.
    expect(fieldMessage({ path: '/submissionDueDate', message: 'submissionDueDate must not be empty' })).toBe(
      '提出期限を入力してください',
    );
    expect(fieldMessage({ path: '/fiscalYear', message: 'fiscalYear must not be empty' })).toBe(
      '年度を入力してください',
    );
    expect(
      fieldMessage({ path: '/reviewDueDate', message: 'reviewDueDate must not be before submissionDueDate' }),
    ).toBe('意見の期限は提出期限と同じか、それより後の日付にしてください');
    expect(generalMessage(new ConflictException('The cycle of fiscal year 2024 is already open (or closed).'))).toBe(
      'この年度はすでに開始しています。終了した年度も、もう一度開始することはできません。',
    );
    expect(generalMessage(new ConflictException('The cycle is already closed.'))).toBe(
      'この年度はすでに終了しています。',
    );
  });

  it('turns a submission problem about an unconfirmed warning into what to do about it', () => {
    const message = fieldMessage({
      path: '/typedTotals/actualAmount',
      message: 'confirm or correct: ④市予算事業 合計(実績額): entered 5,000 千円 but the lines add up to 5,198 千円.',
    });
    expect(message).toBe(
      '④合計(実績額)が各行の合計と一致しません。合計を直すか、このままでよければ「確認済みにする」を選んでください',
    );
  });

  it('asks to confirm a KPI value that moved against the direction or differs from a published one', () => {
    expect(
      fieldMessage({
        path: '/kpiResults/0/latestValue',
        message:
          'confirm or correct: 指標①: the latest value 100 moves against the direction of a KPI that should rise, from 124 (R5.6月) published for R4年度.',
      }),
    ).toBe(
      '⑤指標①の最新値が、前年度の公表値から目指す方向とは逆に動いています。値を確かめ、このままでよければ「確認済みにする」を選んでください',
    );
    expect(
      fieldMessage({
        path: '/kpiResults/1/latestValue',
        message:
          'confirm or correct: 指標②: the latest value 131 for R5.6月 differs from 124 published for the same month in the R4年度 report.',
      }),
    ).toBe(
      '⑤指標②の最新値が、同じ時点について公表した値と異なります。値を確かめ、このままでよければ「確認済みにする」を選んでください',
    );
  });

  it.each([
    [
      '⑥ a level other than the suggested one, without a reason',
      {
        path: '/effectLevelReason',
        message: '⑥: say why you chose another level than the suggested 「目標達成に有効」',
      },
      {},
      '⑥事業効果を目安の「目標達成に有効」と異なる評価にした理由を入力してください',
    ],
    [
      'a licence URL that is not a web address',
      {
        path: '/openDataLicenceUrl',
        message:
          'openDataLicenceUrl must be an http(s) URL such as https://creativecommons.org/licenses/by/4.0/deed.ja',
      },
      { '/openDataLicenceUrl': '利用条件のURL' },
      '利用条件のURLは「https://」で始まるURLで入力してください',
    ],
    [
      'a name left empty',
      { path: '/openDataLicence', message: 'openDataLicence must not be empty' },
      { '/openDataLicence': '利用条件の名称' },
      '利用条件の名称を入力してください',
    ],
    [
      'a list longer than allowed',
      { path: '/partnerMunicipalities', message: 'partnerMunicipalities must contain no more than 100 elements' },
      { '/partnerMunicipalities': '連携市町村' },
      '連携市町村は100件までにしてください',
    ],
    [
      'the same expert as two alternates',
      { path: '/experts/1', message: 'listed twice' },
      { '/experts/1': '補欠2' },
      '補欠2に、ほかの欄と同じ人が選ばれています。別の人を選んでください',
    ],
    [
      'a reopened assignment left on its passed due date, naming the field as the reopen form labels it',
      { path: '/dueDate', message: 'dueDate is required: the old due date has passed' },
      { '/dueDate': '新しい意見の期限' },
      'もとの期限を過ぎているため、新しい意見の期限を入力してください',
    ],
    [
      'a KPI’s yearly actual of a year outside the plan period up to the report’s year, with the years it may be of',
      {
        path: '/kpiResults/0/yearlyActuals/0/value',
        message: "fiscal year 2015 lies outside 2023–2025, the plan period up to the report's fiscal year",
      },
      { '/kpiResults/0/yearlyActuals/0/value': '⑤指標①のH27年度の実績' },
      '⑤指標①のH27年度の実績は記録できません。年度ごとの実績は、②実施計画期間の初年度からこの報告の年度まで(R5年度～R7年度)について入力してください。値を消して保存すると、この年度の実績は削除されます',
    ],
    [
      'a KPI’s yearly actual of a report whose year lies before the plan’s start: why, and what to change',
      {
        path: '/kpiResults/0/yearlyActuals/0/value',
        message:
          "fiscal year 2024 cannot be recorded: the report's fiscal year 2024 lies before the plan period's start 2026",
      },
      { '/kpiResults/0/yearlyActuals/0/value': '⑤指標①のR6年度の実績' },
      '⑤指標①のR6年度の実績は記録できません。この報告の年度(R6年度)は②実施計画期間の初年度(R8年度)より前のため、年度ごとの実績は入力できません。②実施計画期間を直すか、報告の年度が誤りであれば報告を削除して正しい年度で作成してください。値を消して保存すると、この年度の実績は削除されます',
    ],
    [
      'a plan amendment that changes nothing of the plan',
      { path: '/amendment', message: 'no target, KPI or plan period changed' },
      {},
      '計画変更として記録する変更がありません。②実施計画期間か⑤の指標・目標値を変えるか、計画変更の欄を空にしてください',
    ],
  ])('words %s', (_case, error, labels, expected) => {
    expect(fieldMessage(error, labels)).toBe(expected);
  });

  it('says a field holds a character text may not hold, as a paste from Word brings', () => {
    expect(
      fieldMessage({
        path: '/effectNarrative',
        message: '/effectNarrative must not contain control characters, U+FFFE, U+FFFF or unpaired surrogates',
      }),
    ).toMatch(/^⑥事業効果の説明に使えない文字\(制御文字\)が含まれています。/);
  });

  it('falls back to asking the user to check the field rather than showing English', () => {
    expect(fieldMessage({ path: '/name', message: 'something new' })).toBe('名前を確認してください');
  });
});

describe('generalMessage', () => {
  it('words a refusal by its status when no rule knows its message, also one the database made', () => {
    expect(generalMessage(new HttpException('A record with the same unique values already exists.', 409))).toBe(
      '同じものがすでに登録されています。',
    );
    expect(generalMessage(new HttpException('Something new.', 409))).toBe(
      'この操作は今はできません。ページを読み込み直してください。',
    );
    expect(generalMessage(new HttpException('Something new.', 403))).toBe('この操作を行う権限がありません。');
    expect(generalMessage(new HttpException('Something new.', 422))).toBe('入力内容を確認してください。');
    expect(generalMessage(new HttpException('"abc" is not a fiscal year.', 400))).toMatch(
      /^年度の指定が読み取れませんでした/,
    );
  });

  it('names the cell of an imported file that holds a character text may not hold', () => {
    const refused = (place: string) =>
      generalMessage(
        new HttpException(
          `The cell in ${place} holds U+000B, a character text may not hold (a control character). Delete it, save the file and upload it again.`,
          400,
        ),
      );
    expect(refused('row 12, column 3 of sheet "No1"')).toBe(
      'シート「No1」の12行目の3列目のセルに、使えない文字(制御文字)が含まれています。その文字を消して保存し、もう一度選んでください。',
    );
    expect(refused('row 2, column 1')).toMatch(/^2行目の1列目のセルに、使えない文字/);
  });

  it('says an expert answered meanwhile, so the dismissal read as unanswered was not made', () => {
    const refusal = generalRefusal(
      new ConflictException(
        'The expert has answered meanwhile: the assignment is 引受け (accepted) now, not pending as read. Read it again before dismissing it.',
      ),
    );
    expect(refusal.text).toMatch(/^この画面を開いた後に、外部有識者が依頼に回答\(引受け\)したため、解除していません。/);
    expect(refusal.changed).toBe('報告の状態が変わりました');
  });

  it('points an invitation of a deactivated member to 利用を再開する, not to a role', () => {
    expect(
      generalMessage(
        new ConflictException(
          'This address belongs to a member of this organization whose account is deactivated; reactivate it from the list of users.',
        ),
      ),
    ).toBe(
      'このメールアドレスの人はこの団体の利用者ですが、利用を停止しています。一覧からその人を開き、「利用を再開する」を選んでください。',
    );
  });

  it('says the expert was reminded moments ago, by anyone or on schedule, so no second reminder went: a change meanwhile', () => {
    const refusal = generalRefusal(
      new ConflictException(
        'The expert was reminded less than 10 minutes ago (2026-04-01T01:00:00.000Z): no second reminder is sent so soon.',
      ),
    );
    expect(refusal.text).toMatch(/^この外部有識者には、少し前に催促のメールを送っています.*今回は送っていません。/);
    expect(refusal.changed).toBe('意見照会の状況が変わりました');
  });

  it('says another list of alternates was saved since the form was shown, so the one chosen was not saved', () => {
    const refusal = generalRefusal(
      new ConflictException({
        message: 'The alternates were changed since they were read; nothing was saved. Read them again before saving.',
        details: { currentAlternates: [] },
      }),
    );
    expect(refusal.text).toMatch(
      /^この画面を開いた後に、別の画面またはほかの人が補欠の外部有識者を保存したため、保存していません。/,
    );
    expect(refusal.changed).toBe('別の画面またはほかの人が先に保存しました');
  });

  it('says an opinion was saved since the form was shown, so the one typed was not saved and is there to compare', () => {
    const refusal = generalRefusal(
      new ConflictException({
        message:
          'An opinion was saved on this assignment since it was read; nothing was saved. Read it again before saving.',
        details: { currentOpinion: { rating: 'effective', opinion: 'タブ1の意見', opinionSubmittedAt: null } },
      }),
    );
    expect(refusal.text).toMatch(
      /^このページを開いた後に、別の画面またはほかの人があなたの意見を保存したため、保存していません。入力した意見と評価はこのページに残っています。/,
    );
    expect(refusal.changed).toBe('別の画面またはほかの人が先に保存しました');
  });

  it.each([
    [
      "The organization's settings were saved since they were read; nothing was saved. Read them again before saving.",
      /^このページを開いた後に、別の画面またはほかの人が団体の設定を保存したため、保存していません。入力した内容はこのページに残っています。/,
    ],
    [
      'The department was renamed since it was read; nothing was saved. Read it again before renaming it.',
      /^このページを開いた後に、別の画面またはほかの人がこの部署の名前を変更したため、変更していません。入力した部署名はこのページに残っています。/,
    ],
  ])('says %j as a change saved meanwhile, what was typed kept', (message, text) => {
    const refusal = generalRefusal(new ConflictException({ message, details: {} }));
    expect(refusal.text).toMatch(text);
    expect(refusal.changed).toBe('別の画面またはほかの人が先に保存しました');
  });

  it('names the state a report moved on to when the workflow refused an action for it', () => {
    const refusal = new ConflictException('"evaluate" is not possible while the report is 評価済 (evaluated).');
    expect(changedStatusOf(refusal)).toBe('評価済');
    expect(generalMessage(refusal)).toBe(
      '報告の状態が「評価済」に変わったため、この操作ができませんでした。報告の状態を確かめてください。',
    );
    expect(changedStatusOf(new ConflictException('The cycle is already closed.'))).toBeNull();
  });

  it('says a decision on a report changed since it was read was not taken, and that a submission was made again', () => {
    const changedSince = (status: string) =>
      new ConflictException(
        `The report (${status}) has changed since version 4 was read (now version 6): read it again before acting on it.`,
      );
    expect(generalMessage(changedSince('submitted'))).toBe(
      '報告が更新されました(提出し直されました)。内容を確かめてから、もう一度操作してください。',
    );
    expect(generalMessage(changedSince('correction_submitted'))).toMatch(/^報告が更新されました\(提出し直されました\)/);
    expect(generalMessage(changedSince('in_expert_review'))).toBe(
      '報告が更新されました。内容を確かめてから、もう一度操作してください。',
    );
  });

  it('names what changed a report since a decision on it was read, each kind of change once', () => {
    const refusal = generalRefusal(
      new ConflictException(
        'The report (in_expert_review) has changed since version 4 was read (now version 7; since then: assignment.created, opinion.entered, opinion.entered_on_behalf): read it again before acting on it.',
      ),
    );
    expect(refusal).toEqual({
      text: '報告が更新されました(外部有識者が追加されました、外部有識者の意見が入力・修正されました、外部有識者の意見が代理入力されました)。内容を確かめてから、もう一度操作してください。',
      changed: '報告の状態が変わりました',
    });
    const resubmitted = new ConflictException(
      'The report (submitted) has changed since version 4 was read (now version 7; since then: report.withdrawn, report.updated, report.submitted): read it again before acting on it.',
    );
    expect(generalMessage(resubmitted)).toBe(
      '報告が更新されました(提出し直されました)。内容を確かめてから、もう一度操作してください。',
    );
  });

  it('tells an expert in a session opened from the mail link how to get back to the report and how to reach the rest', () => {
    expect(
      generalMessage(
        new ForbiddenException(
          'This session was opened by a one-click link and may only act on its assignment. Sign in to do anything else.',
        ),
      ),
    ).toBe(
      'メールのリンクから開いたときは、依頼された報告を見ることと、依頼への回答・意見の入力だけができます。報告は、メールのリンクからもう一度開けます。ほかのページを使うには、サインインのページから、ご自分のメールアドレスとパスワードでサインインしてください。',
    );
  });
});

describe('generalRefusal', () => {
  it('marks a refusal because something changed meanwhile with the heading of its notice, and no other', () => {
    expect(
      generalRefusal(new ConflictException('"return" is not possible while the report is 作成中 (draft).')).changed,
    ).toBe('報告の状態が変わりました');
    expect(
      generalRefusal(
        new ConflictException('The report was changed by someone else (now version 3, you edited version 2).'),
      ).changed,
    ).toBe('別の画面またはほかの人が先に保存しました');
    expect(generalRefusal(new ConflictException('A department named "観光課" already exists.'))).toEqual({
      text: '同じ名前の部署がすでにあります。',
    });
  });
});

describe('warningText', () => {
  const published = { fiscalYear: 2022, value: 1240, asOf: '2023-06' };

  it('names the published value a KPI warning compares with, its year and its month', () => {
    expect(warningText({ code: 'kpi_against_last_year', typed: 1000, published })).toBe(
      '1,000 が、R4年度の公表値 1,240(R5.6月) から、目指す方向とは逆に動いています',
    );
    expect(warningText({ code: 'kpi_differs_from_published', typed: 1310, published })).toBe(
      '1,310 が、R4年度の報告で公表した同じ時点(R5.6月)の値 1,240 と異なります',
    );
    expect(warningText({ code: 'kpi_year_differs_from_published', typed: 1200, published })).toBe(
      '1,200 が、R4年度の報告で公表した最新値 1,240 と異なります',
    );
  });
});

describe('deniedReasonText: a refusal in the audit log, for the 監査ログ page', () => {
  it('words the known kinds of refusal in Japanese, naming roles and report actions', () => {
    expect(deniedReasonText('Your session has ended. Please sign in again.')).toBe(
      'サインインが終わった後(サインアウト・期限切れ・利用停止)の操作',
    );
    expect(
      deniedReasonText('This action needs one of these roles in the organization: planning_division, administrator.'),
    ).toBe('この操作に必要な役割(企画政策課・システム管理者)を持たない人の操作');
    expect(deniedReasonText('You may not take the action "answer question" on this report.')).toBe(
      'この報告で「質問への回答」をする立場にない人の操作',
    );
    expect(deniedReasonText('The caller holds no role in this organization.')).toBe('この団体での役割がない人の操作');
  });

  it('reads entries recorded before the wording was fixed the same way', () => {
    expect(deniedReasonText('You may not answer question this report.')).toBe(
      'この報告で「質問への回答」をする立場にない人の操作',
    );
    expect(deniedReasonText('Organization not found.')).toBe('この団体での役割がない人の操作');
  });

  it('shows a reason of no known kind as recorded', () => {
    expect(deniedReasonText('Something new.')).toBe('Something new.');
  });
});

describe('versionComparisonMessage: 更新履歴 refusing the versions in its address', () => {
  it('names the field and what was typed when it is no version of the report, with the versions there are', () => {
    expect(
      versionComparisonMessage({ path: '/to', reason: 'not_a_version', versions: '1–3, 5' }, { from: '1', to: '4' }),
    ).toBe('比べる先の更新番号「4」はこの報告にありません。この報告の更新番号は 1–3, 5 です。一覧から選んでください');
  });

  it('says that 比べる元 comes after 比べる先', () => {
    expect(
      versionComparisonMessage({ path: '/from', reason: 'from_after_to', versions: '1–5' }, { from: '5', to: '2' }),
    ).toBe(
      '比べる元(更新番号 5)が比べる先(2)より後です。比べる元には比べる先以前の更新番号を選んでください(この報告の更新番号は 1–5 です)',
    );
  });
});
