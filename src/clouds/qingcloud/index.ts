export * from './client';
export * from './credentials';
export * from './project-resource-stat';
export * from './signer';
export {
  ProjectResourceCounters,
  ProjectResourceStatQuery,
  ProjectResourceStatResult,
  ProjectResourceStatRow,
  ProjectResourceTotals,
  WireProjectResourceStatResponse,
  WireProjectResourceStatRow,
} from './types';
export * from './client-from-chain';
