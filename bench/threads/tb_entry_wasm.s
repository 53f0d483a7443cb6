# tb_entry_wasm.s - wasi-threads entry for the libc-free thread benchmarks.
#
# thread-spawn(arg) runs wasi_thread_start(tid, arg) on a new instance whose
# __stack_pointer is the linker's initial value, the main thread's stack.
# So before any C code runs we point __stack_pointer at the thread's own
# stack, whose top is the first field of the tb_thread that arg points to
# (see tb.h).  After the C body returns, nothing touches that stack again:
# we mark the thread done (tb_thread.done, offset 12) and wake its joiner,
# so the joiner may reuse the stack at once.
	.text
	.globaltype	__stack_pointer, i32
	.functype	tb_thread_main (i32) -> ()
	.section	.text.wasi_thread_start,"",@
	.globl	wasi_thread_start
	.export_name	wasi_thread_start, wasi_thread_start
	.type	wasi_thread_start,@function
wasi_thread_start:
	.functype	wasi_thread_start (i32, i32) -> ()
	local.get	1
	i32.load	0
	global.set	__stack_pointer
	local.get	1
	call	tb_thread_main
	local.get	1
	i32.const	1
	i32.atomic.store	12
	local.get	1
	i32.const	-1
	memory.atomic.notify	12
	drop
	end_function
