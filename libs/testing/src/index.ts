export * from './event-tap';
export * from './identities';
export * from './mail-viewer';
export * from './service-harness';
export * from './wait-for';
export * from './throwaway-infra';
export * from './service-processes';
export * from './free-port';
