/*
 * fsutil.h - file-system chores for the driver: whole-file writes that
 * never leave a half-written file behind (temp file + rename), directory
 * creation and removal.  All return 0 or -1 with errno set.
 */
#ifndef WEFT_FSUTIL_H
#define WEFT_FSUTIL_H

#include <stddef.h>

int fs_write_atomic(const char *path, const void *data, size_t len, int mode);
int fs_write(const char *path, const void *data, size_t len);
int fs_mkdir_p(const char *path);
int fs_rm_rf(const char *path);
int fs_exists(const char *path);
/* 0 if the directory path's file would go in exists (or path has none);
 * else -1, with the directory's name in dir. */
int fs_parent_dir(const char *path, char *dir, size_t n);

#endif /* WEFT_FSUTIL_H */
