/** Adds `by` to the tally of `key`. */
export function increment(tallies: Map<string, number>, key: string, by = 1): void {
  tallies.set(key, (tallies.get(key) ?? 0) + by);
}

/** Adds every tally of `from` to `into`. */
export function addTallies(into: Map<string, number>, from: ReadonlyMap<string, number>): void {
  for (const [key, n] of from) {
    increment(into, key, n);
  }
}
