import { displayableText, text } from './text';

describe('free text', () => {
  const title = text({ min: 3, max: 20 });
  const summary = text({ max: 200, multiline: true });

  it('trims and keeps ordinary text, accents and emoji (surrogate pairs) as sent', () => {
    expect(title.parse('  Opioids 101 ')).toBe('Opioids 101');
    expect(title.parse('Schmerz – Ärzte 🩺')).toBe('Schmerz – Ärzte 🩺');
    expect(summary.parse('Line one\n\tLine two\r\n')).toBe('Line one\n\tLine two');
  });

  it.each([
    ['NUL', 'Pain\u0000course'],
    ['BEL', 'Pain\u0007course'],
    ['ESC', 'Pain\u001b[31mcourse'],
    ['DEL', 'Pain\u007fcourse'],
    ['a C1 control', 'Pain\u0085course'],
    ['a line break in one line', 'Pain\ncourse'],
  ])('refuses %s', (_, value) => {
    expect(title.safeParse(value).success).toBe(false);
  });

  it('allows line breaks and tabs only in multi-line text, never other control characters', () => {
    expect(summary.safeParse('a\nb').success).toBe(true);
    expect(summary.safeParse('a\u0000b').success).toBe(false);
  });

  it('refuses lone surrogates, which would be stored as something else than what was sent', () => {
    expect(title.safeParse('Pain \ud800 course').success).toBe(false);
    expect(title.safeParse('Pain \udc00 course').success).toBe(false);
    expect(title.safeParse(JSON.parse('"Pain \\ud83e course"')).success).toBe(false);
  });

  it('checks the length after trimming', () => {
    expect(title.safeParse('  ab  ').success).toBe(false);
    expect(title.safeParse('x'.repeat(21)).success).toBe(false);
  });
});

describe('displayable text', () => {
  it('drops control characters and lone surrogates, trims and cuts', () => {
    expect(displayableText(' cert\u0000ificate\r\n\ud800 🩺.pdf ', 100)).toBe('certificate 🩺.pdf');
    expect(displayableText('x'.repeat(300), 200)).toHaveLength(200);
  });
});
