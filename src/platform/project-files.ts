import fs from 'node:fs';
import path from 'node:path';

let root: string | undefined;

/**
 * A file shipped with the project but not compiled (fonts, word lists, the playground's pages), by
 * its path from the project's root. The code runs from src/ under tsx (`npm start`) and from
 * dist/src/ when built (`npm run serve`): the root is the nearest folder above with package.json.
 */
export function projectFile(...parts: string[]): string {
  if (!root) {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, 'package.json'))) {
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
      dir = parent;
    }
    root = dir;
  }
  return path.join(root, ...parts);
}
