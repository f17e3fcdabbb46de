#!/usr/bin/env bash
# Real-Xen integration test, in two lanes, each one boot under
# qemu-system-x86_64 (TCG, no KVM needed); results come back over the serial
# console. Exit 0 only if every check of every lane passed.
#
#   pv    Debian's Xen 4.17.7 binary with a PV dom0: the stock hypervisor,
#         which has no physical flavours (the library's fallback), plus the
#         libxencall comparison.
#   pvh   the project's patched Xen (Hypervisor/build.sh: Debian's 4.17.5
#         source + Hypervisor/patches) with a PVH dom0: the flavours served
#         by Xen itself.
#
#   XENABI_LANES         lanes to run (default "pv pvh")
#   XENABI_XEN_CACHE     where packages and the unpacked tree go (default .build-xen/)
#   XENABI_BENCH_N       hypercalls per benchmark loop (default 5000)
#   XENABI_BENCH_ROUNDS  alternations of the C and Swift sides (default 8)
#   XENABI_QEMU_TIMEOUT  seconds before QEMU is killed (default 300)
#   XENABI_TRACES        trace files whose read-only calls the pvh lane replays
#                        (default: the bundled ones, Sources/XenTrace/Traces)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${XENABI_XEN_CACHE:-$repo/.build-xen}"
bench_n="${XENABI_BENCH_N:-5000}"
bench_rounds="${XENABI_BENCH_ROUNDS:-8}"
qemu_timeout="${XENABI_QEMU_TIMEOUT:-300}"
lanes="${XENABI_LANES:-pv pvh}"
start=$(date +%s)
say() { echo "xen-integration: $*" >&2; }

for tool in qemu-system-x86_64 cpio dpkg-deb apt-get gzip base64 sha256sum; do
  command -v "$tool" >/dev/null || { say "missing $tool (run scripts/setup)"; exit 2; }
done
# busybox-static's /bin/busybox: the initramfs has no libc of its own for it.
busybox_bin=/bin/busybox
[ -x "$busybox_bin" ] || busybox_bin="$(command -v busybox || true)"
if [ -z "$busybox_bin" ] || ldd "$busybox_bin" >/dev/null 2>&1; then
  say "need a statically linked busybox (apt-get install busybox-static)"; exit 2
fi
cc="${CC:-$(command -v gcc || command -v clang || true)}"
[ -n "$cc" ] || { say "missing a C compiler for bench-xencall.c"; exit 2; }
[ -f /usr/include/xencall.h ] || { say "missing libxen-dev (run scripts/setup)"; exit 2; }

mkdir -p "$cache/debs"
# 1. Packages (never installed on the host: unpacked into $cache/root).
if ! apt-cache show xen-hypervisor-4.17-amd64 >/dev/null 2>&1; then
  say "apt lists lack Xen; apt-get update"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q >/dev/null
fi
kernel_pkg="$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')"
pkgs=(xen-hypervisor-4.17-amd64 "$kernel_pkg" xen-utils-4.17 xen-utils-common xenstore-utils
      libxencall1 libxendevicemodel1 libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxenhypfs1
      libxenmisc4.17 libxenstore4 libxentoolcore1 libxentoollog1 libyajl2
      libncurses6 libtinfo6 libext2fs2 libuuid1 liblzma5 libzstd1 zlib1g)
missing=()
for p in "${pkgs[@]}"; do
  ls "$cache/debs/${p}_"*.deb >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "downloading ${missing[*]}"
  (cd "$cache/debs" && apt-get download -q "${missing[@]}" 2>&1 | grep -v "^W: Download is performed unsandboxed" >&2 || true)
fi
for p in "${pkgs[@]}"; do
  ls "$cache/debs/${p}_"*.deb >/dev/null 2>&1 || { say "could not download $p"; exit 2; }
