# swift_build [swift build arguments]: `swift build`, run once more if the package manager
# itself was killed by a signal. SwiftPM 6.3.1 has died of SIGSEGV at the start of a build
# that the same command then completed (CI, 2026-11-30, building a fuzz target); a second run
# reuses what the first built. A build that fails (exit 1: a compile or link error) is not
# retried, and neither is a second crash. Source this file; bash only.
swift_build() {
  local status=0
  swift build "$@" || status=$?
  if ((status > 128)); then
    echo "swift_build: swift build was killed by signal $((status - 128)); running it once more" >&2
    status=0
    swift build "$@" || status=$?
  fi
  return "$status"
}
