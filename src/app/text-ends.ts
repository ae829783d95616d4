/**
 * `text` from `from` on, without the characters at its end that `dropped` names, walked back from the end
 * once. A pattern such as `/=+$/` or `/[ \t]*$/` is tried at every character of such a run and runs to the
 * run's end each time: time in the square of the run, which a hostile mail or server chooses. Pure.
 */
export function withoutTrailing(text: string, dropped: (code: number) => boolean, from = 0): string {
  let end = text.length;
  while (end > from && dropped(text.charCodeAt(end - 1))) end -= 1;
  return from === 0 && end === text.length ? text : text.slice(from, end);
}
