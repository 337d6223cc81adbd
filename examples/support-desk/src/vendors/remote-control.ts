import type { DeviceProfile } from '../domain/device.js';
import type { TechnicianId } from '../lib/ids.js';
import { callVendor, type HttpClient } from './http-client.js';

export interface ControlChannel {
  channelId: string;
  viewerUrl: string;
}

/** Our remote-control relay: technicians reach the customer's computer through it. */
export class RemoteControl {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** Opens a control channel to the device the customer described. */
  async connect(device: DeviceProfile, technician: TechnicianId): Promise<ControlChannel> {
    return callVendor<ControlChannel>(this.#http, 'relay', 'POST', 'https://relay.internal/channels', {
      device: { make: device.hardware.make, model: device.hardware.model, os: device.operatingSystem },
      technician,
    });
  }

  /** Copies files from the customer's computer to the technician's workstation. */
  async pullFiles(channelId: string, files: readonly object[]): Promise<number> {
    await callVendor(this.#http, 'relay', 'POST', `https://relay.internal/channels/${channelId}/files`, { files });
    return files.length;
  }

  async disconnect(channelId: string): Promise<void> {
    await callVendor(this.#http, 'relay', 'DELETE', `https://relay.internal/channels/${channelId}`);
  }
}
