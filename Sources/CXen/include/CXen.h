/*
 * CXen: the real Xen 4.17 public headers (Debian's libxen-dev), as one Clang
 * module for Swift. Every hypercall number, sub-op number and struct layout
 * that XenABI uses is imported from here; nothing is retyped in Swift.
 */
#ifndef CXEN_H
#define CXEN_H

#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1           /* sysctl.h / domctl.h are tools-only */
#endif
#ifndef __XEN_INTERFACE_VERSION__
#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#endif

#include <stdint.h>
#include <stddef.h>
#include <sys/ioctl.h>

#include <xen/xen.h>
#include <xen/errno.h>
#include <xen/features.h>
#include <xen/version.h>
#include <xen/memory.h>
#include <xen/grant_table.h>
#include <xen/vcpu.h>
#include <xen/event_channel.h>
#include <xen/sched.h>
#include <xen/physdev.h>
#include <xen/platform.h>
#include <xen/callback.h>
#include <xen/nmi.h>
#include <xen/xsm/flask_op.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/hvm/dm_op.h>
#include <xen/sysctl.h>
#include <xen/domctl.h>
#include <xen/hypfs.h>
#include <xen/argo.h>
#include <xen/kexec.h>
#include <xen/pmu.h>
#include <xen/sys/privcmd.h>
#include <xen/sys/evtchn.h>
#include <xen/io/xs_wire.h>

#include "xenabi_ext.h"
#include "xenabi_layout.h"
#include "xenabi_sys.h"

#endif
