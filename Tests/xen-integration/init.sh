#!/bin/busybox sh
# /init of the integration initramfs: runs inside dom0 under Xen under QEMU.
# Loads the Xen modules, starts xenstored, records what xl prints, runs the
# project's checks and the libxencall comparison, and sends everything back
# over the serial console as base64 between markers, with its sha256.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mkdir -p /var/run /var/lib/xenstored /var/lib/xen /var/log/xen /run/xen /run/xenstored /dev/pts /var/lock
for m in xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc; do
  insmod /lib/modules/$m.ko || echo "INIT insmod $m failed"
done
mount -t xenfs xenfs /proc/xen
OUT=/tmp/out
mkdir -p $OUT
N=$(cat /etc/bench-iterations)
ROUNDS=$(cat /etc/bench-rounds)
# pv: Debian's Xen and a PV dom0; pvh: the project's patched Xen, PVH dom0.
LANE=$(sed -n 's/.*xenabi\.lane=\([a-z]*\).*/\1/p' /proc/cmdline)
[ -n "$LANE" ] || LANE=pv
echo "$LANE" > $OUT/lane.txt

xenstored --pid-file /run/xenstored.pid > $OUT/xenstored.txt 2>&1
sleep 1
xen-init-dom0 > $OUT/xen-init-dom0.txt 2>&1
xl info > $OUT/xl-info.txt 2>&1
xl list > $OUT/xl-list.txt 2>&1
xl dmesg > $OUT/xl-dmesg.txt 2>&1
xl vcpu-list > $OUT/xl-vcpu-list.txt 2>&1

# --- toolstack domain checks (pv lane) -------------------------------------
# A PV guest from dom0's own kernel and a tiny initramfs, never booted:
# DomainChecks (in `check`) creates it with `xl create -p`, acts on it
# through the bindings and compares with xl / xenstore-*; the trace block
# below creates its twin under the recorder.
if [ "$LANE" = pv ] && [ -f /boot/vmlinuz ]; then
  # libxl's lock and state files (domid history, userdata) live there;
  # xl create waits for xenconsoled to give the guest console a pty.
  mkdir -p /etc/xen /var/run/xen /var/lib/xen/dump /var/log/xen/console
  mount -t devpts devpts /dev/pts
  touch /etc/xen/xl.conf  # xl's defaults; without it every xl command warns first
  xenconsoled --pid-file=/run/xenconsoled.pid > $OUT/xenconsoled.txt 2>&1
  for g in xenabi-dc xenabi-tr; do
    printf '%s\n' "name = \"$g\"" 'type = "pv"' 'kernel = "/boot/vmlinuz"' 'ramdisk = "/boot/guest-initrd.gz"' \
      'extra = "console=hvc0 rdinit=/init"' 'memory = 96' 'maxmem = 128' 'vcpus = 2' \
      'on_poweroff = "destroy"' 'on_crash = "destroy"' > /etc/xen/$g.cfg
  done
fi
# --- end of the toolstack block ---
/bin/xenabi-integration check $OUT $LANE > $OUT/report.txt 2>&1
echo "exit $?" >> $OUT/report.txt
if [ "$LANE" = pvh ]; then
  # linear against flat, the same multi-page call, on this boot.
  /bin/xenabi-integration timing $N >> $OUT/bench.txt 2>&1
  xl dmesg > $OUT/xl-dmesg-after.txt 2>&1
else
  # Alternate the two sides in short rounds: TCG timings drift with the host's load.
  for round in $(seq 1 $ROUNDS); do
    /bin/bench-xencall $N >> $OUT/bench.txt 2>&1
    /bin/xenabi-integration bench $N >> $OUT/bench.txt 2>&1
  done
  /bin/xenabi-integration interleaved $((N * ROUNDS / 2)) >> $OUT/bench.txt 2>&1
fi

# --- live traces of real xl commands under the recorder (pv lane) ----------
# run.sh checks them on the host with `xenabi trace check`.
if [ "$LANE" = pv ] && [ -f /lib/libxenabi-record.so ] && [ -f /etc/xen/xenabi-tr.cfg ]; then
  T=$OUT/traces
  mkdir -p $T
  rec() { n=$1; shift; LD_PRELOAD=/lib/libxenabi-record.so XENABI_RECORD_OUT=$T/$n.jsonl "$@" > $T/$n.out 2>&1; echo "$n exit $?" >> $T/status.txt; }
  rec xl-info xl info
  rec xl-create-p xl create -p /etc/xen/xenabi-tr.cfg
  D=$(xl domid xenabi-tr)
  rec xl-list-l xl list -l
  rec xl-vcpu-list xl vcpu-list
  rec xl-cpupool-list xl cpupool-list
  rec xl-sched-credit2 xl sched-credit2 -d $D -w 384 -c 50
  rec xl-vcpu-pin xl vcpu-pin $D 1 0 all
  rec xl-mem-set xl mem-set $D 80m
  rec xl-pause xl pause $D
  rec xl-unpause xl unpause $D
  rec xl-destroy xl destroy $D
  # Optional (opt-*: their exit status is not judged, their calls are):
  # perfc_op and livepatch_op list, which Debian's Xen may not serve.
  rec opt-xenperf xenperf
  rec opt-xen-livepatch-list xen-livepatch list
  sleep 1  # xl create's daemonized child records the death, then exits
fi
# --- end of the trace block ---

cd /tmp
tar cf - out | gzip -9 > out.tgz
echo "XENABI-BEGIN"
base64 out.tgz
echo "XENABI-END $(sha256sum out.tgz | cut -d' ' -f1)"
sync
poweroff -f
