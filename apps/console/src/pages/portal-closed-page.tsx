/** A portal link that expired or was never valid: no sign-in here, the holder asks for a new link. */
export function PortalClosedPage({ reason }: { reason: string }) {
  return (
    <div className="card sign-in" data-testid="portal-closed">
      <h1>Webhook portal</h1>
      <p>{reason}</p>
      <p className="muted">Ask the organization's owner for a new link.</p>
    </div>
  );
}
