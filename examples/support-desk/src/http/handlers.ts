import type { Customer } from '../domain/customer.js';
import type { DiagnosticReport } from '../domain/device.js';
import { isId, type InvoiceId, type SessionId, type SurveyId, type TicketId } from '../lib/ids.js';
import type { Clock } from '../lib/clock.js';
import type { Services } from '../app.js';
import { addConsoleRoutes } from './console-routes.js';
import { respond, Router, type Request, type Response } from './router.js';

const unauthorized: Response = { status: 401, body: { error: 'sign_in_required' } };

/** Every route of the public API and the technician console. */
export function createRoutes(services: Services, clock: Clock): Router {
  const router = new Router();
  const signedIn = (request: Request): Customer | undefined => {
    const id = request.customerId;
    return id !== undefined && isId('cus', id) ? services.db.customers.get(id) : undefined;
  };

  // Every page view is logged for our own statistics.
  const logVisit = (request: Request): void => {
    const visit = { ip: request.remoteAddress, path: request.path, userAgent: request.headers['user-agent'] ?? '', at: clock.now() };
    services.webAnalytics.recordVisit(request.headers['referer'] ? { ...visit, referrer: request.headers['referer'] } : visit);
  };

  router
    .on('POST', '/customers', async (request) => {
      logVisit(request);
      const registration = services.customers.parseRegistration(request.body);
      if (!registration.ok) return respond(registration);
      return respond(await services.customers.register(registration.value), true);
    })
    .on('PUT', '/customers/me/contact', async (request) => {
      const customer = signedIn(request);
      if (!customer) return unauthorized;
      const changes: { email?: string; phone?: string } = {};
      if (typeof request.body['email'] === 'string') changes.email = request.body['email'];
      if (typeof request.body['phone'] === 'string') changes.phone = request.body['phone'];
      return respond(await services.customers.updateContact(customer.id, changes));
    })
    .on('PUT', '/customers/me/consents/:choice', async (request, params) => {
      const customer = signedIn(request);
      if (!customer) return unauthorized;
      const choice = params['choice'];
      if (choice !== 'newsletter' && choice !== 'affiliateOffers' && choice !== 'remoteAccess' && choice !== 'research') {
        return { status: 404, body: { error: 'unknown_consent' } };
      }
      return respond(services.customers.setConsent(customer.id, choice, request.body['granted'] === true));
    })
    .on('DELETE', '/customers/me', async (request) => {
      const customer = signedIn(request);
      if (!customer) return unauthorized;
      return respond(services.customers.erase(customer.id));
    })
    .on('POST', '/password-reset', async (request) => {
      const email = request.body['email'];
      if (typeof email === 'string') await services.customers.sendPasswordReset(email, `https://support.example/reset?t=${clock.now().getTime().toString(36)}`);
      // Same answer whether or not the address is known, so the form cannot be used to find customers.
      return { status: 202, body: { status: 'sent_if_known' } };
    })
    .on('POST', '/tickets', async (request) => {
      const customer = signedIn(request);
      if (!customer) return unauthorized;
      return respond(await services.tickets.open(customer, String(request.body['subject'] ?? ''), String(request.body['body'] ?? ''), 'web'), true);
    })
    .on('GET', '/tickets', async (request) => {
      const customer = signedIn(request);
      if (!customer) return unauthorized;
      return { status: 200, body: services.tickets.summaries(customer.id) };
    })
    .on('POST', '/tickets/:id/replies', async (request, params) => {
      const customer = signedIn(request);
      const id = params['id'] ?? '';
      if (!customer || !isId('tkt', id)) return unauthorized;
      const ticket = services.db.tickets.get(id);
      if (!ticket || ticket.customerId !== customer.id) return { status: 404, body: { error: 'not_found' } };
      return respond(await services.tickets.reply(id as TicketId, 'customer', String(request.body['body'] ?? '')));
    })
    .on('POST', '/invoices/:id/payment', async (request, params) => {
      const customer = signedIn(request);
      const id = params['id'] ?? '';
      if (!customer || !isId('inv', id)) return unauthorized;
      const card = services.billing.parseCard(request.body);
      if (!card.ok) return respond(card);
      const invoice = services.db.invoices.get(id);
      if (!invoice) return { status: 404, body: { error: 'not_found' } };
      const screening = await services.risk.screenOrder(customer, services.billing.totals(invoice).gross);
      if (screening.ok && screening.value.review) return { status: 202, body: { status: 'held_for_review' } };
      return respond(await services.billing.pay(id as InvoiceId, customer, card.value));
    })
    .on('POST', '/billing/monthly', async (request) => {
      const customer = signedIn(request);
      if (!customer) return unauthorized;
      const check = await services.risk.checkCredit(customer);
      if (!check.ok) return respond(check);
      return { status: 200, body: { monthlyBilling: check.value.monthlyBilling } };
    })
    .on('POST', '/sessions/:id/consent', async (request, params) => {
      const customer = signedIn(request);
      const id = params['id'] ?? '';
      if (!customer || !isId('ses', id)) return unauthorized;
      const agreed = Array.isArray(request.body['agreed']) ? request.body['agreed'].filter((a): a is string => typeof a === 'string') : [];
      return respond(await services.sessions.answerPrompt(id as SessionId, customer, agreed));
    })
    .on('POST', '/sessions/:id/diagnostics', async (request, params) => {
      const id = params['id'] ?? '';
      const session = isId('ses', id) ? services.db.sessions.get(id) : undefined;
      if (!session) return { status: 404, body: { error: 'not_found' } };
      const report = request.body['report'] as DiagnosticReport | undefined;
      if (!report) return { status: 422, body: { error: 'invalid', message: 'report is required' } };
      return respond(services.diagnostics.receive(session, report));
    })
    .on('POST', '/sessions/:id/end', async (_request, params) => {
      const id = params['id'] ?? '';
      if (!isId('ses', id)) return { status: 404, body: { error: 'not_found' } };
      const ended = await services.sessions.end(id);
      if (ended.ok) await services.diagnostics.analyse(ended.value);
      return respond(ended);
    })
    .on('POST', '/surveys/:id', async (request, params) => {
      const id = params['id'] ?? '';
      if (!isId('srv', id)) return { status: 404, body: { error: 'not_found' } };
      const consents = request.body['useForResearch'] === true ? ['research'] : [];
      return respond(services.surveys.submit(id as SurveyId, request.body, consents), true);
    })
    .on('POST', '/callback', async (request) => {
      logVisit(request);
      return respond(await services.leads.receive(request.body), true);
    });
  return addConsoleRoutes(router, services);
}
