import os from 'node:os';

/**
 * The operating-system user running `drobot`, who makes the changes no `--author` names: the account's
 * name, or `USER` where the system has no entry for the process's user id (a container's arbitrary uid);
 * empty when neither says.
 */
export function commandLineUser(): string {
  try {
    const name = os.userInfo().username;
    if (name !== '') return name;
  } catch {
    // No passwd entry for this uid: the environment's word is all there is.
  }
  return process.env.USER ?? '';
}
