// Where the debug `reprise` binary is, as cargo puts it: under CARGO_TARGET_DIR when that is
// set (relative to the repository, as cargo resolves it there), else under `target/`.
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const TARGET_DIR = process.env.CARGO_TARGET_DIR ?? 'target';

export const REPRISE_BIN = join(
  isAbsolute(TARGET_DIR) ? TARGET_DIR : join(REPO, TARGET_DIR),
  'debug',
  'reprise',
);
