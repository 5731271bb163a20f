import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { accountsApi } from '../api/platform.js';
import { ErrorNote } from '../components/error-note.js';
import { sessionStore } from '../session/session.js';

export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => accountsApi.signIn(email, password),
    onSuccess: (res) =>
      sessionStore.start({
        token: res.access_token,
        kind: 'user',
        email: res.user.email,
        isAdmin: res.user.role === 'admin',
        expiresAt: Math.floor(Date.now() / 1000) + res.expires_in,
      }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };
  return (
    <form className="card sign-in" onSubmit={submit}>
      <h1>Ops Center console</h1>
      {sessionStore.ended()?.reason && <p className="muted">{sessionStore.ended()?.reason}</p>}
      <label>
        Email
        <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      <label>
        Password
        <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      <button type="submit" disabled={signIn.isPending}>
        Sign in
      </button>
      <ErrorNote error={signIn.error} />
    </form>
  );
}
