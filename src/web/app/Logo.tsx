/** The Starmark mark: a five-pointed star in a seal. */
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <circle cx="16" cy="16" r="15" fill="#b8212a" />
      <path
        d="M16 6.5l2.6 6.2 6.7.5-5.1 4.4 1.6 6.5L16 20.6l-5.8 3.5 1.6-6.5-5.1-4.4 6.7-.5z"
        fill="#ffd666"
      />
    </svg>
  );
}
