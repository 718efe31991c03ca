import { TerraformStack, Testing } from 'cdktf';
import { FAIL_ON_WARNINGS_CONTEXT, FAIL_ON_WARNINGS_ENV, failOnWarningsRequested, flagIsOn } from '../../src/policy/fail-on-warnings';

describe('failing on warnings', () => {
  it.each([
    [undefined, false],
    [null, false], // a JSON context value of null: unset, not the word "null"
    ['', false],
    ['0', false],
    ['false', false],
    ['No', false],
    [' OFF ', false],
    [false, false],
    ['1', true],
    ['true', true],
    ['yes', true],
    [true, true],
    ['ture', true], // a typo turns checking on: fail closed
  ])('%j is %s', (value, on) => {
    expect(flagIsOn(value)).toBe(on);
  });

  it('is asked by the environment variable or the context key', () => {
    const plain = new TerraformStack(Testing.app(), 's');
    const withContext = new TerraformStack(Testing.app({ context: { [FAIL_ON_WARNINGS_CONTEXT]: 'true' } }), 's');
    expect(failOnWarningsRequested(plain, {})).toBe(false);
    expect(failOnWarningsRequested(plain, { [FAIL_ON_WARNINGS_ENV]: 'yes' })).toBe(true);
    expect(failOnWarningsRequested(withContext, {})).toBe(true);
    expect(failOnWarningsRequested(undefined, { [FAIL_ON_WARNINGS_ENV]: '0' })).toBe(false);
  });
});
