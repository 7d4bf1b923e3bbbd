import { dropTestDatabases } from './database.js';

/** Mocha root hooks: clean up server-side test databases once the whole run is over. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await dropTestDatabases();
  },
};
