import Ajv, { type ValidateFunction } from 'ajv';
import schema from '../fixtures/slack/slack-types-3.2.0.blockkit.strict.schema.json';

/**
 * Slack's published Block Kit schema (strict: unknown fields refused, documented limits
 * included). The fake Slack API and the harness check every payload the app sends against it,
 * as Slack would answer `invalid_blocks`.
 */
const ajv = new Ajv({ allErrors: false, strict: false });
ajv.addSchema(schema, 'blockkit');

const validators = new Map<string, ValidateFunction>();
function validator(definition: 'BlocksArray' | 'ModalView' | 'HomeView'): ValidateFunction {
  let v = validators.get(definition);
  if (!v) {
    v = ajv.getSchema(`blockkit#/definitions/${definition}`)!;
    validators.set(definition, v);
  }
  return v;
}

function check(definition: 'BlocksArray' | 'ModalView' | 'HomeView', value: unknown): string | undefined {
  const v = validator(definition);
  if (v(value)) return undefined;
  const e = v.errors?.[0];
  return `${definition}${e?.instancePath ?? ''} ${e?.message ?? 'invalid'} ${e?.params ? JSON.stringify(e.params) : ''}`.trim();
}

export const blockKit = {
  message: (blocks: unknown) => (blocks === undefined ? undefined : check('BlocksArray', { blocks })),
  modal: (view: unknown) => check('ModalView', view),
  home: (view: unknown) => check('HomeView', view),
};
