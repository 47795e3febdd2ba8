import { directoryMessage, organizationModal } from '../../src/areas/network/slack/views';
import { errorText } from '../../src/platform/slack/error-views';
import { AppError } from '../../src/platform/errors';
import type { Actor, MemberWithOrganization, Organization } from '../../src/areas/network/domain/types';
import { requireCoordinator } from '../../src/areas/network/domain/permissions';
import { blockKit } from '../support/block-kit-schema';

function org(id: number, name = `Cooperativa ${id}`): Organization {
  return { id, name, shortName: `C${id}`, kind: 'cooperative', isCoordinatorBody: false, active: true };
}

function member(o: Organization, userId: string): MemberWithOrganization {
  return { id: 1, userId, teamId: null, organizationId: o.id, role: 'partner', locale: null, localeCheckedAt: null, organization: o };
}

describe('network views', () => {
  it('keep a large directory within Slack’s 50 blocks, saying how many are left out', () => {
    const organizations = Array.from({ length: 80 }, (_, i) => org(i + 1));
    const message = directoryMessage({ organizations, members: organizations.map((o) => member(o, `U${o.id}`)) }, 'it');
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(blockKit.message(message.blocks)).toBeUndefined();
    const last = JSON.stringify(message.blocks[message.blocks.length - 1]);
    expect(last).toMatch(/…e altri 3[0-9]/);
  });

  it('show names verbatim but escaped, so they cannot ping a channel or fake a link', () => {
    const evil = org(1, '<!channel> *Coop* <http://x|y> & co');
    const text = JSON.stringify(directoryMessage({ organizations: [evil], members: [] }, 'en').blocks);
    expect(text).toContain('&lt;!channel&gt; \u2217Coop\u2217 &lt;http://x|y&gt; &amp; co');
    expect(text).not.toContain('<!channel>');
  });

  it('build a modal Slack accepts, in both languages', () => {
    for (const locale of ['it', 'en'] as const) {
      expect(blockKit.modal(organizationModal(locale, '{}'))).toBeUndefined();
    }
  });

  it('turn errors into one sentence, with the reason in the reader’s language', () => {
    const partner: Actor = { userId: 'U1', teamId: null, member: null, role: 'partner', isConfiguredAdmin: false, locale: 'it' };
    const refusal = (() => {
      try {
        requireCoordinator(partner);
      } catch (error) {
        return error as AppError;
      }
      throw new Error('a partner was let through');
    })();
    expect(errorText(refusal, 'it')).toBe('Non hai i permessi per questa operazione: solo i coordinatori della rete possono farlo.');
    expect(errorText(refusal, 'en')).toBe('You are not allowed to do this: only the network coordinators can do this.');
    expect(errorText(new AppError('not_member'), 'en', { coordinatorIds: ['U1', 'U2'] })).toBe(
      'You are not part of the ISO.NEW network on Slack yet. Ask a coordinator to add you (<@U1>, <@U2>).',
    );
    expect(errorText(new AppError('not_member'), 'it', { coordinatorIds: [] })).toContain('ADMIN_USER_IDS');
    expect(errorText(new AppError('database_unavailable'), 'en')).toContain('nothing was saved');
  });
});
