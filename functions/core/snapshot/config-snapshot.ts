/** The config snapshot: build (publisher side) and load (profile Lambda side). */
export { buildSnapshot } from './build-snapshot.ts';
export {
  type BuiltSnapshot,
  type LoadedSnapshot,
  loadSnapshot,
  readSnapshotHeader,
  SNAPSHOT_FORMAT,
  SnapshotFormatError,
  type SnapshotHeader,
} from './load-snapshot.ts';
