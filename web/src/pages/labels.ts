import { t, type Text } from '../i18n.js';

/** The label of a value in a catalogue, or the value itself when the catalogue does not know it. */
export function choice(labels: Readonly<Record<string, Text>>, value: string): string {
  const text = labels[value];
  return text ? t(text) : value;
}
