/** A Redis URL as it may be shown: in messages, manifests and the commands printed to continue. */

/** The URL with its password masked (`redis://:***@host:port`). */
export function maskedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
