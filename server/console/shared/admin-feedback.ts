import type { ApiResult } from '../api/console-api.ts';
import type { RosterMessages } from '../i18n/roster-messages.ts';

/**
 * What a failed admin call tells the user; a lapsed session (401) also hands the console back to
 * sign-in through a `signed-out` event from `host`.
 */
export function failureText(host: HTMLElement, result: Extract<ApiResult<unknown>, { ok: false }>, m: RosterMessages): string {
  if (result.status === 401) host.dispatchEvent(new CustomEvent('signed-out', { bubbles: true, composed: true }));
  if (result.status === 403) return m.forbidden;
  if (result.status === 0) return m.networkError;
  return `${m.failed}${result.error.message}`;
}

/** A form's fields as trimmed strings; empty ones as null. */
export function formFields(form: HTMLFormElement): Record<string, string | null> {
  const fields: Record<string, string | null> = {};
  for (const [key, value] of new FormData(form)) {
    const text = typeof value === 'string' ? value.trim() : '';
    fields[key] = text === '' ? null : text;
  }
  return fields;
}
