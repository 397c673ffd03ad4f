import type { Options } from './types';

/** Where events go: the native endpoint URL (key in the query, so browsers need no preflight) and the project. */
export interface Target {
  url: string;
  projectId: number;
}

/** Reads the DSN or the endpoint/projectId/apiKey triple; throws a clear error when neither is usable. */
export function resolveTarget(options: Options): Target {
  let base = options.endpoint;
  let projectId = options.projectId;
  let apiKey = options.apiKey;
  if (options.dsn) {
    const match = /^(https?):\/\/([^@/]+)@([^/]+)(\/.*)?\/(\d+)\/?$/.exec(options.dsn);
    if (!match) {
      throw new Error('Flytrap: the DSN must look like https://<key>@host/<project id>');
    }
    base = match[1] + '://' + match[3] + (match[4] || '');
    apiKey = match[2];
    projectId = match[5];
  }
  const id = Number(projectId);
  if (!base || !apiKey || !(id > 0) || Math.floor(id) !== id) {
    throw new Error('Flytrap: give a dsn, or endpoint, projectId and apiKey');
  }
  return {
    url: base.replace(/\/+$/, '') + '/api/errors?api_key=' + encodeURIComponent(apiKey),
    projectId: id,
  };
}
