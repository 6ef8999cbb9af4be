export * from './local-identity';
export * from './repository-root';
export * from './service-processes';
export * from './wait-for';
export * from './demo-data';
export * from './free-port';
export * from './throwaway-databases';
