import { FakeAnswerFault, FakeAnswerShape, FakeResponse } from './fake-cloud-types';

/** The total the `endlessPages` fault claims. */
export const ENDLESS_TOTAL = 1_000_000_000;

/**
 * Rewrites a successful paged answer the way `fault` says (see `FakeAnswerFaultKind`).
 * Answers that are not JSON objects holding the shape's list or total pass unchanged.
 */
export function applyAnswerFault(res: FakeResponse, fault: FakeAnswerFault, shape: FakeAnswerShape, params: Record<string, string>): FakeResponse {
  if (res.status !== 200) return res;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    return res;
  }
  if (!body || typeof body !== 'object' || !(shape.total in body || shape.list in body)) return res;
  const rows = Array.isArray(body[shape.list]) ? (body[shape.list] as Array<Record<string, unknown>>) : [];
  const field = fault.field ?? shape.field;
  const inRows = rows.length > 0 && field in rows[0];
  switch (fault.kind) {
    case 'dropField':
      if (inRows) for (const row of rows) delete row[field];
      else delete body[field];
      break;
    case 'mistypeField':
      if (inRows) rows[0][field] = 'many';
      else body[field] = 'many';
      break;
    case 'dropTotal':
      delete body[shape.total];
      break;
    case 'pageLengthTotal':
      body[shape.total] = rows.length;
      break;
    case 'listAsObject':
      body[shape.list] = rows.length > 0 ? { ...rows[0] } : {};
      break;
    case 'endlessPages': {
      const offset = Number(params[shape.offsetParam] ?? 0);
      const limit = Number(params[shape.limitParam] ?? rows.length);
      const template = rows[0] ?? {};
      body[shape.total] = ENDLESS_TOTAL;
      body[shape.list] = Array.from({ length: limit }, (_, i) => ({ ...template, [shape.id]: `${String(template[shape.id] ?? 'row')}-endless-${offset + i}` }));
      break;
    }
  }
  return { ...res, body: JSON.stringify(body) };
}
