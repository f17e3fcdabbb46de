#!/usr/bin/env bash
# Builds the patched Xen hypervisor: fetches Debian's `xen` source package,
# checks the orig tarball against the .dsc, unpacks it (Debian's own
# debian/patches are NOT applied: they touch the tools and packaging, and
# this series is written against the pristine 4.17.5+72 tree), applies
# Hypervisor/patches in `series` order and builds the hypervisor alone.
#
# The result is cached by source version and series hash:
#   $XENABI_XEN_CACHE/hypervisor/<version>-<hash>/xen   (32-bit multiboot ELF)
# and its path is printed on stdout. Nothing is installed on the host.
#
#   XENABI_XEN_CACHE   cache root (default: <repo>/.build-xen)
#   XENABI_XEN_JOBS    make -j (default: nproc)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cache="${XENABI_XEN_CACHE:-$repo/.build-xen}"
jobs="${XENABI_XEN_JOBS:-$(nproc)}"
# Pinned: bookworm's main suite. The security suite's 4.17.7+13 source
# answers 404 here; the 4.17.7 tools of the integration test work with this
# hypervisor (same sysctl/domctl interface versions).
version="4.17.5+72-g01140da4e8-1"
say() { echo "build-xen: $*" >&2; }

for tool in apt-get make gcc flex bison python3 sha256sum tar xz patch; do
  command -v "$tool" >/dev/null || { say "missing $tool (run scripts/setup)"; exit 2; }
done

# The key covers everything that decides the binary: the source version,
# every patch, the series order and this script (its configuration).
hash="$(cd "$here" && cat build.sh patches/series $(sed 's|^|patches/|' patches/series) | sha256sum | cut -c1-16)"
out="$cache/hypervisor/$version-$hash"
if [ -f "$out/xen" ]; then
  say "cached: $out/xen"
  echo "$out/xen"; exit 0
fi

# 1. Debian's source package, through a private deb-src list (the host's
#    apt configuration is left alone).
src="$cache/xen-src"
mkdir -p "$src/apt/lists/partial"
dsc="$src/xen_$version.dsc"
if [ ! -f "$dsc" ]; then
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -f "$keyring" ] || { say "missing $keyring"; exit 2; }
  cat > "$src/apt/debsrc.sources" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: $keyring
SRC
  apt_opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$src/apt"
            -o "Dir::State::Lists=$src/apt/lists" -o Debug::NoLocking=1)
  say "fetching Debian's xen $version source package"
  apt-get "${apt_opts[@]}" update -q >/dev/null
  (cd "$src" && apt-get "${apt_opts[@]}" source --download-only -q "xen=$version" 2>&1 \
     | grep -v "^W: Download is performed unsandboxed" >&2 || true)
  [ -f "$dsc" ] || { say "could not download xen $version"; exit 2; }
fi
# apt checked the .dsc against the signed Sources index; check the tarball
# against the .dsc ourselves before unpacking it.
orig="$(awk '/^Checksums-Sha256:/ {s = 1; next} /^[^ ]/ {s = 0} s && /orig\.tar/ {print $1, $3}' "$dsc")"
[ -n "$orig" ] || { say "no orig tarball in $dsc"; exit 2; }
read -r want file <<<"$orig"
got="$(sha256sum "$src/$file" | cut -d' ' -f1)"
[ "$got" = "$want" ] || { say "$file: sha256 $got, .dsc says $want"; exit 2; }

# 2. A fresh tree, the series, the build.
work="$cache/xen-build"
rm -rf "$work"; mkdir -p "$work"
tar -xf "$src/$file" -C "$work"
tree="$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -1)"
while read -r p; do
  [ -n "$p" ] || continue
  say "applying $p"
  patch -d "$tree" -p1 -s --no-backup-if-mismatch < "$here/patches/$p"
done < "$here/patches/series"
say "building the hypervisor (make -j$jobs)"
t0=$(date +%s)
# defconfig, plus Xen's software perf counters (xenperf): the series counts
# calls, continuations and copied chunks per buffer flavour there, and the
# integration test reads them. PERF_COUNTERS sits behind EXPERT.
make -C "$tree/xen" XEN_CONFIG_EXPERT=y defconfig >"$work/build.log" 2>&1
# (EXPERT would turn on DEBUG_INFO, a slower build for nothing here.)
# XMEM_POOL_POISON (also behind EXPERT): xfree fills blocks with 0xAA, so a
# software-TLB snapshot or table read after its RCU grace period shows as
# a wrong translation or a crash in pvh.tlb.remote_share_stress, instead
# of the stale but intact entry a release Xen would still find there.
printf 'CONFIG_EXPERT=y\nCONFIG_PERF_COUNTERS=y\nCONFIG_XMEM_POOL_POISON=y\n# CONFIG_DEBUG_INFO is not set\n' >> "$tree/xen/.config"
make -C "$tree/xen" XEN_CONFIG_EXPERT=y olddefconfig >>"$work/build.log" 2>&1
for c in PERF_COUNTERS XMEM_POOL_POISON; do
  grep -q "^CONFIG_$c=y" "$tree/xen/.config" || { say "CONFIG_$c did not stick"; exit 1; }
done
make -C "$tree/xen" XEN_CONFIG_EXPERT=y -j"$jobs" >>"$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; say "build failed"; exit 1; }
say "built in $(( $(date +%s) - t0 )) s"
mkdir -p "$out"
cp "$tree/xen/xen" "$tree/xen/.config" "$out/"
rm -rf "$work"
echo "$out/xen"
