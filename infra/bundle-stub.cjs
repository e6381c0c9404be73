// Stands in for a package the functions never call (exceljs's CSV and streaming-read dependencies:
// fast-csv, unzipper), left out of the bundles by infra/bloc-function.ts. Any use fails loudly.
module.exports = new Proxy(
  {},
  {
    get: (_target, key) => {
      if (typeof key === 'symbol' || key === '__esModule' || key === 'then') return undefined;
      throw new Error(`${String(key)}: this package is left out of the function bundle (infra/bloc-function.ts)`);
    },
  },
);
