// The REST API's types, generated from its OpenAPI document (src/server/routes): do not edit by hand.
// `npm run gen:api` writes this file again; test/server/api-types.test.ts fails while it is stale.

export interface paths {
    readonly "/api/accounts": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** List accounts */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly components["schemas"]["Account"][];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        /** Create an account */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": components["schemas"]["AccountCreate"];
                };
            };
            readonly responses: {
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/accounts/{ref}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description account name or id */
                readonly ref: string;
            };
            readonly cookie?: never;
        };
        /** Show an account */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description account name or id */
                    readonly ref: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        /** Remove an account */
        readonly delete: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description account name or id */
                    readonly ref: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Removed */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly options?: never;
        readonly head?: never;
        /** Edit an account */
        readonly patch: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description account name or id */
                    readonly ref: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": components["schemas"]["AccountPatch"];
                };
            };
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly trace?: never;
    };
    readonly "/api/accounts/{ref}/enable": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description account name or id */
                readonly ref: string;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Enable an account: it is used again (no body) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description account name or id */
                    readonly ref: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/accounts/{ref}/disable": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description account name or id */
                readonly ref: string;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Disable an account: it is kept but not used (no body) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description account name or id */
                    readonly ref: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/accounts/{ref}/test": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description account name or id */
                readonly ref: string;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Connection test of a saved account, optionally with unsaved changes; the result is kept as its last test */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description account name or id */
                    readonly ref: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: {
                readonly content: {
                    readonly "application/json": {
                        /** Format: email */
                        readonly sendTestTo?: string;
                        readonly changes?: components["schemas"]["AccountPatch"];
                    };
                };
            };
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["ConnectionTestResult"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/accounts/{ref}/test/events": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description account name or id */
                readonly ref: string;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** The connection test of a saved account as server-sent events: `step` per step, then `result` (or `error`) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description account name or id */
                    readonly ref: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description text/event-stream */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/accounts/test/events": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** The connection test of a draft as server-sent events: `step` per step, then `result` (or `error`) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description text/event-stream */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/accounts/test": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Connection test of settings not saved yet (a draft account, secrets included) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly account: components["schemas"]["AccountCreate"];
                        /** Format: email */
                        readonly sendTestTo?: string;
                    };
                };
            };
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["ConnectionTestResult"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/account-defaults": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** What an account leaving its API address or OAuth authority empty uses: per API connection type, per provider */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["AccountDefaults"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/accounts/export": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Export every account without secrets */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["AccountImport"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/accounts/import": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Import accounts (all or nothing), secrets optional */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": components["schemas"]["AccountImport"];
                };
            };
            readonly responses: {
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly components["schemas"]["Account"][];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/accounts/{ref}/oauth/start": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description account name or id */
                readonly ref: string;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Start an OAuth consent from the console; send the browser to the returned URL */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description account name or id */
                    readonly ref: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: {
                readonly content: {
                    readonly "application/json": components["schemas"]["OAuthStart"];
                };
            };
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly url: string;
                            /** Format: date-time */
                            readonly expiresAt: string;
                        };
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/accounts/{ref}/oauth": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description account name or id */
                readonly ref: string;
            };
            readonly cookie?: never;
        };
        /** The account's authorization state and token expiry (never the tokens) */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description account name or id */
                    readonly ref: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["OAuthStatus"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/oauth/callback": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The provider's redirect after consent (public; authenticated by its state): back to the account's form in the console */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description To the account's form, `/?oauth=ID#/accounts/NAME`; GET /api/oauth/results/{id} says how it went */
                readonly 303: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description HTML page when the state names no pending consent: what went wrong and what to do (a malformed request is refused before, in JSON) */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "text/html": unknown;
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/oauth/results/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly id: string;
            };
            readonly cookie?: never;
        };
        /** How a console consent ended (kept 10 minutes): the account, ok, and its token state (never the token) or the error */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly id: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly account: string;
                            readonly ok: boolean;
                            /** @description What may be shown of a token set: never the token values. */
                            readonly token?: {
                                /** @enum {string} */
                                readonly audience?: "outlook" | "graph" | "google";
                                /** Format: date-time */
                                readonly expiresAt?: string;
                                readonly scopes?: readonly string[];
                                readonly email?: string;
                                readonly hasRefreshToken?: boolean;
                                /** @enum {string} */
                                readonly flow?: "delegated" | "app";
                            };
                            readonly error?: components["schemas"]["ErrorDetail"];
                        };
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/cases": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** List cases, newest activity first */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    readonly status?: "new" | "open" | "pending" | "resolved" | "closed";
                    readonly requester?: string;
                    /** @description inbound account (name or id) the case came through */
                    readonly account?: string;
                    /** @description created at or after: YYYY-MM-DD (server time zone) or ISO-8601 */
                    readonly since?: string;
                    /** @description created up to: YYYY-MM-DD (that day included) or ISO-8601 (before it) */
                    readonly until?: string;
                    /** @description words that must all appear in the subject or text of one message of the case */
                    readonly search?: string;
                    readonly limit?: number;
                    readonly offset?: number;
                    /** @description the cursor of the previous page (its Link rel="next" header, or X-Next-Cursor) */
                    readonly after?: string;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly components["schemas"]["Case"][];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/cases/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description case number */
                readonly id: number;
            };
            readonly cookie?: never;
        };
        /** Show a case with its messages */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description case number */
                    readonly id: number;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["CaseWithMessages"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        /** Change the status of a case, kept in its history with who made it (a signed-in user is the author; the admin token may name one, else the author is token:admin); the requester is told of the statuses DROBOT_NOTIFY_STATUSES names */
        readonly patch: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description case number */
                    readonly id: number;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": components["schemas"]["CaseStatusPatch"];
                };
            };
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Case"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly trace?: never;
    };
    readonly "/api/cases/{id}/replies": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description case number */
                readonly id: number;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Answer a case: mail to the requester and the participants of its first mail, through the outbox */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description case number */
                    readonly id: number;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": components["schemas"]["CaseReply"];
                };
            };
            readonly responses: {
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["CaseReplyResult"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/cases/{id}/notes": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description case number */
                readonly id: number;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Store an internal note on a case (never sent) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description case number */
                    readonly id: number;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": components["schemas"]["CaseNote"];
                };
            };
            readonly responses: {
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["CaseMessage"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/cases/{id}/attachments/{attachmentId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description case number */
                readonly id: number;
                readonly attachmentId: number;
            };
            readonly cookie?: never;
        };
        /** Download an attachment or inline image of a case */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description case number */
                    readonly id: number;
                    readonly attachmentId: number;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description The file */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/cases/{id}/messages/{msgId}/html": {
        readonly parameters: {
            readonly query?: {
                /** @description remote: the remote images load (only when a person asked); blocked by default */
                readonly images?: "blocked" | "remote";
            };
            readonly header?: never;
            readonly path: {
                /** @description case number */
                readonly id: number;
                readonly msgId: number;
            };
            readonly cookie?: never;
        };
        /** A message's sanitized HTML as a page for the console's sandboxed frame (no script, sandboxed by its policy) */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description remote: the remote images load (only when a person asked); blocked by default */
                    readonly images?: "blocked" | "remote";
                };
                readonly header?: never;
                readonly path: {
                    /** @description case number */
                    readonly id: number;
                    readonly msgId: number;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description The page */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "text/html": string;
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/quarantine": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** List quarantined mail */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    readonly account?: string;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly components["schemas"]["QuarantineEntry"][];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/quarantine/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly id: number;
            };
            readonly cookie?: never;
        };
        /** Show a quarantined mail */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly id: number;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["QuarantineEntry"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/quarantine/{id}/retry": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly id: number;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Process a quarantined mail again (no size limit, no sender throttle) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly id: number;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["IngestResult"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/inbound/health": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Fetch health of every inbound account */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly components["schemas"]["FetchHealth"][];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/inbound/log": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Every mail seen on an inbound server and what became of it */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    readonly account?: string;
                    readonly limit?: number;
                    /** @description nextCursor of the previous page */
                    readonly after?: string;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["InboundLogPage"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/cases/{id}/messages/{msgId}/raw": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description case number */
                readonly id: number;
                readonly msgId: number;
            };
            readonly cookie?: never;
        };
        /** Download the raw mail of a case message (.eml) */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description case number */
                    readonly id: number;
                    readonly msgId: number;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description The mail exactly as the server delivered it (message/rfc822, as an attachment). */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "message/rfc822": string;
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/quarantine/{id}/raw": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly id: number;
            };
            readonly cookie?: never;
        };
        /** Download the raw mail of a quarantined item (.eml) */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly id: number;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description The mail exactly as the server delivered it (message/rfc822, as an attachment). */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "message/rfc822": string;
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/notifications": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Queue a notification (sent by the outbox worker) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": components["schemas"]["NotificationEnqueue"];
                };
            };
            readonly responses: {
                /** @description Not queued: suppressed address or loop rule */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["EnqueueResult"];
                    };
                };
                /** @description Queued */
                readonly 202: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["EnqueueResult"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/notifications/routing": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Whether notifications have an outbound account to go by, and what to do if not */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["RoutingStatus"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/accounts/{ref}/roundtrip": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /** @description account name or id */
                readonly ref: string;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Send a tagged test mail through this outbound account and wait for the inbound one */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    /** @description account name or id */
                    readonly ref: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": components["schemas"]["RoundTripRequest"];
                };
            };
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["RoundTripReport"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/outbox": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** List notifications, newest first */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    readonly state?: "queued" | "sending" | "sent" | "retrying" | "failed";
                    readonly case?: number;
                    readonly limit?: number;
                    readonly before?: number;
                    /** @description the cursor of the previous page (its Link rel="next" header, or X-Next-Cursor) */
                    readonly after?: string;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly components["schemas"]["OutboxEntry"][];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/outbox/summary": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** How many notifications are in each state */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly [key: string]: number;
                        };
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/outbox/{id}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly id: number;
            };
            readonly cookie?: never;
        };
        /** One notification with its bodies and headers */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly id: number;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["OutboxEntry"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/outbox/{id}/retry": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly id: number;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Send a failed or waiting notification again now (same Message-ID) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly id: number;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["OutboxEntry"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/outbox/suppressions": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Addresses that get no notifications */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly components["schemas"]["Suppression"][];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/outbox/suppressions/{address}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly address: string;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        /** Stop notifications to an address */
        readonly put: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly address: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": Record<string, never>;
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly post?: never;
        /** Let an address receive notifications again */
        readonly delete: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly address: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Cleared */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/activity/runs": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The history of fetch runs and outbox rounds (kept 30 days), newest first */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    readonly kind?: "fetch" | "send";
                    /** @description inbound account name */
                    readonly account?: string;
                    readonly limit?: number;
                    /** @description nextCursor of the previous page */
                    readonly after?: string;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["RunPage"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/activity/hourly": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Mail received, cases opened, notifications sent and failures per hour, oldest hour first */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description how many hours back, the current one included (1 to 336, default 72) */
                    readonly hours?: number;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly components["schemas"]["HourlyActivity"][];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/session": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The signed-in user and the CSRF token */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        /** Sign in to the console: sets the HttpOnly session cookie (public; throttled) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: {
                readonly content: {
                    readonly "application/json": {
                        readonly name: string;
                        readonly password: string;
                    };
                };
            };
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Sign out: ends the session on the server */
        readonly delete: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Ended */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/setup": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Create the first administrator with the single-use token drobot serve printed (public) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: {
                readonly content: {
                    readonly "application/json": {
                        readonly token: string;
                        readonly name: string;
                        readonly password: string;
                    };
                };
            };
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/users": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The console users */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly components["schemas"]["User"][];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly put?: never;
        /** Add a user (password at least 10 characters) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: {
                readonly content: {
                    readonly "application/json": {
                        readonly name: string;
                        /** @enum {unknown} */
                        readonly role: "admin" | "agent";
                        readonly password: string;
                    };
                };
            };
            readonly responses: {
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/users/{name}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly name: string;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        readonly post?: never;
        /** Remove a user and end its sessions */
        readonly delete: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly name: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Removed */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/api/users/{name}/password": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                readonly name: string;
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        /** Set a new password; ends every session of that user */
        readonly put: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly name: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: {
                readonly content: {
                    readonly "application/json": {
                        readonly password: string;
                    };
                };
            };
            readonly responses: {
                /** @description Changed */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or wrong admin token */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Refused: a Host that is not DRobot's, or a call from another origin */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The route does not take this method (OPTIONS included); the Allow header lists those it takes */
                readonly 405: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The request did not arrive whole in time; the connection is closed */
                readonly 408: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than the route takes */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A path segment longer than any name or id the API takes */
                readonly 414: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding */
                readonly 415: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An Expect header other than 100-continue */
                readonly 417: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Request address and headers larger than the server reads; the connection is closed */
                readonly 431: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An unexpected failure: the answer says no more than that, the log has the detail */
                readonly 500: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A Transfer-Encoding other than chunked */
                readonly 501: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not answered within the route's deadline */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        readonly Error: {
            readonly error: components["schemas"]["ErrorDetail"];
        };
        readonly ErrorDetail: {
            readonly code: string;
            readonly message: string;
            readonly hint?: string;
            readonly field?: string;
            /** @description the connection step that failed */
            readonly step?: string;
            /** @description the server's own words */
            readonly serverReply?: string;
            readonly issues?: readonly {
                readonly field: string;
                readonly code: string;
                readonly message: string;
            }[];
        };
        readonly AccountCreate: {
            readonly name: string;
            /** @enum {string} */
            readonly direction: "inbound" | "outbound";
            /** @enum {string} */
            readonly protocol: "pop3" | "imap" | "smtp";
            /** @enum {string} */
            readonly preset: "domain" | "office365" | "gmail";
            /** @enum {string} */
            readonly connection?: "protocol" | "graph" | "gmail-api";
            readonly host?: string;
            readonly port?: number;
            readonly username?: string;
            readonly password?: string | null;
            readonly timeoutMs?: number;
            /** @enum {string} */
            readonly security?: "none" | "implicit" | "starttls" | "auto";
            /** @enum {string} */
            readonly sasl?: "auto" | "plain" | "login" | "xoauth2";
            /** @enum {string} */
            readonly auth?: "password" | "oauth2";
            readonly smtpAuth?: boolean;
            readonly leaveCopy?: boolean;
            readonly folder?: string;
            readonly apiUrl?: string | null;
            readonly enabled?: boolean;
            readonly proxy?: {
                /** @enum {string} */
                readonly type: "none" | "socks5" | "http";
                readonly host?: string | null;
                readonly port?: number | null;
                readonly username?: string | null;
                readonly password?: string | null;
            };
            readonly tls?: {
                readonly caPem?: string | null;
                readonly pinSha256?: string | null;
                readonly insecureSkipVerify?: boolean;
            };
            readonly oauth?: {
                readonly clientId?: string | null;
                readonly clientSecret?: string | null;
                readonly tenantId?: string | null;
                readonly useLoopback?: boolean;
                readonly useBrowser?: boolean;
                readonly authority?: string | null;
            };
            readonly inbound?: {
                readonly pollIntervalSeconds?: number;
                readonly maxMessagesPerRun?: number;
                readonly maxMessageBytes?: number;
                /** @enum {string} */
                readonly firstRun?: "all" | "unread" | "new";
                /** @enum {string} */
                readonly afterFetch?: "seen" | "move" | "delete";
                readonly moveToFolder?: string | null;
                readonly acknowledge?: boolean;
                readonly lang?: ("es" | "en") | null;
            };
            readonly outbound?: {
                readonly fromAddress?: string | null;
                readonly fromName?: string | null;
                readonly ratePerMinute?: number;
            };
        };
        readonly AccountPatch: {
            readonly name?: string;
            /** @enum {string} */
            readonly direction?: "inbound" | "outbound";
            /** @enum {string} */
            readonly protocol?: "pop3" | "imap" | "smtp";
            /** @enum {string} */
            readonly preset?: "domain" | "office365" | "gmail";
            /** @enum {string} */
            readonly connection?: "protocol" | "graph" | "gmail-api";
            readonly host?: string;
            readonly port?: number;
            readonly username?: string;
            readonly password?: string | null;
            readonly timeoutMs?: number;
            /** @enum {string} */
            readonly security?: "none" | "implicit" | "starttls" | "auto";
            /** @enum {string} */
            readonly sasl?: "auto" | "plain" | "login" | "xoauth2";
            /** @enum {string} */
            readonly auth?: "password" | "oauth2";
            readonly smtpAuth?: boolean;
            readonly leaveCopy?: boolean;
            readonly folder?: string;
            readonly apiUrl?: string | null;
            readonly enabled?: boolean;
            readonly proxy?: {
                /** @enum {string} */
                readonly type: "none" | "socks5" | "http";
                readonly host?: string | null;
                readonly port?: number | null;
                readonly username?: string | null;
                readonly password?: string | null;
            };
            readonly tls?: {
                readonly caPem?: string | null;
                readonly pinSha256?: string | null;
                readonly insecureSkipVerify?: boolean;
            };
            readonly oauth?: {
                readonly clientId?: string | null;
                readonly clientSecret?: string | null;
                readonly tenantId?: string | null;
                readonly useLoopback?: boolean;
                readonly useBrowser?: boolean;
                readonly authority?: string | null;
            };
            readonly inbound?: {
                readonly pollIntervalSeconds?: number;
                readonly maxMessagesPerRun?: number;
                readonly maxMessageBytes?: number;
                /** @enum {string} */
                readonly firstRun?: "all" | "unread" | "new";
                /** @enum {string} */
                readonly afterFetch?: "seen" | "move" | "delete";
                readonly moveToFolder?: string | null;
                readonly acknowledge?: boolean;
                readonly lang?: ("es" | "en") | null;
            };
            readonly outbound?: {
                readonly fromAddress?: string | null;
                readonly fromName?: string | null;
                readonly ratePerMinute?: number;
            };
        };
        readonly AccountImport: {
            /** @constant */
            readonly format: "drobot-accounts";
            /** @constant */
            readonly version: 1;
            readonly exportedAt?: string;
            readonly accounts: readonly {
                readonly name: string;
                /** @enum {string} */
                readonly direction: "inbound" | "outbound";
                /** @enum {string} */
                readonly protocol: "pop3" | "imap" | "smtp";
                /** @enum {string} */
                readonly preset: "domain" | "office365" | "gmail";
                /** @enum {string} */
                readonly connection?: "protocol" | "graph" | "gmail-api";
                readonly host?: string;
                readonly port?: number;
                readonly username?: string;
                readonly password?: string | null;
                readonly timeoutMs?: number;
                /** @enum {string} */
                readonly security?: "none" | "implicit" | "starttls" | "auto";
                /** @enum {string} */
                readonly sasl?: "auto" | "plain" | "login" | "xoauth2";
                /** @enum {string} */
                readonly auth?: "password" | "oauth2";
                readonly smtpAuth?: boolean;
                readonly leaveCopy?: boolean;
                readonly folder?: string;
                readonly apiUrl?: string | null;
                readonly enabled?: boolean;
                readonly proxy?: {
                    /** @enum {string} */
                    readonly type: "none" | "socks5" | "http";
                    readonly host?: string | null;
                    readonly port?: number | null;
                    readonly username?: string | null;
                    readonly password?: string | null;
                };
                readonly tls?: {
                    readonly caPem?: string | null;
                    readonly pinSha256?: string | null;
                    readonly insecureSkipVerify?: boolean;
                };
                readonly oauth?: {
                    readonly clientId?: string | null;
                    readonly clientSecret?: string | null;
                    readonly tenantId?: string | null;
                    readonly useLoopback?: boolean;
                    readonly useBrowser?: boolean;
                    readonly authority?: string | null;
                };
                readonly inbound?: {
                    readonly pollIntervalSeconds?: number;
                    readonly maxMessagesPerRun?: number;
                    readonly maxMessageBytes?: number;
                    /** @enum {string} */
                    readonly firstRun?: "all" | "unread" | "new";
                    /** @enum {string} */
                    readonly afterFetch?: "seen" | "move" | "delete";
                    readonly moveToFolder?: string | null;
                    readonly acknowledge?: boolean;
                    readonly lang?: ("es" | "en") | null;
                };
                readonly outbound?: {
                    readonly fromAddress?: string | null;
                    readonly fromName?: string | null;
                    readonly ratePerMinute?: number;
                };
            }[];
        };
        /** @description Every step (token, dns, tcp, proxy, tls, greeting, capabilities, starttls, auth, policy, mailbox, send; Graph and Gmail API accounts: token, policy (app-only Graph), mailbox, send) with status ok/failed/skipped, duration, detail and, on failure, the error with a hint. `protocol` is pop3, imap, smtp, graph or gmail. */
        readonly ConnectionTestResult: {
            readonly ok: boolean;
            readonly account?: string | null;
            /** @enum {string} */
            readonly protocol: "pop3" | "imap" | "smtp" | "graph" | "gmail";
            /** Format: date-time */
            readonly startedAt: string;
            readonly durationMs: number;
            readonly failedStep?: string;
            readonly warnings: readonly string[];
            readonly steps: readonly components["schemas"]["Step"][];
        };
        /** @description One step of a connection test, rendered in the language asked for; also each `step` event of the test as server-sent events. */
        readonly Step: {
            /** @enum {string} */
            readonly name: "token" | "dns" | "tcp" | "proxy" | "tls" | "greeting" | "capabilities" | "starttls" | "auth" | "policy" | "mailbox" | "send";
            /** @enum {string} */
            readonly status: "ok" | "failed" | "skipped";
            readonly durationMs: number;
            readonly detail: string;
            /** @description facts: certificate, capabilities, counts */
            readonly data?: {
                readonly [key: string]: unknown;
            };
            readonly error?: {
                readonly code: string;
                readonly message: string;
                readonly hint?: string;
                readonly serverReply?: string;
            };
        };
        /** @description What an account that leaves a setting empty uses, the same for every account of its kind (a new one too) */
        readonly AccountDefaults: {
            /** @description by connection type: the provider's API address, which an account without `apiUrl` uses */
            readonly apiUrls: {
                readonly graph: string;
                readonly "gmail-api": string;
            };
            /** @description by OAuth provider: where an account without `oauth.authority` signs in */
            readonly authorities: {
                readonly microsoft: components["schemas"]["DefaultAuthority"];
                readonly google: components["schemas"]["DefaultAuthority"];
            };
        };
        /** @description configuration: set by DROBOT_OAUTH_MICROSOFT_AUTHORITY or DROBOT_OAUTH_GOOGLE_AUTHORITY; provider: the provider's own */
        readonly DefaultAuthority: {
            readonly url: string;
            /** @enum {string} */
            readonly source: "configuration" | "provider";
        };
        /** @description An account; secrets appear only as "*****" (set) or null (not set). */
        readonly Account: {
            readonly id: number;
            readonly name: string;
            readonly direction: string;
            readonly protocol: string;
            readonly preset: string;
            readonly connection: string;
            readonly host: string;
            readonly port: number;
            readonly effectivePort: number;
            readonly username: string;
            /** @enum {string|null} */
            readonly password: "*****" | null;
            readonly timeoutMs: number;
            readonly security: string;
            readonly sasl: string;
            readonly auth: string;
            readonly smtpAuth: boolean;
            readonly leaveCopy: boolean;
            readonly folder: string;
            readonly apiUrl: string | null;
            /** @description Graph and Gmail API accounts only: the provider's API address, which the account uses while `apiUrl` is null */
            readonly apiUrlDefault?: string;
            readonly proxy: {
                readonly type: string;
                readonly host: string | null;
                readonly port: number | null;
                readonly username: string | null;
                /** @enum {string|null} */
                readonly password: "*****" | null;
            };
            readonly tls: {
                readonly caPem: string | null;
                readonly pinSha256: string | null;
                readonly insecureSkipVerify: boolean;
            };
            readonly oauth: {
                readonly clientId: string | null;
                /** @enum {string|null} */
                readonly clientSecret: "*****" | null;
                readonly tenantId: string | null;
                readonly useLoopback: boolean;
                readonly useBrowser: boolean;
                readonly authority: string | null;
                /** @description the token sets held, by audience, always masked */
                readonly tokens: {
                    readonly [key: string]: "*****";
                };
            };
            readonly inbound: {
                readonly pollIntervalSeconds: number;
                readonly maxMessagesPerRun: number;
                readonly maxMessageBytes: number;
                /** @enum {string} */
                readonly firstRun: "all" | "unread" | "new";
                /** @enum {string} */
                readonly afterFetch: "seen" | "move" | "delete";
                readonly moveToFolder: string | null;
                readonly acknowledge: boolean;
                /** @enum {string|null} */
                readonly lang: "es" | "en" | null;
            };
            readonly outbound: {
                readonly fromAddress: string | null;
                readonly fromName: string | null;
                readonly ratePerMinute: number;
            };
            readonly enabled: boolean;
            readonly state: string;
            readonly stateDetail: string | null;
            readonly lastTest: {
                /** Format: date-time */
                readonly at: string;
                readonly ok: boolean;
                readonly failedStep: string | null;
                readonly message: string | null;
            } | null;
            /** Format: date-time */
            readonly createdAt: string;
            /** Format: date-time */
            readonly updatedAt: string;
        };
        readonly OAuthStart: {
            /** Format: uri */
            readonly redirectUri?: string;
        };
        readonly OAuthStatus: {
            readonly account?: string;
            readonly state?: string;
            readonly stateDetail?: string | null;
            readonly tokens?: readonly {
                /** @enum {string} */
                readonly audience?: "outlook" | "graph" | "google";
                /** Format: date-time */
                readonly expiresAt?: string;
                readonly scopes?: readonly string[];
                readonly email?: string;
                readonly hasRefreshToken?: boolean;
                /** @enum {string} */
                readonly flow?: "delegated" | "app";
            }[];
        };
        /** @description A help desk case: number, subject, status, requester, source account, times. */
        readonly Case: {
            readonly id: number;
            readonly number: number;
            readonly subject: string;
            /** @enum {string} */
            readonly status: "new" | "open" | "pending" | "resolved" | "closed";
            readonly requester: {
                readonly id: number;
                readonly address: string;
                readonly displayName: string | null;
            };
            readonly sourceAccountId: number | null;
            readonly lang: string | null;
            /** Format: date-time */
            readonly createdAt: string;
            /** Format: date-time */
            readonly updatedAt: string;
        };
        /** @description A case and its messages in order; each message has the full text, the text without quoted history, sanitized HTML, its classification and attachments. events: its status changes, and who got no mail about the case and why, in order of time (an event about a message names it). */
        readonly CaseWithMessages: {
            readonly case: components["schemas"]["Case"];
            readonly messages: readonly components["schemas"]["CaseMessage"][];
            readonly events: readonly components["schemas"]["CaseEvent"][];
        };
        /** @description A status change, or someone who got no mail about the case. status-changed: from previousStatus to status, made by author (the agent as an answer's author, the signed-in user; token:admin for the admin token naming no one, cli:<user> for `drobot cases status` run by that operating-system user without --author; null only for changes kept before) with reason agent (cases status, PATCH, the console) or answer (an answer that set it), or by a mail (reason mail: caseMessageId is the mail, author its sender), whether the requester was told or not; a change that left the status as it was is none. not-sent (a copy of the answer caseMessageId names), not-notified (the requester, of the change to status), not-acknowledged (the new case; caseMessageId is its first mail): reason is a code, as a reply's or a status change's answer gives it (suppressed, no-account, no-reply-address, own-address, invalid-address, throttled, disabled…). Changes made before status-changed was kept have no such event. */
        readonly CaseEvent: {
            /** @enum {string} */
            readonly kind: "status-changed" | "not-sent" | "not-notified" | "not-acknowledged";
            readonly caseMessageId: number | null;
            readonly address: string | null;
            readonly reason: string;
            /** @enum {string|null} */
            readonly status: "new" | "open" | "pending" | "resolved" | "closed" | null;
            /** @enum {string|null} */
            readonly previousStatus: "new" | "open" | "pending" | "resolved" | "closed" | null;
            readonly author: string | null;
            /** Format: date-time */
            readonly createdAt: string;
        };
        readonly CaseStatusPatch: {
            /** @enum {string} */
            readonly status: "new" | "open" | "pending" | "resolved" | "closed";
            readonly author?: string;
        };
        readonly CaseReply: {
            readonly text: string;
            readonly attachments?: readonly {
                readonly filename: string;
                readonly contentType?: string;
                readonly contentBase64: string;
            }[];
            /** @enum {string} */
            readonly status?: "new" | "open" | "pending" | "resolved" | "closed";
            readonly author?: string;
        };
        readonly CaseNote: {
            readonly text: string;
            readonly author?: string;
        };
        /** @description The case after the answer, the id of the case message that holds it, and each recipient's copy: queued (with its outbox id and Message-ID), suppressed or skipped; a requester the answer cannot go to is listed first as not-sent, with the reason. */
        readonly CaseReplyResult: {
            readonly [key: string]: unknown;
        };
        /** @description One message of a case: mail received or sent (with its delivery state), or an internal note. */
        readonly CaseMessage: {
            readonly id: number;
            readonly caseId: number;
            /** @enum {string} */
            readonly kind: "mail" | "note";
            readonly author: string | null;
            /** @enum {string} */
            readonly direction: "in" | "out";
            /** @enum {string} */
            readonly classification: "normal" | "auto_reply" | "bounce";
            readonly noReply: boolean;
            readonly from: components["schemas"]["MailAddress"];
            readonly to: readonly components["schemas"]["MailAddress"][];
            readonly cc: readonly components["schemas"]["MailAddress"][];
            readonly subject: string;
            /** Format: date-time */
            readonly sentAt: string | null;
            readonly messageId: string | null;
            readonly inReplyTo: string | null;
            readonly references: readonly string[];
            readonly text: string;
            readonly textReply: string;
            readonly textTruncated: boolean;
            readonly html: string | null;
            readonly rawHash: string | null;
            /** @description An inbound delivery report: the recipient and status it names, and its kind: failure (a bounce), delay (a warning: the mail is still being tried) or report (delivered, relayed, or not told; a report stored before kinds were kept is a failure when its status is 5.x.x) */
            readonly bounce: {
                readonly recipient: string | null;
                readonly status: string | null;
                /** @enum {string} */
                readonly kind: "failure" | "delay" | "report";
            } | null;
            /** Format: date-time */
            readonly createdAt: string;
            readonly attachments: readonly {
                readonly id: number;
                readonly hash: string;
                readonly filename: string;
                readonly contentType: string;
                readonly size: number;
                readonly contentId: string | null;
                readonly inline: boolean;
            }[];
            readonly omittedParts: number;
            readonly deliveries: readonly {
                readonly outboxId: number;
                readonly recipient: string;
                readonly messageId: string;
                /** @enum {string} */
                readonly state: "queued" | "sent" | "failed" | "bounced";
                /** Format: date-time */
                readonly sentAt: string | null;
                readonly error: string | null;
                readonly bounce: string | null;
            }[];
            /** @enum {string|null} */
            readonly deliveryState: "queued" | "sent" | "failed" | "bounced" | null;
        };
        readonly MailAddress: {
            readonly address: string;
            readonly name?: string;
        };
        /** @description A quarantined mail: account, server id, reason (unparseable, over_size, storage_error, throttled, download_failed) and its detail in the reader's language (Accept-Language; a library's or server's own words quoted in it). */
        readonly QuarantineEntry: {
            readonly id: number;
            readonly accountId: number;
            readonly mailbox: string;
            readonly uid: string;
            readonly reason: string;
            readonly detail: string | null;
            readonly size: number;
            readonly rawKept: boolean;
            readonly attempts: number;
            /** Format: date-time */
            readonly createdAt: string;
            /** Format: date-time */
            readonly updatedAt: string;
        };
        /** @description What a retry did: kind new_case, follow_up, auto_recorded, … or quarantined again. */
        readonly IngestResult: {
            readonly [key: string]: unknown;
        };
        /** @description An inbound account: last run, last error, failures in a row, next attempt. */
        readonly FetchHealth: {
            readonly accountId: number;
            readonly account: string;
            /** Format: date-time */
            readonly lastRunAt: string | null;
            readonly lastError: string | null;
            readonly failures: number;
            /** Format: date-time */
            readonly nextAttemptAt: string | null;
            readonly state: string;
        };
        /** @description Mail seen on the servers, newest first: account, server id, from, subject, outcome (new_case, follow_up, auto_recorded, auto_unmatched, dropped, duplicate, preexisting, throttled, quarantined, queued), its detail (a new case that got no acknowledgment: not_acknowledged:<reason>), case number. nextCursor is the `after` of the next page, null at the end. */
        readonly InboundLogPage: {
            readonly items: readonly {
                readonly id: number;
                readonly accountId: number;
                readonly account: string | null;
                readonly mailbox: string;
                readonly uid: string;
                readonly from: string | null;
                readonly subject: string | null;
                readonly outcome: string;
                readonly detail: string | null;
                readonly caseNumber: number | null;
                readonly caseMessageId: number | null;
                readonly quarantineId: number | null;
                /** Format: date-time */
                readonly at: string;
            }[];
            readonly nextCursor: string | null;
        };
        readonly NotificationEnqueue: {
            readonly type: string;
            readonly lang?: string;
            readonly to: string;
            /** @default {} */
            readonly data: {
                readonly [key: string]: unknown;
            };
            readonly accountId?: number;
            readonly inReplyTo?: string;
            readonly references?: readonly string[];
            readonly trigger?: {
                readonly autoSubmitted?: boolean;
                readonly bounce?: boolean;
            };
            readonly maxAttempts?: number;
        };
        /** @description status queued (id, messageId), suppressed (address) or skipped (reason) */
        readonly EnqueueResult: {
            /** @enum {unknown} */
            readonly status: "queued" | "suppressed" | "skipped";
            readonly id?: number;
            readonly messageId?: string;
            readonly address?: string;
            /** @enum {unknown} */
            readonly reason?: "auto-reply" | "bounce" | "own-address";
        };
        /** @description whether notifications have an outbound account to go by */
        readonly RoutingStatus: {
            readonly problem: {
                /** @enum {unknown} */
                readonly kind: "no-default" | "none-enabled" | "unknown-account" | "disabled-account" | "disabled-route";
                readonly name?: string;
                /** @enum {unknown} */
                readonly type?: "case-created" | "case-updated" | "account-verification" | "password-recovery" | "alarm";
                readonly accounts: readonly string[];
                readonly disabled?: readonly string[];
                readonly message: string;
            } | null;
        };
        readonly RoundTripRequest: {
            readonly inbound: string | number;
            readonly to?: string;
            readonly timeoutMs?: number;
        };
        /** @description each leg (send, receive) with its duration, server reply and error; the delay */
        readonly RoundTripReport: {
            readonly ok: boolean;
            readonly tag: string;
            /** @enum {string} */
            readonly failedLeg?: "send" | "receive";
            readonly send: components["schemas"]["RoundTripLeg"];
            /** @description the inbound leg and how many times the mailbox was looked at; absent when not reached */
            readonly receive?: components["schemas"]["RoundTripLeg"] & {
                readonly checks: number;
            };
            readonly delayMs?: number;
        };
        readonly RoundTripLeg: {
            readonly ok: boolean;
            readonly durationMs: number;
            readonly serverReply?: string;
            readonly error?: components["schemas"]["ErrorDetail"];
        };
        /** @description A notification: state, attempts, next attempt, last error (in the language asked for), server reply, Message-ID. One notification alone also has its bodies and headers. */
        readonly OutboxEntry: {
            readonly id: number;
            /** @enum {string} */
            readonly type: "case-created" | "case-updated" | "account-verification" | "password-recovery" | "alarm";
            /** @enum {string} */
            readonly lang: "es" | "en";
            readonly accountId: number;
            readonly recipient: string;
            readonly subject: string;
            readonly messageId: string;
            readonly sentMessageId?: string;
            readonly caseId?: number;
            /** @enum {string} */
            readonly state: "queued" | "sending" | "sent" | "retrying" | "failed";
            readonly attempts: number;
            readonly maxAttempts: number;
            /** Format: date-time */
            readonly nextAttemptAt?: string;
            readonly lastErrorCode?: string;
            readonly lastError?: string;
            readonly serverReply?: string;
            /** Format: date-time */
            readonly sentAt?: string;
            /** Format: date-time */
            readonly createdAt: string;
            /** Format: date-time */
            readonly updatedAt: string;
        };
        readonly Suppression: {
            readonly address?: string;
            /** @enum {unknown} */
            readonly reason?: "bounce" | "manual";
            readonly detail?: string;
            readonly createdAt?: string;
        };
        /** @description One hour (its start, UTC): mail received (inbound log lines), cases opened, notifications sent, failures (notifications given up or bounced, mail quarantined) */
        readonly HourlyActivity: {
            /** Format: date-time */
            readonly hour: string;
            readonly received: number;
            readonly casesOpened: number;
            readonly notificationsSent: number;
            readonly failures: number;
        };
        /** @description Fetch runs and outbox rounds, newest first: kind (fetch, send), account (fetch runs), start and end, counts (fetch: received, fetched, newCases, followUps, quarantined, remaining, errors; send: claimed, sent, retrying, failed) and the error in both languages (a round in which notifications failed: how many, and the first error). nextCursor is the `after` of the next page, null at the end. */
        readonly RunPage: {
            readonly items: readonly {
                readonly id: number;
                /** @description fetch (a fetch run) or send (an outbox round) */
                readonly kind: string;
                readonly accountId: number | null;
                readonly account: string | null;
                /** Format: date-time */
                readonly startedAt: string;
                /** Format: date-time */
                readonly endedAt: string;
                readonly counts: {
                    readonly [key: string]: number;
                };
                readonly error: {
                    readonly es: string;
                    readonly en: string;
                } | null;
            }[];
            readonly nextCursor: string | null;
        };
        /** @description Who is signed in (a name of null: the admin token). `via` is told by GET; `csrfToken` comes with a session. */
        readonly Session: {
            readonly user: {
                readonly name: string | null;
                /** @enum {string} */
                readonly role: "admin" | "agent";
            };
            /** @enum {string} */
            readonly via?: "session" | "token";
            /** @description echo it in the X-CSRF-Token header of every change */
            readonly csrfToken?: string;
        };
        readonly User: {
            readonly id?: number;
            readonly name?: string;
            /** @enum {unknown} */
            readonly role?: "admin" | "agent";
            readonly createdAt?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
