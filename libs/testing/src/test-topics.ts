import { createKafka, EventPublisher } from '@cme/messaging';

/**
 * Tests publish and consume on copies of the event topics with this prefix, so that the services `npm start`
 * runs on the same broker never act on a test's events (a test practitioner's reminder mailed, a test course
 * recommended to the demo practitioner). Services started by the harness take it as `KAFKA_TOPIC_PREFIX`.
 */
export const TEST_TOPIC_PREFIX = 'test.';

/** The broker of the local infrastructure. */
const LOCAL_BROKERS = ['127.0.0.1:9092'];

/** The tests' copy of an event topic. */
export function testTopic(topic: string): string {
  return `${TEST_TOPIC_PREFIX}${topic}`;
}

/** A publisher on the tests' topics, for a test that plays another service's part. Connect it before use. */
export function testEventPublisher(clientId: string): EventPublisher {
  return new EventPublisher(createKafka({ clientId, brokers: LOCAL_BROKERS, topicPartitions: 6 }), {
    topicPrefix: TEST_TOPIC_PREFIX,
  });
}
