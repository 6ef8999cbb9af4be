import { placeFieldErrors } from './field-errors';

describe('placeFieldErrors', () => {
  const fields = ['title', 'provider.name', 'topics', 'credits', 'credits[0].amount', 'credits[1].type'];

  it('puts each error at its field, or at the nearest field that holds it', () => {
    const placed = placeFieldErrors(
      [
        { path: 'credits[0].amount', message: 'at most 100 AMA_PRA_1 per course' },
        { path: 'credits[1].type', message: 'each credit type may be designated once' },
        { path: 'topics[2]', message: 'listed twice' },
        { path: 'credits[0]', message: 'unknown field(s): hours' },
        { path: 'provider.name', message: 'Too short.' },
        { path: 'provider.name', message: 'Not a name.' },
      ],
      fields,
    );
    expect(placed.at('credits[0].amount')).toBe('at most 100 AMA_PRA_1 per course');
    expect(placed.at('credits[1].type')).toBe('each credit type may be designated once');
    expect(placed.at('topics')).toBe('listed twice');
    expect(placed.at('credits')).toBe('unknown field(s): hours');
    expect(placed.at('provider.name')).toBe('Too short. Not a name.');
    expect(placed.at('title')).toBeUndefined();
    expect(placed.unplaced).toEqual([]);
  });

  it('keeps the errors no field stands for, and never takes a longer name for a field', () => {
    const placed = placeFieldErrors(
      [
        { path: '', message: 'name at least one field to change' },
        { path: 'titles', message: 'unknown' },
      ],
      fields,
    );
    expect(placed.unplaced.map((error) => error.path)).toEqual(['', 'titles']);
    expect(placed.at('title')).toBeUndefined();
  });
});
