import nunjucks from 'nunjucks';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailItem {
  title: string;
  body: string;
  link: string;
}

const SIGNATURE = '地方創生交付金事業 効果検証システム';
const html = new nunjucks.Environment(null, { autoescape: true });

const ITEM_HTML = `<h2 style="font-size:16px;margin:24px 0 8px">{{ item.title }}</h2>
<p style="white-space:pre-wrap;margin:0 0 8px">{{ item.body }}</p>
<p style="margin:0 0 16px"><a href="{{ item.link }}">{{ item.link }}</a></p>`;

const LAYOUT_HTML = `<!doctype html><html lang="ja"><body style="font-family:sans-serif;color:#1a1a1c;line-height:1.7">
<p>{{ name }} 様</p>{{ items | safe }}<hr><p style="color:#626264;font-size:12px">${SIGNATURE}<br>このメールは送信専用です。通知の受け取り方はシステムの「通知設定」で変更できます。</p>
</body></html>`;

function render(name: string, subject: string, items: MailItem[]): MailContent {
  const text = [
    `${name} 様`,
    '',
    ...items.flatMap((item) => [`■ ${item.title}`, item.body, item.link, '']),
    '--',
    SIGNATURE,
    'このメールは送信専用です。通知の受け取り方はシステムの「通知設定」で変更できます。',
  ].join('\n');
  const body = items.map((item) => html.renderString(ITEM_HTML, { item })).join('');
  return { subject, text, html: html.renderString(LAYOUT_HTML, { name, items: body }) };
}

/** One notification as an e-mail: Japanese subject, plain text and HTML, with the link to the report. */
export function renderNotificationMail(recipientName: string, item: MailItem): MailContent {
  return render(recipientName, item.title, [item]);
}

/** The day's notifications of one person in one e-mail (daily digest preference). */
export function renderDigestMail(recipientName: string, items: MailItem[]): MailContent {
  return render(recipientName, `【まとめ】本日の通知 ${items.length} 件`, items);
}
