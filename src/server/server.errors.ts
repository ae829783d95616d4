import { defineErrors } from '../errors/drobot-error.js';

/** Errors of the HTTP server itself: who may call it, how, and how it starts. */
export const serverErrors = defineErrors({
  hostNotAllowed: {
    code: 'host_not_allowed',
    message: {
      es: 'Solicitud rechazada: el nombre de servidor «{host}» no es de DRobot.',
      en: 'Request refused: the server name "{host}" is not DRobot\'s.',
    },
    hint: {
      es: 'DRobot sólo responde a localhost, 127.0.0.1, [::1] y al nombre de DROBOT_PUBLIC_URL. Si lo publica tras un proxy inverso, configure DROBOT_PUBLIC_URL con su dirección (https://…).',
      en: 'DRobot only answers localhost, 127.0.0.1, [::1] and the name in DROBOT_PUBLIC_URL. If you publish it behind a reverse proxy, set DROBOT_PUBLIC_URL to its address (https://…).',
    },
    status: 403,
  },
  hostHeaderInvalid: {
    code: 'host_header_invalid',
    message: {
      es: 'Solicitud mal formada: debe llevar una cabecera Host, y sólo una (lleva {count}).',
      en: 'Malformed request: it must carry one Host header, and only one (it carries {count}).',
    },
    hint: {
      es: 'Los clientes HTTP corrientes la ponen solos; si la solicitud pasa por un proxy, revise que no añada otra.',
      en: 'Standard HTTP clients add it themselves; if the request goes through a proxy, check that it does not add another.',
    },
    status: 400,
  },
  hostSyntax: {
    code: 'host_header_invalid',
    message: {
      es: 'Solicitud mal formada: la cabecera Host «{host}» no es un nombre de servidor con su puerto (nombre[:puerto]): debe ser un nombre, una dirección IPv4 o una IPv6 entre corchetes sin zona («%…»), y, tras un «:», un puerto de 0 a 65535 o ninguno (el puerto por omisión).',
      en: 'Malformed request: the Host header "{host}" is not a server name with its port (name[:port]): it must be a name, an IPv4 address or an IPv6 address in brackets without a zone ("%…") and, after a ":", a port from 0 to 65535 or none (the default port).',
    },
    hint: {
      es: 'Sin espacios, «@» ni «/». P. ej. «localhost:8025» o «[::1]:8025»; para una dirección IPv6 de enlace local, use el nombre del equipo o una dirección sin zona.',
      en: 'No spaces, "@" or "/". E.g. "localhost:8025" or "[::1]:8025"; for a link-local IPv6 address, use the machine\'s name or an address without a zone.',
    },
    status: 400,
  },
  targetHostSyntax: {
    code: 'malformed_url',
    message: {
      es: 'La dirección de la solicitud no es válida: «{host}» no es un nombre de servidor con su puerto (nombre[:puerto]).',
      en: 'The request address is not valid: "{host}" is not a server name with its port (name[:port]).',
    },
    hint: {
      es: 'Pida sólo la ruta («/api/…»), o una URL http:// con un nombre, una dirección IPv4 o una IPv6 entre corchetes sin zona («%…») y, tras un «:», un puerto de 0 a 65535 o ninguno (sin usuario ni «@»).',
      en: 'Ask for the path alone ("/api/…"), or an http:// URL with a name, an IPv4 address or an IPv6 address in brackets without a zone ("%…") and, after a ":", a port from 0 to 65535 or none (no user nor "@").',
    },
    status: 400,
  },
  crossOrigin: {
    code: 'cross_origin_refused',
    message: {
      es: 'Solicitud rechazada: la API de DRobot no acepta solicitudes de otras páginas web ({origin}).',
      en: 'Request refused: the DRobot API does not accept requests from other web pages ({origin}).',
    },
    status: 403,
  },
  jsonForbiddenKey: {
    code: 'malformed_json',
    message: {
      es: 'El JSON recibido usa la clave «{key}», que no se admite: podría alterar los objetos del servidor.',
      en: 'The JSON received uses the key "{key}", which is not accepted: it could alter the server\'s objects.',
    },
    hint: { es: 'Quite esa clave del cuerpo.', en: 'Remove that key from the body.' },
    status: 400,
  },
  jsonRefused: {
    code: 'malformed_json',
    message: {
      es: 'El JSON recibido no se admite.',
      en: 'The JSON received is not accepted.',
    },
    hint: {
      es: 'Quite del cuerpo las claves «__proto__» y «constructor».',
      en: 'Remove the keys "__proto__" and "constructor" from the body.',
    },
    status: 400,
  },
  jsonSyntax: {
    code: 'malformed_json',
    message: {
      es: 'El cuerpo recibido no es JSON válido: tiene un error de sintaxis.',
      en: 'The body received is not valid JSON: it has a syntax error.',
    },
    hint: {
      es: 'Revise comillas, comas, dos puntos y llaves, o genere el cuerpo con un serializador de JSON.',
      en: 'Check quotes, commas, colons and braces, or build the body with a JSON serializer.',
    },
    status: 400,
  },
  jsonSyntaxAt: {
    code: 'malformed_json',
    message: {
      es: 'El cuerpo recibido no es JSON válido: error de sintaxis en el carácter {position}.',
      en: 'The body received is not valid JSON: syntax error at character {position}.',
    },
    hint: {
      es: 'Revise ese punto del cuerpo: comillas, comas, dos puntos y llaves.',
      en: 'Check the body at that point: quotes, commas, colons and braces.',
    },
    status: 400,
  },
  jsonTruncated: {
    code: 'malformed_json',
    message: {
      es: 'El cuerpo recibido no es JSON válido: termina antes de cerrar lo que abre.',
      en: 'The body received is not valid JSON: it ends before closing what it opens.',
    },
    hint: {
      es: 'Envíe el cuerpo completo, con sus llaves, corchetes y comillas cerrados.',
      en: 'Send the whole body, with its braces, brackets and quotes closed.',
    },
    status: 400,
  },
  jsonRequired: {
    code: 'json_required',
    message: {
      es: 'Tipo de contenido no admitido ({contentType}): envíe el cuerpo como JSON con la cabecera «Content-Type: application/json».',
      en: 'Unsupported content type ({contentType}): send the body as JSON with the header "Content-Type: application/json".',
    },
    status: 415,
  },
  charsetRefused: {
    code: 'charset_refused',
    message: {
      es: 'La API sólo lee JSON en UTF-8, y el cuerpo se declara en «{charset}» (Content-Type).',
      en: 'The API only reads JSON in UTF-8, and the body is declared in "{charset}" (Content-Type).',
    },
    hint: {
      es: 'Envíe el cuerpo en UTF-8, con «Content-Type: application/json» (o «application/json; charset=utf-8»).',
      en: 'Send the body in UTF-8, with "Content-Type: application/json" (or "application/json; charset=utf-8").',
    },
    status: 415,
  },
  contentCodingRefused: {
    code: 'content_coding_refused',
    message: {
      es: 'La API no admite cuerpos codificados (Content-Encoding: {coding}).',
      en: 'The API does not accept encoded bodies (Content-Encoding: {coding}).',
    },
    hint: {
      es: 'Envíe el JSON tal cual, sin la cabecera Content-Encoding.',
      en: 'Send the JSON as it is, without the Content-Encoding header.',
    },
    status: 415,
  },
  transferCodingRefused: {
    code: 'transfer_coding_refused',
    message: {
      es: 'La API no admite la codificación de transferencia «{coding}»: sólo «chunked».',
      en: 'The API does not accept the transfer coding "{coding}": only "chunked".',
    },
    hint: {
      es: 'Envíe el cuerpo con Content-Length, o con «Transfer-Encoding: chunked» y nada más.',
      en: 'Send the body with Content-Length, or with "Transfer-Encoding: chunked" and nothing else.',
    },
    status: 501,
  },
  bodyTooLarge: {
    code: 'body_too_large',
    message: {
      es: 'El cuerpo de la solicitud supera el máximo de {limit} bytes de esta ruta.',
      en: 'The request body exceeds the limit of {limit} bytes of this route.',
    },
    status: 413,
  },
  handlerTimeout: {
    code: 'request_timeout',
    message: {
      es: 'La solicitud no terminó en {seconds} s y se ha cancelado la respuesta.',
      en: 'The request did not finish within {seconds} s and its response was cancelled.',
    },
    status: 503,
  },
  requestTooSlow: {
    code: 'request_too_slow',
    message: {
      es: 'La solicitud no llegó completa en {seconds} s; se ha cerrado la conexión.',
      en: 'The request did not arrive whole within {seconds} s; the connection was closed.',
    },
    hint: {
      es: 'Vuelva a enviarla. Si se repite, revise la red o el proxy entre el cliente y DRobot.',
      en: 'Send it again. If it happens again, check the network or the proxy between the client and DRobot.',
    },
    status: 408,
  },
  headersTooLarge: {
    code: 'headers_too_large',
    message: {
      es: 'La dirección y las cabeceras de la solicitud superan el máximo de {limit} bytes; se ha cerrado la conexión.',
      en: 'The request address and headers exceed the limit of {limit} bytes; the connection was closed.',
    },
    hint: {
      es: 'Use una dirección más corta, o envíe menos cabeceras o más cortas (p. ej. borre las cookies de este servidor en el navegador).',
      en: "Use a shorter address, or send fewer or shorter headers (e.g. clear this server's cookies in the browser).",
    },
    status: 431,
  },
  malformedRequest: {
    code: 'malformed_request',
    message: {
      es: 'La solicitud HTTP está mal formada y no se puede leer ({reason}); se ha cerrado la conexión.',
      en: 'The HTTP request is malformed and cannot be read ({reason}); the connection was closed.',
    },
    hint: {
      es: 'Revise la línea de petición y las cabeceras Host, Content-Length y Transfer-Encoding, o use un cliente HTTP corriente.',
      en: 'Check the request line and the Host, Content-Length and Transfer-Encoding headers, or use a standard HTTP client.',
    },
    status: 400,
  },
  malformedUrl: {
    code: 'malformed_url',
    message: {
      es: 'La dirección de la solicitud no es válida: tiene un «%» que no va seguido de dos cifras hexadecimales.',
      en: 'The request address is not valid: it has a "%" not followed by two hexadecimal digits.',
    },
    hint: {
      es: 'Codifique los caracteres especiales de la dirección (un «%» se escribe «%25»).',
      en: 'Encode the special characters of the address (a "%" is written "%25").',
    },
    status: 400,
  },
  malformedTarget: {
    code: 'malformed_url',
    message: {
      es: 'La dirección de la solicitud no es válida: debe ser una ruta («/…») o una URL http:// o https://.',
      en: 'The request address is not valid: it must be a path ("/…") or an http:// or https:// URL.',
    },
    hint: {
      es: 'Pida la ruta de la API o de la consola, p. ej. «/api/health».',
      en: 'Ask for a path of the API or the console, e.g. "/api/health".',
    },
    status: 400,
  },
  expectationFailed: {
    code: 'expectation_failed',
    message: {
      es: 'La solicitud lleva una cabecera Expect que DRobot no puede cumplir: sólo admite «100-continue».',
      en: 'The request carries an Expect header DRobot cannot meet: it only accepts "100-continue".',
    },
    hint: {
      es: 'Quite la cabecera Expect, o envíe «Expect: 100-continue» para esperar la conformidad antes de enviar el cuerpo.',
      en: 'Remove the Expect header, or send "Expect: 100-continue" to wait for the go-ahead before sending the body.',
    },
    status: 417,
  },
  methodNotAllowed: {
    code: 'method_not_allowed',
    message: {
      es: 'La ruta «{path}» no admite el método {method}; admite: {allowed}.',
      en: 'The route "{path}" does not take the method {method}; it takes: {allowed}.',
    },
    hint: {
      es: 'Use uno de esos métodos; la cabecera Allow de esta respuesta los lista.',
      en: 'Use one of those methods; the Allow header of this answer lists them.',
    },
    status: 405,
  },
  optionsNotAnswered: {
    code: 'method_not_allowed',
    message: {
      es: 'DRobot no responde al método OPTIONS, tampoco a las consultas previas (CORS) de los navegadores; la ruta «{path}» admite: {allowed}.',
      en: 'DRobot does not answer the OPTIONS method, nor browsers\' (CORS) preflight requests; the route "{path}" takes: {allowed}.',
    },
    hint: {
      es: 'La cabecera Allow de esta respuesta lista los métodos de la ruta, y /api/openapi.json describe toda la API. Sólo la consola de DRobot y las herramientas como curl pueden llamarla, no las páginas de otros sitios.',
      en: 'The Allow header of this answer lists the methods of the route, and /api/openapi.json describes the whole API. Only the DRobot console and tools such as curl can call it, not the pages of other sites.',
    },
    status: 405,
  },
  pathParamTooLong: {
    code: 'path_param_too_long',
    message: {
      es: 'Un tramo de la dirección de la solicitud tiene {length} caracteres; el máximo es {limit}.',
      en: 'A segment of the request address has {length} characters; the limit is {limit}.',
    },
    hint: {
      es: 'Ningún nombre, identificador ni dirección de correo que admita la API es tan largo: revise la dirección de la solicitud.',
      en: 'No name, identifier or mail address the API takes is that long: check the request address.',
    },
    status: 414,
  },
  requestRefused: {
    code: 'request_refused',
    message: {
      es: 'Solicitud rechazada (HTTP {status}): {reason}.',
      en: 'Request refused (HTTP {status}): {reason}.',
    },
    hint: {
      es: 'Revise el método, la dirección, las cabeceras y el cuerpo de la solicitud; /api/openapi.json describe cada ruta.',
      en: 'Check the method, address, headers and body of the request; /api/openapi.json describes every route.',
    },
    status: 400,
  },
  tokenFileUnsafe: {
    code: 'token_file_unsafe',
    message: {
      es: 'Otros usuarios pueden leer o cambiar el archivo del token de administrador {file} (permisos {mode}); debe ser 0600.',
      en: 'Other users can read or change the admin token file {file} (mode {mode}); it must be 0600.',
    },
    hint: {
      es: 'Ejecute «chmod 600 {file}» y vuelva a arrancar; si otros pudieron leerlo, bórrelo para que DRobot cree un token nuevo.',
      en: 'Run "chmod 600 {file}" and start again; if others could read it, delete it so DRobot makes a new token.',
    },
    status: 500,
  },
  tokenFileWeak: {
    code: 'token_file_weak',
    message: {
      es: 'El token de administrador de {file} tiene menos de {min} caracteres.',
      en: 'The admin token in {file} has fewer than {min} characters.',
    },
    hint: {
      es: 'Bórrelo para que DRobot cree uno aleatorio, o escriba uno de al menos {min} caracteres.',
      en: 'Delete it so DRobot makes a random one, or write one of at least {min} characters.',
    },
    status: 500,
  },
  badPort: {
    code: 'port_invalid',
    message: {
      es: 'El puerto «{value}» de {source} no es válido: debe ser un número entre 0 y 65535.',
      en: 'The port "{value}" of {source} is not valid: it must be a number from 0 to 65535.',
    },
    status: 400,
  },
  addressInUse: {
    code: 'address_in_use',
    message: {
      es: 'No se puede escuchar en {host}:{port}: ese puerto ya está en uso (¿otro DRobot en marcha?).',
      en: 'Cannot listen on {host}:{port}: that port is already in use (another DRobot running?).',
    },
    hint: {
      es: 'Detenga el programa que lo usa o elija otro puerto con --port o DROBOT_PORT.',
      en: 'Stop the program using it or choose another port with --port or DROBOT_PORT.',
    },
    status: 500,
  },
  addressDenied: {
    code: 'address_denied',
    message: {
      es: 'No se puede escuchar en {host}:{port}: permiso denegado.',
      en: 'Cannot listen on {host}:{port}: permission denied.',
    },
    hint: {
      es: 'Los puertos por debajo de 1024 requieren privilegios: use un puerto alto (--port o DROBOT_PORT, p. ej. 8025) y, si hace falta, un proxy inverso delante.',
      en: 'Ports below 1024 need privileges: use a high port (--port or DROBOT_PORT, e.g. 8025) and, if needed, a reverse proxy in front.',
    },
    status: 500,
  },
  addressUnavailable: {
    code: 'address_unavailable',
    message: {
      es: 'No se puede escuchar en {host}:{port}: esa dirección no es de esta máquina ({detail}).',
      en: 'Cannot listen on {host}:{port}: that address is not one of this machine ({detail}).',
    },
    hint: {
      es: 'Indique una dirección local con --host o DROBOT_HOST (127.0.0.1 por omisión).',
      en: 'Give a local address with --host or DROBOT_HOST (127.0.0.1 by default).',
    },
    status: 500,
  },
});
