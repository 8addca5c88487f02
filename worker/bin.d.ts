/** Files matched by the `Data` rule in wrangler.toml import as their bytes. */
declare module '*.bin' {
  const bytes: ArrayBuffer;
  export default bytes;
}
