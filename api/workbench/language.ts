/** The workbench's texts follow the request's language, as every text the API writes (api/i18n/language). */
export { languageOf } from '../i18n/language';
