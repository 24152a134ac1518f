/**
 * What Slack accepts from an incoming webhook, written from the Block Kit reference
 * (api.slack.com/reference/block-kit): block types allowed in messages, each block's required
 * fields and size limits, text objects, and buttons. Returns every problem as a field path.
 */
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const MESSAGE_BLOCKS = new Set([
  'actions',
  'context',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'rich_text',
  'section',
  'video',
  'markdown',
]);

function textObject(v: unknown, path: string, max: number, plainOnly = false): string[] {
  if (!isObj(v)) return [`${path}: must be a text object`];
  const out: string[] = [];
  if (v.type !== 'plain_text' && v.type !== 'mrkdwn') out.push(`${path}.type: plain_text or mrkdwn`);
  if (plainOnly && v.type !== 'plain_text') out.push(`${path}.type: must be plain_text`);
  if (typeof v.text !== 'string' || v.text.length < 1) out.push(`${path}.text: required`);
  else if (v.text.length > max) out.push(`${path}.text: longer than ${max}`);
  if ('emoji' in v && v.type !== 'plain_text') out.push(`${path}.emoji: only for plain_text`);
  if ('verbatim' in v && v.type !== 'mrkdwn') out.push(`${path}.verbatim: only for mrkdwn`);
  return out;
}

function button(v: unknown, path: string, ids: Set<string>): string[] {
  if (!isObj(v) || v.type !== 'button') return [`${path}: expected a button`];
  const out = textObject(v.text, `${path}.text`, 75, true);
  if (typeof v.action_id !== 'string' || v.action_id.length > 255)
    out.push(`${path}.action_id: required, ≤255`);
  else if (ids.has(v.action_id)) out.push(`${path}.action_id: not unique`);
  else ids.add(v.action_id);
  if ('url' in v && (typeof v.url !== 'string' || v.url.length > 3000 || !URL.canParse(v.url))) {
    out.push(`${path}.url: a URL of at most 3000 characters`);
  }
  if ('style' in v && v.style !== 'primary' && v.style !== 'danger')
    out.push(`${path}.style: primary or danger`);
  return out;
}

export function slackWebhookProblems(body: unknown): string[] {
  if (!isObj(body)) return ['body: must be a JSON object'];
  const out: string[] = [];
  if (typeof body.text !== 'string' || body.text.length === 0)
    out.push('text: the fallback text is required');
  if (!Array.isArray(body.blocks)) return [...out, 'blocks: must be an array'];
  if (body.blocks.length > 50) out.push('blocks: at most 50');
  const ids = new Set<string>();
  body.blocks.forEach((block: unknown, i) => {
    const p = `blocks[${i}]`;
    if (!isObj(block) || typeof block.type !== 'string' || !MESSAGE_BLOCKS.has(block.type)) {
      out.push(`${p}.type: not a message block type`);
      return;
    }
    if (typeof block.block_id === 'string' && block.block_id.length > 255) out.push(`${p}.block_id: ≤255`);
    switch (block.type) {
      case 'header':
        out.push(...textObject(block.text, `${p}.text`, 150, true));
        break;
      case 'section': {
        if (!('text' in block) && !('fields' in block)) out.push(`${p}: text or fields required`);
        if ('text' in block) out.push(...textObject(block.text, `${p}.text`, 3000));
        if ('fields' in block) {
          if (!Array.isArray(block.fields) || block.fields.length > 10) out.push(`${p}.fields: at most 10`);
          else
            block.fields.forEach((f, j) => {
              out.push(...textObject(f, `${p}.fields[${j}]`, 2000));
            });
        }
        break;
      }
      case 'actions':
        if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 25) {
          out.push(`${p}.elements: 1 to 25`);
        } else
          block.elements.forEach((e, j) => {
            out.push(...button(e, `${p}.elements[${j}]`, ids));
          });
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 10) {
          out.push(`${p}.elements: 1 to 10`);
        } else
          block.elements.forEach((e, j) => {
            out.push(...textObject(e, `${p}.elements[${j}]`, 3000));
          });
        break;
    }
  });
  return out;
}
