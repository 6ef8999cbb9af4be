import { requestJson } from '../../../api/api-client';

/** The catalog's course (api-contract.md, Catalog), as staff edit it. */
export type CourseStatus = 'draft' | 'published' | 'retired';

export interface CourseContent {
  title: string;
  summary?: string;
  provider: { name: string; accreditor: string; accreditationId?: string };
  format: string;
  topics: string[];
  credits: { type: string; amount: number }[];
  professions: string[];
  approvals: string[];
  startsOn?: string;
  endsOn?: string;
  availableUntil?: string;
  url?: string;
  location?: string;
}

export interface Course extends CourseContent {
  id: string;
  version: number;
  status: CourseStatus;
  externalId?: string;
  publishedAt?: string;
  updatedAt: string;
}

export const COURSES_API = '/api/catalog/v1/courses';

export const COURSE_STATUSES: { value: CourseStatus; label: string }[] = [
  { value: 'draft', label: 'Drafts' },
  { value: 'published', label: 'Published' },
  { value: 'retired', label: 'Retired' },
];

// The catalog's own lists (services/catalog course.dto.ts and @cme/requirements); the API serves no route for them.
export const ACCREDITORS = ['ACCME', 'ACPE', 'ANCC', 'AOA'];

export const COURSE_FORMATS: { value: string; label: string }[] = [
  { value: 'live', label: 'Live (in person)' },
  { value: 'internet-live', label: 'Internet live (webinar)' },
  { value: 'enduring', label: 'Enduring material' },
  { value: 'internet-enduring', label: 'Internet enduring (on demand)' },
  { value: 'journal', label: 'Journal-based' },
  { value: 'rss', label: 'Regularly scheduled series' },
  { value: 'performance-improvement', label: 'Performance improvement' },
];

export const PROFESSIONS: { value: string; label: string }[] = [
  { value: 'physician', label: 'Physician (MD)' },
  { value: 'osteopathic-physician', label: 'Osteopathic physician (DO)' },
  { value: 'physician-assistant', label: 'Physician assistant' },
  { value: 'nurse-practitioner', label: 'Nurse practitioner' },
  { value: 'pharmacist', label: 'Pharmacist' },
  { value: 'fellow', label: 'Fellow' },
];

export interface VocabularyEntry {
  code: string;
  label: string;
}

/** `GET /v1/credit-types`: what a course may designate of each type. */
export interface CreditTypeEntry extends VocabularyEntry {
  step: number;
  designatable: boolean;
  maxPerCourse?: number;
}

export interface Vocabularies {
  topics: VocabularyEntry[];
  creditTypes: CreditTypeEntry[];
  approvals: VocabularyEntry[];
}

export async function loadVocabularies(): Promise<Vocabularies> {
  const [topics, creditTypes, approvals] = await Promise.all([
    requestJson<VocabularyEntry[]>('/api/catalog/v1/topics'),
    requestJson<CreditTypeEntry[]>('/api/catalog/v1/credit-types'),
    requestJson<VocabularyEntry[]>('/api/catalog/v1/approvals'),
  ]);
  return { topics, creditTypes, approvals };
}
