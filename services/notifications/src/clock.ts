import { Injectable } from '@nestjs/common';

/**
 * The service's notion of "now" for everything reminders decide (what is due, what to sweep). Tests and
 * drills move it to a reminder's due time instead of waiting days; in production it is the system clock.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** From here on, `now()` runs on from `instant`. */
  travelTo(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }
}
