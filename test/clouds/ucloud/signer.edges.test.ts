// Edges of the UCloud signer the published vectors leave open. Each case here was a mutant
// of src/clouds/ucloud/signer.ts the other tests let live (npm run mutate, docs/mutation.md).
import { signUCloudRequest, ucloudSignature, ucloudValue } from '../../../src/clouds/ucloud/signer';

describe('UCloud signer edges', () => {
  it('ucloudSignature never signs a Signature parameter it is given', () => {
    expect(ucloudSignature({ foo: 'bar', Signature: 'stale' }, 'my_private_key')).toEqual(ucloudSignature({ foo: 'bar' }, 'my_private_key'));
    expect(ucloudSignature({ foo: 'bar', Signature: 'stale' }, 'my_private_key').signature).toBe('634edc1bb957c0d65e5ab5494cf3b7784fbc87af');
  });

  it('leaves undefined and null parameters out, and replaces a Signature passed in', () => {
    const signed = signUCloudRequest({ Action: 'X', Limit: undefined, Offset: null, Signature: 'stale' }, { publicKey: 'pub', privateKey: 'priv' });
    expect(Object.keys(signed.params)).toEqual(['Action', 'PublicKey', 'Signature']);
    expect(signed.stringToSign).toBe('ActionXPublicKeypubpriv');
    expect(signed.params.Signature).toBe(signed.signature);
  });

  it('says which value has no wire form', () => {
    expect(() => ucloudValue(Number.NaN)).toThrow('A UCloud request parameter must be a finite number, a string or a boolean; got NaN.');
    expect(() => ucloudValue(Number.NEGATIVE_INFINITY, 'EndTime')).toThrow(
      'UCloud request parameter EndTime must be a finite number, a string or a boolean; got -Infinity.',
    );
  });
});
