import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';

import { AppException } from '../errors/app-exception';

export interface RateLimitSettings {
  redisUrl: string;
  /** Counts are kept per scope: the instances of one deployment of a service share theirs. */
  scope: string;
  windowSeconds: number;
  perIp: number;
  perUser: number;
}

export type RateLimitSubject = 'ip' | 'user';

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window ends and the count starts again. */
  retryAfterSeconds: number;
}

// Fixed window: the first request of a window creates the counter with the window as its lifetime. One
// script, so that the count and the expiry are set together even when the client dies in between.
const COUNT_IN_WINDOW = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/** A rate-limit check may delay a request by this much at most; past it the request goes through. */
const COMMAND_TIMEOUT_MS = 250;

/**
 * Counts requests per client address and per user in Redis, shared by every instance of the service.
 * When Redis does not answer, requests are let through (and logged): readiness reports Redis down, and an
 * outage of the limiter must not become an outage of the API.
 */
export class RateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('rate-limit');
  private readonly redis: Redis;
  private failing = false;

  constructor(private readonly settings: RateLimitSettings) {
    // Its own connection, failing fast: the shared one queues commands while Redis is away (BullMQ needs that).
    this.redis = new Redis(settings.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      lazyConnect: true,
    });
    this.redis.on('error', (error: Error) => this.degraded(error));
  }

  async onModuleInit(): Promise<void> {
    await this.redis.connect().catch((error: Error) => this.degraded(error));
  }

  async consume(subject: RateLimitSubject, id: string): Promise<RateLimitDecision> {
    const limit = subject === 'ip' ? this.settings.perIp : this.settings.perUser;
    const windowMs = this.settings.windowSeconds * 1000;
    try {
      const [count, ttlMs] = (await this.redis.eval(
        COUNT_IN_WINDOW,
        1,
        `cme:rate-limit:${this.settings.scope}:${subject}:${id}`,
        windowMs,
      )) as [number, number];
      if (this.failing) {
        this.failing = false;
        this.logger.log({ msg: 'rate limiting restored' });
      }
      return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
    } catch (error) {
      this.degraded(error as Error);
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private degraded(error: Error): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn({ msg: 'rate limiting suspended: Redis does not answer', error: error.message });
  }
}

/** The 429 for a caller over its limit, with Retry-After. */
export function rateLimited(subject: RateLimitSubject, decision: RateLimitDecision): AppException {
  return AppException.rateLimited(
    `rate-limited-per-${subject}`,
    subject === 'ip'
      ? 'Too many requests from this address; retry after the time in Retry-After.'
      : 'Too many requests by this user; retry after the time in Retry-After.',
    decision.retryAfterSeconds,
  );
}
