/*
 * debug_lines.c - the DWARF line table of a module; see debug_lines.h.
 *
 * In Wasm, DWARF code addresses are offsets from the start of the Code
 * section's contents; rows are kept as offsets in the module, which is what
 * decoded instructions carry.  Sequences of functions the linker dropped
 * start at a tombstone address (0xffffffff or 0xfffffffe) and are skipped.
 */
#include "debug_lines.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
  const uint8_t *p, *end;
  bool bad;
} reader;

static uint64_t uleb(reader *r) {
  uint64_t v = 0;
  for (int shift = 0; r->p < r->end && shift < 64; shift += 7) {
    uint8_t b = *r->p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  r->bad = true;
  return 0;
}

static int64_t sleb(reader *r) {
  int64_t v = 0;
  int shift = 0;
  uint8_t b = 0x80;
  while (r->p < r->end && (b & 0x80) && shift < 64) {
    b = *r->p++;
    v |= (int64_t)((uint64_t)(b & 0x7f) << shift);
    shift += 7;
  }
  if (b & 0x80) r->bad = true;
  else if (shift < 64 && (b & 0x40)) v |= (int64_t)(~(uint64_t)0 << shift);
  return v;
}

static uint64_t fixed(reader *r, int n) {
  uint64_t v = 0;
  if (r->end - r->p < n) {
    r->bad = true;
    r->p = r->end;
    return 0;
  }
  for (int i = 0; i < n; i++) v |= (uint64_t)r->p[i] << (8 * i);
  r->p += n;
  return v;
}

static void skip(reader *r, uint64_t n) {
  if (n > (uint64_t)(r->end - r->p)) {
    r->bad = true;
    r->p = r->end;
  } else {
    r->p += n;
  }
}

static const char *cstr(reader *r) {
  const char *s = (const char *)r->p;
  const uint8_t *z = memchr(r->p, 0, (size_t)(r->end - r->p));
  if (!z) {
    r->bad = true;
    r->p = r->end;
    return "";
  }
  r->p = z + 1;
  return s;
}

/* A section's contents by name. */
typedef struct section {
  const uint8_t *data;
  size_t size;
} section;

typedef struct sections {
  section line, line_str, str;
  uint32_t code;  /* offset of the Code section's contents */
} sections;

static void find_sections(const wm_module *m, sections *s) {
  memset(s, 0, sizeof *s);
  reader r = {m->bytes + 8, m->bytes + m->nbytes, false};
  while (r.p < r.end && !r.bad) {
    uint8_t id = *r.p++;
    uint64_t size = uleb(&r);
    if (r.bad || size > (uint64_t)(r.end - r.p)) return;
    reader c = {r.p, r.p + size, false};
    if (id == 10) s->code = (uint32_t)(r.p - m->bytes);
    if (id == 0) {
      uint64_t n = uleb(&c);
      if (!c.bad && n <= (uint64_t)(c.end - c.p)) {
        const char *name = (const char *)c.p;
        section *t = n == 11 && !memcmp(name, ".debug_line", 11)      ? &s->line
                     : n == 15 && !memcmp(name, ".debug_line_str", 15) ? &s->line_str
                     : n == 10 && !memcmp(name, ".debug_str", 10)      ? &s->str
                                                                        : NULL;
        if (t) t->data = c.p + n, t->size = (size_t)(c.end - c.p) - n;
      }
    }
    r.p += size;
  }
}

static void add_row(debug_lines *d, size_t *cap, dl_row row) {
  if (d->nrows == *cap) {
    *cap = *cap ? *cap * 2 : 256;
    d->rows = realloc(d->rows, *cap * sizeof *d->rows);
    if (!d->rows) abort();
  }
  d->rows[d->nrows++] = row;
}

static uint32_t add_file(debug_lines *d, const char *dir, const char *name) {
  char *path = malloc(strlen(dir) + strlen(name) + 2);
  if (!path) abort();
  if (*dir && name[0] != '/') sprintf(path, "%s/%s", dir, name);
  else strcpy(path, name);
  d->files = realloc(d->files, (d->nfiles + 1) * sizeof *d->files);
  if (!d->files) abort();
  d->files[d->nfiles] = path;
  return d->nfiles++;
}

/* A string-valued attribute of DWARF 5's directory and file tables. */
static const char *form_string(reader *r, uint64_t form, const sections *s) {
  section t = form == 0x1f ? s->line_str : s->str;
  switch (form) {
    case 0x08: return cstr(r);                 /* DW_FORM_string */
    case 0x0e: case 0x1f: {                    /* strp, line_strp */
      uint64_t off = fixed(r, 4);
      if (off >= t.size || !memchr(t.data + off, 0, t.size - off)) break;
      return (const char *)t.data + off;
    }
  }
  r->bad = true;
  return "";
}

static uint64_t form_number(reader *r, uint64_t form) {
  switch (form) {
    case 0x0b: return fixed(r, 1);             /* data1 */
    case 0x05: return fixed(r, 2);             /* data2 */
    case 0x06: return fixed(r, 4);             /* data4 */
    case 0x07: return fixed(r, 8);             /* data8 */
    case 0x0f: return uleb(r);                 /* udata */
    case 0x1e: skip(r, 16); return 0;          /* data16 (an MD5) */
    case 0x09: skip(r, uleb(r)); return 0;     /* block */
  }
  r->bad = true;
  return 0;
}

/* DWARF 5 directory or file entries: paths (and, for files, directory
 * indices) in the forms the header announces. */
static uint32_t v5_entries(reader *r, const sections *s, const char **paths,
                           uint64_t *dirs, uint32_t max) {
  uint8_t nformats = (uint8_t)fixed(r, 1);
  uint64_t kind[16], form[16];
  if (nformats > 16) r->bad = true;
  for (int i = 0; i < nformats && !r->bad; i++) kind[i] = uleb(r), form[i] = uleb(r);
  uint64_t n = uleb(r);
  if (n > max) r->bad = true;
  for (uint64_t e = 0; e < n && !r->bad; e++) {
    paths[e] = "";
    if (dirs) dirs[e] = 0;
    for (int i = 0; i < nformats && !r->bad; i++) {
      if (kind[i] == 1) paths[e] = form_string(r, form[i], s);   /* path */
      else if (kind[i] == 2 && dirs) dirs[e] = form_number(r, form[i]);
      else if (form[i] == 0x08) cstr(r);
      else if (form[i] == 0x0e || form[i] == 0x1f) fixed(r, 4);
      else form_number(r, form[i]);
    }
  }
  return r->bad ? 0 : (uint32_t)n;
}

#define MAX_ENTRIES 4096

typedef struct unit_files {
  uint32_t first;    /* file index in debug_lines of the unit's file `base` */
  uint32_t base;     /* 1 in DWARF 4, 0 in DWARF 5 */
  uint32_t n;
} unit_files;

/* The header from version on: fills the unit's files; leaves r at the
 * header's end (prog). */
static bool header(reader *r, unsigned version, const sections *s,
                   debug_lines *d, unit_files *uf, uint8_t *min_inst,
                   int8_t *line_base, uint8_t *line_range,
                   uint8_t *opcode_base, const uint8_t **std_lengths) {
  static const char *dirs[MAX_ENTRIES], *names[MAX_ENTRIES];
  static uint64_t dir_of[MAX_ENTRIES];
  *min_inst = (uint8_t)fixed(r, 1);
  if (version >= 4) fixed(r, 1);   /* maximum operations per instruction */
  fixed(r, 1);                     /* default_is_stmt */
  *line_base = (int8_t)fixed(r, 1);
  *line_range = (uint8_t)fixed(r, 1);
  *opcode_base = (uint8_t)fixed(r, 1);
  *std_lengths = r->p;
  r->p += *opcode_base ? *opcode_base - 1 : 0;
  if (r->p > r->end || !*line_range) return false;
  uint32_t ndirs = 0, nfiles = 0;
  if (version >= 5) {
    ndirs = v5_entries(r, s, dirs, NULL, MAX_ENTRIES);
    nfiles = v5_entries(r, s, names, dir_of, MAX_ENTRIES);
    uf->base = 0;
  } else {
    dirs[ndirs++] = "";  /* 0: the compilation directory, not recorded here */
    for (const char *dir; !r->bad && *(dir = cstr(r)) && ndirs < MAX_ENTRIES;)
      dirs[ndirs++] = dir;
    for (const char *name; !r->bad && *(name = cstr(r)) && nfiles < MAX_ENTRIES;) {
      names[nfiles] = name;
      dir_of[nfiles++] = uleb(r);
      uleb(r), uleb(r);  /* modification time, length */
    }
    uf->base = 1;
  }
  if (r->bad) return false;
  uf->first = d->nfiles, uf->n = nfiles;
  for (uint32_t i = 0; i < nfiles; i++)
    add_file(d, dir_of[i] < ndirs ? dirs[dir_of[i]] : "", names[i]);
  return true;
}

/* One unit's line program; rows for addresses outside code are dropped. */
static void program(reader *r, const sections *s, debug_lines *d, size_t *cap,
                    const unit_files *uf, uint8_t min_inst, int8_t line_base,
                    uint8_t line_range, uint8_t opcode_base,
                    const uint8_t *std_lengths) {
  uint64_t addr = 0, file = 1, line = 1;
  bool dead = false;
  while (r->p < r->end && !r->bad) {
    uint8_t op = *r->p++;
    bool emit = false;
    if (op >= opcode_base) {
      uint8_t adj = (uint8_t)(op - opcode_base);
      addr += (uint64_t)(adj / line_range) * min_inst;
      line += (uint64_t)(int64_t)(line_base + adj % line_range);
      emit = true;
    } else if (op == 0) {
      uint64_t len = uleb(r);
      const uint8_t *next = r->p + len;
      if (len == 0 || len > (uint64_t)(r->end - r->p)) return;
      uint8_t sub = *r->p++;
      if (sub == 1) {  /* end_sequence: no source line from here on */
        if (!dead && s->code + addr <= UINT32_MAX)
          add_row(d, cap, (dl_row){(uint32_t)(s->code + addr), 0, 0});
        addr = 0, file = 1, line = 1, dead = false;
      } else if (sub == 2) {  /* set_address */
        addr = fixed(r, (int)(len - 1 > 8 ? 8 : len - 1));
        dead = addr >= 0xfffffffeu;
      }
      r->p = next;
    } else {
      switch (op) {
        case 1: emit = true; break;                                 /* copy */
        case 2: addr += uleb(r) * min_inst; break;                  /* advance_pc */
        case 3: line += (uint64_t)sleb(r); break;                   /* advance_line */
        case 4: file = uleb(r); break;                              /* set_file */
        case 8: addr += (uint64_t)((255 - opcode_base) / line_range) * min_inst; break;
        case 9: addr += fixed(r, 2); break;                         /* fixed_advance_pc */
        default:
          for (int i = 0; i < std_lengths[op - 1]; i++) uleb(r);
      }
    }
    if (!emit || dead || file < uf->base || file - uf->base >= uf->n) continue;
    uint64_t off = s->code + addr;
    if (off > UINT32_MAX) continue;
    add_row(d, cap, (dl_row){(uint32_t)off, uf->first + (uint32_t)(file - uf->base),
                             (uint32_t)line});
  }
}

static int by_offset(const void *a, const void *b) {
  const dl_row *x = a, *y = b;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

size_t debug_lines_load(const wm_module *m, debug_lines *d) {
  memset(d, 0, sizeof *d);
  sections s;
  find_sections(m, &s);
  if (!s.line.data || !s.code) return 0;
  size_t cap = 0;
  reader all = {s.line.data, s.line.data + s.line.size, false};
  while (all.end - all.p >= 4) {
    uint64_t len = fixed(&all, 4);
    if (len >= 0xfffffff0u || len > (uint64_t)(all.end - all.p)) break;
    reader r = {all.p, all.p + len, false};
    all.p += len;
    unsigned version = (unsigned)fixed(&r, 2);
    if (version < 2 || version > 5) continue;
    if (version >= 5 && fixed(&r, 1) != 4) continue;  /* address size */
    if (version >= 5) fixed(&r, 1);                   /* segment selector */
    uint64_t hlen = fixed(&r, 4);
    if (r.bad || hlen > (uint64_t)(r.end - r.p)) continue;
    reader h = {r.p, r.p + hlen, false};
    unit_files uf;
    uint8_t min_inst, line_range, opcode_base;
    int8_t line_base;
    const uint8_t *std_lengths;
    if (!header(&h, version, &s, d, &uf, &min_inst, &line_base, &line_range,
                &opcode_base, &std_lengths))
      continue;
    r.p += hlen;
    program(&r, &s, d, &cap, &uf, min_inst, line_base, line_range,
            opcode_base, std_lengths);
  }
  qsort(d->rows, d->nrows, sizeof *d->rows, by_offset);
  return d->nrows;
}

void debug_lines_free(debug_lines *d) {
  for (uint32_t i = 0; i < d->nfiles; i++) free(d->files[i]);
  free(d->files);
  free(d->rows);
  memset(d, 0, sizeof *d);
}

const dl_row *debug_lines_find(const debug_lines *d, uint32_t offset) {
  size_t lo = 0, hi = d->nrows;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->rows[mid].offset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo ? &d->rows[lo - 1] : NULL;
}
