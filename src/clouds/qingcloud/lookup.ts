// The worker-side resolver of ProjectResourceStat lookups (runs on the lookup worker thread).
import { TransportOptions } from '../../core/transport';
import { QingCloudClient } from './client';
import { QingCloudKeys } from './signer';
import { ProjectResourceStatQuery, ProjectResourceStatResult } from './types';

/** Everything the resolver needs: plain data, sent to the lookup worker in memory. */
export interface ProjectResourceStatLookupInput {
  readonly credentials: QingCloudKeys;
  readonly endpoint: string;
  readonly query: ProjectResourceStatQuery;
  readonly transport: TransportOptions;
}

/** Resolves one `ProjectResourceStat` lookup with the async client. */
export async function resolveProjectResourceStat(input: ProjectResourceStatLookupInput): Promise<ProjectResourceStatResult> {
  const client = new QingCloudClient({ ...input.transport, credentials: input.credentials, endpoint: input.endpoint });
  return client.getProjectResourceStat(input.query);
}
