#ifndef PAC_SPAWN_CLOSE_FROM_H
#define PAC_SPAWN_CLOSE_FROM_H

#include <spawn.h>

/// Adds to `actions` the closing, in the child, of every file descriptor from `lowest` up
/// (glibc's posix_spawn_file_actions_addclosefrom_np, 2.34 and later). glibc declares it only
/// with _GNU_SOURCE, which Swift's Glibc module is not built with; this wrapper is compiled with
/// it. Returns 0, or an errno value.
int pac_spawn_file_actions_add_close_from(posix_spawn_file_actions_t *actions, int lowest);

#endif
