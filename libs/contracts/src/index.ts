export * from './topics';
export * from './envelope';
export * from './event-catalog';
export * from './events/course-events';
export * from './events/ledger-events';
export * from './events/practitioner-events';
export * from './events/compliance-events';
