import { requirementStanding } from '../../reminders/testing/requirement-standing';

/** Texas physicians: 2 formal hours of pain management and opioid prescribing each renewal, none earned. */
export const OPIOID_GAP = requirementStanding({
  id: 'tx-opioid-pain-periodic',
  name: 'Texas pain management and opioid prescribing',
  deadline: '2027-06-30',
  required: 2,
  earned: 0,
  remaining: 2,
  components: [
    { name: 'Pain management and opioid prescribing (formal)', kind: 'topic', required: 2, remaining: 2 },
  ],
  recommendedCourses: [],
});
