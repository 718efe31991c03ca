import { FakeResponse } from './fake-cloud-types';

/** A JSON answer with the given status and extra headers. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Reads `offset`/`limit` style integers from a parameter, with a default when absent or not a number. */
export function intParam(value: string | undefined | null, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) ? n : NaN;
}
