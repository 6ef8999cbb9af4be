import { postText } from '../../../api/api-client';
import { csvText } from './csv';

/** `POST /v1/course-imports`'s answer (services/catalog course-import.service.ts). */
export interface ImportReport {
  created: number;
  updated: number;
  unchanged?: number;
  failed: { row: number; errors: { path: string; message: string }[] }[];
  /** All failed rows; `failed` lists the first of them. */
  failedCount?: number;
}

/** The header of the contract (api-contract.md, Catalog) and of the catalog, `approvals` included. */
export const IMPORT_COLUMNS = [
  'externalId',
  'title',
  'summary',
  'providerName',
  'accreditor',
  'accreditationId',
  'format',
  'topics',
  'credits',
  'professions',
  'approvals',
  'startsOn',
  'endsOn',
  'availableUntil',
  'url',
  'location',
] as const;

export const REQUIRED_IMPORT_COLUMNS = [
  'externalId',
  'title',
  'providerName',
  'accreditor',
  'format',
  'credits',
];

/** A file staff can start from: a live course, an on-demand one, and a pharmacist course with its UAN. */
export const EXAMPLE_CSV = csvText(IMPORT_COLUMNS, [
  {
    externalId: 'pmec-2027-001',
    title: 'Safe opioid prescribing, tapering and monitoring',
    summary: 'Risk assessment, dosing, tapering and monitoring for long-term opioid therapy.',
    providerName: 'Pain Medicine Education Collaborative',
    accreditor: 'ACCME',
    format: 'live',
    topics: 'opioid-prescribing;pain-management',
    credits: 'AMA_PRA_1:8;ANCC_CH:8',
    professions: 'physician;nurse-practitioner',
    startsOn: '2027-03-04',
    endsOn: '2027-03-05',
    url: 'https://example.org/courses/opioids-2027',
    location: 'Chicago, IL',
  },
  {
    externalId: 'pmec-2027-002',
    title: 'Recognizing substance use disorder in primary care',
    providerName: 'Pain Medicine Education Collaborative',
    accreditor: 'ACCME',
    format: 'internet-enduring',
    topics: 'substance-use-disorder',
    credits: 'AMA_PRA_1:2',
    professions: 'physician;physician-assistant',
    availableUntil: '2029-12-31',
  },
  {
    externalId: 'rx-2027-014',
    title: 'Opioid stewardship for pharmacists',
    providerName: 'State Pharmacy Learning Center',
    accreditor: 'ACPE',
    accreditationId: '0797-0000-23-095-L04-P',
    format: 'internet-enduring',
    topics: 'opioid-prescribing',
    credits: 'ACPE_CPE:2',
    professions: 'pharmacist',
    availableUntil: '2028-06-30',
  },
]);

/** JSON files go as a JSON array of courses; anything else as CSV (the catalog says what it cannot read). */
export function importContentType(file: { name: string; type: string }): string {
  return file.type === 'application/json' || file.name.toLowerCase().endsWith('.json')
    ? 'application/json'
    : 'text/csv';
}

export async function importCourses(file: File): Promise<ImportReport> {
  return postText<ImportReport>('/api/catalog/v1/course-imports', await file.text(), importContentType(file));
}
