import { displayName, isActive, type Customer } from '../domain/customer.js';
import type { PolicyGate } from '../privacy/policy-gate.js';
import type { Database } from '../storage/repository.js';
import type { AffiliateContact, AffiliateDirectory } from '../vendors/affiliate-directory.js';

function contactOf(customer: Customer): AffiliateContact {
  const contact: AffiliateContact = { name: displayName(customer), email: customer.email, region: customer.country };
  if (customer.phone) contact.phone = customer.phone;
  return contact;
}

/** Keeps the group's affiliates up to date with the customers they help us serve. */
export class AffiliateSync {
  constructor(
    private readonly db: Database,
    private readonly directory: AffiliateDirectory,
    private readonly gate: PolicyGate,
  ) {}

  /** The on-site partner in each region needs to know whom to expect when a customer books a home visit. */
  async syncServiceContacts(): Promise<number> {
    const contacts = this.db.customers.find(isActive).map(contactOf);
    // @pledge-purpose essential.service.support
    await this.directory.sync(contacts);
    return contacts.length;
  }

  /** Affiliates may market their own services, but only to customers who agreed to it. */
  async syncMarketingContacts(): Promise<number> {
    const agreed = this.db.customers.find(
      (c) =>
        isActive(c) &&
        this.gate.allows({
          action: 'share',
          category: ['user.name', 'user.contact.email', 'user.contact.phone_number', 'user.contact.address'],
          purpose: 'marketing',
          recipient: 'affiliate',
          consent: c.consents,
          source: 'user_provided',
        }),
    );
    if (agreed.length === 0) return 0;
    // @pledge-purpose marketing
    await this.directory.sync(agreed.map(contactOf));
    return agreed.length;
  }

  /** Sends the whole customer list for a marketing campaign, whoever agreed or not. */
  async syncEveryoneForCampaign(): Promise<number> {
    const everyone = this.db.customers.find(isActive);
    // @pledge-purpose marketing
    await this.directory.sync(everyone.map(contactOf)); // expect-pledge: PLL002
    return everyone.length;
  }
}
