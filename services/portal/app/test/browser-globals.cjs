// What the component library expects of a browser and jsdom lacks (only in jsdom test files).
if (typeof window !== 'undefined') {
  window.matchMedia ??= (query) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener() {},
    removeListener() {},
    addEventListener() {},
    removeEventListener() {},
    dispatchEvent: () => false,
  });
  window.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  // React Router reads them at load; jsdom has neither (Node does).
  const { TextEncoder, TextDecoder } = require('node:util');
  window.TextEncoder ??= TextEncoder;
  window.TextDecoder ??= TextDecoder;
}
