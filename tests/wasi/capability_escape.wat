;; Tries to reach outside its one preopen (fd 3, holding sub/file and the
;; host-made links out -> ../outside and abs -> /etc/passwd) in every way
;; the capability model forbids, and prints "PATH ERRNO" for each attempt:
;; 76 is ENOTCAPABLE, 0 success.  The chain c1 -> c2 -> ../outside is made
;; by the guest itself, one harmless-looking link at a time.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink"
    (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get"
    (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1000) "../outside/secret")          ;; 17
  (data (i32.const 1100) "/etc/passwd")                ;; 11
  (data (i32.const 1200) "sub/../../outside/secret")   ;; 24
  (data (i32.const 1300) "out/secret")                 ;; 10
  (data (i32.const 1400) "abs")                        ;; 3
  (data (i32.const 1500) "c1/secret")                  ;; 9
  (data (i32.const 1600) "sub/../sub/./file")          ;; 17
  (data (i32.const 1700) "../outside/new")             ;; 14
  (data (i32.const 1800) "c2")                         ;; 2
  (data (i32.const 1900) "c1")                         ;; 2
  (data (i32.const 2000) "../outside")                 ;; 10
  (data (i32.const 2100) "/etc")                       ;; 4
  (data (i32.const 2200) "mine")                       ;; 4
  (data (i32.const 2300) "out/")                       ;; 4
  (data (i32.const 2400) "symlink /etc -> mine")       ;; 20
  (data (i32.const 2500) "stat out/")                  ;; 9

  ;; Writes bytes [ptr, ptr+len) to stdout.
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; Prints " NN\n" for errno e (< 100).
  (func $print_errno (param $e i32)
    (i32.store8 (i32.const 16) (i32.const 32))
    (i32.store8 (i32.const 17) (i32.add (i32.const 48) (i32.div_u (local.get $e) (i32.const 10))))
    (i32.store8 (i32.const 18) (i32.add (i32.const 48) (i32.rem_u (local.get $e) (i32.const 10))))
    (i32.store8 (i32.const 19) (i32.const 10))
    (call $print (i32.const 16) (i32.const 4)))

  ;; path_open(3, lookup, path, oflags) with read rights; prints the result.
  (func $try (param $lookup i32) (param $oflags i32) (param $ptr i32) (param $len i32)
    (local $e i32)
    (local.set $e (call $path_open (i32.const 3) (local.get $lookup)
                    (local.get $ptr) (local.get $len) (local.get $oflags)
                    (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 24)))
    (if (i32.eqz (local.get $e)) (then (drop (call $fd_close (i32.load (i32.const 24))))))
    (call $print (local.get $ptr) (local.get $len))
    (call $print_errno (local.get $e)))

  (func (export "_start")
    (call $try (i32.const 0) (i32.const 0) (i32.const 1000) (i32.const 17))
    (call $try (i32.const 0) (i32.const 0) (i32.const 1100) (i32.const 11))
    (call $try (i32.const 0) (i32.const 0) (i32.const 1200) (i32.const 24))
    (call $try (i32.const 0) (i32.const 0) (i32.const 1300) (i32.const 10))
    (call $try (i32.const 1) (i32.const 0) (i32.const 1400) (i32.const 3))
    ;; the guest builds c1 -> c2 -> ../outside
    (drop (call $path_symlink (i32.const 1800) (i32.const 2) (i32.const 3) (i32.const 1900) (i32.const 2)))
    (drop (call $path_symlink (i32.const 2000) (i32.const 10) (i32.const 3) (i32.const 1800) (i32.const 2)))
    (call $try (i32.const 1) (i32.const 0) (i32.const 1500) (i32.const 9))
    ;; creating outside: O_CREAT
    (call $try (i32.const 0) (i32.const 1) (i32.const 1700) (i32.const 14))
    ;; an absolute link target is refused
    (call $print (i32.const 2400) (i32.const 20))
    (call $print_errno (call $path_symlink (i32.const 2100) (i32.const 4) (i32.const 3) (i32.const 2200) (i32.const 4)))
    ;; a trailing slash follows the link: still refused
    (call $print (i32.const 2500) (i32.const 9))
    (call $print_errno (call $path_filestat_get (i32.const 3) (i32.const 0) (i32.const 2300) (i32.const 4) (i32.const 3000)))
    ;; and what is inside works
    (call $try (i32.const 0) (i32.const 0) (i32.const 1600) (i32.const 17))))
