/** Epoch seconds at which an item written now expires. */
export function expiresAtFor(now: Date, retentionDays: number): number {
  return Math.floor(now.getTime() / 1000) + Math.round(retentionDays * 86_400);
}
