/**
 * Platform names. VS Code's platform-specific extensions use targets such as "linux-x64" or "win32-x64"
 * (`vsce package --target`), .NET uses runtime identifiers such as "linux-x64" or "win-x64"
 * (`dotnet publish -r`); the server is published per target into `server/<target>/`.
 */

/** The VS Code targets this extension can be packaged for, with the .NET runtime identifier of each. */
export const supportedTargets: Readonly<Record<string, string>> = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'alpine-x64': 'linux-musl-x64',
  'win32-x64': 'win-x64',
  'win32-arm64': 'win-arm64',
  'darwin-x64': 'osx-x64',
  'darwin-arm64': 'osx-arm64',
};

/** The VS Code target of a Node platform and architecture, e.g. ("linux", "x64") → "linux-x64". */
export function vsCodeTarget(platform: string, arch: string): string {
  const target = `${platform}-${arch}`;
  if (!(target in supportedTargets)) {
    throw new Error(`glm-lsp has no server build for ${target}; supported: ${Object.keys(supportedTargets).join(', ')}.`);
  }
  return target;
}

/** The .NET runtime identifier used to publish the server for a VS Code target. */
export function dotnetRuntimeIdentifier(target: string): string {
  const rid = supportedTargets[target];
  if (rid === undefined) {
    throw new Error(`Unknown VS Code target "${target}"; supported: ${Object.keys(supportedTargets).join(', ')}.`);
  }
  return rid;
}

/** The server's executable file name: Windows needs the .exe suffix. */
export function serverExecutableName(target: string): string {
  return target.startsWith('win32-') ? 'glm-lsp.exe' : 'glm-lsp';
}

/** The .vsix file name written by `npm run package` for a target. */
export function vsixFileName(target: string): string {
  dotnetRuntimeIdentifier(target);
  return `glm-lsp-${target}.vsix`;
}
