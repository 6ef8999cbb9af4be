import { type Course, type CourseContent } from './course-api';

/** The course form's state: every field as the inputs hold it (text, or a number while typed). */
export interface CourseDraft {
  title: string;
  summary: string;
  providerName: string;
  accreditor: string;
  accreditationId: string;
  format: string;
  topics: string[];
  professions: string[];
  approvals: string[];
  credits: CreditRow[];
  startsOn: string;
  endsOn: string;
  availableUntil: string;
  url: string;
  location: string;
}

export interface CreditRow {
  type: string;
  amount: number | string;
}

const OPTIONAL_TEXT = ['summary', 'startsOn', 'endsOn', 'availableUntil', 'url', 'location'] as const;

export const NEW_COURSE: CourseDraft = {
  title: '',
  summary: '',
  providerName: '',
  accreditor: 'ACCME',
  accreditationId: '',
  format: '',
  topics: [],
  professions: [],
  approvals: [],
  credits: [{ type: 'AMA_PRA_1', amount: '' }],
  startsOn: '',
  endsOn: '',
  availableUntil: '',
  url: '',
  location: '',
};

export function draftOf(course: Course): CourseDraft {
  return {
    ...Object.fromEntries(OPTIONAL_TEXT.map((field) => [field, course[field] ?? ''])),
    title: course.title,
    providerName: course.provider.name,
    accreditor: course.provider.accreditor,
    accreditationId: course.provider.accreditationId ?? '',
    format: course.format,
    topics: course.topics,
    professions: course.professions,
    approvals: course.approvals ?? [],
    credits: course.credits.map(({ type, amount }) => ({ type, amount })),
  } as CourseDraft;
}

/**
 * The course the form describes, for `POST /v1/courses`. Nothing is checked here: the catalog validates and
 * its field errors are shown next to the fields (an amount that is not a number goes as `null` and is refused
 * as such).
 */
export function contentOf(draft: CourseDraft): CourseContent {
  const optional = Object.fromEntries(
    OPTIONAL_TEXT.flatMap((field) => (draft[field].trim() ? [[field, draft[field].trim()]] : [])),
  );
  return {
    title: draft.title.trim(),
    ...optional,
    provider: {
      name: draft.providerName.trim(),
      accreditor: draft.accreditor,
      ...(draft.accreditationId.trim() && { accreditationId: draft.accreditationId.trim() }),
    },
    format: draft.format,
    topics: draft.topics,
    credits: draft.credits.map(({ type, amount }) => ({
      type,
      amount: (amount === '' ? null : Number(amount)) as number,
    })),
    professions: draft.professions,
    approvals: draft.approvals,
  };
}

/** The whole form as a `PATCH /v1/courses/{id}`: an emptied optional field is removed (`null`). */
export function patchOf(draft: CourseDraft): Record<string, unknown> {
  return {
    ...Object.fromEntries(OPTIONAL_TEXT.map((field) => [field, null])),
    ...contentOf(draft),
  };
}

/** The API paths of the form's fields, where a 400's field errors are shown. */
export function fieldPathsOf(draft: CourseDraft): string[] {
  return [
    'title',
    'summary',
    'provider.name',
    'provider.accreditor',
    'provider.accreditationId',
    'format',
    'topics',
    'professions',
    'approvals',
    'credits',
    ...draft.credits.flatMap((_row, index) => [`credits[${index}].type`, `credits[${index}].amount`]),
    ...OPTIONAL_TEXT.filter((field) => field !== 'summary'),
  ];
}
