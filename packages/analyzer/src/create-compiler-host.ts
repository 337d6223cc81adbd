import { getLibFiles, libFolderInMemoryPath, ts } from '@ts-morph/common';

let libTexts: Map<string, string> | undefined;

/** Options of {@link createCompilerHostWithLibs}. */
export interface CompilerHostOptions {
  /** How much JSDoc to parse; `ParseNone` is fastest and enough to type-check TypeScript. Default: all. */
  jsDocParsingMode?: ts.JSDocParsingMode;
  /** File texts already read, by absolute path, so they are not read twice. */
  texts?: ReadonlyMap<string, string>;
  /**
   * Set each node's `parent` while parsing (default true). The type checker's binder sets them anyway, so a caller that
   * creates the checker before walking up the tree can save the extra pass over every file.
   */
  setParentNodes?: boolean;
}

/**
 * TypeScript's compiler host for the real file system, with the standard library (`lib.*.d.ts`) served from the copy
 * ts-morph ships: the TypeScript ts-morph embeds has no lib files on disk beside it.
 */
export function createCompilerHostWithLibs(options: ts.CompilerOptions, hostOptions: CompilerHostOptions = {}): ts.CompilerHost {
  const libDir = libFolderInMemoryPath as string;
  libTexts ??= new Map(getLibFiles().map((f) => [`${libDir}/${f.fileName}`, f.text]));
  const libs = libTexts;
  const setParentNodes = hostOptions.setParentNodes ?? true;
  const host = ts.createCompilerHost(options, setParentNodes);
  if (hostOptions.jsDocParsingMode !== undefined) host.jsDocParsingMode = hostOptions.jsDocParsingMode;
  const texts = hostOptions.texts;
  const { getSourceFile, fileExists, readFile, directoryExists } = host;
  host.getDefaultLibLocation = () => libDir;
  host.getDefaultLibFileName = (o) => `${libDir}/${ts.getDefaultLibFileName(o)}`;
  host.fileExists = (fileName) => libs.has(fileName) || texts?.has(fileName) === true || fileExists.call(host, fileName);
  host.readFile = (fileName) => libs.get(fileName) ?? texts?.get(fileName) ?? readFile.call(host, fileName);
  host.directoryExists = (dir) => dir === libDir || (directoryExists?.call(host, dir) ?? ts.sys.directoryExists(dir));
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = libs.get(fileName) ?? texts?.get(fileName);
    if (text === undefined) return getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
    const settings: ts.CreateSourceFileOptions = typeof languageVersion === 'object' ? { ...languageVersion } : { languageVersion };
    if (host.jsDocParsingMode !== undefined) settings.jsDocParsingMode = host.jsDocParsingMode;
    return ts.createSourceFile(fileName, text, settings, setParentNodes);
  };
  return host;
}
