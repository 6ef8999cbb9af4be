/**
 * Lists, inspects and replays dead-lettered events. Run: npm run dead-letters -- <command> (see USAGE).
 * Replaying sends events back to the consumer group that gave up on them, through its retry topic; the
 * group skips any it has meanwhile handled.
 */
import { parseArgs } from 'node:util';

import { DeadLetterBox, type DeadLetter } from '../src/dead-letters';
import { EventPublisher } from '../src/event-publisher';
import { isBroadcastGroup } from '../src/event-subscriber';
import { createKafka } from '../src/kafka-settings';

const USAGE = `usage: npm run dead-letters -- <command> [options]

  list                      one line per dead letter: id, when, group, reason, attempts, type, event id, error
  inspect <id>...           everything about the named dead letters: headers, origin and the event itself
  replay <id>...            send the named dead letters back to the groups that gave up on them
  replay --all              send back every dead letter that matches the filters

  <id> is <partition>:<offset> on the dead-letter topic (as list shows it), or an event id.
  filters (list, replay --all): --group <consumer group>  --type <event type>  --reason invalid|exhausted
  --brokers <host:port,...>  (default: KAFKA_BROKERS, else 127.0.0.1:9092)
  --prefix <topic prefix>    (default: KAFKA_TOPIC_PREFIX, else none)`;

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function summary(letter: DeadLetter): string {
  return [
    letter.id.padEnd(8),
    letter.deadLetteredAt,
    letter.group,
    letter.reason,
    `attempts=${letter.attempts}`,
    letter.type ?? '-',
    letter.eventId ?? '-',
    JSON.stringify(letter.error.length > 120 ? `${letter.error.slice(0, 119)}…` : letter.error),
  ].join('  ');
}

function details(letter: DeadLetter): object {
  const text = letter.value?.toString('utf8') ?? null;
  let event: unknown = text;
  try {
    event = JSON.parse(text ?? 'null');
  } catch {
    // Not JSON: shown as the text it is (that is often why it was dead-lettered).
  }
  return { ...letter, value: undefined, event };
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      group: { type: 'string' },
      type: { type: 'string' },
      reason: { type: 'string' },
      all: { type: 'boolean', default: false },
      brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
      prefix: { type: 'string', default: process.env.KAFKA_TOPIC_PREFIX ?? '' },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, ...ids] = positionals;
  if (values.help || !['list', 'inspect', 'replay'].includes(command ?? '')) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  const brokers = values.brokers.split(',').map((broker) => broker.trim());
  const kafka = createKafka({ clientId: 'dead-letters-cli', brokers, topicPartitions: 1 });
  const box = new DeadLetterBox(kafka, values.prefix);
  const filter = { group: values.group, type: values.type, reason: values.reason };
  const letters = await box.list(command === 'list' || values.all ? filter : {});
  const named = letters.filter((letter) => ids.includes(letter.id) || ids.includes(letter.eventId ?? ''));
  const missing = ids.filter((id) => !named.some((letter) => letter.id === id || letter.eventId === id));
  if (missing.length > 0) {
    print(`not on ${box.topic}: ${missing.join(', ')}`);
    return 1;
  }

  if (command === 'list') {
    letters.forEach((letter) => print(summary(letter)));
    print(`${letters.length} dead letter(s) on ${box.topic}`);
  } else if (command === 'inspect') {
    named.forEach((letter) => print(JSON.stringify(details(letter), null, 2)));
  } else {
    const replayable = letters.filter((letter) => !isBroadcastGroup(letter.group));
    if (values.all && replayable.length < letters.length) {
      print(
        `skipped ${letters.length - replayable.length} dead letter(s) of broadcast listeners (restart their service instead)`,
      );
    }
    const chosen = values.all ? replayable : named;
    if (chosen.length === 0) {
      print('nothing to replay: name dead letters by id, or use --all with filters');
      return 1;
    }
    const publisher = new EventPublisher(kafka, { topicPrefix: values.prefix });
    await publisher.connect();
    try {
      const sent = await box.replay(chosen, publisher);
      chosen.forEach((letter) =>
        print(`replayed ${letter.id} (${letter.eventId ?? '-'}) to ${letter.group}`),
      );
      print(`${sent} dead letter(s) replayed`);
    } finally {
      await publisher.disconnect();
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`dead-letters: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
