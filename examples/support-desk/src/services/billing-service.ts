import type { Customer } from '../domain/customer.js';
import { cardBrand, PLAN_PRICES, type CardDetails, type Invoice, type InvoiceLine } from '../domain/payment.js';
import type { Clock } from '../lib/clock.js';
import { isoDate } from '../lib/clock.js';
import { newId, type InvoiceId } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { formatMoney, money, multiply, sumMoney, taxOn, type Money } from '../lib/money.js';
import { fail, ok, type Result } from '../lib/result.js';
import { isRetryableVendorError, withRetry } from '../lib/retry.js';
import { requireCardNumberFormat, requireText } from '../lib/validation.js';
import type { PolicyGate } from '../privacy/policy-gate.js';
import type { Database } from '../storage/repository.js';
import type { Mailer } from '../vendors/mailer.js';
import type { PaymentGateway, Payer } from '../vendors/payment-gateway.js';
import { payerOf } from './payer.js';

/** Tax rates by country of residence, in percent. */
const TAX_RATES: Record<string, number> = { US: 0, GB: 20, FR: 20, DE: 19, IE: 23, NL: 21 };

/** Invoices and card payments for support plans and pay-per-incident work. */
export class BillingService {
  constructor(
    private readonly db: Database,
    private readonly gateway: PaymentGateway,
    private readonly mailer: Mailer,
    private readonly gate: PolicyGate,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  parseCard(form: Record<string, unknown>): Result<CardDetails> {
    const number = requireCardNumberFormat(form['cardNumber']);
    if (!number.ok) return number;
    const expiry = requireText(form['expiry'], 'expiry', 5);
    if (!expiry.ok) return expiry;
    if (!/^(0[1-9]|1[0-2])\/\d{2}$/.test(expiry.value)) return fail('invalid', 'expiry must look like MM/YY', { field: 'expiry' });
    const code = requireText(form['securityCode'], 'securityCode', 4);
    if (!code.ok) return code;
    const holder = requireText(form['holderName'], 'holderName', 120);
    if (!holder.ok) return holder;
    return ok({ number: number.value, expiry: expiry.value, securityCode: code.value, holderName: holder.value });
  }

  draftInvoice(customer: Customer, lines: InvoiceLine[]): Invoice {
    const invoice: Invoice = {
      id: newId('inv'),
      customerId: customer.id,
      lines,
      taxRatePercent: TAX_RATES[customer.country] ?? 0,
      status: 'draft',
    };
    return this.db.invoices.put(invoice);
  }

  /** Invoice for the plan itself; pay-per-incident customers are billed per ticket instead. */
  planInvoice(customer: Customer): Invoice {
    const price: Money = PLAN_PRICES[customer.plan];
    return this.draftInvoice(customer, [{ description: `${customer.plan.replace(/_/g, ' ')} support plan`, quantity: 1, unitPrice: price }]);
  }

  /** Invoice lines for the technician time spent on a customer's resolved tickets. */
  incidentLines(customer: Customer): InvoiceLine[] {
    const rate = money(49);
    return this.db.tickets
      .find((t) => t.customerId === customer.id && t.status === 'resolved')
      .map((t) => ({ description: `Incident ${t.id}: ${t.subject}`, quantity: Math.max(1, Math.ceil(t.minutesSpent / 60)), unitPrice: rate, ticketId: t.id }));
  }

  totals(invoice: Invoice): { net: Money; tax: Money; gross: Money } {
    const net = sumMoney(invoice.lines.map((l) => multiply(l.unitPrice, l.quantity)));
    const tax = taxOn(net, invoice.taxRatePercent);
    return { net, tax, gross: sumMoney([net, tax]) };
  }

  /** Charges the invoice to a card the customer just entered, then emails the receipt. */
  async pay(invoiceId: InvoiceId, customer: Customer, card: CardDetails): Promise<Result<Invoice>> {
    const invoice = this.db.invoices.get(invoiceId);
    if (!invoice || invoice.customerId !== customer.id) return fail('not_found', 'no such invoice');
    if (invoice.status === 'paid') return fail('conflict', 'the invoice is already paid');
    const { gross } = this.totals(invoice);
    const payer: Payer = payerOf(customer);
    const result = await withRetry(() => this.gateway.charge(card, gross, payer, invoice.id), {
      attempts: 3,
      baseDelayMs: 200,
      sleep: this.sleep,
      isRetryable: isRetryableVendorError,
    });
    if (result.status !== 'succeeded') {
      this.logger.warn('card declined', { invoice: invoice.id, code: result.declineCode ?? 'unknown' });
      return fail('denied', 'the card was declined', { reason: result.declineCode ?? 'declined' });
    }
    const paid: Invoice = { ...invoice, status: 'paid', paidAt: this.clock.now(), gatewayChargeId: result.chargeId };
    this.db.invoices.put(paid);
    await this.#sendReceipt(customer, paid, `${cardBrand(card.number)} ending ${card.number.slice(-4)}`);
    return ok(paid);
  }

  /** Monthly customers keep a card with the gateway; we store only its token and brand. */
  async saveCardForMonthly(customer: Customer, card: CardDetails): Promise<Result<string>> {
    if (customer.plan !== 'monthly' && customer.plan !== 'business') return fail('invalid', 'only monthly plans keep a card on file');
    const stored = await this.gateway.storeCard(card, payerOf(customer));
    this.logger.info('card stored', { customer: customer.id, brand: stored.brand });
    return ok(`${stored.brand} ending ${stored.last4}`);
  }

  async refund(invoiceId: InvoiceId): Promise<Result<Invoice>> {
    const invoice = this.db.invoices.get(invoiceId);
    if (!invoice || invoice.status !== 'paid' || !invoice.gatewayChargeId) return fail('conflict', 'only paid invoices can be refunded');
    await this.gateway.refund(invoice.gatewayChargeId, this.totals(invoice).gross);
    return ok(this.db.invoices.put({ ...invoice, status: 'refunded' }));
  }

  /**
   * Someone proposed suggesting plans from the card brand customers pay with. The policy lets card details serve
   * payments only, so this check can never pass and the suggestion is never shown.
   */
  suggestPlanFromCard(card: CardDetails): string | undefined {
    const allowed = this.gate.allows({ action: 'use', category: 'user.financial.credit_card', purpose: 'personalize', source: 'user_provided' }); // expect-pledge: PLL003
    if (!allowed) return undefined;
    return cardBrand(card.number) === 'amex' ? 'business' : 'annual';
  }

  /** The receipt: amounts and the last four digits only. */
  async #sendReceipt(customer: Customer, invoice: Invoice, paidWith: string): Promise<void> {
    const { net, tax, gross } = this.totals(invoice);
    const lines = invoice.lines.map((l) => `${l.quantity} × ${l.description}: ${formatMoney(multiply(l.unitPrice, l.quantity))}`);
    // @pledge-purpose essential.service.order_updates
    await this.mailer.send({
      to: customer.email,
      subject: `Receipt for invoice ${invoice.id}`,
      text: [
        `Paid on ${isoDate(invoice.paidAt ?? this.clock.now())} with ${paidWith}.`,
        ...lines,
        `Net ${formatMoney(net)}, tax ${formatMoney(tax)}, total ${formatMoney(gross)}.`,
      ].join('\n'),
    });
  }
}
