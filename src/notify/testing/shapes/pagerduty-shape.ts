/**
 * What the PagerDuty Events API v2 enqueue endpoint accepts, written from its reference
 * ("Send an Alert Event", "Send a Change Event" excluded): required fields per action, allowed
 * severities, lengths, links and images. The receiver answers 400 with these, as PagerDuty does.
 */
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const PD_SEVERITIES = ['critical', 'error', 'warning', 'info'];

export function pagerDutyEventProblems(body: unknown): string[] {
  if (!isObj(body)) return ['body: must be a JSON object'];
  const out: string[] = [];
  if (typeof body.routing_key !== 'string' || body.routing_key.length !== 32) {
    out.push('routing_key: the 32-character integration key is required');
  }
  const action = body.event_action;
  if (action !== 'trigger' && action !== 'acknowledge' && action !== 'resolve') {
    out.push('event_action: trigger, acknowledge or resolve');
  }
  if ('dedup_key' in body && (typeof body.dedup_key !== 'string' || body.dedup_key.length > 255)) {
    out.push('dedup_key: a string of at most 255 characters');
  }
  if ((action === 'acknowledge' || action === 'resolve') && typeof body.dedup_key !== 'string') {
    out.push('dedup_key: required to acknowledge or resolve');
  }
  if (action === 'trigger') {
    const payload = body.payload;
    if (!isObj(payload)) return [...out, 'payload: required for trigger'];
    if (typeof payload.summary !== 'string' || payload.summary.length < 1 || payload.summary.length > 1024) {
      out.push('payload.summary: required, at most 1024 characters');
    }
    if (typeof payload.source !== 'string' || payload.source.length < 1) out.push('payload.source: required');
    if (!PD_SEVERITIES.includes(String(payload.severity)))
      out.push(`payload.severity: one of ${PD_SEVERITIES}`);
    if ('timestamp' in payload && Number.isNaN(Date.parse(String(payload.timestamp)))) {
      out.push('payload.timestamp: ISO 8601');
    }
    for (const k of ['component', 'group', 'class']) {
      if (k in payload && typeof payload[k] !== 'string') out.push(`payload.${k}: string`);
    }
    if ('custom_details' in payload && !isObj(payload.custom_details))
      out.push('payload.custom_details: object');
  }
  if ('links' in body) {
    if (!Array.isArray(body.links)) out.push('links: array');
    else
      body.links.forEach((l, i) => {
        if (!isObj(l) || typeof l.href !== 'string') out.push(`links[${i}].href: required`);
      });
  }
  if ('images' in body) {
    if (!Array.isArray(body.images)) out.push('images: array');
    else
      body.images.forEach((img, i) => {
        if (!isObj(img) || typeof img.src !== 'string') out.push(`images[${i}].src: required`);
      });
  }
  for (const k of ['client', 'client_url'])
    if (k in body && typeof body[k] !== 'string') out.push(`${k}: string`);
  return out;
}
