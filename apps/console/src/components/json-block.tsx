export function JsonBlock({ value, label }: { value: unknown; label?: string }) {
  return (
    <pre className="json" title={label}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
