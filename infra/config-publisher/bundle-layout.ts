/** The name the bundling step gives the default snapshot, next to the bundled installer. */
export const BUNDLED_SNAPSHOT_FILE = 'default-snapshot.json';
