import * as path from 'node:path';
import { serverExecutableName } from '../platform';

/** Where the server comes from, and why: shown in the log so a wrong path is easy to spot. */
export interface ServerLocation {
  readonly command: string;
  readonly source: 'setting' | 'bundled';
}

/**
 * The server executable: glm.serverPath when the user set one, otherwise the self-contained build shipped in the
 * extension under server/<target>/. A missing file is reported with the setting that fixes it, because the language
 * client's own error ("spawn ENOENT") names neither.
 */
export function locateServer(
  serverPathSetting: string | undefined,
  extensionPath: string,
  target: string,
  fileExists: (file: string) => boolean,
): ServerLocation {
  const configured = serverPathSetting?.trim() ?? '';
  if (configured.length > 0) {
    if (!fileExists(configured)) {
      throw new Error(`glm.serverPath points at "${configured}", which does not exist. Fix or clear the setting glm.serverPath.`);
    }
    return { command: configured, source: 'setting' };
  }
  const bundled = path.join(extensionPath, 'server', target, serverExecutableName(target));
  if (!fileExists(bundled)) {
    throw new Error(
      `This extension has no glm-lsp server for ${target} (looked for "${bundled}"). Install the .vsix built for your platform or set glm.serverPath.`,
    );
  }
  return { command: bundled, source: 'bundled' };
}
