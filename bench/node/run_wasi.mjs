// run_wasi.mjs - run a wasm32-wasi command under node's built-in WASI
// (node:wasi, preview1):  node --no-warnings run_wasi.mjs prog.wasm [ARGS...]
// The program sees ARGS (argv[0] is the module path), no environment
// variables and no preopened directories; its exit status is ours.
// bench/run.py adds --no-warnings --no-turbo-fast-api-calls (see NODE_FLAGS
// there: fast API calls for WASI crash node 20 on some programs).
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { argv, exit } from 'node:process';

const path = argv[2];
const wasi = new WASI({ version: 'preview1', args: [path, ...argv.slice(3)], env: {},
                        returnOnExit: true });
const module = await WebAssembly.compile(await readFile(path));
// wasi.getImportObject() needs node >= 19.8; wasiImport works from 12 on,
// and Debian 12's node is 18.
const instance = await WebAssembly.instantiate(module,
                                               { wasi_snapshot_preview1: wasi.wasiImport });
exit(wasi.start(instance));
