/*
 * installed_rt.h - the runtime an installed weft links programs with.  When
 * weft runs from an install prefix (PREFIX/bin/weft, with PREFIX/include/weft
 * and the libweft_rt archives that `cmake --install` put beside it), a
 * native build compiles against those headers and links that archive
 * instead of compiling its embedded copy of the runtime.  Run from a build
 * tree, or for a cross target, it finds none and the embedded copy is used.
 */
#ifndef WEFT_INSTALLED_RT_H
#define WEFT_INSTALLED_RT_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"

/* True, with the headers' directory in inc and the archive in lib, when
 * this build can use the installed runtime. */
bool installed_rt(const weft_options *o, char *inc, size_t incn, char *lib,
                  size_t libn);

#endif /* WEFT_INSTALLED_RT_H */
