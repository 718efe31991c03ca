import * as fs from 'node:fs';
import { InputError } from '../core/errors';

/**
 * The text of `file`, or an `InputError` whose message `unreadable` writes from why it
 * could not be read (the system's code such as `ENOENT`, else the error's message).
 * Used by the readers of the gate report and of the plan JSON, which say what to run.
 * @internal
 */
export function readInputFile(file: string, unreadable: (reason: string) => string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(unreadable((err as NodeJS.ErrnoException).code ?? (err as Error).message));
  }
}

/**
 * `text` parsed as JSON, or an `InputError` whose message `invalid` writes from the
 * parser's message.
 * @internal
 */
export function parseJsonInput(text: string, invalid: (reason: string) => string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(invalid((err as Error).message));
  }
}
