import nunjucks from 'nunjucks';
import { japaneseDateTime } from '../common/dates';
import { categoryOf, NOTIFICATION_CATEGORY_LABELS, NotificationCategory } from './notification-catalogue';

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
const NOTIFICATION_FOOTER = 'このメールは送信専用です。通知の受け取り方はシステムの「通知設定」で変更できます。';
const INVITATION_FOOTER =
  'このメールは送信専用です。心当たりがない場合は、このメールを破棄してください。リンクを開かなければ何も起きません。';
const html = new nunjucks.Environment(null, { autoescape: true });

const ITEM_HTML = `<h{{ level }} style="font-size:16px;margin:24px 0 8px">{{ item.title }}</h{{ level }}>
<p style="white-space:pre-wrap;margin:0 0 8px">{{ item.body }}</p>
<p style="margin:0 0 16px"><a href="{{ item.link }}">{{ item.link }}</a></p>`;

const LEAD_HTML = `<p>{{ lead }}</p>`;
const SECTION_HTML = `<h2 style="font-size:18px;margin:32px 0 8px">{{ heading }}</h2>`;

const LAYOUT_HTML = `<!doctype html><html lang="ja"><body style="font-family:sans-serif;color:#1a1a1c;line-height:1.7">
<p>{{ name }} 様</p>{{ items | safe }}<hr><p style="color:#626264;font-size:12px">${SIGNATURE}<br>{{ footer }}</p>
</body></html>`;

/** Items under a heading of their own (a digest's 要対応 and お知らせ); a mail of one kind has a single untitled one. */
interface MailSection {
  heading?: string;
  items: MailItem[];
}

function render(
  name: string,
  subject: string,
  sections: MailSection[],
  { footer = NOTIFICATION_FOOTER, lead }: { footer?: string; lead?: string } = {},
): MailContent {
  const text = [
    `${name} 様`,
    '',
    ...(lead ? [lead, ''] : []),
    ...sections.flatMap((section) => [
      ...(section.heading ? [section.heading, ''] : []),
      ...section.items.flatMap((item) => [`■ ${item.title}`, item.body, item.link, '']),
    ]),
    '--',
    SIGNATURE,
    footer,
  ].join('\n');
  const body =
    (lead ? html.renderString(LEAD_HTML, { lead }) : '') +
    sections
      .map(
        (section) =>
          (section.heading ? html.renderString(SECTION_HTML, { heading: section.heading }) : '') +
          section.items.map((item) => html.renderString(ITEM_HTML, { item, level: section.heading ? 3 : 2 })).join(''),
      )
      .join('');
  return { subject, text, html: html.renderString(LAYOUT_HTML, { name, items: body, footer }) };
}

/** A title headed by the municipality it comes from, as every notification mail's subject is. */
function fromOrganization(organizationName: string, title: string): string {
  return `【${organizationName}】${title}`;
}

/** The line that opens a mail from one municipality, or a digest from several. */
function organizationLead(organizationNames: string[]): string {
  return `${organizationNames.join('・')}の効果検証システムからのお知らせです。`;
}

/**
 * One notification as an e-mail: Japanese subject, plain text and HTML, with the link to the report. The municipality
 * it comes from heads the subject and the text: an expert may sit on several municipalities' panels, and the report's
 * name alone does not say whose it is.
 */
export function renderNotificationMail(recipientName: string, item: MailItem, organizationName?: string): MailContent {
  const subject = organizationName ? fromOrganization(organizationName, item.title) : item.title;
  const lead = organizationName ? organizationLead([organizationName]) : undefined;
  return render(recipientName, subject, [{ items: [item] }], { lead });
}

/** A notification waiting for the digest: its kind says whether it asks the reader to act. */
export interface DigestItem extends MailItem {
  type: string;
  organizationName: string;
}

/**
 * The notifications of one person not mailed yet, in one e-mail (daily digest preference): what asks them to act
 * first, then the news, each oldest first, as the inbox sets them apart. Sent in the morning, it holds mostly the
 * day before's: the subject says how many there are and how many wait for the reader, not "today's".
 *
 * From one municipality it is headed as that municipality's mails are. From several, the subject names none (a line of
 * them all would grow with each panel; the first line names them), and each item is headed as its own mail's subject
 * would be (【旭川市】【意見照会】…) rather than grouped by municipality, so that everything that asks the reader to act
 * stays together at the top.
 *
 * `oneAction`: the title of a mail sent at once with the notices of one action (一括公表), in place of the count of
 * what waits: 【公表】R5年度の報告 25件.
 */
