/** The Microsoft Graph connection type: inbound source, outbound sink and the connection test's probe. */
export { createGraphSource, GraphSource } from './graph.source.js';
export { createGraphSink, GraphSink, type GraphSendMode, type GraphSinkOptions } from './graph.sink.js';
export { graphErrors } from './graph.errors.js';
export { probeGraphFolder, type GraphFolderFacts } from './graph.probe.js';
