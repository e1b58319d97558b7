import { type Env, envValue } from '../config/home-dirs.ts';

// Vendors that do not all set CI=true; one of these set means a CI run.
const CI_VARIABLES = ['GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'CIRCLECI', 'JENKINS_URL', 'TF_BUILD', 'TEAMCITY_VERSION', 'BITBUCKET_BUILD_NUMBER', 'CODEBUILD_BUILD_ID', 'DRONE', 'TRAVIS'];

/** Whether this looks like a CI environment (`CI` set to anything but false/0, or a vendor's variable). */
export function isCi(env: Env): boolean {
  const ci = envValue(env, 'CI');
  if (ci !== undefined) return !['false', '0', 'no'].includes(ci.toLowerCase());
  return CI_VARIABLES.some((name) => envValue(env, name) !== undefined);
}
