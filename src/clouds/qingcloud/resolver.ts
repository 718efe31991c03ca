// The worker-side resolver of ProjectResourceStat lookups (runs on the lookup worker thread).
import { ClientLookupInput } from '../../core/cloud-api';
import { declareLookupKind } from '../../lookups/kind-table';
import { PROJECT_RESOURCE_STAT_KIND } from './api';
import { QingCloudClient, QingCloudClientOptions } from './client';
import { projectResourceStatResult } from './schema';
import { ProjectResourceStatQuery } from './types';

export { PROJECT_RESOURCE_STAT_KIND } from './api';

/** The kind, declared to the lookups' table: its resolver (the async client), and the shape its recorded value must have. */
export const PROJECT_RESOURCE_STAT_LOOKUP = declareLookupKind({
  kind: PROJECT_RESOURCE_STAT_KIND,
  resolve: (input: ClientLookupInput<QingCloudClientOptions, ProjectResourceStatQuery>) =>
    new QingCloudClient(input.client).getProjectResourceStat(input.query),
  result: projectResourceStatResult,
});
