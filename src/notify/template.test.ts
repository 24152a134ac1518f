import { describe, expect, it } from 'vitest';
import { channelConfigSchema } from './registry.js';
import { renderTemplate, TEMPLATE_VARIABLES, validateTemplate } from './template.js';
import { firingMessage } from './testing/fixtures.js';

describe('validateTemplate', () => {
  it('accepts every documented variable', () => {
    const source = TEMPLATE_VARIABLES.map((v) => `{{${v.name}}}`).join(' ');
    expect(validateTemplate(source)).toEqual({ ok: true });
  });

  it('refuses an unknown variable, naming it with its line and column', () => {
    const check = validateTemplate('Alert: {{ alert.title }}\nOn {{asset}}, see {{links.runbok}}');
    expect(check).toEqual({
      ok: false,
      problems: [
        {
          variable: 'links.runbok',
          line: 2,
          column: 19,
          offset: 43,
          message: 'unknown variable "links.runbok" at line 2, column 19',
        },
      ],
    });
  });

  it('reports every problem at once, including an unclosed place', () => {
    const check = validateTemplate('{{sevrity}} {{}} {{asset');
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problems.map((p) => p.message)).toEqual([
        'unknown variable "sevrity" at line 1, column 1',
        'empty variable "{{}}" at line 1, column 13',
        'unclosed "{{" at line 1, column 18',
      ]);
    }
  });

  it('a channel saved with a bad template is refused with the variable and its position', () => {
    const parsed = channelConfigSchema.safeParse({
      kind: 'slack',
      url: 'https://hooks.slack.com/services/T0/B0/x',
      templates: { title: '{{severity}}: {{alert.titel}}' },
    });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(issue?.path).toEqual(['templates', 'title']);
    expect(issue?.message).toContain('unknown variable "alert.titel" at line 1, column 15');
    expect(issue?.message).toContain('known variables: title, alert.title');
  });
});

describe('renderTemplate escapes values for the target, not the template', () => {
  const message = firingMessage({ asset: 'sales<ops> & "eu"', observed: '*0* rows_today' });

  it('Slack mrkdwn: & < > become entities, so <!channel> cannot ping', () => {
    const out = renderTemplate('*{{asset}}* {{observed}} <{{links.runbook}}|runbook>', message, 'slack');
    expect(out).toBe(
      '*sales&lt;ops&gt; &amp; "eu"* *0* rows_today <https://wiki.example.com/runbooks/orders|runbook>',
    );
    const ping = renderTemplate('{{title}}', firingMessage({ title: '<!channel> hi' }), 'slack');
    expect(ping).toBe('&lt;!channel&gt; hi');
  });

  it('HTML: quotes too, so a value cannot leave an attribute', () => {
    const out = renderTemplate('<b title="{{asset}}">{{asset}}</b>', message, 'html');
    expect(out).toBe(
      '<b title="sales&lt;ops&gt; &amp; &quot;eu&quot;">sales&lt;ops&gt; &amp; &quot;eu&quot;</b>',
    );
  });

  it('markdown: emphasis characters are escaped', () => {
    expect(renderTemplate('{{observed}}', message, 'markdown')).toBe('\\*0\\* rows\\_today');
  });

  it('text: values as they are; missing values render empty', () => {
    const out = renderTemplate(
      '{{severity}}/{{incident.id}}/{{alert.count}}/{{alert.value}}',
      message,
      'text',
    );
    expect(out).toBe('page//1/11520');
  });
});
