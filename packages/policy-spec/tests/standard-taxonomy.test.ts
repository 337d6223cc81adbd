import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStandardTaxonomy } from '../src/standard-taxonomy.js';
import { buildTaxonomy, TERM_KINDS, type TermKind } from '../src/taxonomy.js';

// The vocabulary DESIGN.md fixes as a contract: these ids must exist with exactly these names.
const DESIGN_TERMS: Partial<Record<TermKind, string[]>> = {
  categories: [
    'user.name', 'user.contact', 'user.contact.email', 'user.contact.phone_number', 'user.contact.address',
    'user.unique_id', 'user.account', 'user.account.credentials', 'user.financial', 'user.financial.credit_card',
    'user.financial.bank_account', 'user.financial.credit_report', 'user.device', 'user.device.ip_address',
    'user.device.cookie_id', 'user.device.hardware', 'user.device.software', 'user.device.diagnostics', 'user.behavior',
    'user.behavior.browsing_history', 'user.behavior.usage', 'user.behavior.call_records', 'user.behavior.network_traffic',
    'user.content', 'user.content.communications', 'user.content.recordings', 'user.content.files', 'user.content.images',
    'user.demographic', 'user.location', 'user.biometric', 'user.biometric.voice_print', 'user.survey_response',
  ],
  purposes: [
    'essential.service', 'essential.service.support', 'essential.service.remote_access',
    'essential.service.payment_processing', 'essential.service.authentication', 'essential.service.notifications',
    'essential.service.security', 'essential.service.fraud_detection', 'essential.service.credit_check',
    'essential.service.billing', 'functional.service_improvement', 'functional.storage', 'analytics', 'research',
    'quality_assurance', 'quality_assurance.recording', 'quality_assurance.training', 'marketing',
    'marketing.communications.email', 'marketing.advertising', 'marketing.advertising.third_party', 'personalize', 'legal',
    'legal.compliance', 'legal.claims', 'legal.law_enforcement', 'business_transfer', 'sale_of_data',
  ],
  recipients: [
    'first_party', 'affiliate', 'processor', 'processor.payment', 'processor.hosting', 'processor.analytics',
    'processor.support', 'processor.advertising', 'third_party', 'third_party.partner', 'third_party.advertiser',
    'third_party.data_broker', 'third_party.credit_bureau', 'authority', 'authority.law_enforcement', 'authority.regulator',
    'authority.court', 'auditor', 'acquirer', 'public',
  ],
  sources: ['user_provided', 'automatic', 'third_party_source', 'derived'],
  subjects: ['customer', 'visitor', 'prospect', 'employee'],
  identifiability: ['identified', 'pseudonymized', 'deidentified', 'aggregated'],
  consents: ['parental', 'remote_access', 'recording'],
  obligations: [
    'retain_at_most', 'delete_when_purpose_fulfilled', 'unsubscribe_link', 'notify_user', 'encrypt', 'deidentify',
    'user_present', 'limit_access',
  ],
  jurisdictions: ['EEA', 'UK', 'US', 'US-CA', 'FR'],
};

// The 30 EEA members: the 27 EU member states with Iceland, Liechtenstein and Norway.
const EEA = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE',
  'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
];

describe('the standard taxonomy', () => {
  const data = loadStandardTaxonomy();
  const { taxonomy, conflicts } = buildTaxonomy([{ data, origin: 'standard' }]);

  it('loads with no conflicts: every dotted term has its parent, every region member exists', () => {
    expect(conflicts).toEqual([]);
  });

  it('holds every term DESIGN.md names', () => {
    for (const [kind, ids] of Object.entries(DESIGN_TERMS) as [TermKind, string[]][]) {
      const missing = ids.filter((id) => !taxonomy.has(kind, id));
      expect(missing, kind).toEqual([]);
    }
  });

  it('gives every term a label, and a one-sentence description to all but single countries', () => {
    for (const kind of TERM_KINDS) {
      for (const term of taxonomy.terms(kind)) {
        expect(term.label.trim().length, `${kind} ${term.id}`).toBeGreaterThan(0);
        // A country's name says it all; regions say what they contain.
        if (kind === 'jurisdictions' && term.members === undefined) continue;
        const description = term.description ?? '';
        // One sentence: ends with a period, and no sentence break inside.
        expect(description, `${kind} ${term.id}`).toMatch(/^[A-Z0-9‘"'(].*[.]$/s);
        expect(description.slice(0, -1), `${kind} ${term.id}`).not.toMatch(/[.!?] [A-Z]/);
      }
    }
  });

  it('has regions with members: the EEA lists its 30 countries, each inside it', () => {
    expect([...(taxonomy.get('jurisdictions', 'EEA')?.members ?? [])].sort()).toEqual(EEA);
    for (const country of EEA) expect(taxonomy.isWithin('jurisdictions', country, 'EEA'), country).toBe(true);
    expect(taxonomy.isWithin('jurisdictions', 'US-CA', 'US')).toBe(true);
    expect(taxonomy.isWithin('jurisdictions', 'US', 'EEA')).toBe(false);
  });

  it('reads YAML 1.1 booleans as the country codes they are (`NO` is Norway, not false)', () => {
    expect(taxonomy.get('jurisdictions', 'NO')?.label).toMatch(/Norway/);
  });

  it('credits fideslang (CC BY 4.0) for the keys it shares', () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'data', 'taxonomy.yaml'), 'utf8');
    expect(text).toMatch(/fideslang/);
    expect(text).toMatch(/CC BY 4\.0/);
  });

  it('is parsed once per process', () => {
    expect(loadStandardTaxonomy()).toBe(data);
  });
});
