/** Writes `text` to `outPath` when it differs; with `--check` in `argv`, sets exit code 1 instead when it differs. */
export declare function writeGenerated(outPath: string, text: string, argv?: readonly string[]): Promise<void>;
