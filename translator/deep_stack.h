/*
 * deep_stack.h - run a function on a thread with a very large stack.
 *
 * libwabt parses, validates and frees nested blocks by recursion, and Wasm
 * sets no limit on nesting: a module of a million nested blocks needs far
 * more than the 8 MiB a process gets.  The translator loads modules through
 * deep_stack_call, on a stack of up to 1 GiB that costs only the pages it
 * touches; should even that run out, it reports the module as nested too
 * deeply and exits with status 1 instead of crashing.
 */
#ifndef WEFT_DEEP_STACK_H
#define WEFT_DEEP_STACK_H

/* Runs fn(arg) to completion on a big stack (or on this one if none can be
 * made).  path names the module in the overflow message. */
void deep_stack_call(void (*fn)(void *), void *arg, const char *path);

#endif /* WEFT_DEEP_STACK_H */
