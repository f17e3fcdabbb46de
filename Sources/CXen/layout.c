/*
 * The C compiler's sizeof/offsetof for every Xen struct XenABI reads or
 * writes. Tests/XenABITests/LayoutTests.swift checks that the Swift side
 * (XenABI's `Layout` registry) names the same numbers, row by row.
 *
 * Add a row here whenever a Swift encoder starts to use a struct or field.
 * Nested fields are written with a dot path (`u.physinfo.nr_cpus`).
 */
#include "CXen.h"

#define S(T)    { #T, "", 0, (uint32_t)sizeof(T) }
#define F(T, f) { #T, #f, (uint32_t)offsetof(T, f), (uint32_t)sizeof(((T *)0)->f) }
/* Structs without a typedef, named by their tag (as Swift imports them). */
#define SS(T)    { #T, "", 0, (uint32_t)sizeof(struct T) }
#define FS(T, f) { #T, #f, (uint32_t)offsetof(struct T, f), (uint32_t)sizeof(((struct T *)0)->f) }

const struct xenabi_layout_row xenabi_layout_rows[] = {
#include "layout_rows.inc"
};

const size_t xenabi_layout_row_count =
    sizeof(xenabi_layout_rows) / sizeof(xenabi_layout_rows[0]);

const struct xenabi_layout_row *xenabi_layout_row_at(size_t i)
{
    return i < xenabi_layout_row_count ? &xenabi_layout_rows[i] : NULL;
}
