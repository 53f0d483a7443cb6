/* fake_plugins.c - .so files that are not plugins of this weft, for the
 * open errors (plugin.sh abi): -DNEWER_ABI exports only a later version's
 * entry symbol; -DNEWER_HOST refers to a later host library's marker. */
#ifdef NEWER_ABI
const void *weft_plugin_v2(void) { return 0; }
#endif
#ifdef NEWER_HOST
extern const int weft_host_library_v2;
const void *weft_plugin_v1(void) { return &weft_host_library_v2; }
#endif
int not_a_plugin(void) { return 42; }
