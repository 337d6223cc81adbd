import { STANDARD_TAXONOMY } from './generated/taxonomy.js';
import type { TaxonomyData } from './taxonomy.js';

/**
 * The standard taxonomy shipped in `data/taxonomy.yaml`. The build turns the YAML into a module
 * (scripts/generate-taxonomy.mjs), so no process parses it: every call returns the same object.
 */
export function loadStandardTaxonomy(): TaxonomyData {
  return STANDARD_TAXONOMY;
}
