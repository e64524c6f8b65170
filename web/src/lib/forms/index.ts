export { formState, type FormState, type FormOptions } from './form-state.svelte';
export { text, optionalText, numberOrNull, numberOr, idOrNull, shown, type ControlValue } from './values';
export { default as Form } from './Form.svelte';
