import { DomUtils, parseDocument } from 'htmlparser2';
import { type TestApp } from '../../support/test-app';

type Element = ReturnType<typeof DomUtils.getElementsByTagName>[number];

/** A form of a page as a browser would send it unchanged: where, how, and each field's name and value in order. */
export interface PageForm {
  /** The path it is sent to, without query or fragment. */
  action: string;
  method: 'get' | 'post';
  multipart: boolean;
  fields: [name: string, value: string][];
  /** Its buttons by their text, each with the field it sends; `fields` ends with that of the first that has one. */
  buttons: { label: string; field: [name: string, value: string] | null }[];
}

/**
 * A textarea's text as a browser reads it: htmlparser2 keeps its content as written, so its character references are
 * decoded here, and the newline right after <textarea>, which browsers drop, is dropped.
 */
function textareaValue(element: Element): string {
  return DomUtils.textContent(parseDocument(DomUtils.textContent(element))).replace(/^\r?\n/, '');
}

/** Of the elements of a form sharing a name: the first, and whether any is checked. */
interface NameGroup {
  first: Element;
  checked: boolean;
}

/** The form's elements by name, read in one pass, so that a page of many boxes and radios is read in linear time. */
function nameGroupsOf(form: Element): Map<string, NameGroup> {
  const groups = new Map<string, NameGroup>();
  for (const element of DomUtils.findAll((candidate) => Boolean(candidate.attribs.name), [form])) {
    const group = groups.get(element.attribs.name);
    if (group) group.checked ||= 'checked' in element.attribs;
    else groups.set(element.attribs.name, { first: element, checked: 'checked' in element.attribs });
  }
  return groups;
}

/** What a browser sends for one field: the checked box or radio, the selected option, the text as shown. */
function fieldOf(element: Element, groups: Map<string, NameGroup>): [string, string] | null {
  const name = element.attribs.name;
  if (!name || 'disabled' in element.attribs) return null;
  if (element.name === 'textarea') return [name, textareaValue(element)];
  if (element.name === 'select') {
    const options = DomUtils.getElementsByTagName('option', element);
    const chosen = options.find((option) => 'selected' in option.attribs) ?? options[0];
    return [name, chosen ? (chosen.attribs.value ?? DomUtils.textContent(chosen)) : ''];
  }
  const type = element.attribs.type ?? 'text';
  if (type === 'checkbox' || type === 'radio') {
    const group = groups.get(name)!;
    // One radio of a group: the checked one, or the first where none is, so that every field is there to spoil.
    const noneChecked = type === 'radio' && !group.checked;
    const sent = 'checked' in element.attribs || (noneChecked && group.first === element);
    return sent ? [name, element.attribs.value ?? 'on'] : null;
  }
  if (element.name === 'button' || type === 'submit' || type === 'file') return null;
  return [name, element.attribs.value ?? ''];
}

/** Every form of `html`, shown at `pageUrl`. */
export function formsOf(html: string, pageUrl: string): PageForm[] {
  const document = parseDocument(html);
  return DomUtils.getElementsByTagName('form', document).map((form) => {
    const controls = DomUtils.findAll((element) => ['input', 'select', 'textarea'].includes(element.name), [form]);
    const groups = nameGroupsOf(form);
    const fields = controls.map((control) => fieldOf(control, groups)).filter((field) => field !== null);
    const buttons = DomUtils.findAll((element) => element.name === 'button', [form]).map((button) => ({
      label: DomUtils.textContent(button).replace(/\s+/g, ' ').trim(),
      field: button.attribs.name ? ([button.attribs.name, button.attribs.value ?? ''] as [string, string]) : null,
    }));
    const named = buttons.find((button) => button.field !== null);
    if (named) fields.push(named.field!);
    return {
      action: new URL(form.attribs.action || pageUrl, 'http://page').pathname,
      method: form.attribs.method?.toLowerCase() === 'post' ? 'post' : 'get',
      multipart: form.attribs.enctype === 'multipart/form-data',
      fields,
      buttons,
    };
  });
}

/** The query parameters the links of `html` send back to `path`. */
export function linkQueryKeys(html: string, path: string): string[] {
  const links = DomUtils.getElementsByTagName('a', parseDocument(html));
  return links.flatMap((link) => {
    const url = new URL(link.attribs.href ?? '', `http://page${path}`);
    return url.pathname === path ? [...url.searchParams.keys()] : [];
  });
}

/**
 * The form of `html` (shown at `pageUrl`) that posts to `action`, encoded as a browser sends it with `changes` made
 * and the button labelled `pressed` pressed (default: the first).
 */
