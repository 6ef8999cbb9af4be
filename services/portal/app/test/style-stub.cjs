// Stylesheets are the bundler's business; component tests import them as nothing.
module.exports = {};
