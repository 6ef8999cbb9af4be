import { type Area } from '../area';

/** The practitioner's credits: recording one, the history, transcripts and imports. */
export const creditsArea: Area = {
  pages: [],
  navigation: [],
};
