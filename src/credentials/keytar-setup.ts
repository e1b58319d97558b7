// keytar (cx's binding to the OS keyring) is an optional dependency: npm leaves it out when its
// native build fails (no libsecret headers, no compiler, no prebuilt binary reachable), and cx
// works on without a keyring. This says how to get it: the one command for this system, run in
// the directory cx is installed in. keytarSetupCommand decides (pure); keytarSetupHere reads this
// machine's inputs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '../cli/shell-quote.ts';
import { cxInstallRoot } from '../cx-install.ts';
import manifest from '../../package.json' with { type: 'json' };

export interface KeytarSetupInput {
  platform: NodeJS.Platform;
  /** /etc/os-release's text (Linux), or null. */
  osRelease: string | null;
  /** The directory cx is installed in (its package.json), or null when unknown. */
  cxRoot: string | null;
  /** A development checkout (package-lock.json beside package.json): its devDependencies stay. */
  checkout: boolean;
}

/** The keytar release cx is built against (package.json optionalDependencies). */
export const KEYTAR_VERSION: string = manifest.optionalDependencies.keytar;

function osReleaseIds(text: string | null): string[] {
  if (text === null) return [];
  const ids: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^(ID|ID_LIKE)=["']?([^"'\n]*)["']?\s*$/.exec(line);
    if (match?.[2]) ids.push(...match[2].toLowerCase().split(/\s+/));
  }
  return ids;
}

const DEBIAN = 'sudo apt-get install -y libsecret-1-dev pkg-config build-essential python3';
const FEDORA = 'sudo dnf install -y libsecret-devel pkgconf-pkg-config gcc-c++ make python3';

/**
 * The command that installs keytar for this cx: the system packages its source build needs
 * (Linux: libsecret's headers, pkg-config, a C++ compiler, Python for node-gyp; macOS needs none
 * when keytar's prebuilt Keychain binary downloads, else Xcode's command line tools), then keytar
 * itself into cx's directory.
 */
export function keytarSetupCommand(input: KeytarSetupInput): string {
  const where = input.cxRoot === null ? "cd <cx's install directory>" : `cd ${shellQuote(input.cxRoot)}`;
  const npm = `${where} && npm install --no-save${input.checkout ? '' : ' --omit=dev'} keytar@${KEYTAR_VERSION}`;
  if (input.platform === 'darwin') return `${npm} (if it builds from source: xcode-select --install first)`;
  if (input.platform !== 'linux') return npm;
  const ids = osReleaseIds(input.osRelease);
  if (ids.some((id) => id === 'debian' || id === 'ubuntu')) return `${DEBIAN} && ${npm}`;
  if (ids.some((id) => id === 'fedora' || id === 'rhel' || id === 'centos')) return `${FEDORA} && ${npm}`;
  return `on Debian/Ubuntu: ${DEBIAN} && ${npm}; on Fedora: ${FEDORA} && ${npm}`;
}

function readSmall(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').slice(0, 4096);
  } catch {
    return null;
  }
}

/** keytarSetupCommand for this machine and this cx. */
export function keytarSetupHere(selfPaths: ReadonlySet<string>): string {
  const cxRoot = cxInstallRoot(selfPaths);
  return keytarSetupCommand({
    platform: process.platform,
    osRelease: process.platform === 'linux' ? readSmall('/etc/os-release') : null,
    cxRoot,
    checkout: cxRoot !== null && existsSync(join(cxRoot, 'package-lock.json')),
  });
}
