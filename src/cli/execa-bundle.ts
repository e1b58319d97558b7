// execa, for the programs cx starts off the launch path (doctor's codex runs, codex's completion
// script, `aws sso login`, a provider's token command). Built as a bundle of its own with execa
// inside it (package.json `build`): loading execa's ES module graph from node_modules costs far
// more CPU than one bundled file. import-esm.ts hands it out.
export { execa } from 'execa';
