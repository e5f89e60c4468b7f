import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { AppConfig } from '../infra/config/app-config';
import { MailAttachment } from './email-delivery.entity';
import { MailContent } from './mail-content';

/**
 * Sends over SMTP. Without SMTP_URL (development), mail goes to an SMTP sink started in this process that
 * logs what it receives — real SMTP all the way, nothing silently skipped.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private transporter?: Promise<Transporter>;
  private sink?: SMTPServer;

  constructor(private readonly config: AppConfig) {}

  async send(to: string, content: MailContent, messageId: string, attachments: MailAttachment[] = []): Promise<string> {
    const transporter = await (this.transporter ??= this.createTransporter());
    const info = await transporter.sendMail({
      from: this.config.mailFrom,
      to,
      subject: content.subject,
      text: content.text,
      html: content.html,
      attachments,
      messageId,
    });
    // The sink keeps nothing: in development the mail is read here, in the log, as its reader would read it.
    if (this.sink) this.logger.log(`Development mail to ${to}: ${content.subject}\n${content.text}`);
    return info.messageId;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.transporter) (await this.transporter).close();
    await new Promise<void>((resolve) => (this.sink ? this.sink.close(() => resolve()) : resolve()));
  }

  private async createTransporter(): Promise<Transporter> {
    // Nodemailer would wait up to 10 minutes on a stalled server, holding one of the few sending slots all along: every
    // mail, password resets included, would queue behind a few stalled ones. A timed-out attempt fails and is retried.
    const timeout = this.config.smtpTimeoutMs;
    const timeouts = { connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout };
    if (this.config.smtpUrl) return createTransport({ url: this.config.smtpUrl, ...timeouts });
    const port = await this.startDevelopmentSink();
    return createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, ...timeouts });
  }

  private startDevelopmentSink(): Promise<number> {
    this.sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        let size = 0;
        stream.on('data', (chunk: Buffer) => (size += chunk.length));
        stream.on('end', () => {
          this.logger.log(
            `Development SMTP sink received ${size} bytes for ${session.envelope.rcptTo.map((rcpt) => rcpt.address).join(', ')}`,
          );
          callback();
        });
      },
    });
    return new Promise((resolve, reject) => {
      this.sink!.once('error', reject);
      this.sink!.listen(this.config.devSmtpSinkPort, '127.0.0.1', () => {
        const address = this.sink!.server.address();
        const port = typeof address === 'object' && address ? address.port : this.config.devSmtpSinkPort;
        this.logger.log(`No SMTP_URL: mail goes to the development SMTP sink on 127.0.0.1:${port}`);
        resolve(port);
      });
    });
  }
}
