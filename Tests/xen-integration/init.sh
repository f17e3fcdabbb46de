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

cd /tmp
tar cf - out | gzip -9 > out.tgz
echo "XENABI-BEGIN"
base64 out.tgz
echo "XENABI-END $(sha256sum out.tgz | cut -d' ' -f1)"
sync
poweroff -f
