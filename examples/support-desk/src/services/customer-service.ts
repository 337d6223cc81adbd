import { displayName, isActive, type Customer, type Registration } from '../domain/customer.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { fail, ok, type Result } from '../lib/result.js';
import { optionalText, requireEmailFormat, requireOneOf, requirePhoneFormat, requireText } from '../lib/validation.js';
import { changeConsent, type ConsentChoice } from '../privacy/consents.js';
import type { PolicyGate } from '../privacy/policy-gate.js';
import type { Database } from '../storage/repository.js';
import { analytics } from '../vendors/analytics.js';
import type { Mailer } from '../vendors/mailer.js';

const PLANS = ['pay_per_incident', 'monthly', 'annual', 'business'] as const;

/** Registration, profile changes, consent settings and erasure of customer accounts. */
export class CustomerService {
  constructor(
    private readonly db: Database,
    private readonly mailer: Mailer,
    private readonly gate: PolicyGate,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Checks what the registration form sent; the result is what `register` accepts. */
  parseRegistration(form: Record<string, unknown>): Result<Registration> {
    const firstName = requireText(form['firstName'], 'firstName', 80);
    const lastName = requireText(form['lastName'], 'lastName', 80);
    const email = requireEmailFormat(form['email']);
    const country = requireText(form['country'], 'country', 2);
    const plan = requireOneOf(form['plan'], 'plan', PLANS);
    for (const field of [firstName, lastName, email, country, plan]) if (!field.ok) return field;
    if (!firstName.ok || !lastName.ok || !email.ok || !country.ok || !plan.ok) return fail('invalid', 'registration is incomplete');
    const phoneText = optionalText(form['phone'], 'phone', 24);
    if (!phoneText.ok) return phoneText;
    const registration: Registration = {
      firstName: firstName.value,
      lastName: lastName.value,
      email: email.value,
      country: country.value.toUpperCase(),
      plan: plan.value,
      newsletter: form['newsletter'] === true || form['newsletter'] === 'on',
    };
    if (phoneText.value !== undefined) {
      const phone = requirePhoneFormat(phoneText.value);
      if (!phone.ok) return phone;
      registration.phone = phone.value;
    }
    return ok(registration);
  }

  async register(registration: Registration): Promise<Result<Customer>> {
    if (this.db.customers.find((c) => c.email === registration.email && isActive(c)).length > 0) {
      return fail('conflict', 'an account with this email address exists');
    }
    const customer: Customer = {
      id: newId('cus'),
      firstName: registration.firstName,
      lastName: registration.lastName,
      email: registration.email,
      country: registration.country,
      plan: registration.plan,
      consents: registration.newsletter ? ['marketing.communications.email'] : [],
      createdAt: this.clock.now(),
    };
    if (registration.phone !== undefined) customer.phone = registration.phone;
    this.db.customers.put(customer);
    this.logger.info('customer registered', { customer: customer.id, plan: customer.plan });

    // Product analytics count sign-ups by plan and country; they never need to know who signed up.
    analytics.track('customer_registered', { plan: customer.plan, country: customer.country, newsletter: registration.newsletter });

    // @pledge-purpose essential.service.account_management
    await this.mailer.send({
      to: customer.email,
      subject: 'Welcome to Accounting DEF support',
      text: `Hello ${displayName(customer)},\n\nYour ${customer.plan.replace(/_/g, ' ')} support plan is active. Open a ticket any time at https://support.example/tickets.`,
    });
    return ok(customer);
  }

  /** The growth team wanted to see who signs up; the policy gives analytics no contact details. */
  trackReferral(customer: Customer, referrer: string): void {
    analytics.track('referral_signup', { referrer, plan: customer.plan, email: customer.email }); // expect-pledge: PLL001
  }

  async updateContact(id: Customer['id'], changes: { email?: string; phone?: string }): Promise<Result<Customer>> {
    const customer = this.db.customers.get(id);
    if (!customer || !isActive(customer)) return fail('not_found', 'no such customer');
    const updated: Customer = { ...customer };
    if (changes.email !== undefined) {
      const email = requireEmailFormat(changes.email);
      if (!email.ok) return email;
      updated.email = email.value;
    }
    if (changes.phone !== undefined) {
      const phone = requirePhoneFormat(changes.phone);
      if (!phone.ok) return phone;
      updated.phone = phone.value;
    }
    this.db.customers.put(updated);
    if (updated.email !== customer.email) {
      // @pledge-purpose essential.service.account_management
      await this.mailer.send({
        to: customer.email,
        subject: 'Your email address was changed',
        text: 'The email address on your support account was just changed. If this was not you, call us right away.',
      });
    }
    return ok(updated);
  }

  async sendPasswordReset(email: string, resetUrl: string): Promise<void> {
    const customer = this.db.customers.find((c) => c.email === email && isActive(c))[0];
    if (!customer) return;
    await this.mailer.send({ to: customer.email, subject: 'Reset your password', text: `Follow this link within one hour: ${resetUrl}` }); // expect-pledge: PLL004
  }

  setConsent(id: Customer['id'], choice: ConsentChoice, granted: boolean): Result<Customer> {
    const customer = this.db.customers.get(id);
    if (!customer || !isActive(customer)) return fail('not_found', 'no such customer');
    const change = changeConsent(customer, choice, granted, 'web', this.clock);
    this.db.customers.put(change.customer);
    this.db.consentEvents.append(change.event);
    return ok(change.customer);
  }

  /** Erasure on request: the account is blanked and kept only as a tombstone so invoices still add up. */
  erase(id: Customer['id']): Result<{ erased: Customer['id'] }> {
    const customer = this.db.customers.get(id);
    if (!customer || !isActive(customer)) return fail('not_found', 'no such customer');
    const tombstone: Customer = {
      id: customer.id,
      firstName: '',
      lastName: '',
      email: `${customer.id}@erased.invalid`,
      country: customer.country,
      plan: customer.plan,
      consents: [],
      createdAt: customer.createdAt,
      erasedAt: this.clock.now(),
    };
    this.db.customers.put(tombstone);
    for (const device of this.db.devices.find((d) => d.customerId === id)) this.db.devices.delete(device.id);
    this.logger.info('customer erased', { customer: id });
    return ok({ erased: id });
  }

  /** Whether this customer may be emailed about new products: decided by the policy with their consents. */
  mayReceiveNewsletter(customer: Customer): boolean {
    return this.gate.allows({
      action: 'use',
      category: 'user.contact.email',
      purpose: 'marketing.communications.email',
      consent: customer.consents,
      source: 'user_provided',
    });
  }
}
