import {
  renderDigestMail,
  renderEmailChangeLinkMail,
  renderEmailChangeNoticeMail,
  renderInvitationMail,
  renderNotificationMail,
  renderPasswordChangedMail,
} from './mail-content';

describe('notification mails', () => {
  const item = (type: string, title: string, report: string, organizationName = '旭川市') => ({
    type,
    title,
    body: `${title}の本文`,
    link: `https://kpi.example.jp/o/org-1/reports/${report}`,
    organizationName,
  });
  const submitted = item('report.submitted', '【提出】旭川市産業振興事業(R4年度)', 'report-1');
  const accepted = item('assignment.accepted', '【引受け】旭川市産業振興事業(R4年度)', 'report-1');
  const withdrawn = item('report.withdrawn', '【取下げ】旭川市観光振興事業(R4年度)', 'report-2');
  const ready = item('review.ready', '【評価可能】旭川市観光振興事業(R4年度)', 'report-2');

  it('writes one notification with its title as the subject and its link', () => {
    const mail = renderNotificationMail('企画 花子', submitted);
    expect(mail.subject).toBe(submitted.title);
    expect(mail.text).toBe(
      [
        '企画 花子 様',
        '',
        `■ ${submitted.title}`,
        submitted.body,
        submitted.link,
        '',
        '--',
        '地方創生交付金事業 効果検証システム',
        'このメールは送信専用です。通知の受け取り方はシステムの「通知設定」で変更できます。',
      ].join('\n'),
    );
  });

  it('heads a mail with the municipality it comes from, in the subject and the first line', () => {
    const mail = renderNotificationMail('鈴木 一郎', submitted, '旭川市');
    expect(mail.subject).toBe(`【旭川市】${submitted.title}`);
    expect(mail.text).toMatch(/^鈴木 一郎 様\n\n旭川市の効果検証システムからのお知らせです。\n\n■ /);
    expect(mail.html).toContain('<p>旭川市の効果検証システムからのお知らせです。</p>');
  });

  it('says what a digest of one holds, without calling it "today\'s" (it is sent the next morning)', () => {
    const mail = renderDigestMail('企画 花子', [submitted]);
    expect(mail.subject).toBe('【旭川市】【まとめ】通知 1 件(要対応)');
    expect(mail.text).toContain('まだメールでお知らせしていない通知が 1 件あります。\n\n【要対応】1 件\n\n■ 【提出】');
    expect(mail.text).toContain(submitted.link);
    expect(mail.text).not.toContain('お知らせ】');
    expect(mail.subject + mail.text).not.toContain('本日');
    expect(renderDigestMail('企画 花子', [accepted]).subject).toBe('【旭川市】【まとめ】通知 1 件');
    expect(renderDigestMail('企画 花子', [submitted, ready]).subject).toBe(
      '【旭川市】【まとめ】通知 2 件(すべて要対応)',
    );
  });

  it('titles the mail of one action by it, listing its notices without saying how many more wait', () => {
    const published = [
      item('report.published', '【公表】旭川市産業振興事業(R4年度)', 'report-1'),
      item('report.published', '【公表】旭川市観光振興事業(R4年度)', 'report-2'),
    ];
    const mail = renderDigestMail('事業 太郎', published, '【公表】R4年度の報告 2件');
    expect(mail.subject).toBe('【旭川市】【公表】R4年度の報告 2件');
    expect(mail.text).toMatch(
      /^事業 太郎 様\n\n旭川市の効果検証システムからのお知らせです。\n\n【お知らせ】2 件\n\n■ 【公表】旭川市産業振興事業/,
    );
    for (const { title, link } of published) expect(mail.text).toContain(`■ ${title}\n${title}の本文\n${link}\n`);
    expect(mail.text).not.toContain('まだメールでお知らせしていない');
  });

  it('heads a digest from one municipality as its single mails are, leaving the items as they are', () => {
    const mail = renderDigestMail('企画 花子', [submitted, accepted]);
    expect(mail.text).toMatch(
      /^企画 花子 様\n\n旭川市の効果検証システムからのお知らせです。まだメールでお知らせしていない通知が 2 件あります。\n\n/,
    );
    expect(mail.html).toContain(
      '<p>旭川市の効果検証システムからのお知らせです。まだメールでお知らせしていない通知が 2 件あります。</p>',
    );
    expect(mail.text).toContain(`■ ${submitted.title}\n`);
    expect(mail.text).toContain(`■ ${accepted.title}\n`);
  });

  it('names the municipality of each item in a digest from several, what asks to act still first', () => {
    const assigned = item('expert.assigned', '【意見照会】産業振興事業(R4年度)', 'report-3');
    const assignedElsewhere = item('expert.assigned', '【意見照会】産業振興事業(R4年度)', 'report-4', '帯広市');
    const publishedElsewhere = item('report.published', '【公表】観光振興事業(R4年度)', 'report-5', '帯広市');
    const mail = renderDigestMail('鈴木 一郎', [publishedElsewhere, assigned, accepted, assignedElsewhere]);
    expect(mail.subject).toBe('【まとめ】通知 4 件(うち要対応 2 件)');
    const entry = (organizationName: string, each: typeof assigned) => [
      `■ 【${organizationName}】${each.title}`,
      each.body,
      each.link,
      '',
    ];
    expect(mail.text).toBe(
      [
        '鈴木 一郎 様',
        '',
        // The municipalities in the order the reader meets them.
        '旭川市・帯広市の効果検証システムからのお知らせです。まだメールでお知らせしていない通知が 4 件あります。',
        '',
        '【要対応】2 件',
        '',
        ...entry('旭川市', assigned),
        ...entry('帯広市', assignedElsewhere),
        '【お知らせ】2 件',
        '',
        ...entry('帯広市', publishedElsewhere),
        ...entry('旭川市', accepted),
        '--',
        '地方創生交付金事業 効果検証システム',
        'このメールは送信専用です。通知の受け取り方はシステムの「通知設定」で変更できます。',
      ].join('\n'),
    );
    expect(mail.html).toContain(
      `<h3 style="font-size:16px;margin:24px 0 8px">【帯広市】【意見照会】産業振興事業(R4年度)</h3>`,
    );
  });

  it('puts what asks the reader to act first, then the news, each in the order it came, every one with its link', () => {
    const mail = renderDigestMail('企画 花子', [accepted, submitted, withdrawn, ready]);
    expect(mail.subject).toBe('【旭川市】【まとめ】通知 4 件(うち要対応 2 件)');
    const order = [
      '【要対応】2 件',
      submitted.title,
      ready.title,
      '【お知らせ】2 件',
      accepted.title,
      withdrawn.title,
    ].map((text) => mail.text.indexOf(text));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const each of [submitted, accepted, withdrawn, ready]) {
      expect(mail.text).toContain(`■ ${each.title}\n${each.body}\n${each.link}\n`);
      expect(mail.html).toContain(`<a href="${each.link}">`);
    }
    expect(mail.html).toContain('<h2 style="font-size:18px;margin:32px 0 8px">【要対応】2 件</h2>');
    expect(mail.html).toContain(`<h3 style="font-size:16px;margin:24px 0 8px">${accepted.title}</h3>`);
  });
});

