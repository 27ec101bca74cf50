// The command line of scripts/package-vscode.mjs, and the one-line verdict on a failed restore of the CUDA flavour;
// kept apart from the script so node --test can check them without building anything (tests/node/package-options.test.mjs).

// The same table as clients/vscode/src/platform.ts (VS Code target → .NET runtime identifier).
export const runtimeIdentifiers = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'alpine-x64': 'linux-musl-x64',
  'win32-x64': 'win-x64',
  'win32-arm64': 'win-arm64',
  'darwin-x64': 'osx-x64',
  'darwin-arm64': 'osx-arm64',
};

// --backend value → the GlmBackend MSBuild property (Directory.Build.props), which picks LLamaSharp.Backend.<name>.
export const backends = { cpu: 'Cpu', cuda12: 'Cuda12' };

/**
 * Reads `[--target T] [--backend cpu|cuda12] [--skip-server]`; throws an Error whose message is the one line to print.
 * The CPU flavour keeps the file name it always had; another backend adds its name, so both can sit side by side.
 */
export function parsePackageArguments(args, defaultTarget) {
  const valueOf = (flag) => {
    const index = args.indexOf(flag);
    if (index < 0) {
      return undefined;
    }
    const value = args[index + 1];
    if (value === undefined || value.startsWith('--')) {
      throw new Error(`${flag} needs a value.`);
    }
    return value;
  };
  const target = valueOf('--target') ?? defaultTarget;
  const rid = runtimeIdentifiers[target];
  if (rid === undefined) {
    throw new Error(`Unknown target "${target}"; supported: ${Object.keys(runtimeIdentifiers).join(', ')}.`);
  }
  const backend = valueOf('--backend') ?? 'cpu';
  const glmBackend = backends[backend];
  if (glmBackend === undefined) {
    throw new Error(`Unknown backend "${backend}"; supported: ${Object.keys(backends).join(', ')}.`);
  }
  return {
    target,
    rid,
    backend,
    glmBackend,
    skipServer: args.includes('--skip-server'),
    vsixName: backend === 'cpu' ? `glm-lsp-${target}.vsix` : `glm-lsp-${target}-${backend}.vsix`,
  };
}

/** The one line that says why `dotnet restore -p:GlmBackend=…` failed, from its output. */
export function restoreFailureLine(glmBackend, restoreOutput) {
  const packageId = `LLamaSharp.Backend.${glmBackend}`;
  // NU1101: no version at all in any source ("… in source(s): nuget.org"); NU1102: none in the version we pin.
  const missing = restoreOutput.match(/error NU110([12]): Unable to find package ([\w.]*\w)(?:[^\n]*?in source\(s\): ([^\n[]+))?/);
  if (missing && missing[2] === packageId) {
    const sources = missing[3]?.trim() ?? 'not in the version Directory.Packages.props pins';
    return `glm-lsp: ${packageId} is not served by your package source (${sources}); the ${glmBackend} flavour cannot be built here: add a source that serves it to NuGet.Config, or package the CPU flavour.`;
  }
  const firstError = restoreOutput.split('\n').find((line) => / error /.test(line));
  return `glm-lsp: restoring the ${glmBackend} flavour failed: ${firstError?.trim() ?? 'dotnet restore gave no error line'}`;
}
