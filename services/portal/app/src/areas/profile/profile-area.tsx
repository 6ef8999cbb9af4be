import { type Area } from '../area';

/** The practitioner's profile (licenses, boards, DEA registration) and reminder preferences. */
export const profileArea: Area = {
  pages: [],
  navigation: [],
};
