/** Sent, instead of a verification token, when someone registers an address that already has an account. */
export function alreadyRegisteredEmail(to: string) {
  return {
    to,
    subject: 'Someone tried to register your email address',
    text: `Someone, perhaps you, tried to create an account for ${to}, which already has one. Nothing was changed. If it was you, sign in with your password; if not, you can ignore this email.\n`,
  };
}
