/**
 * The parts of zod DRobot uses, for `import * as z from '…/app/zod.js'`. Importing `z` from 'zod' itself
 * brings the whole library into every command's start-up, since the bundler cannot tell which members of
 * that object are used: its forty-odd message locales, JSON Schema import and the rest (756 KB of the
 * bundle's JavaScript, against about 190 KB for these). A member missing here is a type error where it is
 * used: add it to the list.
 */
export {
  array,
  boolean,
  coerce,
  email,
  enum,
  iso,
  literal,
  number,
  object,
  preprocess,
  record,
  strictObject,
  string,
  toJSONSchema,
  union,
  unknown,
  url,
  ZodError,
  ZodType,
} from 'zod';
export type { infer, input, output } from 'zod';
