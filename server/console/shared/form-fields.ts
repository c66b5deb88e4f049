/** A form's fields as trimmed strings; empty ones as null. */
export function formFields(form: HTMLFormElement): Record<string, string | null> {
  const fields: Record<string, string | null> = {};
  for (const [key, value] of new FormData(form)) {
    const text = typeof value === 'string' ? value.trim() : '';
    fields[key] = text === '' ? null : text;
  }
  return fields;
}