function filledForm(
  html: string,
  pageUrl: string,
  action: string,
  changes: Record<string, string | null>,
  pressed?: string,
): string {
  const form = formsOf(html, pageUrl).find((candidate) => candidate.method === 'post' && candidate.action === action);
  if (!form) throw new Error(`no form posting to ${action} on ${pageUrl}`);
  let fields = form.fields;
  if (pressed !== undefined) {
    const button = form.buttons.find((candidate) => candidate.label === pressed);
    if (!button) throw new Error(`no button ${pressed} in the form posting to ${action} on ${pageUrl}`);
    const first = form.buttons.find((candidate) => candidate.field !== null)?.field;
    fields = [...fields.filter((field) => field !== first), ...(button.field ? [button.field] : [])];
  }
  fields = fields.filter(([name]) => !(name in changes));
  for (const [name, value] of Object.entries(changes)) if (value !== null) fields.push([name, value]);
  return fields.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

function cookiesSet(response: { headers: Record<string, unknown> }): string[] {
  return [(response.headers['set-cookie'] as string[] | undefined) ?? []].flat().map((cookie) => cookie.split(';')[0]);
}

/**
 * Opens `page` as the holder of `sessionCookie` and fills its form that posts to `action` as a browser would, with the
 * fields changed as given (null leaves one out); each call of the answer sends it, as a press of its button would.
 */
export async function openPageForm(
  t: TestApp,
  sessionCookie: string,
  page: string,
  action: string,
  changes: Record<string, string | null> = {},
) {
  const shown = await t.http().get(page).set('Cookie', sessionCookie).expect(200);
  const body = filledForm(shown.text, page, action, changes);
  return () =>
    t
      .http()
      .post(action)
      .set('Cookie', [sessionCookie, ...cookiesSet(shown)].join('; '))
      .type('form')
      .send(body);
}

/**
 * A browser tab of the holder of a session (or of none: ''), without JavaScript: it opens a page, then sends a form of
 * the page it shows, and the answer is the page it shows next (a confirmation page, a form shown again), as in a
 * browser. At a `site` (a host), it is that browser's tab throughout: each form goes with its page as the Referer, as
 * this site's pages send it, and a refusal's page is shown like any other, to send a form of it in turn.
 */
export class PageTab {
  private cookies: string[];
  private shown?: { text: string; url: string };

  constructor(
    private readonly t: TestApp,
    sessionCookie: string,
    private readonly site?: string,
  ) {
    this.cookies = [sessionCookie].filter(Boolean);
  }

  async open(page: string) {
    return this.showing(page, await this.request('get', page).expect(200));
  }

  /** Sends the shown page's form that posts to `action` with `changes`, by its button labelled `pressed` (or its first). */
  async send(action: string, changes: Record<string, string | null> = {}, pressed?: string) {
    if (!this.shown) throw new Error('no page shown yet');
    const body = filledForm(this.shown.text, this.shown.url, action, changes, pressed);
    const answer = await this.request('post', action).type('form').send(body);
    return this.showing(action, answer);
  }

  /** Sets a cookie ("name=value") or drops one (null), as another tab's sign-in or sign-out, or its expiry, would. */
  setCookie(name: string, value: string | null): void {
    this.cookies = [
      ...this.cookies.filter((cookie) => cookie.split('=')[0] !== name),
      ...(value === null ? [] : [`${name}=${value}`]),
    ];
  }

  private request(method: 'get' | 'post', path: string) {
    const request = this.t.http()[method](path).set('Cookie', this.cookies.join('; '));
    if (!this.site) return request;
    request.set('Host', this.site);
    return this.shown ? request.set('Referer', `http://${this.site}${this.shown.url}`) : request;
  }

  private showing<Answer extends { text: string; status: number; headers: Record<string, unknown> }>(
    url: string,
    answer: Answer,
  ): Answer {
    const set = cookiesSet(answer);
    const names = set.map((cookie) => cookie.split('=')[0]);
    this.cookies = [
      ...this.cookies.filter((cookie) => !names.includes(cookie.split('=')[0])),
      ...set.filter((cookie) => !cookie.endsWith('=')),
    ];
    if (answer.status < 300 || (this.site && answer.status >= 400)) this.shown = { text: answer.text, url };
    return answer;
  }
}

/** openPageForm, sent once; `beforeSending` runs between showing and sending, as another tab would. */
export async function sendPageForm(
  t: TestApp,
  sessionCookie: string,
  page: string,
  action: string,
  changes: Record<string, string | null> = {},
  beforeSending?: () => Promise<unknown>,
) {
  const send = await openPageForm(t, sessionCookie, page, action, changes);
  await beforeSending?.();
  return send();
}

/** A page's text as a reader sees it: without tags, its spaces collapsed. */
export function shownText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
