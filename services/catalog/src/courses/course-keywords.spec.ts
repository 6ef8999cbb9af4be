import { courseKeywords, queryKeywords, words } from './course-keywords';

describe('course keywords', () => {
  it('folds case and accents and splits on anything but letters and digits', () => {
    expect(words('Café-Based   PAIN management, 2026!')).toEqual([
      'cafe',
      'based',
      'pain',
      'management',
      '2026',
    ]);
  });

  it('indexes prefixes of title and provider words, whole words of the rest', () => {
    const keywords = courseKeywords({
      title: 'Opioids',
      providerName: 'Pain Society',
      body: ['buprenorphine dosing'],
    });
    expect(keywords).toEqual(
      expect.arrayContaining(['opi', 'opio', 'opioid', 'opioids', 'pai', 'pain', 'soc', 'society', 'dosing']),
    );
    expect(keywords).toContain('buprenorphine');
    expect(keywords).not.toContain('bup');
  });

  it('bounds the entries of a course with a long summary', () => {
    const summary = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    expect(courseKeywords({ title: 'T', providerName: 'P', body: [summary] }).length).toBeLessThanOrEqual(
      400,
    );
  });

  it('turns a query into at most eight plain words, operators and patterns included', () => {
    expect(queryKeywords('Opioids for the elderly')).toEqual(['opioid', 'elderly']);
    expect(queryKeywords('{"$regex": ".*"} $where')).toEqual(['regex', 'where']);
    expect(queryKeywords('.* ^$ ()')).toEqual([]);
    expect(queryKeywords('a1 b2 c3 d4 e5 f6 g7 h8 i9 j10')).toHaveLength(8);
  });

  it('finds a course by a word being typed and by a plural of an indexed word', () => {
    const keywords = courseKeywords({
      title: 'Opioid prescribing',
      providerName: 'X',
      body: ['tapering plans'],
    });
    for (const q of ['opio', 'opioids', 'prescrib', 'plans', 'plan']) {
      const wanted = queryKeywords(q);
      // arrayContaining([]) matches anything: a query reduced to no word would pass unseen.
      expect(wanted).not.toEqual([]);
      expect(keywords).toEqual(expect.arrayContaining(wanted));
    }
  });
});
