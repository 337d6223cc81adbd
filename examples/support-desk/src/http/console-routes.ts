import type { DeviceProfile, HardwareDetails } from '../domain/device.js';
import { isId, newId, type TechnicianId, type TicketId } from '../lib/ids.js';
import { requireInteger, requireText } from '../lib/validation.js';
import type { Services } from '../app.js';
import { respond, type Request, type Response, type Router } from './router.js';

/** Who is signed in to the technician console, as the staff single sign-on reports it. */
function technicianOf(request: Request): TechnicianId | undefined {
  const id = request.headers['x-technician'];
  return id !== undefined && isId('tec', id) ? id : undefined;
}

const forbidden: Response = { status: 403, body: { error: 'technicians_only' } };

/** Routes of the technician console: the queue, replies, remote sessions, time tracking and reports. */
export function addConsoleRoutes(router: Router, services: Services): Router {
  const reports = services.reports;
  return router
    .on('GET', '/console/queue', async (request) => {
      if (!technicianOf(request)) return forbidden;
      return { status: 200, body: reports.oldestUnanswered(Number(request.query['limit'] ?? 10)) };
    })
    .on('POST', '/console/tickets/:id/replies', async (request, params) => {
      const technician = technicianOf(request);
      const id = params['id'] ?? '';
      if (!technician) return forbidden;
      if (!isId('tkt', id)) return { status: 404, body: { error: 'not_found' } };
      return respond(await services.tickets.reply(id as TicketId, 'technician', String(request.body['body'] ?? ''), technician));
    })
    .on('POST', '/console/tickets/:id/time', async (request, params) => {
      if (!technicianOf(request)) return forbidden;
      const id = params['id'] ?? '';
      const minutes = requireInteger(request.body['minutes'], 'minutes', 1, 600);
      if (!minutes.ok) return respond(minutes);
      if (!isId('tkt', id)) return { status: 404, body: { error: 'not_found' } };
      return respond(services.tickets.logTime(id as TicketId, minutes.value));
    })
    .on('POST', '/console/tickets/:id/status', async (request, params) => {
      if (!technicianOf(request)) return forbidden;
      const id = params['id'] ?? '';
      const status = request.body['status'];
      if (!isId('tkt', id)) return { status: 404, body: { error: 'not_found' } };
      if (status !== 'in_progress' && status !== 'waiting_on_customer' && status !== 'resolved' && status !== 'closed') {
        return { status: 422, body: { error: 'invalid', message: 'unknown status' } };
      }
      return respond(services.tickets.move(id as TicketId, status));
    })
    .on('POST', '/console/tickets/:id/device', async (request, params) => {
      if (!technicianOf(request)) return forbidden;
      const id = params['id'] ?? '';
      const ticket = isId('tkt', id) ? services.db.tickets.get(id) : undefined;
      if (!ticket) return { status: 404, body: { error: 'not_found' } };
      const make = requireText(request.body['make'], 'make', 60);
      const model = requireText(request.body['model'], 'model', 60);
      const os = requireText(request.body['operatingSystem'], 'operatingSystem', 60);
      if (!make.ok) return respond(make);
      if (!model.ok) return respond(model);
      if (!os.ok) return respond(os);
      const hardware: HardwareDetails = { make: make.value, model: model.value, memoryGb: Number(request.body['memoryGb'] ?? 0), peripherals: [] };
      const device: DeviceProfile = { id: newId('dev'), customerId: ticket.customerId, hardware, operatingSystem: os.value, installedSoftware: [] };
      services.db.devices.put(device);
      return { status: 201, body: { id: device.id } };
    })
    .on('POST', '/console/tickets/:id/sessions', async (request, params) => {
      const technician = technicianOf(request);
      if (!technician) return forbidden;
      const id = params['id'] ?? '';
      const ticket = isId('tkt', id) ? services.db.tickets.get(id) : undefined;
      const deviceId = String(request.body['deviceId'] ?? '');
      const device = isId('dev', deviceId) ? services.db.devices.get(deviceId) : undefined;
      if (!ticket || !device || device.customerId !== ticket.customerId) return { status: 404, body: { error: 'not_found' } };
      // The session waits for the customer to agree on their own screen before anything connects.
      return { status: 201, body: services.sessions.request(ticket, device, technician) };
    })
    .on('GET', '/console/reports/weekly', async (request) => {
      if (!technicianOf(request)) return forbidden;
      return { status: 200, body: reports.weekly() };
    });
}
