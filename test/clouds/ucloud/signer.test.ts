import { encodeUCloudParams, signUCloudRequest, ucloudSignature, ucloudValue } from '../../../src/clouds/ucloud/signer';
import { InputError } from '../../../src/core/errors';
import { thrownBy } from '../../_helpers/rejection';

// Published vectors: ../shared/API-NOTES.md §2b (UCloud docs, ucloud-sdk-go/-python3/-js tests).
// UC-7 is a Go float32 artefact and is not ported.
const DOC_KEYS = { publicKey: 'ucloudsomeone@example.com1296235120854146120', privateKey: '46f09bb9fab4f12dfc160dae12273d5332b5debe' };

const CREATE_UHOST = {
  Action: 'CreateUHostInstance',
  CPU: 2,
  ChargeType: 'Month',
  DiskSpace: 10,
  ImageId: 'f43736e1-65a5-4bea-ad2e-8a46e18883c2',
  LoginMode: 'Password',
  Memory: 2048,
  Name: 'Host01',
  Password: 'VUNsb3VkLmNu',
  Quantity: 1,
  Region: 'cn-bj2',
  Zone: 'cn-bj2-04',
};

describe('signUCloudRequest', () => {
  it('UC-1: reproduces the documentation example (and ignores null parameters, as the JS SDK)', () => {
    const signed = signUCloudRequest({ Action: 'DescribeUHostInstance', Region: 'cn-bj2', Limit: 10, Foo: null }, DOC_KEYS);
    expect(signed.stringToSign).toBe(
      'ActionDescribeUHostInstanceLimit10PublicKeyucloudsomeone@example.com1296235120854146120Regioncn-bj246f09bb9fab4f12dfc160dae12273d5332b5debe',
    );
    expect(signed.signature).toBe('cba5cf5ec4d4233d206b1b54951e3787350a642f');
    expect(signed.params).toEqual({
      Action: 'DescribeUHostInstance',
      Limit: '10',
      PublicKey: 'ucloudsomeone@example.com1296235120854146120',
      Region: 'cn-bj2',
      Signature: 'cba5cf5ec4d4233d206b1b54951e3787350a642f',
    });
  });

  it('UC-2: sorts by byte order (CPU before ChargeType) and adds PublicKey itself (ucloud-sdk-go credential_test)', () => {
    const signed = signUCloudRequest(CREATE_UHOST, DOC_KEYS);
    expect(signed.stringToSign).toBe(
      'ActionCreateUHostInstanceCPU2ChargeTypeMonthDiskSpace10ImageIdf43736e1-65a5-4bea-ad2e-8a46e18883c2LoginModePasswordMemory2048NameHost01PasswordVUNsb3VkLmNuPublicKeyucloudsomeone@example.com1296235120854146120Quantity1Regioncn-bj2Zonecn-bj2-0446f09bb9fab4f12dfc160dae12273d5332b5debe',
    );
    expect(signed.signature).toBe('4f9ef5df2abab2c6fccd1e9515cb7e2df8c6bb65');
    // The same with PublicKey already among the parameters, in another order.
    const shuffled = Object.fromEntries(Object.entries({ ...CREATE_UHOST, PublicKey: DOC_KEYS.publicKey }).reverse());
    expect(signUCloudRequest(shuffled, DOC_KEYS).signature).toBe('4f9ef5df2abab2c6fccd1e9515cb7e2df8c6bb65');
  });

  it('UC-3: signs SecurityToken like any parameter (STS credentials)', () => {
    expect(signUCloudRequest({ ...CREATE_UHOST, SecurityToken: 'some_stoken' }, DOC_KEYS).signature).toBe('170c480ad176a247b324eb92a2cfe536aacfbd04');
  });

  it('UC-4: sorts array indexes as strings: Backends.10 before Backends.2', () => {
    const values = ['foo', 'bar', 42, 'foo', 'bar', 42, 'foo', 'bar', 42, 'foo', 'bar', 42];
    const params: Record<string, string | number> = { Action: 'AllocateBackendBatch' };
    values.forEach((v, i) => (params[`Backends.${i}`] = v));
    const signed = signUCloudRequest(params, DOC_KEYS);
    expect(signed.stringToSign.startsWith('ActionAllocateBackendBatchBackends.0fooBackends.1barBackends.10barBackends.1142Backends.242')).toBe(true);
    expect(signed.signature).toBe('6bc32642779f8cb0bb3d3f128b1c0688abf9a1a3');
  });

  it('UC-5: the bare algorithm and the one with a public key (ucloud-sdk-python3 doctests)', () => {
    expect(ucloudSignature({ foo: 'bar' }, 'my_private_key').signature).toBe('634edc1bb957c0d65e5ab5494cf3b7784fbc87af');
    expect(signUCloudRequest({ foo: 'bar' }, { publicKey: 'my_public_key', privateKey: 'my_private_key' }).signature).toBe(
      'd4411ab30953fb0bbcb1e7313081f05e4e91a394',
    );
  });

  it('UC-6: signs ProjectId and raw (unencoded) keys, and percent-encodes them only on the wire', () => {
    const keys = {
      publicKey: 'CJf+LfjjXPk70z/fsBlK9sHC+kBTTj7gr2g/C/R7YSi3EFTKCmh7Bp5W1UH64D/O',
      privateKey: 'ztqlj0vtg6Por5d/etqpadpTZwscLRh5cIsFAHbwuvnMY4mAWI+GT5C2yzj/KiZf',
    };
    const signed = signUCloudRequest(
      { Action: 'GetUIoTCoreDeviceShadow', DeviceSN: 'ark1d4ug1evfb1jy', ProductSN: '8pi2i730vxsala2a', ProjectId: 'org-z44lmf12e', Region: 'cn-sh2' },
      keys,
    );
    expect(signed.stringToSign).toBe(
      'ActionGetUIoTCoreDeviceShadowDeviceSNark1d4ug1evfb1jyProductSN8pi2i730vxsala2aProjectIdorg-z44lmf12ePublicKeyCJf+LfjjXPk70z/fsBlK9sHC+kBTTj7gr2g/C/R7YSi3EFTKCmh7Bp5W1UH64D/ORegioncn-sh2ztqlj0vtg6Por5d/etqpadpTZwscLRh5cIsFAHbwuvnMY4mAWI+GT5C2yzj/KiZf',
    );
    expect(signed.signature).toBe('f1e6b4e35df41b42232e059f6020c7fd51b2889e');
    expect(signed.encoded).toContain('&PublicKey=CJf%2BLfjjXPk70z%2FfsBlK9sHC%2BkBTTj7gr2g%2FC%2FR7YSi3EFTKCmh7Bp5W1UH64D%2FO&');
    expect(signed.encoded.endsWith('&Signature=f1e6b4e35df41b42232e059f6020c7fd51b2889e')).toBe(true);
  });
});

