/* templates.c - lookup and expansion of embedded files; see templates.h. */
#include "templates.h"

#include <stdio.h>
#include <string.h>

const embedded_file *embedded_find(const char *name) {
  for (const embedded_file *f = weft_embedded; f->name; f++)
    if (!strcmp(f->name, name)) return f;
  return NULL;
}

void template_expand(strbuf *out, const char *name, const char *prefix,
                     const char *source) {
  char path[128];
  snprintf(path, sizeof path, "templates/%s", name);
  const embedded_file *f = embedded_find(path);
  if (!f) return; /* the build embeds every template; see CMakeLists.txt */
  const char *s = (const char *)f->data, *end = s + f->len;
  while (s < end) {
    if (!strncmp(s, "@NAME@", 6) && s + 6 <= end) {
      sb_puts(out, prefix);
      s += 6;
    } else if (!strncmp(s, "@SOURCE@", 8) && s + 8 <= end) {
      sb_puts(out, source);
      s += 8;
    } else {
      sb_putn(out, s, 1);
      s++;
    }
  }
}
