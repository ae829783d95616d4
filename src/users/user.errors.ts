import { defineErrors } from '../errors/drobot-error.js';

/** Errors of people, sign-in and sessions. */
export const userErrors = defineErrors({
  badName: {
    code: 'user_name_invalid',
    message: {
      es: 'El nombre de usuario «{name}» no es válido: use de 1 a 64 letras, cifras, «.», «_», «-» o «@».',
      en: 'The user name "{name}" is not valid: use 1 to 64 letters, digits, ".", "_", "-" or "@".',
    },
    status: 400,
  },
  badRole: {
    code: 'user_role_invalid',
    message: {
      es: 'El rol «{role}» no es válido: use admin o agent.',
      en: 'The role "{role}" is not valid: use admin or agent.',
    },
    status: 400,
  },
  weakPassword: {
    code: 'password_too_short',
    message: {
      es: 'La contraseña debe tener al menos {min} caracteres.',
      en: 'The password must have at least {min} characters.',
    },
    status: 400,
  },
  longPassword: {
    code: 'password_too_long',
    message: {
      es: 'La contraseña ocupa demasiado: como mucho {max} bytes en UTF-8 (una letra con tilde ocupa 2).',
      en: 'The password is too long: at most {max} bytes in UTF-8 (a letter with an accent takes 2).',
    },
    status: 400,
  },
  exists: {
    code: 'user_exists',
    message: { es: 'Ya existe el usuario «{name}».', en: 'The user "{name}" already exists.' },
    status: 409,
  },
  notFound: {
    code: 'user_not_found',
    message: { es: 'No existe el usuario «{name}».', en: 'There is no user "{name}".' },
    status: 404,
  },
  lastAdmin: {
    code: 'last_admin',
    message: {
      es: '«{name}» es el único administrador: cree otro antes de quitarlo.',
      en: '"{name}" is the only administrator: add another one before removing it.',
    },
    status: 409,
  },
  badCredentials: {
    code: 'sign_in_failed',
    message: {
      es: 'Usuario o contraseña incorrectos.',
      en: 'Wrong user name or password.',
    },
    status: 401,
  },
  tooManyAttempts: {
    code: 'sign_in_throttled',
    message: {
      es: 'Demasiados intentos fallidos de inicio de sesión. Vuelva a intentarlo dentro de {minutes} minutos.',
      en: 'Too many failed sign-in attempts. Try again in {minutes} minutes.',
    },
    status: 429,
  },
  sessionRequired: {
    code: 'session_required',
    message: {
      es: 'La sesión no existe o ha caducado: inicie sesión de nuevo.',
      en: 'The session does not exist or has expired: sign in again.',
    },
    status: 401,
  },
  csrfMissing: {
    code: 'csrf_token_invalid',
    message: {
      es: 'Falta el token anti-CSRF de la sesión (cabecera X-CSRF-Token) o no es válido: recargue la página.',
      en: "The session's anti-CSRF token (header X-CSRF-Token) is missing or wrong: reload the page.",
    },
    status: 403,
  },
  forbidden: {
    code: 'forbidden',
    message: {
      es: 'Su rol ({role}) no permite esta operación; sólo un administrador puede hacerla.',
      en: 'Your role ({role}) does not allow this; only an administrator may do it.',
    },
    status: 403,
  },
  setupInvalid: {
    code: 'setup_link_invalid',
    message: {
      es: 'La dirección de configuración inicial no es válida, ya se usó o ha caducado.',
      en: 'The first-run setup address is not valid, was already used or has expired.',
    },
    hint: {
      es: 'Vuelva a arrancar «drobot serve» para obtener otra, o cree el administrador con «drobot users add NOMBRE --role admin».',
      en: 'Restart "drobot serve" to get another one, or add the administrator with "drobot users add NAME --role admin".',
    },
    status: 403,
  },
  passwordRequired: {
    code: 'password_required_input',
    message: {
      es: 'Falta la contraseña: escríbala cuando se pida o pásela con --password-stdin.',
      en: 'The password is missing: type it when asked or pass it with --password-stdin.',
    },
    status: 400,
  },
  passwordsDiffer: {
    code: 'passwords_differ',
    message: { es: 'Las contraseñas no coinciden.', en: 'The passwords do not match.' },
    status: 400,
  },
});
