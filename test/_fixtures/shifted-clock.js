// Preloaded (node --require) by a test: shifts this process's Date by
// HEADROOM_TEST_CLOCK_SHIFT_MS, a machine whose clock is far off. Only tests use it.
const shift = Number(process.env.HEADROOM_TEST_CLOCK_SHIFT_MS || 0);
const RealDate = Date;
class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + shift);
    else super(...args);
  }
  static now() {
    return RealDate.now() + shift;
  }
}
globalThis.Date = ShiftedDate;
