/**
 * The keyword index behind `q`. The local database offers no text index or collation, and `q`
 * must never reach the database as a regular expression, so each course stores its normalized words in a
 * `keywords` array (multikey index) and a search asks for documents holding all of the query's words (`$all`).
 */

// Words too common to narrow a search; dropped on both sides so that "pain in the elderly" still matches.
const STOP_WORDS = new Set(
  'a an and are as at be by for from in into is it of on or the to with without your you'.split(' '),
);
const MIN_PREFIX = 3;
const MAX_WORD = 30;
const MAX_QUERY_WORDS = 8;
/** Bounds the index entries of one course (a long summary); title words always come first. */
const MAX_KEYWORDS = 400;

/** Lower case, accents removed, split on anything not a letter or digit; stop words dropped. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .map((word) => word.slice(0, MAX_WORD));
}

/** A light plural folding ("opioids" → "opioid"), applied to indexed words and query words alike. */
function stem(word: string): string {
  return word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

function prefixes(word: string): string[] {
  const out: string[] = [];
  for (let end = MIN_PREFIX; end <= word.length; end++) out.push(word.slice(0, end));
  return out;
}

/**
 * The index entries of a course: every prefix (from 3 letters) of the words of its title and provider, so
 * that a word being typed matches ("opio"); whole words (and their stems) of its summary and topic labels.
 */
export function courseKeywords(fields: { title: string; providerName: string; body: string[] }): string[] {
  const keywords = new Set<string>();
  for (const word of words(`${fields.title} ${fields.providerName}`)) {
    keywords.add(word);
    for (const prefix of prefixes(word)) keywords.add(prefix);
  }
  for (const word of words(fields.body.join(' '))) {
    if (keywords.size >= MAX_KEYWORDS) break;
    keywords.add(word);
    keywords.add(stem(word));
  }
  return [...keywords].slice(0, MAX_KEYWORDS);
}

/** The words a search for `q` requires, at most 8; empty when `q` holds no searchable word. */
export function queryKeywords(q: string): string[] {
  return [...new Set(words(q).map(stem))].slice(0, MAX_QUERY_WORDS);
}
