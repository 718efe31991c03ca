// The credential machinery of core/, one module per concern:
//   credential-chain.ts    walking a chain of places (resolveChain) and checking what they hold
//   credential-context.ts  where the places are (environment, home directory) and reading files there
//   credential-file-cache.ts  each file read once per app
//   credential-parsers.ts  the YAML and INI formats of the clouds' files (`yaml` and `ini`, loaded lazily)
// This module only gathers them for code that imports the credential machinery as one
// (src/index.ts, src/lookups/); new code imports the module it needs.
export { checkCredentialTypes, CredentialSource, resolveChain, Resolved } from './credential-chain';
export { CredentialContext, envOf, homeOf, readCredentialFile, readHomeFile } from './credential-context';
export { CredentialFileCache } from './credential-file-cache';
export { parseIniCredentials, parseYamlCredentials } from './credential-parsers';
