import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Database } from '../storage/repository.js';
import type { AdNetwork } from '../vendors/ad-network.js';
import { loyalCustomers, matchKeys } from './audience.js';

/** Campaigns run by the marketing team. */
export class MarketingService {
  constructor(
    private readonly db: Database,
    private readonly ads: AdNetwork,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * Uploads loyal customers to the ad network so it can find people like them. The policy shares nothing with
   * advertisers, so this cannot ship.
   */
  async seedLookalikeAudience(): Promise<number> {
    const seed = loyalCustomers(this.db.customers.all(), 12, this.clock.now());
    const keys = matchKeys(seed);
    const { matched } = await this.ads.uploadAudience('loyal-12m', keys); // expect-pledge: PLL001
    this.logger.info('audience uploaded', { size: keys.length, matched });
    return matched;
  }
}
