import { alertKey } from '../shared/alert-key.js';
import { isDateTime } from '../shared/formats.js';
import {
  ALERT_STATUSES,
  type AlertSeverity,
  type ExternalAlert,
  type ExternalAlertStatus,
  severityOfWord,
} from '../shared/external-alert.js';
import { type FieldError, fail, isRecord, ok, type Parsed } from '../shared/result.js';
import { storableJson } from '../shared/storable.js';
import type { FieldRule, WebhookMapping } from './mapping.js';
import { parsePath, pointerOf, type Segments, valueAt } from './path.js';

const segmentsOf = (p: string): Segments => {
  const s = parsePath(p);
  return Array.isArray(s) ? s : [];
};

const scalar = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

class Reader {
  readonly errors: FieldError[] = [];
  constructor(
    private readonly root: unknown,
    private readonly prefix: Segments,
  ) {}

  pointer(segments: Segments): string {
    return pointerOf([...this.prefix, ...segments]);
  }

  /** Where the last value read came from, for errors about the value itself. */
  at = '';

  /** A rule's value: first path holding a non-empty scalar, mapped, else the default. */
  read(field: string, r: FieldRule | undefined, required: boolean): string | undefined {
    this.at = '';
    if (r === undefined) return undefined;
    const paths = (r.path === undefined ? [] : Array.isArray(r.path) ? r.path : [r.path]).map(segmentsOf);
    let found: { value: string; at: Segments } | undefined;
    for (const p of paths) {
      const v = valueAt(this.root, p);
      const s = scalar(v);
      if (s !== undefined && s !== '') {
        found = { value: s, at: p };
        break;
      }
      if (v !== undefined && v !== null && s === undefined) {
        this.errors.push({
          path: this.pointer(p),
          message: `must be a string, number or boolean for ${field}`,
        });
        return undefined;
      }
    }
    if (found !== undefined) this.at = this.pointer(found.at);
    if (found === undefined) {
      if (r.default !== undefined) return r.default;
      if (required) {
        this.errors.push({ path: this.pointer(paths[0] ?? []), message: `is required for ${field}` });
      }
      return undefined;
    }
    if (r.map === undefined) return found.value;
    if (Object.hasOwn(r.map, found.value)) return r.map[found.value];
    if (r.default !== undefined) return r.default;
    this.errors.push({
      path: this.pointer(found.at),
      message: `value ${JSON.stringify(found.value)} has no mapping for ${field}`,
    });
    return undefined;
  }
}

/** Epoch seconds or milliseconds (as Datadog sends), or an RFC 3339 time, as ISO 8601. */
function toIso(value: string): string | undefined {
  if (/^\d{9,13}$/.test(value)) {
    const n = Number(value);
    return new Date(value.length > 11 ? n : n * 1000).toISOString();
  }
  return isDateTime(value) ? value : undefined;
}

/** Apply a saved mapping to a webhook body: an external alert, or errors naming the body's field paths. */
export function applyWebhookMapping(mapping: WebhookMapping, body: unknown): Parsed<ExternalAlert> {
  const storable = storableJson(body);
  if (!storable.ok) return storable;
  let root = storable.value;
  let prefix: Segments = [];
  if (mapping.unwrap !== undefined) {
    prefix = segmentsOf(mapping.unwrap);
    const inner = valueAt(root, prefix);
    if (typeof inner === 'string') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(inner);
      } catch {
        return fail([{ path: pointerOf(prefix), message: 'must be JSON text' }]);
      }
      // The wrapped text is a body of its own: its strings and depth are checked the same way.
      const unwrapped = storableJson(parsed);
      if (!unwrapped.ok)
        return fail(
          unwrapped.errors.map((e) => ({ path: `${pointerOf(prefix)}${e.path}`, message: e.message })),
        );
      root = unwrapped.value;
    } else if (isRecord(inner)) {
      root = inner;
    } else {
      return fail([
        { path: pointerOf(prefix), message: inner === undefined ? 'is required' : 'must be JSON text' },
      ]);
    }
  }
  const r = new Reader(root, prefix);
  const title = r.read('title', mapping.title, true);
  const fingerprint = r.read('fingerprint', mapping.fingerprint, true);
  const statusWord = r.read('status', mapping.status, true);

  const statusAt = r.at;
  const severityWord = r.read('severity', mapping.severity, false);
  const severityAt = r.at;
  const description = r.read('description', mapping.description, false);
  const url = r.read('url', mapping.url, false);
  const startsWord = r.read('startsAt', mapping.startsAt, false);
  const startsAtAt = r.at;

  const status = ALERT_STATUSES.find((s) => s === statusWord?.toLowerCase());
  if (statusWord !== undefined && status === undefined) {
    const message = `value ${JSON.stringify(statusWord)} is not firing or resolved; add it to the status map`;
    r.errors.push({ path: statusAt, message });
  }
  let severity: AlertSeverity = 'ticket';
  if (severityWord !== undefined) {
    const known = severityOfWord(severityWord);
    if (known === undefined) {
      const message = `value ${JSON.stringify(severityWord)} is not page, ticket or log; add it to the severity map`;
      r.errors.push({ path: severityAt, message });
    } else {
      severity = known;
    }
  }
  const startsAt = startsWord === undefined ? undefined : toIso(startsWord);
  if (startsWord !== undefined && startsAt === undefined) {
    r.errors.push({
      path: startsAtAt,
      message: `value ${JSON.stringify(startsWord)} is not a date-time or epoch time`,
    });
  }

  const labels: Record<string, string> = {};
  if (mapping.labelsFrom !== undefined) {
    const from = valueAt(root, segmentsOf(mapping.labelsFrom));
    if (isRecord(from)) {
      for (const [k, v] of Object.entries(from)) {
        const s = scalar(v);
        if (s !== undefined) labels[k] = s;
      }
    } else if (from !== undefined) {
      r.errors.push({
        path: r.pointer(segmentsOf(mapping.labelsFrom)),
        message: 'must be object for labels',
      });
    }
  }
  for (const [name, p] of Object.entries(mapping.labels ?? {})) {
    const s = scalar(valueAt(root, segmentsOf(p)));
    if (s !== undefined) labels[name] = s;
  }

  if (r.errors.length > 0) return fail(r.errors);
  const alert: ExternalAlert = {
    source: mapping.name,
    fingerprint: alertKey(fingerprint!),
    status: status as ExternalAlertStatus,
    title: title!,
    severity,
    labels,
    annotations: {},
  };
  if (description !== undefined) alert.description = description;
  if (url !== undefined) alert.url = url;
  if (startsAt !== undefined) alert.startsAt = startsAt;
  return ok(alert);
}
