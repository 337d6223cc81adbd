import { describe, expect, it } from 'vitest';
import { inferCategory, splitIdentifier } from '../src/infer-category.js';

describe('inferCategory', () => {
  it.each([
    ['email', 'user.contact.email'],
    ['customerEmail', 'user.contact.email'],
    ['billing_email_address', 'user.contact.email'],
    ['phone', 'user.contact.phone_number'],
    ['mobileNumber', 'user.contact.phone_number'],
    ['cardNumber', 'user.financial.credit_card'],
    ['CVV', 'user.financial.credit_card'],
    ['iban', 'user.financial.bank_account'],
    ['ssn', 'user.government_id'],
    ['ipAddress', 'user.device.ip_address'],
    ['IPAddress', 'user.device.ip_address'],
    ['remoteAddress', 'user.device.ip_address'],
    ['clientIp', 'user.device.ip_address'],
    ['postalAddress', 'user.contact.address'],
    ['firstName', 'user.name'],
    ['passwordHash', 'user.account.credentials'],
    ['dateOfBirth', 'user.demographic'],
  ])('%s → %s', (name, category) => {
    expect(inferCategory(name)).toBe(category);
  });

  it.each(['emailVerified', 'phoneCount', 'macAddress', 'name', 'id', 'zipper', 'shipping', 'description', 'ipsum'])('%s → nothing', (name) => {
    expect(inferCategory(name)).toBeUndefined();
  });

  it('splits identifiers into words', () => {
    expect(splitIdentifier('HTTPServerIPAddress_v2')).toEqual(['http', 'server', 'ip', 'address', 'v2']);
  });
});
