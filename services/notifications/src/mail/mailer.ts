import { HealthRegistry } from '@cme/platform';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

export const MAILER_SETTINGS = Symbol('MAILER_SETTINGS');

export interface MailerSettings {
  smtpUrl: string;
  from: string;
  /** Pooled connections kept open to the SMTP server (default 5). */
  maxConnections?: number;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/** The one place that talks SMTP; the rest of the service only composes messages. */
@Injectable()
export class Mailer implements OnModuleInit, OnModuleDestroy {
  private readonly transport: Transporter;

  constructor(
    @Inject(MAILER_SETTINGS) private readonly settings: MailerSettings,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {
    // Pooled: reminder digests go out in bursts, and a connection per message would be most of the cost.
    this.transport = createTransport(
      { url: settings.smtpUrl, pool: true, maxConnections: settings.maxConnections ?? 5 },
      { from: settings.from },
    );
  }

  onModuleInit(): void {
    this.health.register('smtp', async () => {
      await this.transport.verify();
    });
  }

  /** Sends one message; resolves with the SMTP server's message id once it has accepted it. */
  async send(mail: OutgoingMail): Promise<string> {
    const info = (await this.transport.sendMail({ from: this.settings.from, ...mail })) as {
      messageId: string;
    };
    return info.messageId;
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
