/**
 * The state every portal form shares: whether it is submitting, the failed write's error and each
 * field's message from the API's error details (already in the user's language). The submitting flag
 * always resets, whatever the submit function throws, so a form can never stay greyed out.
 *
 *   const form = formState(async () => { const saved = await api.post(...); await goto(...); });
 *   <Form {form}> <FormField id="name" error={form.error} ... /> </Form>
 */
import { ApiError } from '$lib/api';

export interface FormState {
  readonly submitting: boolean;
  readonly error: unknown;
  /** the API's message for one field (path as in the request body: "weight", "creditTiers.0.percent") */
  fieldError(path: string): string | undefined;
  /** runs the submit function once (a second submit while one runs is ignored) */
  submit(event?: Event): Promise<void>;
  /** forgets the last error (e.g. when the form is reset or reopened) */
  reset(): void;
}

export interface FormOptions {
  /** called with the error after a failed submit (the error stays in form.error too) */
  onError?: (error: unknown) => void;
}

export function formState(run: () => unknown | Promise<unknown>, options: FormOptions = {}): FormState {
  let submitting = $state(false);
  let error = $state<unknown>(null);
  return {
    get submitting() {
      return submitting;
    },
    get error() {
      return error;
    },
    fieldError(path: string) {
      return error instanceof ApiError ? error.fieldError(path) : undefined;
    },
    async submit(event?: Event) {
      event?.preventDefault();
      if (submitting) return;
      submitting = true;
      error = null;
      try {
        await run();
      } catch (e) {
        error = e;
        options.onError?.(e);
      } finally {
        submitting = false;
      }
    },
    reset() {
      error = null;
    },
  };
}
