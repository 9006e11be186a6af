/**
 * Optional two-step sign-in for the signed-in staff member (staff/index.html): a new
 * authenticator secret from Cognito (AssociateSoftwareToken), shown as text and as an
 * `otpauth://` link an authenticator app takes; the first code from the app proves it was
 * copied (VerifySoftwareToken); then every sign-in asks for a code (SetUserMFAPreference).
 */
import { byId, show } from './dom.js';
import { t } from './i18n.js';
import { getAccessToken, getUser } from './session.js';
import { associateTotp, otpauthUri, setTotpEnabled, verifyTotp } from './sign-in.js';
import { notice } from './staff-sign-in-ui.js';

function failed(result) {
  const key =
    result.kind === 'bad_code'
      ? 'mfa.badCode'
      : result.kind === 'signed_out' || result.kind === 'unauthorized'
        ? 'mfa.signInAgain'
        : 'mfa.failed';
  notice('mfa-setup-error', () => t(key));
}

async function open() {
  const panel = byId('mfa-setup');
  if (!panel.hidden) return show(panel, false);
  show(panel);
  show(byId('mfa-setup-steps'), false);
  notice('mfa-setup-status', null);
  notice('mfa-setup-error', null);
  const token = getAccessToken();
  if (!token) return notice('mfa-setup-error', () => t('mfa.signInAgain'));
  const result = await associateTotp(token);
  if (!result.ok) return failed(result);
  const secret = result.data.SecretCode;
  const uri = otpauthUri(secret, getUser()?.email ?? '');
  byId('mfa-secret').textContent = secret.replace(/(.{4})/g, '$1 ').trim();
  byId('mfa-uri').textContent = uri;
  byId('mfa-uri').href = uri;
  byId('mfa-setup-code').value = '';
  show(byId('mfa-setup-steps'));
  byId('mfa-setup-code').focus();
}

async function enable(event) {
  event.preventDefault();
  const code = byId('mfa-setup-code').value.trim();
  if (!/^\d{6}$/.test(code)) return notice('mfa-setup-error', () => t('signin.codeFormat'));
  const token = getAccessToken();
  const verified = await verifyTotp(token, code);
  if (!verified.ok) return failed(verified);
  const enabled = await setTotpEnabled(token, true);
  if (!enabled.ok) return failed(enabled);
  notice('mfa-setup-error', null);
  show(byId('mfa-setup-steps'), false);
  notice('mfa-setup-status', () => t('mfa.enabled'));
  byId('mfa-setup-status').focus();
}

const button = document.getElementById('mfa-setup-open');
if (button) {
  button.addEventListener('click', open);
  byId('mfa-setup-form').addEventListener('submit', enable);
}
