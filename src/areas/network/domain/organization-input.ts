import { cleanText, type FieldErrors, type Validated } from '../../../platform/input/validation';
import { personalDataError } from '../../../platform/input/personal-data';
import { networkMessages } from '../messages';
import { ORGANIZATION_KINDS, type OrganizationKind } from './types';

export interface OrganizationInput {
  name: string;
  shortName: string;
  kind: OrganizationKind;
}

export type OrganizationField = 'name' | 'shortName' | 'kind';

export const ORGANIZATION_NAME_MAX = 120;
const SHORT_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{1,19}$/;

export function validateOrganizationInput(raw: { name?: string | null; shortName?: string | null; kind?: string | null }): Validated<OrganizationInput, OrganizationField> {
  const errors: FieldErrors<OrganizationField> = {};
  const name = cleanText(raw.name).replace(/\n/g, ' ');
  const shortName = cleanText(raw.shortName).toUpperCase();
  if (!name) errors.name = networkMessages.text((m) => m.org.name_required);
  else if (name.length > ORGANIZATION_NAME_MAX) errors.name = networkMessages.text((m) => m.org.name_too_long({ max: ORGANIZATION_NAME_MAX }));
  else {
    const personal = personalDataError(name, networkMessages.text((m) => m.org.name_label));
    if (personal) errors.name = personal;
  }
  if (!SHORT_NAME.test(shortName)) errors.shortName = networkMessages.text((m) => m.org.short_name_invalid);
  const kind = ORGANIZATION_KINDS.find((k) => k === raw.kind);
  if (!kind) errors.kind = networkMessages.text((m) => m.org.kind_required);
  if (Object.keys(errors).length > 0 || !kind) return { ok: false, errors };
  return { ok: true, value: { name, shortName, kind } };
}
