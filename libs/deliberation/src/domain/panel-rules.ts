/** Small rules of the panel's work, in one place. */

/** How long after posting an author may still correct a post in the discussion. */
export const EDIT_WINDOW_MINUTES = 15;

export function canEditPost(post: { authorId: string; createdAt: Date; removedAt: Date | null }, accountId: string, now: Date): boolean {
  return post.authorId === accountId && !post.removedAt && now.getTime() - new Date(post.createdAt).getTime() <= EDIT_WINDOW_MINUTES * 60_000;
}

/**
 * What the panel decides depends on what comes after it: with a public vote, which applications
 * go on the ballot (the shortlist); without one, the awards themselves.
 */
export type Outcome = 'shortlisted' | 'not-shortlisted' | 'award' | 'no-award';

export function outcomesFor(hasPublicVote: boolean): Outcome[] {
  return hasPublicVote ? ['shortlisted', 'not-shortlisted'] : ['award', 'no-award'];
}

/** Turns a thread's posts, oldest first, into top-level posts each with its replies (one level deep, as GOV.UK-style threads read best). */
export function threadOf<T extends { id: string; parentId: string | null }>(posts: T[]): Array<T & { replies: T[] }> {
  const top = posts.filter((p) => p.parentId === null || !posts.some((q) => q.id === p.parentId));
  const rootOf = (p: T): string => {
    let current = p;
    for (let guard = 0; current.parentId && guard < 100; guard++) {
      const parent = posts.find((q) => q.id === current.parentId);
      if (!parent) break;
      current = parent;
    }
    return current.id;
  };
  return top.map((root) => ({ ...root, replies: posts.filter((p) => p.id !== root.id && rootOf(p) === root.id) }));
}

/** A seed anyone can read out and type in: four groups of five digits, from a secure random source. */
export function suggestSeed(random: (bytes: number) => Buffer): string {
  const bytes = random(8);
  const groups: string[] = [];
  for (let i = 0; i < 4; i++) groups.push(String(bytes.readUInt16BE(i * 2) % 100000).padStart(5, '0'));
  return groups.join('-');
}

/** Volunteers are numbered in the order they volunteered: the published snapshot of a draw carries numbers, never names. */
export const volunteerNumber = (index: number) => `V${String(index + 1).padStart(3, '0')}`;
