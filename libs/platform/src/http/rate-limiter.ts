import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { Redis } from 'ioredis';

import { PROBLEM_CONTENT_TYPE, ProblemException, problemType, type ProblemDetails } from '../errors/problem';

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

export function rateLimitedProblem(subject: RateLimitSubject): ProblemDetails {
  return {
    type: problemType('rate-limited'),
    title: 'Too Many Requests',
    status: 429,
    detail:
      subject === 'ip'
        ? 'Too many requests from this address; retry after the time in Retry-After.'
        : 'Too many requests by this user; retry after the time in Retry-After.',
  };
}

/** For Nest code (guards): sets Retry-After on the reply and returns the 429 to throw. */
export function rateLimited(
  reply: FastifyReply,
  subject: RateLimitSubject,
  decision: RateLimitDecision,
): ProblemException {
  void reply.header('retry-after', String(decision.retryAfterSeconds));
  return new ProblemException(rateLimitedProblem(subject));
}

/** For Fastify hooks, which answer themselves. */
export function sendRateLimited(
  reply: FastifyReply,
  subject: RateLimitSubject,
  decision: RateLimitDecision,
): FastifyReply {
  return reply
    .status(429)
    .header('retry-after', String(decision.retryAfterSeconds))
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(rateLimitedProblem(subject));
}
