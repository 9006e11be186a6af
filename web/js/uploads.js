// @ts-check
/**
 * Staff files (R-CHG-1, R-PROC-8): a customer's written request for a change, or a note's
 * attachment. `uploadFile` sends the file as the body of POST /api/uploads with its own content
 * type (PDF or image, ≤ 10 MB) and answers its `uploadId` — a file above 4 MB through an upload
 * URL instead (POST /api/uploads/url: an S3 presigned PUT on AWS); `openUpload` fetches one back with the
 * staff token (a plain link could not send it) and opens it in a new tab.
 */
import { getToken } from './session.js';

/**
 * Files above this go through an upload URL (POST /api/uploads/url, then a PUT straight to the
 * store): on AWS a request to the API carries at most 6 MB, base64-encoded — about 4.4 MB of file.
 */
export const DIRECT_UPLOAD_LIMIT = 4 * 1024 * 1024;

/** @param {File} file @returns {Promise<string>} the upload id; rejects with the server's message */
export async function uploadFile(file) {
  if (file.size > DIRECT_UPLOAD_LIMIT) return uploadThroughUrl(file);
  const response = await fetch('/api/uploads', {
    method: 'POST',
    headers: {
      'Content-Type': file.type || 'application/octet-stream',
      Authorization: `Bearer ${getToken()}`,
    },
    body: file,
  });
  const data = await response.json().catch(() => null);
  return response.status === 201
    ? data.uploadId
    : Promise.reject(new Error(data?.error ?? String(response.status)));
}

/**
 * A large file: a short-lived signed URL for its type and length, then the file PUT to it (no
 * staff token: the URL is the permission). @param {File} file @returns {Promise<string>}
 */
async function uploadThroughUrl(file) {
  const response = await fetch('/api/uploads/url', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${getToken()}` },
    body: JSON.stringify({ contentType: file.type || 'application/octet-stream', size: file.size }),
  });
  const grant = await response.json().catch(() => null);
  if (response.status !== 201) throw new Error(grant?.error ?? String(response.status));
  const put = await fetch(grant.url, { method: grant.method, headers: grant.headers, body: file });
  if (!put.ok) throw new Error(`${put.status}`);
  return grant.uploadId;
}

/** @param {string} uploadId */
export async function openUpload(uploadId) {
  // Opened before the fetch, so the browser does not treat the new tab as an unasked popup.
  const tab = window.open('', '_blank');
  const response = await fetch(`/api/uploads/${encodeURIComponent(uploadId)}`, {
    headers: { Authorization: `Bearer ${getToken()}` },
  });
  if (!response.ok) {
    tab?.close();
    throw new Error(String(response.status));
  }
  const url = URL.createObjectURL(await response.blob());
  if (tab) tab.location.href = url;
  else window.location.href = url;
}
