// How a Huawei Cloud call is authenticated: a key pair (optionally temporary) or a token,
// and the check between them. Apart from credentials.ts (the chain: environment, KooCLI's
// profile, the SDKs' file) so that what signs and sends a call (api.ts, client.ts, loaded
// by the lookup worker) does not load the chain and its file parsers.

/** A Huawei Cloud access key pair, with the security token of temporary credentials. */
export interface HuaweiCloudKeys {
  /** Access key id (AK): sent in the `Authorization` header. */
  readonly accessKey: string;
  /** Secret access key (SK): signs requests, never sent. */
  readonly secretKey: string;
  /**
   * Security token of temporary credentials (from IAM `securitytokens` or an agency),
   * sent as `X-Security-Token` and signed with the other headers.
   * @default none: permanent credentials
   */
  readonly securityToken?: string;
}

/** An `X-Auth-Token` the caller already has (from IAM `POST /v3/auth/tokens`, header `X-Subject-Token`). */
export interface HuaweiCloudToken {
  /** The token. Valid 24 hours; scoped to a project. Sent as `X-Auth-Token`, never signed. */
  readonly authToken: string;
}

/** How to authenticate to Huawei Cloud: an AK/SK pair (optionally temporary) or a token. */
export type HuaweiCloudAuth = HuaweiCloudKeys | HuaweiCloudToken;

/** Whether `auth` is a token rather than a key pair (an object with both is a key pair, as everywhere in this library). */
export function isHuaweiToken(auth: HuaweiCloudAuth): auth is HuaweiCloudToken {
  return typeof (auth as Partial<HuaweiCloudKeys>).accessKey !== 'string' && typeof (auth as HuaweiCloudToken).authToken === 'string';
}
