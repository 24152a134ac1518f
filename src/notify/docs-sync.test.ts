import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TEMPLATE_VARIABLES } from './template.js';
import { webhookPayloadV1Schema } from './webhook/webhook-payload.js';

/** docs/notifications.md is what webhook receivers are written against: it must match the code. */
const doc = readFileSync(new URL('../../docs/notifications.md', import.meta.url), 'utf8');

describe('docs/notifications.md', () => {
  it('publishes the webhook body schema the code sends', () => {
    const block = /```json webhook-schema-v1\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    expect(JSON.parse(block ?? '{}')).toEqual(z.toJSONSchema(webhookPayloadV1Schema));
  });

  it('lists every template variable', () => {
    for (const v of TEMPLATE_VARIABLES) expect(doc).toContain(`| \`{{${v.name}}}\` |`);
  });
});
