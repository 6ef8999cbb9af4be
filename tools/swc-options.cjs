// One SWC configuration for the tests (jest.preset.cjs) and the builds (tools/build-app.cjs): the code the tests
// run is compiled exactly like the code that ships. Legacy decorators keep their design-time type metadata
// (`emitDecoratorMetadata`), which Nest's dependency injection, pipes and OpenAPI documents read.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};
