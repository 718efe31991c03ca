// QingCloud's published signing vectors (shared/API-NOTES.md §1b: QingCloud's docs and the
// qingcloud-sdk-go tests), for the signer's tests and its edge tests.

/** The documentation's example key pair. */
export const VECTOR_KEYS = { accessKeyId: 'QYACCESSKEYIDEXAMPLE', secretAccessKey: 'SECRETACCESSKEY' };

/** The documentation's `RunInstances` parameters, without the zone (the vectors sign it in pek3a and pek1). */
export const RUN_INSTANCES = {
  count: 1,
  'vxnets.1': 'vxnet-0',
  instance_type: 'small_b',
  instance_name: 'demo',
  image_id: 'centos64x86a',
  login_mode: 'passwd',
  login_passwd: 'QingCloud20130712',
  version: 1,
  action: 'RunInstances',
};

/** The time the vectors were signed at. */
export const VECTOR_TIME = new Date('2013-08-27T14:30:10Z');
