import { type ParsedMail, simpleParser } from 'mailparser';
import { type AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Attached files as text (calendar entries). */
  attachments: { filename: string; contentType: string; content: string }[];
}

export interface SinkHooks {
  /** Return an error message to reject the mail with 550. */
  reject?: (recipients: string[]) => string | undefined;
  /** Return true to leave the transfer hanging (never acknowledged), as if the server stalled. */
  stall?: (recipients: string[]) => boolean;
}

/** A real SMTP server in the test process that keeps what it receives (the product's mail goes over real SMTP). */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private readonly server: SMTPServer;
  hooks: SinkHooks = {};
  stalled = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => void this.onData(stream, session, callback),
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }

  private async onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null) => void,
  ): Promise<void> {
    const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
    const parsed: ParsedMail = await simpleParser(stream);
    if (this.hooks.stall?.(recipients)) {
      this.stalled++;
      return;
    }
    const rejection = this.hooks.reject?.(recipients);
    if (rejection) {
      callback(Object.assign(new Error(rejection), { responseCode: 550 }));
      return;
    }
    this.received.push({
      to: recipients,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      messageId: parsed.messageId ?? '',
      attachments: parsed.attachments.map((attachment) => ({
        filename: attachment.filename ?? '',
        contentType: attachment.contentType,
        content: attachment.content.toString('utf8'),
      })),
    });
    callback();
  }
}

/** Polls until the condition holds (for work done by queue workers), failing with the last value seen. */
export async function eventually<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline)
      throw new Error(`Condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}
