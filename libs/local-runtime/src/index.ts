export * from './local-identity';
export * from './repository-root';
export * from './service-processes';
export * from './wait-for';
