/** An amount in minor units (cents) of one currency: arithmetic on floats would lose cents. */
export interface Money {
  readonly minor: number;
  readonly currency: 'USD' | 'EUR' | 'GBP';
}

export function money(major: number, currency: Money['currency'] = 'USD'): Money {
  return { minor: Math.round(major * 100), currency };
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`cannot add ${a.currency} to ${b.currency}`);
  return { minor: a.minor + b.minor, currency: a.currency };
}

export function multiply(amount: Money, factor: number): Money {
  return { minor: Math.round(amount.minor * factor), currency: amount.currency };
}

export function sumMoney(amounts: readonly Money[], currency: Money['currency'] = 'USD'): Money {
  return amounts.reduce((total, a) => addMoney(total, a), { minor: 0, currency });
}

const SYMBOLS: Record<Money['currency'], string> = { USD: '$', EUR: '€', GBP: '£' };

/** `$1,234.50` */
export function formatMoney(amount: Money): string {
  const sign = amount.minor < 0 ? '-' : '';
  const abs = Math.abs(amount.minor);
  const major = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${SYMBOLS[amount.currency]}${major}.${String(abs % 100).padStart(2, '0')}`;
}

/** Tax on a net amount at a rate given in percent, rounded half up to the cent. */
export function taxOn(net: Money, ratePercent: number): Money {
  return { minor: Math.round((net.minor * ratePercent) / 100), currency: net.currency };
}
