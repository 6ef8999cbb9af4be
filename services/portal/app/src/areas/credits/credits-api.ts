import { requestJson, uploadWithProgress } from '../../api/api-client';
import { type Page } from '../../api/use-paged-list';

/** One claimed credit type of an entry (api-contract.md, Credits). */
export interface ClaimedCredit {
  type: string;
  amount: number;
  /** The part of `amount` that covered each topic. */
  topicHours?: Record<string, number>;
}

/** A ledger entry as `GET /v1/practitioners/me/credits` shows it. */
export interface CreditEntry {
  id: string;
  source: 'catalog' | 'outside';
  activity: {
    courseId?: string;
    title: string;
    provider?: string;
    format?: string;
    topics: string[];
  };
  completedOn: string;
  claimed: ClaimedCredit[];
  certificate?: { id: string; sha256: string };
  possibleDuplicateOf?: string;
  voided: boolean;
  voidedAt?: string;
}

/** A published catalog course, as far as a claim needs it. */
export interface Course {
  id: string;
  title: string;
  provider: { name: string; accreditor?: string };
  format: string;
  topics: string[];
  credits: { type: string; amount: number }[];
  startsOn?: string;
  endsOn?: string;
}

/** An entry of a controlled vocabulary (`GET /v1/topics`, `GET /v1/credit-types`). */
export interface VocabularyEntry {
  code: string;
  label: string;
}

export interface Vocabularies {
  topics: VocabularyEntry[];
  creditTypes: VocabularyEntry[];
}

/** The formats of the credits service's outside activities; the catalog's courses use the first seven. */
export const ACTIVITY_FORMATS = [
  { value: 'live', label: 'Live' },
  { value: 'enduring', label: 'Enduring material' },
  { value: 'journal', label: 'Journal-based' },
  { value: 'rss', label: 'Regularly scheduled series' },
  { value: 'internet-live', label: 'Internet live' },
  { value: 'internet-enduring', label: 'Internet enduring' },
  { value: 'performance-improvement', label: 'Performance improvement' },
  { value: 'self-study', label: 'Self-study' },
  { value: 'other', label: 'Other' },
] as const;

export const COURSE_FORMATS = ACTIVITY_FORMATS.slice(0, 7);

export const CREDITS_API = '/api/credits/v1';
const MY = `${CREDITS_API}/practitioners/me`;

/** Both vocabularies, loaded together: every form of the area needs their labels. */
export async function loadVocabularies(): Promise<Vocabularies> {
  const [topics, creditTypes] = await Promise.all([
    requestJson<VocabularyEntry[]>('/api/catalog/v1/topics'),
    requestJson<VocabularyEntry[]>('/api/catalog/v1/credit-types'),
  ]);
  return { topics, creditTypes };
}

/** The label of a code, or the code itself when the vocabulary does not know it. */
export const labelOf = (entries: readonly VocabularyEntry[], code: string) =>
  entries.find((entry) => entry.code === code)?.label ?? code;

/** A query string of the values that are set (empty ones are left out: the APIs refuse empty filters). */
export function queryOf(values: Record<string, string | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}

export interface CourseSearch {
  q?: string;
  topic?: string | null;
  creditType?: string | null;
  format?: string | null;
}

export const searchCourses = (search: CourseSearch, cursor?: string) =>
  requestJson<Page<Course>>(
    `/api/catalog/v1/courses${queryOf({ ...search, q: search.q?.trim(), limit: '10', cursor })}`,
  );

/** The body of `POST /v1/practitioners/me/credits`: a catalog claim or an outside activity. */
export type NewCredit =
  | { courseId: string; completedOn: string; claimed: ClaimedCredit[] }
  | {
      activity: { title: string; provider: string; format: string; topics: string[] };
      completedOn: string;
      claimed: ClaimedCredit[];
      certificateId?: string;
    };

export const recordCredit = (credit: NewCredit, idempotencyKey: string) =>
  requestJson<CreditEntry>(`${MY}/credits`, {
    method: 'POST',
    body: credit,
    headers: { 'idempotency-key': idempotencyKey },
  });

export interface CreditFilters {
  from?: string | null;
  to?: string | null;
  type?: string | null;
  topic?: string | null;
}

/** A page of the ledger, voided entries included (the history shows them as voided). */
export const listCredits = (filters: CreditFilters, cursor?: string) =>
  requestJson<Page<CreditEntry>>(
    `${MY}/credits${queryOf({ ...filters, includeVoided: 'true', limit: '20', cursor })}`,
  );

/** `PATCH …/credits/{id}`: the fields to correct, or `confirmedDistinct` to resolve a possible duplicate. */
export interface CreditCorrection {
  completedOn?: string;
  claimed?: ClaimedCredit[];
  activity?: { title?: string; provider?: string };
  confirmedDistinct?: true;
}

export const correctCredit = (id: string, correction: CreditCorrection) =>
  requestJson<CreditEntry>(`${MY}/credits/${encodeURIComponent(id)}`, { method: 'PATCH', body: correction });

export const voidCredit = (id: string) =>
  requestJson<void>(`${MY}/credits/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const certificateUrl = (id: string) => `${MY}/certificates/${encodeURIComponent(id)}`;

export interface UploadedCertificate {
  id: string;
  sha256: string;
  contentType: string;
  size: number;
}

/** The certificate goes in the multipart field `file` (services/credits, certificates.controller.ts). */
export function uploadCertificate(file: File, onProgress: (fraction: number) => void) {
  const form = new FormData();
  form.append('file', file);
  return uploadWithProgress<UploadedCertificate>(`${MY}/certificates`, form, { onProgress });
}

export interface CreditImportReport {
  created: number;
  duplicates: number;
  alreadyImported?: number;
  failedCount?: number;
  failed: { row: number; errors: { path: string; message: string }[] }[];
}

export const importCredits = (file: File) =>
  uploadWithProgress<CreditImportReport>(`${MY}/credit-imports`, file, { contentType: 'text/csv' });

export const CREDIT_IMPORT_TEMPLATE_URL = `${CREDITS_API}/credit-imports/template.csv`;
export const transcriptUrl = (format: 'csv' | 'pdf') => `${MY}/transcript?format=${format}`;

export interface CalendarSubscription {
  url: string;
  createdAt: string;
}

/** A new subscription address (the service replaces any former one: it shows a token only once). */
export const subscribeToCalendar = () =>
  requestJson<CalendarSubscription>(`${MY}/calendar-subscription`, { method: 'POST' });

export const revokeCalendarSubscription = () =>
  requestJson<void>(`${MY}/calendar-subscription`, { method: 'DELETE' });
