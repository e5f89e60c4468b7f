import { Logger } from '@nestjs/common';
import { type AppConfig } from '../infra/config/app-config';
import { Mailer } from './mailer';

describe('Mailer without SMTP_URL (development)', () => {
  it('sends over SMTP to a sink in the process, and logs each mail as its reader would read it', async () => {
    const logged: string[] = [];
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => {
      logged.push(String(message));
    });
    const mailer = new Mailer({
      smtpUrl: undefined,
      smtpTimeoutMs: 5_000,
      devSmtpSinkPort: 0,
      mailFrom: 'system <no-reply@localhost>',
    } as unknown as AppConfig);
    try {
      await mailer.send(
        'owner@example.jp',
        { subject: '【差戻し】産業振興事業(R8年度)', text: '内容を修正して再提出してください。', html: '<p>…</p>' },
        '<m1@localhost>',
      );
    } finally {
      await mailer.onApplicationShutdown();
      log.mockRestore();
    }

    expect(logged).toContain(
      'Development mail to owner@example.jp: 【差戻し】産業振興事業(R8年度)\n内容を修正して再提出してください。',
    );
  });
});
