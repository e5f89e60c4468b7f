import {
  findFiscalYear,
  plainText,
  readAmountWithGrant,
  readLatestValue,
  readNumber,
  readPlanPeriod,
  readYearMonth,
} from './cell-values';

describe('cell values as published', () => {
  it('strips markup: one line per <p>, a <ul> block stays one line, spaces collapsed', () => {
    expect(plainText('<p>地方創生に効果があった</p> <p>R4年度は  中間目標を達成</p>')).toBe(
      '地方創生に効果があった\nR4年度は 中間目標を達成',
    );
    expect(plainText('<ul style="list-style-type: none"> ・交流道の駅数 21駅 ・取引額 約1,496万円 ')).toBe(
      '・交流道の駅数 21駅 ・取引額 約1,496万円',
    );
    expect(plainText('<ul><li>a</li><li>b &amp; c</li></ul>')).toBe('a b & c');
    expect(plainText('  KPI①③④の中間目標 は達成  ')).toBe('KPI①③④の中間目標 は達成');
  });

  it('reads numbers with thousands separators, full-width digits and "-"', () => {
    expect(readNumber('18,500')).toEqual({ ok: true, value: 18500 });
    expect(readNumber('５１．９')).toEqual({ ok: true, value: 51.9 });
    expect(readNumber('-')).toEqual({ ok: true, value: null });
    expect(readNumber('')).toEqual({ ok: true, value: null });
    expect(readNumber('1,2,3').ok).toBe(false);
    expect(readNumber('12a').ok).toBe(false);
  });

  it('refuses a number larger or finer than the API takes, saying what it may be, also inside a cell of two', () => {
    expect(readNumber('1,000,000,000,000,000')).toEqual({ ok: true, value: 1e15 });
    expect(readNumber('-1,000,000,000,000,000')).toEqual({ ok: true, value: -1e15 });
    expect(readNumber('1,000,000,000,000,001')).toEqual({
      ok: false,
      problem:
        '「1,000,000,000,000,001」は大きすぎます。-1,000,000,000,000,000から1,000,000,000,000,000までの数値で入力してください。',
      specific: true,
    });
    expect(readLatestValue('99999999999999999999 (R3.3)')).toEqual({
      ok: false,
      problem:
        '「99999999999999999999」は大きすぎます。-1,000,000,000,000,000から1,000,000,000,000,000までの数値で入力してください。',
    });
    expect(readAmountWithGrant('1,000,000,000,000 (30,407)')).toEqual({
      ok: true,
      value: { amount: 1e12, grant: 30407 },
    });
    expect(readNumber('0.1234567891')).toEqual({ ok: true, value: 0.1234567891 });
    expect(readLatestValue('0.12345678912 (R3.3)')).toEqual({
      ok: false,
      problem: '「0.12345678912」は小数点以下の桁が多すぎます。小数点以下10桁までで入力してください。',
    });
    // Past the bigint column, this was written as a 500 when the import was confirmed.
    expect(readAmountWithGrant('12345678901234567890 (30,407)')).toEqual({
      ok: false,
      problem: '「12345678901234567890」は大きすぎます。千円単位で1,000,000,000,000までの数値で入力してください。',
    });
  });

  it('says to leave out the unit of a number typed with one, by the rule of the pages, and only then', () => {
    expect(readNumber('１２０件')).toEqual({
      ok: false,
      problem: '「１２０件」を読み取れません。数値だけを入力してください(単位は不要です)。',
    });
    expect(readNumber('約120件')).toEqual({
      ok: false,
      problem: '「約120件」を読み取れません。「18,500」や「51.9」のように数値で入力してください。',
    });
    expect(readAmountWithGrant('9,048千円 (4,524千円)')).toEqual({
      ok: false,
      problem:
        '「9,048千円 (4,524千円)」を読み取れません。単位は不要です。「9,048 (4,524)」のように、千円単位の金額と、かっこ内にそのうちの交付金の額を入力してください。',
    });
    expect(readLatestValue('124人 (R5.6月)')).toEqual({
      ok: false,
      problem:
        '「124人 (R5.6月)」を読み取れません。単位は不要です。「124」のように数値だけか、「124 (R5.6月)」のように数値とかっこ内にその時点を入力してください。',
    });
    expect(readAmountWithGrant('9,O48 (4,524)')).toEqual({
      ok: false,
      problem:
        '「9,O48 (4,524)」を読み取れません。「9,048 (4,524)」のように、千円単位の金額と、かっこ内にそのうちの交付金の額を入力してください。',
    });
  });

  it('reads ④ amounts with the grant portion in parentheses', () => {
    expect(readAmountWithGrant('9,048 (4,524)')).toEqual({ ok: true, value: { amount: 9048, grant: 4524 } });
    expect(readAmountWithGrant('９，０４８（４，５２４）')).toEqual({ ok: true, value: { amount: 9048, grant: 4524 } });
    expect(readAmountWithGrant('485')).toEqual({ ok: true, value: { amount: 485, grant: null } });
    expect(readAmountWithGrant('9,048 (4,5x4)').ok).toBe(false);
    expect(readAmountWithGrant('1.5 (1)').ok).toBe(false);
    expect(readAmountWithGrant('-3 (1)').ok).toBe(false);
  });

  it('reads ⑤ latest values with their month and the 【参考値】 mark', () => {
    expect(readLatestValue('124 (R5.6月)')).toEqual({
      ok: true,
      value: { value: 124, asOf: '2023-06', isReference: false },
    });
    expect(readLatestValue('1,027 (R5.3)')).toEqual({
      ok: true,
      value: { value: 1027, asOf: '2023-03', isReference: false },
    });
    expect(readLatestValue('【参考値】51.9 (R5.3)')).toEqual({
      ok: true,
      value: { value: 51.9, asOf: '2023-03', isReference: true },
    });
    expect(readLatestValue('67')).toEqual({ ok: true, value: { value: 67, asOf: null, isReference: false } });
    expect(readLatestValue('67 (R5.13)').ok).toBe(false);
  });

  it('reads ② plan periods and the year of the plan', () => {
    expect(readPlanPeriod('R3年度～R5年度 (2年度)')).toEqual({
      ok: true,
      value: { start: 2021, end: 2023, planYear: 2 },
    });
    expect(readPlanPeriod('R2年度～R4年度 (3年度目)')).toEqual({
      ok: true,
      value: { start: 2020, end: 2022, planYear: 3 },
    });
    expect(readPlanPeriod('令和元年度〜令和3年度（初年度）')).toEqual({
      ok: true,
      value: { start: 2019, end: 2021, planYear: 1 },
    });
    expect(readPlanPeriod('R5年度～R3年度').ok).toBe(false);
    expect(readPlanPeriod('来年度から').ok).toBe(false);
  });

  it('finds the fiscal year named in a heading and reads year-months', () => {
    expect(findFiscalYear('④市予算事業(令和4年度)')).toBe(2022);
    expect(findFiscalYear('②実施計画期間 (R3年度の実施年数)')).toBe(2021);
    expect(findFiscalYear('事業名')).toBeNull();
    expect(readYearMonth('R5.3.')).toEqual({ ok: true, value: '2023-03' });
    expect(readYearMonth('R6.3月')).toEqual({ ok: true, value: '2024-03' });
  });

  it('reads year-months from H元.1月 to the end of fiscal 2100, as the API does, and says so past them', () => {
    expect(readYearMonth('H元.1')).toEqual({ ok: true, value: '1989-01' });
    expect(readYearMonth('R83.3月')).toEqual({ ok: true, value: '2101-03' });
    expect(readYearMonth('2150-03')).toEqual({
      ok: false,
      problem: '「2150-03」は取り込める年月(H元.1月からR83.3月まで)の外です。',
    });
  });
});
