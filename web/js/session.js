// @ts-check
/**
 * The staff session: the bearer token and user from `POST /api/auth/login`, kept in
 * sessionStorage so it dies with the tab (R-SEC-2).
 */

const TOKEN_KEY = 'orderdesk.staffToken';
const USER_KEY = 'orderdesk.staffUser';
/** Cognito's access token: only for the user's own MFA settings (AssociateSoftwareToken…). */
const ACCESS_KEY = 'orderdesk.staffAccess';

function read(key) {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

export const getToken = () => read(TOKEN_KEY);
export const getAccessToken = () => read(ACCESS_KEY);

/** `{ email, name, roles }` of the signed-in staff member, or null. */
export function getUser() {
  try {
    return JSON.parse(read(USER_KEY) ?? 'null');
  } catch {
    return null;
  }
}

export function saveSession(token, user, accessToken) {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  if (accessToken) sessionStorage.setItem(ACCESS_KEY, accessToken);
  else sessionStorage.removeItem(ACCESS_KEY);
}

export function clearSession() {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
    sessionStorage.removeItem(ACCESS_KEY);
  } catch {
    // nothing stored
  }
}

/**
 * Drop the session and go to the staff sign-in, coming back to `next` (a page of the staff
 * console) afterwards.
 */
export function goToLogin(next, base = '') {
  clearSession();
  const query = next ? `?next=${encodeURIComponent(next)}` : '';
  location.assign(`${base}index.html${query}`);
}

/** Only a staff page of this site may be a `next` target (no open redirect). */
export const safeNext = (value) =>
  value &&
  /^((order|progress)\.html\?id=[\w.-]+|\.\.\/rush\.html|reports\.html(\?[\w=&.-]*)?|calendar\.html|inbound\.html(\?(id|state)=[\w.-]+)?|users\.html|quotations\.html(\?id=[\w.-]+)?|billing\.html(\?[\w=&.%@:+-]*)?|products\.html(\?sku=[\w.%-]+)?|customers\.html(\?key=[\w.%@:+-]+)?|orders\.html(\?[\w=&.%+@-]*)?|print\.html\?id=[\w.-]+(&doc=(confirmation|delivery))?(&shipment=[\w.-]+)?)$/.test(
    value,
  )
    ? value
    : null;
