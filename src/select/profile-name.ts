// codex accepts profile names made of letters, digits, `-` and `_`; anything else fails its
// argument parsing (exit 2), so cx rejects such a name before launching.
const PROFILE_NAME = /^[A-Za-z0-9_-]+$/;

export function isValidProfileName(name: string): boolean {
  return PROFILE_NAME.test(name);
}

export function describeInvalidProfileName(name: string): string {
  const shown = name === '' ? 'an empty name' : `\`${name}\``;
  return `profile name ${shown} is not valid: use letters, digits, - and _ only`;
}
