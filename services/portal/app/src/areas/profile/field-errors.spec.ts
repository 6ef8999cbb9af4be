import { describePath, errorsByPath, unplacedErrors } from './field-errors';

describe('field errors', () => {
  it('maps each path to its message as a sentence, joining several for one path', () => {
    const byPath = errorsByPath([
      { path: 'licenses[0].number', message: 'same license as licenses[1]' },
      { path: 'npi', message: 'must be a 10-digit NPI with a valid check digit' },
      { path: 'npi', message: 'Too long.' },
    ]);
    expect(byPath.get('licenses[0].number')).toBe('Same license as licenses[1]');
    expect(byPath.get('npi')).toBe('Must be a 10-digit NPI with a valid check digit Too long.');
  });

  it('lists the messages no field shows, saying where each belongs', () => {
    const byPath = errorsByPath([
      { path: 'licenses[1].issuedOn', message: 'must be before expiresOn' },
      { path: 'licenses[1].state', message: 'must be a US state' },
      { path: '', message: 'unknown field(s): extra' },
    ]);
    expect(unplacedErrors(byPath, new Set(['licenses[1].state']))).toEqual([
      'Licenses 2, issuedOn: Must be before expiresOn',
      'The form: Unknown field(s): extra',
    ]);
    expect(describePath('boards[0].cycleEnd')).toBe('Boards 1, cycleEnd');
    expect(describePath('dea.number')).toBe('Dea, number');
  });
});
