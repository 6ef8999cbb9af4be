import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { isDuplicateKey } from '@cme/platform';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type Connection, type mongo } from 'mongoose';

import { ComplianceEvaluator } from './compliance-evaluator';
import { ComplianceResultRepository } from './compliance-result.repository';
import { ComplianceService } from './compliance.service';

/** How often an instance looks for results that are due (a rule change, a practitioner's day turning). */
const SWEEP_INTERVAL_MS = 5 * 60_000;
/**
 * Practitioners per batch: bounded memory and database work per step, with progress between. Each batch
 * reads its profiles, ledgers and results in one query each, so larger batches mean fewer queries (each a
 * collection scan on mongo-java-server) for a few megabytes of memory.
 */
const BATCH = 500;
/** One instance sweeps at a time; a crashed sweeper's lease runs out. */
const LEASE_MS = 10 * 60_000;

interface SweepLease {
  _id: string;
  owner: string;
  until: Date;
}

/**
 * Re-evaluates stored results that are due: every one made with older rule packs (so a new rule version
 * reaches every practitioner at start-up, in bounded batches with progress in the log), and every one made
 * on a day that has since ended on the practitioner's calendar (statuses move with time: a deadline 90 days
 * away turns a requirement at-risk, and the reminders must hear of it). One instance at a time, by lease.
 */
@Injectable()
export class ComplianceSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ComplianceSweep.name);
  private readonly owner = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  private readonly leases: mongo.Collection<SweepLease>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(ComplianceResultRepository) private readonly results: ComplianceResultRepository,
    @Inject(ComplianceService) private readonly compliance: ComplianceService,
    @Inject(ComplianceEvaluator) private readonly evaluator: ComplianceEvaluator,
    @InjectConnection() connection: Connection,
  ) {
    this.leases = connection.collection<SweepLease>(
      'compliance_sweep_lease',
    ) as unknown as mongo.Collection<SweepLease>;
  }

  onApplicationBootstrap(): void {
    // Not awaited: start-up must not wait for a re-evaluation of every practitioner.
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.sweepOnce()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn({ msg: 'compliance sweep failed', error: (error as Error).message }),
        )
        .finally(() => {
          if (!this.stopped) this.schedule(SWEEP_INTERVAL_MS);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Sweeps once if this instance gets the lease; answers how many practitioners it refreshed. */
  async sweepOnce(now = () => new Date()): Promise<number> {
    if (!(await this.acquireLease())) return 0;
    const started = Date.now();
    let done = 0;
    let published = 0;
    try {
      let after = '';
      while (!this.stopped) {
        const due = await this.results.findDue(this.evaluator.rulesVersion, now(), BATCH, after);
        if (due.length === 0) break;
        const outcomes = await this.compliance.refreshMany(due, now());
        published += outcomes.filter((outcome) => outcome === 'published').length;
        done += due.length;
        after = due[due.length - 1]._id;
        await this.renewLease();
        this.logger.log({
          msg: 'compliance re-evaluation progress',
          rulesVersion: this.evaluator.rulesVersion,
          practitioners: done,
          published,
          perSecond: Math.round((done * 1000) / Math.max(1, Date.now() - started)),
        });
      }
    } finally {
      await this.leases.deleteOne({ _id: 'sweep', owner: this.owner });
    }
    if (done > 0) {
      this.logger.log({
        msg: 'compliance re-evaluation finished',
        rulesVersion: this.evaluator.rulesVersion,
        practitioners: done,
        published,
        seconds: (Date.now() - started) / 1000,
      });
    }
    return done;
  }

  private async acquireLease(): Promise<boolean> {
    const now = new Date();
    const until = new Date(now.getTime() + LEASE_MS);
    try {
      const taken = await this.leases.updateOne(
        { _id: 'sweep', $or: [{ until: { $lt: now } }, { owner: this.owner }] },
        { $set: { owner: this.owner, until } },
        { upsert: true },
      );
      return taken.modifiedCount + taken.upsertedCount === 1;
    } catch (error) {
      // Another instance holds a live lease (the upsert met its document).
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  private async renewLease(): Promise<void> {
    await this.leases.updateOne(
      { _id: 'sweep', owner: this.owner },
      { $set: { until: new Date(Date.now() + LEASE_MS) } },
    );
  }
}
