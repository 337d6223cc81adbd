import type { Lead } from '../domain/lead.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { ok, type Result } from '../lib/result.js';
import { requireEmailFormat, requireText } from '../lib/validation.js';
import { analytics } from '../vendors/analytics.js';
import type { Mailer } from '../vendors/mailer.js';

/** "Call me back" requests from the website, before the person becomes a customer. */
export class LeadService {
  readonly #leads: Lead[] = [];

  constructor(
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async receive(form: Record<string, unknown>): Promise<Result<Lead>> {
    const name = requireText(form['name'], 'name', 120);
    if (!name.ok) return name;
    const email = requireEmailFormat(form['email']);
    if (!email.ok) return email;
    const question = requireText(form['question'], 'question', 2000);
    if (!question.ok) return question;
    const lead: Lead = { name: name.value, email: email.value, question: question.value, receivedAt: this.clock.now() };
    this.#leads.push(lead);
    this.logger.info('lead received', { leads: this.#leads.length });
    await this.#acknowledge(lead);
    return ok(lead);
  }

  /** Counts callback requests by hour of day, to staff the phones; the phone number itself is not needed for that. */
  callbackRequested(phone: string, hour: number): void {
    analytics.track('callback_requested', { hour, phone }); // expect-pledge: PLL001
  }

  /**
   * Confirms we got the question. Lead records do not say where their data came from, so the policy cannot tell
   * whether this address was typed in or read off a computer.
   */
  // @pledge-purpose essential.service.support
  async #acknowledge(lead: Lead): Promise<void> {
    await this.mailer.send({ to: lead.email, subject: 'We will call you back', text: `Hello ${lead.name}, a technician will call you within one working day.` }); // expect-pledge: PLL001
  }

  pending(): number {
    return this.#leads.length;
  }
}
