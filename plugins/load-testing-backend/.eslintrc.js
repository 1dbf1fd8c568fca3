module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // tests that need root (mount namespaces) are declared with itAsRoot
    'jest/no-standalone-expect': [
      'error',
      { additionalTestBlockFunctions: ['itAsRoot'] },
    ],
  },
});
