/** Renders the TypeScript source of the standard taxonomy data from data/taxonomy.yaml. */
export declare function generateStandardTaxonomy(): Promise<string>;
