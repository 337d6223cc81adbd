// Name endings that say what personal data a value holds, longest first so `ipAddress` is an IP address and not a
// postal address. A `null` category marks names that look personal but are not (a MAC address is hardware).
const PATTERNS: readonly (readonly [string, string | null])[] = [
  ['social security number', 'user.government_id'],
  ['credit card number', 'user.financial.credit_card'],
  ['ip address', 'user.device.ip_address'],
  ['ip addr', 'user.device.ip_address'],
  ['remote address', 'user.device.ip_address'],
  ['client address', 'user.device.ip_address'],
  ['email address', 'user.contact.email'],
  ['mac address', null],
  ['web address', null],
  ['date of birth', 'user.demographic'],
  ['phone number', 'user.contact.phone_number'],
  ['mobile number', 'user.contact.phone_number'],
  ['card number', 'user.financial.credit_card'],
  ['credit card', 'user.financial.credit_card'],
  ['card cvc', 'user.financial.credit_card'],
  ['bank account', 'user.financial.bank_account'],
  ['account number', 'user.financial.bank_account'],
  ['routing number', 'user.financial.bank_account'],
  ['passport number', 'user.government_id'],
  ['national id', 'user.government_id'],
  ['tax id', 'user.government_id'],
  ['password hash', 'user.account.credentials'],
  ['first name', 'user.name'],
  ['last name', 'user.name'],
  ['full name', 'user.name'],
  ['given name', 'user.name'],
  ['family name', 'user.name'],
  ['street address', 'user.contact.address'],
  ['postal address', 'user.contact.address'],
  ['postal code', 'user.contact.address'],
  ['zip code', 'user.contact.address'],
  ['address line1', 'user.contact.address'],
  ['address line2', 'user.contact.address'],
  ['birth date', 'user.demographic'],
  ['user agent', 'user.device.software'],
  ['cookie id', 'user.device.cookie_id'],
  ['email', 'user.contact.email'],
  ['phone', 'user.contact.phone_number'],
  ['telephone', 'user.contact.phone_number'],
  ['mobile', 'user.contact.phone_number'],
  ['ip', 'user.device.ip_address'],
  ['iban', 'user.financial.bank_account'],
  ['cvv', 'user.financial.credit_card'],
  ['cvc', 'user.financial.credit_card'],
  ['ssn', 'user.government_id'],
  ['password', 'user.account.credentials'],
  ['surname', 'user.name'],
  ['street', 'user.contact.address'],
  ['postcode', 'user.contact.address'],
  ['zip', 'user.contact.address'],
  ['address', 'user.contact.address'],
  ['dob', 'user.demographic'],
  ['birthday', 'user.demographic'],
  ['latitude', 'user.location'],
  ['longitude', 'user.location'],
  ['geolocation', 'user.location'],
];

const SPLIT = PATTERNS.map(([words, category]) => [words.split(' '), category] as const);

/** Splits an identifier into lowercase words: `customerEmail` → customer, email; `IPAddress` → ip, address. */
export function splitIdentifier(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * The category a name suggests, judged by how it ends (`billingEmail`, `customer_phone_number`), or undefined.
 * Names that merely mention data (`emailVerified`, `phoneCount`) suggest nothing: what a name ends with is what it holds.
 */
export function inferCategory(name: string): string | undefined {
  const words = splitIdentifier(name);
  for (const [pattern, category] of SPLIT) {
    if (pattern.length > words.length) continue;
    const offset = words.length - pattern.length;
    if (pattern.every((w, i) => words[offset + i] === w)) return category ?? undefined;
  }
  return undefined;
}
