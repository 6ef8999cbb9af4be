import { type LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

const SECRET_FIELDS = ['authorization', 'cookie', 'password', 'token', 'secret', 'accessToken', 'privateKey'];

/** Never written to the logs: credentials travel in these fields, at the top or one level down. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
];

const REDACTED = '[redacted]';
// A JWT's header is base64url JSON, so it starts with `eyJ` (`{"`); unsubscribe links carry `?token=`.
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const SECRET_QUERY_PARAMETER = /([?&](?:token|access_token|id_token)=)[^&#\s"]*/gi;
const SCRUB_DEPTH = 5;

/** Masks tokens inside free text (messages, URLs, error messages) that no field name gives away. */
export function scrubSecrets(text: string): string {
  return text.replace(JWT, REDACTED).replace(SECRET_QUERY_PARAMETER, `$1${REDACTED}`);
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (depth === 0 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const { name, message, stack } = value;
    const code = (value as { code?: unknown }).code;
    return scrubValue({ type: name, message, stack, ...(code !== undefined && { code }) }, depth - 1);
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, depth - 1)]));
}

export function createPinoLogger(
  service: string,
  level: string,
  destination?: DestinationStream,
): PinoLogger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubValue(object, SCRUB_DEPTH) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => scrubValue(arg, SCRUB_DEPTH)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** Nest's logger interface over pino: one JSON object per line, with the Nest context as `context`. */
export class JsonLogger implements LoggerService {
  constructor(readonly pino: PinoLogger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    this.write('error', message, context ?? stackOrContext);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: pino.Level, message: unknown, context?: string): void {
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      this.pino[level]({ context, ...(message as object) });
    } else if (message instanceof Error) {
      this.pino[level]({ context, err: message }, message.message);
    } else {
      this.pino[level]({ context }, String(message));
    }
  }
}
