import { isActive, type Customer } from '../domain/customer.js';
import type { Clock } from '../lib/clock.js';
import { isoDate } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { PolicyGate } from '../privacy/policy-gate.js';
import type { Database } from '../storage/repository.js';
import type { Mailer } from '../vendors/mailer.js';

/** One issue of the newsletter. */
export interface NewsletterIssue {
  slug: string;
  subject: string;
  text: string;
  html: string;
}

/** The company newsletter: news, product updates and offers, for customers who signed up for it. */
export class NewsletterService {
  constructor(
    private readonly db: Database,
    private readonly mailer: Mailer,
    private readonly gate: PolicyGate,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Sends an issue to every customer the policy lets us email it to; returns how many were sent. */
  async sendIssue(issue: NewsletterIssue): Promise<number> {
    let sent = 0;
    for (const customer of this.db.customers.find(isActive)) {
      const decision = this.gate.decide({
        action: 'use',
        category: 'user.contact.email',
        purpose: 'marketing.communications.email',
        consent: customer.consents,
        source: 'user_provided',
      });
      if (decision.decision !== 'allow') continue;
      // The policy obliges every issue to say how to unsubscribe.
      // @pledge-purpose marketing.communications.email
      await this.mailer.send({
        to: customer.email,
        subject: issue.subject,
        text: issue.text,
        html: issue.html,
        unsubscribeUrl: this.unsubscribeUrl(customer),
        tags: ['marketing', `newsletter-${issue.slug}`],
      });
      sent++;
    }
    this.logger.info('newsletter sent', { issue: issue.slug, sent, date: isoDate(this.clock.now()) });
    return sent;
  }

  /**
   * A one-off promotion the sales team sends to customers on annual plans. It skips the consent check the
   * newsletter makes, so it would reach customers who never signed up.
   */
  async sendRenewalOffer(offerCode: string): Promise<number> {
    const annual = this.db.customers.find((c) => isActive(c) && c.plan === 'annual');
    for (const customer of annual) {
      // @pledge-purpose marketing.communications.email
      await this.mailer.send({ // expect-pledge: PLL002
        to: customer.email,
        subject: 'Renew now and save 20%',
        text: `Use code ${offerCode} before the end of the month.`,
        unsubscribeUrl: this.unsubscribeUrl(customer),
        tags: ['marketing'],
      });
    }
    return annual.length;
  }

  unsubscribeUrl(customer: Customer): string {
    return `https://support.example/unsubscribe?c=${customer.id}`;
  }
}
