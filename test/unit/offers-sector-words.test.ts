import { parseOffertaCommand } from '../../src/areas/offers/domain/offerta-command';
import { offersMessages } from '../../src/areas/offers/messages';
import { LOCALES } from '../../src/platform/i18n/locales';

describe('the sector words an unknown word lists', () => {
  it.each(LOCALES)('are each accepted by `/offerta lista` (%s): the first word of every sector label', (locale) => {
    const sectors = offersMessages(locale).sectors;
    for (const [sector, label] of Object.entries(sectors)) {
      const word = label.split(' ')[0]!.toLowerCase();
      expect({ word, parsed: parseOffertaCommand(`lista ${word}`) }).toEqual({ word, parsed: { kind: 'list', query: { filter: 'open', sector, page: 1 } } });
    }
  });
});
