// What a platform's .vsix may carry: checked by scripts/package-vscode.mjs on the published server folder before
// vsce packs it, and by tests/node/package-contents.test.mjs on file lists, so nothing has to be built to test it.
import { readdirSync } from 'node:fs';
import { relative, sep } from 'node:path';

/**
 * The files under runtimes/ that belong to another runtime than `rid`: LLamaSharp loads only
 * runtimes/<its rid>/native/<cpu level>/, so another platform's llama.cpp build is dead weight in the package.
 */
export function foreignRuntimeFiles(relativePaths, rid) {
  return relativePaths.filter((path) => {
    const parts = path.split(/[\\/]+/);
    return parts[0] === 'runtimes' && parts[1] !== rid;
  });
}

/** Every file under `folder`, as paths relative to it with / separators. */
export function listFiles(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, `${entry.parentPath ?? entry.path}${sep}${entry.name}`).split(sep).join('/'));
}
