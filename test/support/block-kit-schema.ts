import Ajv, { type ValidateFunction } from 'ajv';
import schema from '../fixtures/slack/slack-types-3.2.0.blockkit.strict.schema.json';
import extraSchema from '../fixtures/slack/extra-blocks.schema.json';

/**
 * Slack's published Block Kit schema (strict: unknown fields refused, documented limits
 * included), with the blocks @slack/types 3.2.0 lacks or types loosely (`data_visualization`,
 * `table`, `image` with `slack_file`: test/fixtures/slack/extra-blocks.schema.json, from
 * docs.slack.dev) and the rules a schema cannot say (its `x-rules`: surfaces, charts and tables
 * per message, series labels matching the categories). The fake Slack API and the harness check
 * every payload the app sends against it, as Slack would answer `invalid_blocks`.
 */
const ajv = new Ajv({ allErrors: false, strict: false });
ajv.addSchema(schema, 'blockkit');
ajv.addSchema(extraSchema, 'extra');

type Definition = 'BlocksArray' | 'ModalView' | 'HomeView';
type Surface = 'message' | 'modal' | 'home';
type ExtraDefinition = 'DataVisualizationBlock' | 'TableBlock' | 'SlackFileImageBlock';

const validators = new Map<string, ValidateFunction>();
function validator(name: string): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    v = ajv.getSchema(name)!;
    validators.set(name, v);
  }
  return v;
}

function run(name: string, label: string, value: unknown): string | undefined {
  const v = validator(name);
  if (v(value)) return undefined;
  const e = v.errors?.[0];
  return `${label}${e?.instancePath ?? ''} ${e?.message ?? 'invalid'} ${e?.params ? JSON.stringify(e.params) : ''}`.trim();
}

const rules = extraSchema['x-rules'];

/** The extra schema's definition for a block, when it is one of the blocks it covers. */
function extraDefinition(block: unknown): ExtraDefinition | undefined {
  if (!block || typeof block !== 'object') return undefined;
  const b = block as { type?: unknown; slack_file?: unknown };
  if (b.type === 'data_visualization') return 'DataVisualizationBlock';
  if (b.type === 'table') return 'TableBlock';
  if (b.type === 'image' && b.slack_file !== undefined) return 'SlackFileImageBlock';
  return undefined;
}

/** bar/area/line: unique series names, one point per category, labelled with it, in order. */
function xyRule(block: { chart?: { type?: string; series?: Array<{ name: string; data: Array<{ label: string }> }>; axis_config?: { categories: string[] } } }): string | undefined {
  const chart = block.chart;
  if (!chart || chart.type === 'pie' || !chart.series || !chart.axis_config) return undefined;
  const names = chart.series.map((s) => s.name);
  if (new Set(names).size !== names.length) return 'series names are not unique';
  const categories = JSON.stringify(chart.axis_config.categories);
  for (const s of chart.series) if (JSON.stringify(s.data.map((d) => d.label)) !== categories) return `series "${s.name}" labels do not match the categories`;
  return undefined;
}

/**
 * The new blocks checked by their own schema and rules; the others by the strict schema, where
 * each new block stands as a divider (so the count of blocks per surface still applies).
 */
function checkBlocks(blocks: unknown, surface: Surface, index: string): { rest: unknown; error?: string } {
  if (!Array.isArray(blocks)) return { rest: blocks };
  const counts: Record<string, number> = {};
  const rest: unknown[] = [];
  for (const [i, block] of blocks.entries()) {
    const definition = extraDefinition(block);
    if (!definition) {
      rest.push(block);
      continue;
    }
    const type = (block as { type: keyof typeof rules.surfaces }).type;
    const allowed: readonly string[] = rules.surfaces[type];
    if (!allowed.includes(surface)) return { rest, error: `${index}/${i} a ${type} block is not allowed in a ${surface}` };
    const error = run(`extra#/definitions/${definition}`, `${index}/${i} `, block) ?? (definition === 'DataVisualizationBlock' ? xyRule(block as Parameters<typeof xyRule>[0]) : undefined);
    if (error) return { rest, error: `${index}/${i} ${error}` };
    counts[type] = (counts[type] ?? 0) + 1;
    rest.push({ type: 'divider' });
  }
  const perMessage: Record<string, number> = rules.perMessage;
  for (const [type, max] of Object.entries(perMessage)) {
    if ((counts[type] ?? 0) > max) return { rest, error: `${index} more than ${max} ${type} block(s)` };
  }
  return { rest };
}

function check(definition: Definition, surface: Surface, value: unknown): string | undefined {
  if (definition === 'BlocksArray') {
    const { rest, error } = checkBlocks((value as { blocks: unknown }).blocks, surface, 'blocks');
    return error ?? run(`blockkit#/definitions/${definition}`, definition, { blocks: rest });
  }
  if (!value || typeof value !== 'object') return run(`blockkit#/definitions/${definition}`, definition, value);
  const view = value as { blocks?: unknown };
  const { rest, error } = checkBlocks(view.blocks, surface, '/blocks');
  return error ? `${definition}${error}` : run(`blockkit#/definitions/${definition}`, definition, { ...view, blocks: rest });
}

export const blockKit = {
  message: (blocks: unknown) => (blocks === undefined ? undefined : check('BlocksArray', 'message', { blocks })),
  modal: (view: unknown) => check('ModalView', 'modal', view),
  home: (view: unknown) => check('HomeView', 'home', view),
};
