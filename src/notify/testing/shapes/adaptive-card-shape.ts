/**
 * What a Teams Workflows webhook accepts, written from Microsoft's "Create incoming webhooks with
 * Workflows" page (the `message` envelope with one Adaptive Card attachment) and the Adaptive
 * Card 1.4 schema (adaptivecards.io/explorer) for the elements Vigil uses: TextBlock, FactSet,
 * ColumnSet, Container and Action.OpenUrl, with their enumerations.
 */
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const ENUMS: Record<string, Record<string, string[]>> = {
  TextBlock: {
    size: ['Default', 'Small', 'Medium', 'Large', 'ExtraLarge'],
    weight: ['Default', 'Lighter', 'Bolder'],
    color: ['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'],
    spacing: ['None', 'Small', 'Default', 'Medium', 'Large', 'ExtraLarge', 'Padding'],
    horizontalAlignment: ['Left', 'Center', 'Right'],
    fontType: ['Default', 'Monospace'],
  },
  FactSet: { spacing: ['None', 'Small', 'Default', 'Medium', 'Large', 'ExtraLarge', 'Padding'] },
};
/** Properties each element may carry in schema 1.4 (common ones included). */
const PROPS: Record<string, string[]> = {
  TextBlock: [
    'type',
    'text',
    'color',
    'fontType',
    'horizontalAlignment',
    'isSubtle',
    'maxLines',
    'size',
    'weight',
    'wrap',
    'id',
    'isVisible',
    'separator',
    'spacing',
    'height',
  ],
  FactSet: ['type', 'facts', 'id', 'isVisible', 'separator', 'spacing', 'height'],
};

function element(v: unknown, path: string): string[] {
  if (!isObj(v) || typeof v.type !== 'string') return [`${path}.type: required`];
  const allowed = PROPS[v.type];
  if (!allowed) return [`${path}.type: ${v.type} is not checked here`];
  const out = Object.keys(v)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${path}.${k}: not a ${v.type} property in 1.4`);
  for (const [prop, values] of Object.entries(ENUMS[v.type] ?? {})) {
    if (prop in v && !values.includes(String(v[prop])))
      out.push(`${path}.${prop}: one of ${values.join(', ')}`);
  }
  if (v.type === 'TextBlock' && typeof v.text !== 'string') out.push(`${path}.text: required string`);
  if (v.type === 'FactSet') {
    if (!Array.isArray(v.facts)) out.push(`${path}.facts: required array`);
    else
      v.facts.forEach((f, i) => {
        if (!isObj(f) || typeof f.title !== 'string' || typeof f.value !== 'string') {
          out.push(`${path}.facts[${i}]: title and value strings required`);
        }
      });
  }
  return out;
}

function action(v: unknown, path: string): string[] {
  if (!isObj(v) || v.type !== 'Action.OpenUrl') return [`${path}.type: Action.OpenUrl expected`];
  const out: string[] = [];
  if (typeof v.url !== 'string' || !URL.canParse(v.url)) out.push(`${path}.url: required URI`);
  if ('title' in v && typeof v.title !== 'string') out.push(`${path}.title: string`);
  if ('style' in v && !['default', 'positive', 'destructive'].includes(String(v.style))) {
    out.push(`${path}.style: default, positive or destructive`);
  }
  return out;
}

export function teamsWorkflowProblems(body: unknown): string[] {
  if (!isObj(body)) return ['body: must be a JSON object'];
  const out: string[] = [];
  if (body.type !== 'message') out.push('type: must be "message"');
  if (!Array.isArray(body.attachments) || body.attachments.length !== 1) {
    return [...out, 'attachments: exactly one card expected'];
  }
  const attachment: unknown = body.attachments[0];
  if (!isObj(attachment)) return [...out, 'attachments[0]: object expected'];
  if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') {
    out.push('attachments[0].contentType: application/vnd.microsoft.card.adaptive');
  }
  const card = attachment.content;
  if (!isObj(card)) return [...out, 'attachments[0].content: the card is required'];
  const p = 'attachments[0].content';
  if (card.type !== 'AdaptiveCard') out.push(`${p}.type: AdaptiveCard`);
  if (typeof card.version !== 'string' || !/^1\.[4-6]$/.test(card.version))
    out.push(`${p}.version: 1.4 or later`);
  if (!Array.isArray(card.body) || card.body.length === 0) out.push(`${p}.body: elements required`);
  else
    card.body.forEach((e, i) => {
      out.push(...element(e, `${p}.body[${i}]`));
    });
  if ('actions' in card) {
    if (!Array.isArray(card.actions)) out.push(`${p}.actions: array`);
    else
      card.actions.forEach((a, i) => {
        out.push(...action(a, `${p}.actions[${i}]`));
      });
  }
  if ('msteams' in card && (!isObj(card.msteams) || card.msteams.width !== 'Full')) {
    out.push(`${p}.msteams.width: "Full"`);
  }
  return out;
}
