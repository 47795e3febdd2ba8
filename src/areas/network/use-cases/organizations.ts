import type { Db } from '../../../platform/database/transaction';
import { isUniqueViolation } from '../../../platform/errors';
import { isClaimTaken } from '../../../platform/slack/events-store';
import type { FieldErrors } from '../../../platform/input/validation';
import { validateOrganizationInput, type OrganizationField } from '../domain/organization-input';
import { requireCoordinator } from '../domain/permissions';
import type { Actor, Organization } from '../domain/types';
import { networkMessages } from '../messages';
import { findOrganizationClash, insertAuditedOrganization } from '../store/organizations-store';

export type CreateOrganizationResult =
  | { ok: true; organization: Organization }
  | { ok: false; errors: FieldErrors<OrganizationField> };

export interface OrganizationDraft {
  name?: string | null;
  shortName?: string | null;
  kind?: string | null;
}

/** Adding an organization to the network (coordinators only). */
export class OrganizationChanges {
  constructor(private readonly deps: { db: Db }) {}

  /** Whether the actor may open the new-organization form (the submission is checked again). */
  startCreating(actor: Actor): void {
    requireCoordinator(actor);
  }

  /** `submission`: the form's submission, claimed in the same statement (a double click creates one organization). */
  async createOrganization(actor: Actor, raw: OrganizationDraft, submission?: string): Promise<CreateOrganizationResult> {
    requireCoordinator(actor);
    const validated = validateOrganizationInput(raw);
    // Report a duplicate name even when another field is wrong, so the user fixes all at once.
    const invalid: FieldErrors<OrganizationField> = validated.ok ? {} : validated.errors;
    const name = validated.ok ? validated.value.name : invalid.name ? '' : (raw.name ?? '').trim();
    const shortName = validated.ok ? validated.value.shortName : invalid.shortName ? '' : (raw.shortName ?? '').trim();
    const errors = { ...invalid, ...(await this.taken(name, shortName)) };
    if (!validated.ok || Object.keys(errors).length > 0) return { ok: false, errors };
    try {
      const { name: orgName, shortName: orgShortName, kind } = validated.value;
      const organization = await this.deps.db.write(['organizations'], (q) =>
        insertAuditedOrganization(q, validated.value, {
          actorUserId: actor.userId,
          action: 'organization.create',
          entity: 'organization',
          after: { name: orgName, shortName: orgShortName, kind },
        }, submission),
      );
      return { ok: true, organization };
    } catch (error) {
      // Stored by someone else since the check (the insert and its audit row were both refused).
      if (isUniqueViolation(error) && !isClaimTaken(error)) {
        const takenNow = await this.taken(name, shortName);
        if (Object.keys(takenNow).length > 0) return { ok: false, errors: takenNow };
      }
      throw error;
    }
  }

  /** The fields whose value another organization already has (ignoring case). */
  private async taken(name: string, shortName: string): Promise<FieldErrors<OrganizationField>> {
    const clash = await findOrganizationClash(this.deps.db.q, name, shortName);
    return {
      ...(clash.name ? { name: networkMessages.text((m) => m.org.name_taken) } : {}),
      ...(clash.shortName ? { shortName: networkMessages.text((m) => m.org.short_name_taken) } : {}),
    };
  }
}