export function renderDigestMail(recipientName: string, items: DigestItem[], oneAction?: string): MailContent {
  const sections = [NotificationCategory.Action, NotificationCategory.Info]
    .map((category) => ({ category, items: items.filter((item) => categoryOf(item.type) === category) }))
    .filter((section) => section.items.length > 0);
  // In the order the reader meets them.
  const organizationNames = [
    ...new Set(sections.flatMap((section) => section.items.map((item) => item.organizationName))),
  ];
  const single = organizationNames.length === 1 ? organizationNames[0] : undefined;
  const actions = sections.find((section) => section.category === NotificationCategory.Action)?.items.length ?? 0;
  const waiting =
    actions === 0
      ? ''
      : actions === items.length
        ? items.length === 1
          ? '(要対応)'
          : '(すべて要対応)'
        : `(うち要対応 ${actions} 件)`;
  const summary = oneAction ?? `【まとめ】通知 ${items.length} 件${waiting}`;
  return render(
    recipientName,
    single ? fromOrganization(single, summary) : summary,
    sections.map((section) => ({
      heading: `【${NOTIFICATION_CATEGORY_LABELS[section.category]}】${section.items.length} 件`,
      items: single
        ? section.items
        : section.items.map((item) => ({ ...item, title: fromOrganization(item.organizationName, item.title) })),
    })),
    {
      lead: oneAction
        ? organizationLead(organizationNames)
        : `${organizationLead(organizationNames)}まだメールでお知らせしていない通知が ${items.length} 件あります。`,
    },
  );
}

export interface InvitationMailFacts {
  email: string;
  organizationName: string;
  inviterName: string | null;
  /** e.g. 事業担当課(経済部) */
  roles: string[];
  expiresAt: Date;
  link: string;
  /** Sent again by the administrator: the earlier mail's link no longer works. */
  resent: boolean;
}

/** The same mail whether or not the address has an account: the page behind the link tells them apart. */
export function renderInvitationMail(facts: InvitationMailFacts): MailContent {
  const { organizationName } = facts;
  const from = facts.inviterName
    ? `${facts.inviterName}さん(${organizationName}のシステム管理者)から`
    : `${organizationName}のシステム管理者から`;
  return render(
    facts.email,
    `${facts.resent ? '【再送】' : '【招待】'}${organizationName}の効果検証システムへの招待`,
    [
      {
        items: [
          {
            title: `${organizationName}への招待`,
            body:
              `${from}、地方創生交付金事業 効果検証システムに「${facts.roles.join('、')}」として参加するよう招待されています。\n` +
              `下のリンクを開き、${japaneseDateTime(facts.expiresAt)}までに承諾または辞退してください。` +
              'アカウントをお持ちの方はサインインして承諾し、お持ちでない方は氏名とパスワードを設定すると参加できます。' +
              'リンクは一度だけ使えます。' +
              (facts.resent
                ? '前にお送りした招待メールのリンクは使えません。このメールのリンクを開いてください。'
                : ''),
            link: facts.link,
          },
        ],
      },
    ],
    { footer: INVITATION_FOOTER },
  );
}

const PASSWORD_RESET_FOOTER =
  'このメールは送信専用です。心当たりがない場合は、このメールを破棄してください。リンクを開かなければパスワードは変わりません。';

export interface PasswordResetMailFacts {
  email: string;
  displayName: string;
  /** Sent by an administrator rather than asked for on the sign-in page. */
  sentByAdministrator: boolean;
  expiresAt: Date;
  link: string;
}

