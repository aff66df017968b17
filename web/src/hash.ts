// A video's content hash: keccak-256 of the file's bytes, as `flix video mint --content FILE`
// computes it. The file is read as a stream in chunks, so a multi-gigabyte video never sits in
// memory.

import { keccak_256 } from "@noble/hashes/sha3";
import { type Hex, bytesToHex } from "viem";

export async function contentHash(file: Blob, progress?: (done: number, total: number) => void): Promise<Hex> {
  const hasher = keccak_256.create();
  const reader = file.stream().getReader();
  let done = 0;
  for (;;) {
    const { value, done: end } = await reader.read();
    if (end) break;
    hasher.update(value);
    done += value.length;
    progress?.(done, file.size);
  }
  return bytesToHex(hasher.digest());
}
