/** A labelled progress bar (0–1) with the percentage in text for those who cannot see the bar. */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className="progress">
      <progress max={100} value={percent} aria-label={label} />
      <span>
        {label}: {percent} %
      </span>
    </div>
  );
}