/** The link to set a new password; it says how it came about, so an unexpected one is recognised as such. */
export function renderPasswordResetMail(facts: PasswordResetMailFacts): MailContent {
  const origin = facts.sentByAdministrator
    ? '所属団体のシステム管理者が、あなたのアカウントのパスワード再設定用のリンクを送りました。'
    : 'サインインのページで、このメールアドレスのパスワード再設定が依頼されました。';
  return render(
    facts.displayName,
    '【パスワード再設定】効果検証システムのパスワード再設定',
    [
      {
        items: [
          {
            title: 'パスワードの再設定',
            body:
              `${origin}\n` +
              `下のリンクを開き、${japaneseDateTime(facts.expiresAt)}までに新しいパスワードを設定してください。` +
              'リンクは一度だけ使えます。パスワードを設定すると、ほかの端末でのサインインはすべて終了します。',
            link: facts.link,
          },
        ],
      },
    ],
    { footer: PASSWORD_RESET_FOOTER },
  );
}

const ACCOUNT_NOTICE_FOOTER =
  'このメールは送信専用です。アカウントに変更があったときに、そのアカウントのメールアドレスへお知らせしています。';

export interface PasswordChangedMailFacts {
  displayName: string;
  changedAt: Date;
  /** パスワードを忘れた場合: where someone who did not change it takes the account back. */
  passwordResetLink: string;
}

/** Says that the password was changed, so that a change the owner did not make is noticed and undone at once. */
export function renderPasswordChangedMail(facts: PasswordChangedMailFacts): MailContent {
  return render(
    facts.displayName,
    '【パスワード変更】効果検証システムのパスワードが変更されました',
    [
      {
        items: [
          {
            title: 'パスワードの変更',
            body:
              `${japaneseDateTime(facts.changedAt)}に、アカウント設定であなたのアカウントのパスワードが変更されました。` +
              'ほかの端末でのサインインはすべて終了しています。\n' +
              '心当たりがない場合は、下のリンクからすぐにパスワードを再設定し、所属団体のシステム管理者に連絡してください。',
            link: facts.passwordResetLink,
          },
        ],
      },
    ],
    { footer: ACCOUNT_NOTICE_FOOTER },
  );
}

export interface EmailChangeMailFacts {
  displayName: string;
  oldEmail: string;
  newEmail: string;
  expiresAt: Date;
}

/** To the new address: the link that makes it the account's, so an address nobody reads never becomes one. */
export function renderEmailChangeLinkMail(facts: EmailChangeMailFacts & { link: string }): MailContent {
  return render(
    facts.displayName,
    '【メールアドレス変更】新しいメールアドレスの確認',
    [
      {
        items: [
          {
            title: 'メールアドレスの変更の確認',
            body:
              `アカウント設定で、アカウント(${facts.oldEmail})のメールアドレスを ${facts.newEmail} に変更するよう依頼されました。\n` +
              `下のリンクを開き、${japaneseDateTime(facts.expiresAt)}までに変更を確定してください。` +
              '確定するまでは、これまでのメールアドレスでサインインします。リンクは一度だけ使えます。',
            link: facts.link,
          },
        ],
      },
    ],
    { footer: INVITATION_FOOTER },
  );
}

/**
 * To the old address: that a change was asked for, with a link that stops it, so that the owner who did not ask for it
 * can, from the mailbox they still hold, before the new address is confirmed.
 */
export function renderEmailChangeNoticeMail(
  facts: EmailChangeMailFacts & { cancelLink: string; accountLink: string },
): MailContent {
  return render(
    facts.displayName,
    '【メールアドレス変更】メールアドレスの変更が依頼されました',
    [
      {
        items: [
          {
            title: 'メールアドレスの変更の依頼',
            body:
              `アカウント設定で、あなたのアカウントのメールアドレスを ${facts.newEmail} に変更するよう依頼されました。` +
              '新しいメールアドレスに送った確認のリンクが開かれるまで、メールアドレスは変わりません。\n' +
              `心当たりがない場合は、${japaneseDateTime(facts.expiresAt)}までに下のリンクを開き、変更を取りやめてください。`,
            link: facts.cancelLink,
          },
          {
            title: '心当たりがない場合は、パスワードの変更も',
            body: '変更を取りやめたら、下のリンクからサインインしてパスワードを変更し、所属団体のシステム管理者に連絡してください。',
            link: facts.accountLink,
          },
        ],
      },
    ],
    { footer: ACCOUNT_NOTICE_FOOTER },
  );
}
