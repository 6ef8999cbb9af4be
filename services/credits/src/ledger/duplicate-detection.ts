import { type CreditEntry } from './credit-entry';

const normalized = (text: string | undefined) => (text ?? '').trim().toLowerCase().replace(/\s+/g, ' ');

const amountsOf = (entry: CreditEntry) =>
  entry.claimed
    .map(({ type, amount }) => `${type}:${amount}`)
    .sort()
    .join(';');

/** Why `entry` looks like a certificate already in the ledger as `candidate`, if it does. */
function sameCertificate(entry: CreditEntry, candidate: CreditEntry): boolean {
  const a = entry.activity;
  const b = candidate.activity;
  if (a.activityId && normalized(a.activityId) === normalized(b.activityId)) return true;
  if (a.courseId && a.courseId === b.courseId) return true;
  if (entry.certificate && entry.certificate.sha256 === candidate.certificate?.sha256) return true;
  return (
    entry.completedOn === candidate.completedOn &&
    normalized(a.title) === normalized(b.title) &&
    normalized(a.provider) === normalized(b.provider) &&
    amountsOf(entry) === amountsOf(candidate)
  );
}

/**
 * Strings an entry shares with every entry `sameCertificate` takes for the same certificate: one per rule, made
 * of the values that rule compares. Two entries with no fingerprint in common are never duplicates, so the
 * candidates of an entry are the entries listed under its fingerprints.
 */
export function duplicateFingerprints(entry: CreditEntry): string[] {
  const { activityId, courseId, title, provider } = entry.activity;
  return [
    ...(activityId ? [`activity\n${normalized(activityId)}`] : []),
    ...(courseId ? [`course\n${courseId}`] : []),
    ...(entry.certificate ? [`certificate\n${entry.certificate.sha256}`] : []),
    ['same', entry.completedOn, normalized(title), normalized(provider), amountsOf(entry)].join('\n'),
  ];
}

/**
 * The entry `entry` possibly repeats: the same certificate recorded twice — the same activity id (or catalog
 * course), the same certificate file, or the same provider, title, completion date and amounts. It points at
 * the first recording when that one is among the live candidates; once it is voided, at the duplicate that
 * counts in its place (the voided one counts nowhere, so pointing at it would count the pair twice). It skips
 * what the practitioner confirmed distinct, and is stored as a flag: the entry is kept, and compliance counts
 * the pair once until it is resolved.
 */
export function possibleDuplicateOf(
  entry: CreditEntry,
  candidates: readonly CreditEntry[],
): string | undefined {
  const distinct = new Set(entry.distinctFrom ?? []);
  const live = new Set(candidates.filter((candidate) => !candidate.voided).map((candidate) => candidate.id));
  for (const candidate of candidates) {
    if (candidate.id === entry.id || candidate.voided) continue;
    const flagged = candidate.possibleDuplicateOf;
    if (flagged === entry.id) continue;
    const original = flagged !== undefined && live.has(flagged) ? flagged : candidate.id;
    if (distinct.has(original) || distinct.has(candidate.id)) continue;
    if (sameCertificate(entry, candidate)) return original;
  }
  return undefined;
}
