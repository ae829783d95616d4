/** A parse thread whose modules fail to load, as in a broken installation. */
throw new Error('a module of the parser is missing');
