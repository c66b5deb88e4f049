import { execFileSync } from 'node:child_process';
import { chownSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small filesystem of the test's own (a size-limited tmpfs; the tests run as root), to fill up
 * and free again: a data folder that runs out of space for real, with the kernel's ENOSPC.
 */
export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the disk refuses another byte. */
  fill: () => void;
  /** Deletes the filler: the space is back. */
  free: () => void;
  unmount: () => void;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x5a);

/**
 * Why a small disk cannot be mounted here, or null: mounting a tmpfs needs root (CI runs as root,
 * .ci/run). A non-root user has no real way to give a process a small filesystem that the test can
 * also fill (a loop device needs root too; a user namespace's mount is invisible to the test), so
 * such tests skip and say this.
 */
export const smallDiskUnavailable: string | null =
  process.getuid?.() === 0 ? null : 'skipped: mounting a small tmpfs needs root, and CI runs as root';

/** Mounts a small disk on a fresh folder, or on `at` (made if missing), e.g. where a process keeps its data. */
export function mountSmallDisk(bytes: number, owner?: { uid: number; gid: number }, at?: string): SmallDisk {
  const dir = at ?? mkdtempSync(join(tmpdir(), 'cp-small-disk-'));
  if (at) mkdirSync(at, { recursive: true, mode: 0o700 });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${Math.ceil(bytes / 1024)}k,mode=0700`, 'tmpfs', dir]);
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const filler = join(dir, 'filler.bin');
  return {
    dir,
    fill: () => {
      const fd = openSync(filler, 'a');
      try {
        for (;;) {
          try {
            writeSync(fd, CHUNK);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
            // Then byte by byte: not even a small page may be left.
            try {
              for (;;) writeSync(fd, CHUNK, 0, 512);
            } catch {
              return;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    unmount: () => {
      execFileSync('umount', ['-l', dir]);
      rmdirSync(dir);
    },
  };
}
