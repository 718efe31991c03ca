import { FakeAnswerFault, FakeAnswerShape, FakeRequest, FakeResponse } from './fake-cloud-types';

/** The total the `endlessPages` fault claims. */
export const ENDLESS_TOTAL = 1_000_000_000;

/**
 * Rewrites a successful paged answer the way `fault` says (see `FakeAnswerFaultKind`).
 * Answers that are not JSON objects holding the shape's list or total pass unchanged.
 */
export function applyAnswerFault(
  res: FakeResponse,
  fault: FakeAnswerFault,
  shape: FakeAnswerShape,
  params: Record<string, string>,
  req?: FakeRequest,
): FakeResponse {
  if (res.status !== 200) return res;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    return res;
  }
  if (!body || typeof body !== 'object' || !(shape.total in body || shape.list in body)) return res;
  const rows = Array.isArray(body[shape.list]) ? (body[shape.list] as Array<Record<string, unknown>>) : [];
  const bodyLevel = ['echo', 'rawField', 'duplicateKey', 'oversize'].includes(fault.kind);
  const field = fault.field ?? (fault.kind === 'nest' ? shape.list : bodyLevel ? shape.total : shape.field);
  const inRows = rows.length > 0 && field in rows[0];
  /** Sets the field (in the first row, or the body) to a placeholder replaced by raw JSON text at the end. */
  let rawText: string | undefined;
  const setRaw = (text: string): void => {
    rawText = text;
    if (inRows) rows[0][field] = RAW_MARK;
    else body[field] = RAW_MARK;
  };
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
    case 'fullPagesPastTotal': {
      const offset = Number(params[shape.offsetParam] ?? 0);
      const limit = Number(params[shape.limitParam] ?? rows.length);
      // Past the data, pages are made of the last row seen (the data's own pages are empty there).
      if (rows[0]) lastRows.set(shape.list, rows[0]);
      const template = rows[0] ?? lastRows.get(shape.list) ?? {};
      body[shape.total] = fault.total ?? 20;
      body[shape.list] = Array.from({ length: limit }, (_, i) => ({ ...template, [shape.id]: `${String(template[shape.id] ?? 'row')}-past-${offset + i}` }));
      break;
    }
    case 'echo':
      if (inRows) rows[0][field] = encode(requestValue(req, fault.echo ?? 'signature'), fault.encoding);
      else body[field] = encode(requestValue(req, fault.echo ?? 'signature'), fault.encoding);
      break;
    case 'echoBody':
      return {
        status: 200,
        headers: { 'content-type': 'text/plain' },
        body: `${'x'.repeat(fault.prefix ?? 60)}${encode(requestValue(req, fault.echo ?? 'signature'), fault.encoding)} upstream error`,
      };
    case 'rawField':
      setRaw(fault.raw ?? '"raw"');
      break;
    case 'nest': {
      const depth = fault.depth ?? 20_000;
      setRaw('['.repeat(depth) + ']'.repeat(depth));
      break;
    }
    case 'oversize':
      body[field] = 'x'.repeat(fault.bytes ?? 1024 * 1024);
      break;
    case 'duplicateKey': {
      const text = JSON.stringify(body);
      return { ...res, body: `{${JSON.stringify(field)}:${fault.raw ?? '"raw"'},${text.slice(1)}` };
    }
    case 'cloudError': {
      const e = shape.error;
      if (!e) return res;
      return {
        status: e.status,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ [e.codeField]: e.code, [e.messageField]: (fault.text ?? 'refused').repeat(fault.repeat ?? 1) }),
      };
    }
  }
  const text = JSON.stringify(body);
  return { ...res, body: rawText === undefined ? text : text.replace(JSON.stringify(RAW_MARK), rawText) };
}

/** A row of each cloud's list, for pages past its data (`fullPagesPastTotal`). */
const lastRows = new Map<string, Record<string, unknown>>();

const RAW_MARK = '\u0000fake-cloud-raw\u0000';

/**
 * A value of the request: a query or form parameter, or a header (names compared without
 * case), or a part (`Signature=...`, `Access=...`) of the `Authorization` header.
 */
function requestValue(req: FakeRequest | undefined, name: string): string {
  if (!req) return '';
  const lower = name.toLowerCase();
  const sources = [req.url.searchParams, ...(req.body && !req.body.trimStart().startsWith('{') ? [new URLSearchParams(req.body)] : [])];
  for (const params of sources) for (const [k, v] of params) if (k.toLowerCase() === lower) return v;
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() === lower && v !== undefined) return Array.isArray(v) ? v.join(', ') : v;
  const auth = req.headers.authorization;
  const part = typeof auth === 'string' ? new RegExp(`\\b${lower}=([^,\\s]+)`, 'i').exec(auth) : null;
  return part ? part[1] : '';
}

function encode(value: string, encoding: FakeAnswerFault['encoding']): string {
  switch (encoding) {
    case 'url':
      return encodeURIComponent(value);
    case 'base64':
      return Buffer.from(value).toString('base64');
    case 'hex':
      return Buffer.from(value).toString('hex');
    default:
      return value;
  }
}
