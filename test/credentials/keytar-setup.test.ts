// The command cx gives for installing keytar (an optional dependency), per system. Pure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYTAR_VERSION, keytarSetupCommand } from '../../src/credentials/keytar-setup.ts';
import { ROOT } from '../helpers/cx-process.ts';

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\n';
const ROCKY = 'ID="rocky"\nID_LIKE="rhel centos fedora"\n';

describe('keytarSetupCommand', () => {
  it('installs the keytar of package.json', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
    expect(KEYTAR_VERSION).toBe(manifest.optionalDependencies['keytar']);
  });

  it.each([
    { os: DEBIAN, packages: 'sudo apt-get install -y libsecret-1-dev pkg-config build-essential python3' },
    { os: UBUNTU, packages: 'sudo apt-get install -y libsecret-1-dev pkg-config build-essential python3' },
    { os: FEDORA, packages: 'sudo dnf install -y libsecret-devel pkgconf-pkg-config gcc-c++ make python3' },
    { os: ROCKY, packages: 'sudo dnf install -y libsecret-devel pkgconf-pkg-config gcc-c++ make python3' },
  ])('Linux ($packages): the build\'s packages, then keytar into cx\'s directory', ({ os, packages }) => {
    expect(keytarSetupCommand({ platform: 'linux', osRelease: os, cxRoot: '/opt/cx', checkout: false })).toBe(`${packages} && cd /opt/cx && npm install --no-save --omit=dev keytar@${KEYTAR_VERSION}`);
  });

  it('a checkout keeps its devDependencies (no --omit=dev); an unknown Linux gets both commands', () => {
    const command = keytarSetupCommand({ platform: 'linux', osRelease: 'ID=arch\n', cxRoot: '/src/cx', checkout: true });
    expect(command).toBe(
      `on Debian/Ubuntu: sudo apt-get install -y libsecret-1-dev pkg-config build-essential python3 && cd /src/cx && npm install --no-save keytar@${KEYTAR_VERSION}; ` +
        `on Fedora: sudo dnf install -y libsecret-devel pkgconf-pkg-config gcc-c++ make python3 && cd /src/cx && npm install --no-save keytar@${KEYTAR_VERSION}`,
    );
  });

  it('macOS: keytar alone (its prebuilt Keychain binary), Xcode\'s tools only for a source build', () => {
    expect(keytarSetupCommand({ platform: 'darwin', osRelease: null, cxRoot: '/usr/local/lib/node_modules/cx-codex-launcher', checkout: false })).toBe(
      `cd /usr/local/lib/node_modules/cx-codex-launcher && npm install --no-save --omit=dev keytar@${KEYTAR_VERSION} (if it builds from source: xcode-select --install first)`,
    );
  });

  it('quotes a directory the shell would split, and says so when it is unknown', () => {
    expect(keytarSetupCommand({ platform: 'linux', osRelease: DEBIAN, cxRoot: "/home/a b/it's", checkout: true })).toContain(`cd '/home/a b/it'\\''s' && npm`);
    expect(keytarSetupCommand({ platform: 'linux', osRelease: DEBIAN, cxRoot: null, checkout: false })).toContain("cd <cx's install directory> && npm");
  });
});