done
stamp="$(ls "$cache/debs" | sha256sum | cut -c1-16)"
root="$cache/root"
if [ "$(cat "$cache/root.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$root"; mkdir -p "$root"
  for d in "$cache"/debs/*.deb; do dpkg-deb -x "$d" "$root"; done
  echo "$stamp" > "$cache/root.stamp"
fi

# 2. The project's test binary (release, Swift runtime linked in) and the C side.
say "building xenabi-integration"
(cd "$repo" && swift build -c release --product xenabi-integration --static-swift-stdlib >"$cache/build.log" 2>&1) \
  || { tail -30 "$cache/build.log" >&2; say "build failed"; exit 2; }
swift_bin="$repo/.build/release/xenabi-integration"
"$cc" -O2 -Wall -o "$cache/bench-xencall" "$here/bench-xencall.c" -lxencall

# 3. The initramfs.
ird="$cache/initramfs"
rm -rf "$ird"; mkdir -p "$ird"/{bin,sbin,etc,proc,sys,dev,tmp,run,lib/modules,lib/x86_64-linux-gnu,lib64,usr/bin,usr/sbin}
cp "$busybox_bin" "$ird/bin/busybox"
cp "$here/init.sh" "$ird/init"; chmod +x "$ird/init"
echo "$bench_n" > "$ird/etc/bench-iterations"
echo "$bench_rounds" > "$ird/etc/bench-rounds"
# The read-only calls of the bundled real traces, for the pvh lane's
# differential check (Specs/abi.md section 10): chosen on the host, where the
# trace reader is; XENABI_TRACES names other trace files.
say "choosing the read-only calls of the traces"
(cd "$repo" && swift build --product xenabi >>"$cache/build.log" 2>&1) \
  || { tail -30 "$cache/build.log" >&2; say "xenabi build failed"; exit 2; }
"$repo/.build/debug/xenabi" trace reads --out "$ird/etc/xenabi-reads.plan" ${XENABI_TRACES:-} | tail -1 | sed 's/^/xen-integration: /' >&2
kver="${kernel_pkg#linux-image-}"
for m in drivers/xen/xen-privcmd drivers/xen/xenfs/xenfs drivers/xen/xen-evtchn drivers/xen/xen-gntdev drivers/xen/xen-gntalloc; do
  cp "$root/lib/modules/$kver/kernel/$m.ko" "$ird/lib/modules/"
done
xbin="$root/usr/lib/xen-4.17/bin"
bins=("$xbin/xl" "$xbin/xenstored" "$xbin/xen-init-dom0" "$xbin/xenperf" "$swift_bin" "$cache/bench-xencall")
for b in "${bins[@]}"; do cp "$b" "$ird/bin/"; done
libpath="$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu:$root/usr/lib/xen-4.17/lib"
for b in "${bins[@]}"; do
  out="$(LD_LIBRARY_PATH="$libpath" ldd "$b")"
  if grep -q "not found" <<<"$out"; then say "unresolved libraries of $b:"; grep "not found" <<<"$out" >&2; exit 2; fi
  # The C bench must use Debian's libxencall from the packages, not the host's.
  while read -r lib; do
    [ -n "$lib" ] || continue
    cp -L "$lib" "$ird/lib/x86_64-linux-gnu/$(basename "$lib")"
  done < <(awk '/=> \// {print $3}' <<<"$out")
done
cp -L /lib64/ld-linux-x86-64.so.2 "$ird/lib64/"
# --- toolstack domain checks and live traces (pv lane): initramfs extras ---
# xenstore-* for the checks, xenconsoled for xl create, the recorder for
# the traces, and the guest:
# dom0's own kernel with a busybox initramfs that powers off.
say "building the hypercall recorder"
(cd "$repo" && swift build -c release --product xenabi-record >>"$cache/build.log" 2>&1) \
  || { tail -30 "$cache/build.log" >&2; say "recorder build failed"; exit 2; }
cp "$repo/.build/release/libxenabi-record.so" "$ird/lib/"
for t in xenstore-read xenstore-write xenstore-ls xenstore-rm; do cp -L "$root/usr/bin/$t" "$ird/bin/"; done
cp "$xbin/xenconsoled" "$xbin/xenperf" "$xbin/xen-livepatch" "$ird/bin/"
for b in "$root/usr/bin/xenstore-read" "$ird/lib/libxenabi-record.so" "$xbin/xenconsoled" "$xbin/xenperf" "$xbin/xen-livepatch"; do
  LD_LIBRARY_PATH="$libpath" ldd "$b" | awk '/=> \// {print $3}' | while read -r lib; do
    cp -Ln "$lib" "$ird/lib/x86_64-linux-gnu/$(basename "$lib")"
  done
done
mkdir -p "$ird/boot" "$cache/guest"/{bin,proc}
cp "$root/boot/vmlinuz-$kver" "$ird/boot/vmlinuz"
cp "$busybox_bin" "$cache/guest/bin/busybox"
printf '#!/bin/busybox sh\n/bin/busybox echo xenabi guest up\n/bin/busybox poweroff -f\n' > "$cache/guest/init"
chmod +x "$cache/guest/init"
(cd "$cache/guest" && find . | cpio -o -H newc --quiet | gzip -9) > "$ird/boot/guest-initrd.gz"
# --- end of the toolstack block ---
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) > "$cache/initrd.cpio.gz"

# 4. Boot each lane, 5. read its results.
gzip -dc "$root"/boot/xen-4.17-amd64.gz > "$cache/xen-debian"
cp "$root/boot/vmlinuz-$kver" "$cache/vmlinuz"
console="console=com1 com1=115200,8n1 dom0_mem=512M,max:512M smap=0 smep=0 noreboot"
summary=()
status=0

# boot_lane NAME XEN CPU VCPUS XEN_OPTIONS [QEMU_ARGS...]
# VCPUS: QEMU's CPUs and dom0's vCPUs (dom0_max_vcpus).
boot_lane() {
  local name=$1 xen=$2 cpu=$3 vcpus=$4 opts="dom0_max_vcpus=$4${5:+ $5}"; shift 5
  local dir="$cache/lane-$name" log="$cache/lane-$name/console.log"
  rm -rf "$dir"; mkdir -p "$dir"
  say "lane $name: booting $(basename "$xen") + dom0 under QEMU (TCG)"
  local boot_start; boot_start=$(date +%s)
  # Several CPUs: one host thread each (MTTCG), so they really run at once.
  local accel=tcg; [ "$vcpus" -gt 1 ] && accel=tcg,thread=multi
  qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -machine q35 -m 2048 -smp "$vcpus" \
    -nographic -no-reboot -serial "file:$log" -monitor none "$@" \
    -kernel "$xen" -append "$console${opts:+ $opts}" \
    -initrd "$cache/vmlinuz console=hvc0 rdinit=/init quiet loglevel=1 xenabi.lane=$name,$cache/initrd.cpio.gz" \
    </dev/null >"$dir/qemu.out" 2>&1 &
  local qemu_pid=$! t
  # Stop early when dom0 is done or dead (with `noreboot` a crash would hang until the timeout).
  for ((t = 0; t < qemu_timeout; t++)); do
    kill -0 "$qemu_pid" 2>/dev/null || break
    if grep -qaE "^XENABI-END |Dom0 crashed|Kernel panic|Panic on CPU" "$log" 2>/dev/null; then
      sleep 2; break
    fi
    sleep 1
  done
  if kill -0 "$qemu_pid" 2>/dev/null; then kill "$qemu_pid"; fi
  wait "$qemu_pid" 2>/dev/null || true
  say "lane $name: QEMU ran $(( $(date +%s) - boot_start )) s"
  tr -d '\r' < "$log" > "$dir/console.txt"
  local expect got
  expect="$(awk '/^XENABI-END / {print $2}' "$dir/console.txt" | tail -1)"
  if [ -z "$expect" ]; then
    say "lane $name: no results on the serial console; last lines:"; tail -40 "$dir/console.txt" >&2
    summary+=("LANE $name: RESULT FAIL no results"); status=1; return
  fi
  sed -n '/^XENABI-BEGIN$/,/^XENABI-END /p' "$dir/console.txt" | sed '1d;$d' | base64 -d > "$dir/out.tgz"
  got="$(sha256sum "$dir/out.tgz" | cut -d' ' -f1)"
  if [ "$got" != "$expect" ]; then
    say "lane $name: result archive corrupted on the serial line ($got != $expect)"
    summary+=("LANE $name: RESULT FAIL corrupted results"); status=1; return
  fi
  tar xzf "$dir/out.tgz" -C "$dir"
  sed "s/^/[$name] /" "$dir/out/report.txt"
  local result; result="$(grep '^RESULT ' "$dir/out/report.txt" | tail -1)"
  [ -n "$result" ] || result="RESULT FAIL no result line"
  summary+=("LANE $name: $result")
  grep -q '^RESULT PASS' <<<"$result" || status=1
}

# --- live trace conformance (pv lane): `xenabi trace check` on the host ---
# Every call of every recorded xl command must decode (0 unknown) and match
# in every flavour; prints the counts and adds them to the summary.
check_traces() {
  local dir="$cache/lane-$1/out/traces"
  [ -d "$dir" ] || { summary+=("LANE $1: TRACES FAIL none recorded"); status=1; return; }
  (cd "$repo" && swift build --product xenabi >>"$cache/build.log" 2>&1) \
    || { tail -30 "$cache/build.log" >&2; summary+=("LANE $1: TRACES FAIL xenabi build"); status=1; return; }
  local rc=0
  "$repo/.build/debug/xenabi" trace check "$dir"/*.jsonl* > "$dir/../trace-check.txt" 2>&1 || rc=$?
  sed "s/^/[$1 traces] /" "$dir/../trace-check.txt"
  cat "$dir/status.txt" 2>/dev/null | sed "s/^/[$1 traces] /"
  local totals
  totals="$(awk '/ calls, / { f++; c += $2; d += $4; e += $6; q += $8; u += $11 }
    END { printf "%d files: %d calls, %d decoded, %d re-encoded, %d flavours equal, %d unknown", f, c, d, e, q, u }' "$dir/../trace-check.txt")"
  if [ $rc -eq 0 ] && ! grep -v '^opt-' "$dir/status.txt" | grep -qv ' exit 0$'; then
    summary+=("LANE $1: TRACES PASS $totals")
  else
    summary+=("LANE $1: TRACES FAIL (exit $rc) $totals"); status=1
  fi
}
# --- end of the trace-check block ---

for lane in $lanes; do
  case "$lane" in
  pv)
    boot_lane pv "$cache/xen-debian" max 1 ""
    check_traces pv
    out="$cache/lane-pv/out"
    if [ -f "$out/bench.txt" ]; then
      grep -c '^BENCH' "$out/bench.txt" | sed 's/^/benchmark lines: /' || true
      # libxencall ratios, Swift over C: of the best round (the least disturbed
      # by the host), and of the means.
      awk '/^BENCH/ { v = $3 + 0; s[$2] += v; n[$2]++; if (!($2 in m) || v < m[$2]) m[$2] = v }
           END {
             split("swift.raw.xen_version.ns c.xencall2.xen_version.ns swift.typed.xen_version.ns c.xencall2.xen_version.ns swift.typed.extraversion.ns c.xencall2.extraversion_bounce.ns swift.pool.alloc_free.ns c.xencall.alloc_free.ns", k, " ")
             for (i = 1; i in k; i += 2) if (n[k[i]] && n[k[i+1]])
               printf "RATIO %s / %s = %.3f best (%.1f ns vs %.1f ns), %.3f mean (%.1f ns vs %.1f ns, %d rounds)\n", k[i], k[i+1],
                 m[k[i]] / m[k[i+1]], m[k[i]], m[k[i+1]],
                 (s[k[i]]/n[k[i]]) / (s[k[i+1]]/n[k[i+1]]), s[k[i]]/n[k[i]], s[k[i+1]]/n[k[i+1]], n[k[i]]
           }' "$out/bench.txt" | tee "$out/ratios.txt"
      # In one process, alternating blocks (drift cancels): the figure to quote.
      grep '^BENCH interleaved' "$out/bench.txt" | tee -a "$out/ratios.txt"
    fi
    ;;
  pvh)
    say "building the patched Xen (Hypervisor/build.sh)"
    t0=$(date +%s)
    patched="$(bash "$repo/Hypervisor/build.sh")" || { summary+=("LANE pvh: RESULT FAIL Xen build"); status=1; continue; }
    say "patched Xen ready in $(( $(date +%s) - t0 )) s: $patched"
    # A PVH dom0 needs an IOMMU; TCG's SVM cannot emulate RDTSCP exits; dom0's
    # user space dies with #UD on AVX under TCG's SVM.
    # Two vCPUs: pvh.tlb.remote_share_stress shares and purges one vCPU's
    # software TLB from the other while it translates.
    boot_lane pvh "$patched" max,-rdtscp,-avx,-avx2 2 "dom0=pvh iommu=1" -device amd-iommu
    grep -h '^INFO timing\|^BENCH pvh' "$cache/lane-pvh/out/bench.txt" 2>/dev/null || true
    ;;
  *) say "unknown lane $lane"; exit 2 ;;
  esac
done

printf '%s\n' "${summary[@]}"
say "finished in $(( $(date +%s) - start )) s"
exit $status
