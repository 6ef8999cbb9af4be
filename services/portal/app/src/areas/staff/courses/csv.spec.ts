import { EXAMPLE_CSV, IMPORT_COLUMNS, importContentType } from './course-import';
import { csvCell, csvText } from './csv';

describe('csv', () => {
  it('quotes cells with commas, quotes or line breaks, and leaves the others as they are', () => {
    expect(csvCell('AMA_PRA_1:8;ANCC_CH:8')).toBe('AMA_PRA_1:8;ANCC_CH:8');
    expect(csvCell('Chicago, IL')).toBe('"Chicago, IL"');
    expect(csvCell('The "safe" dose')).toBe('"The ""safe"" dose"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvText(['a', 'b'], [{ a: 'x, y' }, { b: '1' }])).toBe('a,b\r\n"x, y",\r\n,1\r\n');
  });

  it("writes the example under the contract's header, one line per course", () => {
    const lines = EXAMPLE_CSV.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'externalId,title,summary,providerName,accreditor,accreditationId,format,topics,credits,professions,' +
        'approvals,startsOn,endsOn,availableUntil,url,location',
    );
    expect(lines[0].split(',')).toEqual([...IMPORT_COLUMNS]);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('"Chicago, IL"');
  });

  it('sends JSON files as JSON and everything else as CSV', () => {
    expect(importContentType({ name: 'courses.JSON', type: '' })).toBe('application/json');
    expect(importContentType({ name: 'export', type: 'application/json' })).toBe('application/json');
    expect(importContentType({ name: 'courses.csv', type: 'text/csv' })).toBe('text/csv');
    expect(importContentType({ name: 'courses.txt', type: 'text/plain' })).toBe('text/csv');
  });
});
