export * from './kafka-settings';
export * from './event-publisher';
export * from './event-subscriber';
export * from './outbox';
export * from './mongoose-outbox-store';
export * from './messaging.module';
export * from './outbox.providers';