describe('the mail saying a password was changed', () => {
  it('says when, that the other sign-ins ended, and where to take the account back if it was not the owner', () => {
    const mail = renderPasswordChangedMail({
      displayName: '企画 花子',
      changedAt: new Date('2026-05-15T01:30:00Z'),
      passwordResetLink: 'https://kpi.example.jp/password-reset',
    });

    expect(mail.subject).toBe('【パスワード変更】効果検証システムのパスワードが変更されました');
    expect(mail.text).toMatch(/^企画 花子 様\n/);
    expect(mail.text).toContain('令和8年5月15日 10:30');
    expect(mail.text).toContain('ほかの端末でのサインインはすべて終了しています');
    expect(mail.text).toContain('心当たりがない場合は');
    expect(mail.html).toContain('<a href="https://kpi.example.jp/password-reset">');
  });
});

describe('the mails of a change of address', () => {
  const facts = {
    displayName: '企画 花子',
    oldEmail: 'old@example.jp',
    newEmail: 'new@example.jp',
    expiresAt: new Date('2026-05-15T01:30:00Z'),
  };

  it('gives the new address the link, says until when, and that the old address stays until it is opened', () => {
    const mail = renderEmailChangeLinkMail({ ...facts, link: 'https://kpi.example.jp/account/email/abc' });
    expect(mail.subject).toBe('【メールアドレス変更】新しいメールアドレスの確認');
    expect(mail.text).toContain('old@example.jp');
    expect(mail.text).toContain('令和8年5月15日 10:30までに');
    expect(mail.text).toContain('https://kpi.example.jp/account/email/abc');
  });

  it('tells the old address which address was asked for, with a link that cancels it rather than confirms it', () => {
    const mail = renderEmailChangeNoticeMail({
      ...facts,
      cancelLink: 'https://kpi.example.jp/account/email-cancel/xyz',
      accountLink: 'https://kpi.example.jp/account',
    });
    expect(mail.text).toContain('new@example.jp に変更するよう依頼されました');
    expect(mail.text).toContain(
      '心当たりがない場合は、令和8年5月15日 10:30までに下のリンクを開き、変更を取りやめてください',
    );
    expect(mail.text).toContain('https://kpi.example.jp/account/email-cancel/xyz');
    expect(mail.html).toContain('<a href="https://kpi.example.jp/account/email-cancel/xyz">');
    expect(mail.text).not.toContain('/account/email/');
  });
});

describe('the invitation mail', () => {
  const facts = {
    email: 'new@example.jp',
    organizationName: '旭川市',
    inviterName: '管理 太郎',
    roles: ['事業担当課(経済部)'],
    expiresAt: new Date('2026-05-15T01:30:00Z'),
    link: 'https://kpi.example.jp/invitations/abc',
  };

  it('names the organization, who invites, the roles, until when, and the link', () => {
    const mail = renderInvitationMail({ ...facts, resent: false });
    expect(mail.subject).toBe('【招待】旭川市の効果検証システムへの招待');
    expect(mail.text).toContain('管理 太郎さん(旭川市のシステム管理者)から');
    expect(mail.text).toContain('「事業担当課(経済部)」として参加するよう招待されています');
    expect(mail.text).toContain('令和8年5月15日 10:30までに');
    expect(mail.text).toContain('https://kpi.example.jp/invitations/abc');
    expect(mail.text).not.toContain('前にお送りした');
  });

  it('marks one sent again as 【再送】 and says the earlier mail’s link no longer works', () => {
    const mail = renderInvitationMail({ ...facts, resent: true });
    expect(mail.subject).toBe('【再送】旭川市の効果検証システムへの招待');
    expect(mail.text).toContain('前にお送りした招待メールのリンクは使えません。このメールのリンクを開いてください。');
  });
});
