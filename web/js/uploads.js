// @ts-check
/**
 * Staff files (R-CHG-1, R-PROC-8): a customer's written request for a change, or a note's
 * attachment. `uploadFile` sends the file as the body of POST /api/uploads with its own content
 * type (PDF or image, ≤ 10 MB) and answers its `uploadId`; `openUpload` fetches one back with the
 * staff token (a plain link could not send it) and opens it in a new tab.
 */
import { getToken } from './session.js';

/** @param {File} file @returns {Promise<string>} the upload id; rejects with the server's message */
export async function uploadFile(file) {
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
