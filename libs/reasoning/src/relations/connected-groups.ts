/**
 * Groups of N items connected by `linked(i, j)` (depth-first search over the N×N pairs): each group in ascending
 * index order, the groups largest first (ties keep the order of their smallest index). How the strategies turn
 * pairwise "same kind" decisions into the groups of a relation answer for N > 3.
 */
export function connectedGroups(n: number, linked: (i: number, j: number) => boolean): number[][] {
  const seen = new Uint8Array(n);
  const groups: number[][] = [];
  for (let s = 0; s < n; s++) {
    if (seen[s]) continue;
    const group: number[] = [];
    const stack = [s];
    seen[s] = 1;
    while (stack.length > 0) {
      const i = stack.pop() as number;
      group.push(i);
      for (let j = 0; j < n; j++)
        if (!seen[j] && linked(i, j)) {
          seen[j] = 1;
          stack.push(j);
        }
    }
    groups.push(group.sort((a, b) => a - b));
  }
  return groups.sort((a, b) => b.length - a.length);
}
