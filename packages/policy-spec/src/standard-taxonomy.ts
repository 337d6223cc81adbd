import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { TaxonomyData } from './taxonomy.js';

let cached: TaxonomyData | undefined;

/** The standard taxonomy shipped in `data/taxonomy.yaml`, parsed once per process. */
export function loadStandardTaxonomy(): TaxonomyData {
  cached ??= parse(readFileSync(new URL('../data/taxonomy.yaml', import.meta.url), 'utf8')) as TaxonomyData;
  return cached;
}
