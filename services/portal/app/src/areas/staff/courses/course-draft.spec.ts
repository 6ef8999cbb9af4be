import { contentOf, draftOf, NEW_COURSE, patchOf } from './course-draft';
import { testCourse } from './test-course';

const course = testCourse({
  format: 'live',
  topics: ['opioid-prescribing'],
  credits: [{ type: 'AMA_PRA_1', amount: 8 }],
  professions: ['physician'],
  startsOn: '2026-12-01',
  endsOn: '2026-12-01',
  location: 'Chicago, IL',
});

describe('course drafts', () => {
  it('gives back the content of the course it was made of', () => {
    const { id: _id, version: _v, status: _s, updatedAt: _u, publishedAt: _p, ...content } = course;
    expect(contentOf(draftOf(course))).toEqual(content);
  });

  it('leaves empty optional fields out of a new course, and removes them in a change', () => {
    const draft = {
      ...draftOf(course),
      location: '  ',
      accreditationId: ' 0797-0000-23-095-L04-P ',
      credits: [{ type: 'AMA_PRA_1', amount: '8.5' }],
    };
    expect(contentOf(draft)).not.toHaveProperty('location');
    expect(contentOf(draft).provider.accreditationId).toBe('0797-0000-23-095-L04-P');
    expect(contentOf(draft).credits).toEqual([{ type: 'AMA_PRA_1', amount: 8.5 }]);
    expect(patchOf(draft)).toMatchObject({ location: null, summary: null, startsOn: '2026-12-01' });
  });

  it('sends an amount left empty as null, for the catalog to name it', () => {
    expect(contentOf(NEW_COURSE).credits).toEqual([{ type: 'AMA_PRA_1', amount: null }]);
  });
});
