// The worker-side resolver of ProjectResourceStat lookups (runs on the lookup worker thread).
import { TransportOptions } from '../../core/transport';
import { declareLookupKind } from '../../lookups/lookup-kinds';
import { QingCloudClient } from './client';
import { ProjectResourceStatResult, projectResourceStatResult } from './schema';
import { QingCloudKeys } from './credentials';
import { ProjectResourceStatQuery } from './types';

/** The lookup kind of `ProjectResourceStat`, as it appears in lookup keys and records. */
export const PROJECT_RESOURCE_STAT_KIND = 'qingcloud:GetProjectResourceStat';

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

/** The kind, declared to the lookups' table: its resolver, and the shape its recorded value must have. */
export const PROJECT_RESOURCE_STAT_LOOKUP = declareLookupKind({
  kind: PROJECT_RESOURCE_STAT_KIND,
  resolve: resolveProjectResourceStat,
  result: projectResourceStatResult,
});
