/** Echoes user text back in an error message, bounded to `max` characters (an ellipsis marks the cut). */
export function clip(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
