// Preloaded into a process under test (`node --import ./test/without-chroma-bindings.mjs …`): the
// process sees no `chromadb-js-bindings-*` package, as in an install without them (the Docker image
// built with LOCAL_CHROMA=false), while the test machine's node_modules stays as it is.
import Module from 'node:module';

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request.startsWith('chromadb-js-bindings-')) {
    const err = new Error(`Cannot find module '${request}'`);
    err.code = 'MODULE_NOT_FOUND';
    throw err;
  }
  return resolve.call(this, request, ...rest);
};
