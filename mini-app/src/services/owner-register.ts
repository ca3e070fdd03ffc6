import Taro from '@tarojs/taro';
import type { RegisterImportReport, RegisterImportResult } from '@linli/shared';
import { API_ROOT, ApiError, NETWORK_ERROR_MESSAGE, refreshTokens, request, sendToLogin, toApiError } from './http';
import { getAccessToken } from './session';

/** The multipart field the server reads the register from. */
export const REGISTER_UPLOAD_FIELD = 'file';
export const MAX_REGISTER_BYTES = 10 * 1024 * 1024;

const base = (projectId: number) => `/api/admin/projects/${projectId}/register`;

/** A file the admin picked: a temporary path in weapp (chooseMessageFile), the File itself in h5. */
export type PickedFile = { name: string; size: number } & ({ path: string } | { file: File });

interface Sent {
  statusCode: number;
  data: unknown;
}

const parse = (data: unknown): unknown => {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
};

/** h5: XMLHttpRequest, for its upload progress and a File straight from `<input type="file">`. */
function sendFromBrowser(url: string, file: File, token: string, onProgress: (percent: number) => void): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => resolve({ statusCode: xhr.status, data: parse(xhr.responseText) });
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR_MESSAGE));
    const form = new FormData();
    form.append(REGISTER_UPLOAD_FIELD, file, file.name);
    xhr.send(form);
  });
}

/** weapp: `Taro.uploadFile` with its progress callback. */
async function sendFromWeapp(url: string, path: string, token: string, onProgress: (percent: number) => void) {
  try {
    const task = Taro.uploadFile({
      url,
      filePath: path,
      name: REGISTER_UPLOAD_FIELD,
      header: token ? { Authorization: `Bearer ${token}` } : {},
      timeout: 120_000,
    });
    if (typeof task.progress === 'function') task.progress((update) => onProgress(update.progress));
    const response = await task;
    return { statusCode: response.statusCode, data: parse(response.data) };
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR_MESSAGE);
  }
}

/**
 * Uploads the register for a dry run; `onProgress` gets the percentage sent. The server answers
 * the report once it has read and compared every row (a few seconds for a big estate).
 */
export async function previewRegisterImport(
  projectId: number,
  picked: PickedFile,
  onProgress: (percent: number) => void,
): Promise<RegisterImportReport> {
  const url = `${API_ROOT}${base(projectId)}/import?dryRun=1`;
  const send = (token: string) =>
    'file' in picked
      ? sendFromBrowser(url, picked.file, token, onProgress)
      : sendFromWeapp(url, picked.path, token, onProgress);
  let response = await send(getAccessToken());
  if (response.statusCode === 401) {
    if (await refreshTokens()) response = await send(getAccessToken());
    if (response.statusCode === 401) {
      sendToLogin();
      throw toApiError(401, response.data);
    }
  }
  if (response.statusCode < 200 || response.statusCode >= 300) throw toApiError(response.statusCode, response.data);
  return response.data as RegisterImportReport;
}

export function commitRegisterImport(projectId: number, token: string): Promise<RegisterImportResult> {
  return request<RegisterImportResult>(`${base(projectId)}/import/${token}/commit`, {
    method: 'POST',
    toast: false,
    idempotent: true,
  });
}

export const registerExportPath = (projectId: number) => `${base(projectId)}/export`;

/**
 * The register as .xlsx: h5 saves it through a download link; weapp downloads it with the token
 * and opens it in WeChat's document viewer, whose menu forwards or saves it.
 */
export async function exportRegister(projectId: number, projectName: string): Promise<void> {
  const url = `${API_ROOT}${registerExportPath(projectId)}`;
  const fileName = `业主名册-${projectName}.xlsx`;
  if (process.env.TARO_ENV === 'h5') {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${getAccessToken()}` } });
    if (!response.ok) throw toApiError(response.status, await response.json().catch(() => null));
    const blob = await response.blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    return;
  }
  const downloaded = await Taro.downloadFile({ url, header: { Authorization: `Bearer ${getAccessToken()}` } });
  if (downloaded.statusCode !== 200) throw toApiError(downloaded.statusCode, null);
  await Taro.openDocument({ filePath: downloaded.tempFilePath, fileType: 'xlsx', showMenu: true });
}
