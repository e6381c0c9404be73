/** The environment variable naming the Secrets Manager secret that holds the Google service-account key (set by the stack). */
export const KEY_SECRET_ENV = 'BLOC_GOOGLE_KEY_SECRET';
