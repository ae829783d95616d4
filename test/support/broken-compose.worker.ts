import fs from 'node:fs';

/**
 * A compose thread whose modules fail to load, as in a broken installation; each attempt to load it is
 * counted in the file `DROBOT_TEST_LOADS` names.
 */
const loads = process.env.DROBOT_TEST_LOADS;
if (loads) fs.appendFileSync(loads, 'load\n');
throw new Error('a module of the composer is missing');