describe('ucloudValue', () => {
  it.each<[string | number | boolean, string]>([
    [true, 'true'],
    [false, 'false'],
    [42.0, '42'],
    [-0, '0'],
    [10_000_000, '10000000'],
    [0.0000629425048828125, '0.0000629425048828125'],
    [4.57763671875e-5, '0.0000457763671875'],
    [1e-7, '0.0000001'],
    [-2.5e-7, '-0.00000025'],
    [1.25e-10, '0.000000000125'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [-1.2345678901234566e25, '-12345678901234566000000000'],
    ['a b', 'a b'],
  ])('%p is %p', (value, wire) => {
    expect(ucloudValue(value)).toBe(wire);
  });

  // Was a raw RangeError; the house rule is a HeadroomError with a stable code and a message
  // that says what is allowed (and names the parameter where it is known).
  it('refuses NaN and infinities with an InputError saying what is allowed', () => {
    for (const [value, shown] of [
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
      [-Infinity, '-Infinity'],
    ] as const) {
      const err = thrownBy(() => ucloudValue(value));
      expect(err).toBeInstanceOf(InputError);
      expect(err.code).toBe('HEADROOM_INPUT');
      expect(err.message).toBe(
        `A UCloud request parameter must be a finite number, a string or a boolean; got ${shown}. NaN and infinities have no wire form: pass a finite number, or leave the parameter out (null or undefined).`,
      );
    }
  });

  it('names the parameter when signing a request with NaN or an infinity', () => {
    const err = thrownBy(() => signUCloudRequest({ Action: 'DescribeBandwidthUsage', BeginTime: NaN }, DOC_KEYS));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/^UCloud request parameter BeginTime must be a finite number, a string or a boolean; got NaN\. /);
    expect(err.message).not.toContain(DOC_KEYS.privateKey);
  });

  it('signs the same strings it sends (booleans included)', () => {
    const signed = signUCloudRequest({ Action: 'X', Flag: true, Ratio: 1e-7 }, DOC_KEYS);
    expect(signed.params.Flag).toBe('true');
    expect(signed.stringToSign).toContain('Flagtrue');
    expect(signed.stringToSign).toContain('Ratio0.0000001');
    expect(signed.encoded).toContain('Flag=true&');
  });
});

describe('encodeUCloudParams', () => {
  it('percent-encodes RFC 3986 style: space as %20, reserved characters in upper-case hex, unreserved kept', () => {
    expect(encodeUCloudParams({ Name: "a b!*'()~-_.", 'EIPIds.0': 'eip-1' })).toBe('EIPIds.0=eip-1&Name=a%20b%21%2A%27%28%29~-_.');
  });
});
