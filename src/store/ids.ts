import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Readable ids like `src_01hv3k9x2m4q8r7t`: a prefix naming the kind (so a pasted id says what it
 * is), then a time part that sorts by creation and a random part.
 */
export function newId(prefix: string, now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 9; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = Array.from(randomBytes(7), (b) => ALPHABET[b % 32]).join('');
  return `${prefix}_${time}${random}`;
}
